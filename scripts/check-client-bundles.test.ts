import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const SCRIPT = "scripts/check-client-bundles.mjs";
const dirs: string[] = [];

function staticDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "bundles-"));
  dirs.push(dir);
  for (const [name, code] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), code);
  }
  return dir;
}

const check = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("client bundle check", () => {
  it("passes bundles without simulator code", () => {
    const result = check("--dir", staticDir({ "chunks/app.js": 'console.log("wizard")', "css/app.css": "button.persona{}" }));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("1 scripts");
  });

  it("fails a bundle that carries the simulator, naming the file and what gave it away", () => {
    const simError = readFileSync("lib/sim/odata.ts", "utf8").match(/Invalid page size specified[^`]*/)![0];
    const result = check(
      "--dir",
      staticDir({ "chunks/ok.js": "1", "chunks/app/page-abc.js": `throw new Error(${JSON.stringify(simError)})` }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(join("chunks", "app", "page-abc.js"));
    expect(result.stderr).toContain("lib/sim/odata.ts");
    expect(result.stderr).not.toContain("ok.js");
  });

  it("fails when there is nothing to check, or when a marker has left the simulator", () => {
    expect(check("--dir", staticDir({})).status).toBe(1);
    const result = check("--dir", staticDir({ "a.js": "1" }), "--sim", staticDir({ "index.ts": "export {}" }));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("is no longer in");
  });
});
