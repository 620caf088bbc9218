import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";

/**
 * The standalone server (`npm run serve` → scripts/serve.mjs → .next/standalone/server.js), started by a test with
 * its own environment and port: not `next start`. Needs `next build` first, as every e2e run does.
 */

export interface StandaloneServer {
  url: string;
  port: number;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The runner's environment without the wizard's own variables: each server gets exactly the ones a test names. */
function baseEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(ENTRA_|GRAPH_BASE_URL$|PSOXY_WIZARD_MODE$)/.test(name)) delete env[name];
  return { ...env, NEXT_TELEMETRY_DISABLED: "1" };
}

function launch(env: Record<string, string>, port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["scripts/serve.mjs"], {
    env: { ...baseEnvironment(), ...env, PORT: String(port), HOSTNAME: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Starts the server and waits until it answers the start page, or fails with what it printed. */
export async function startStandalone(env: Record<string, string>, port?: number): Promise<StandaloneServer> {
  const chosen = port ?? (await freePort());
  const url = `http://127.0.0.1:${chosen}`;
  const { child, output, exited } = launch(env, chosen);
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (gone) throw new Error(`The standalone server exited before answering:\n${output()}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The standalone server did not answer within 45 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    port: chosen,
    output,
    async stop() {
      if (!gone) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Starts the server with a configuration that must stop it: resolves with its exit code and output. */
export async function startExpectingExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const { child, output, exited } = launch(env, port);
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, output: output() };
}
