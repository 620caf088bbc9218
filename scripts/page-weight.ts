/**
 * Page weight: the gzip JavaScript each route makes a browser download, beside the framework's floor (the 404 page of
 * the same build: Next.js's runtime and React, with none of the wizard's pages).
 *
 *   node --import tsx scripts/page-weight.ts [--build] [--detail]
 *
 * Reads the existing production build (`next build`; with `--build`, or when there is none, it builds first), starts
 * `next start` in tenant mode on a free port, opens each route in a fresh Chromium context that asks for gzip, waits
 * until the network is idle (so chunks a page imports after hydration count too) and sums the encoded body size of
 * every JavaScript response: first as a first-time visitor (signed out), then signing in on that page through the
 * real MSAL build, with Microsoft's hosts routed to the tenant simulator as in the e2e tests (every script the visit
 * fetched, each counted once). Nothing reaches Microsoft; every other host is blocked. `--detail` lists each route's
 * scripts with what they carry. Figures, not pass/fail: `npm run bench` prints this table.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { get } from "node:http";
import { gunzipSync, gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "../e2e/env";
import { routeMicrosoftHosts } from "../e2e/microsoft-hosts";
import { createTenantSim, SIM_TENANT_ID, WIZARD_CLIENT_ID } from "@/lib/sim";

/** The routes measured, each with the simulator persona who signs in there. */
export const PAGE_WEIGHT_ROUTES = [
  { route: "/", persona: "cloud-app-admin" },
  { route: "/setup", persona: "cloud-app-admin" },
  { route: "/consent", persona: "priv-role-admin" },
  { route: "/status", persona: "support" },
  { route: "/teams", persona: "teams-admin" },
] as const;
/** A path no page answers: the framework's floor. */
const FLOOR_PATH = "/page-weight-floor-404";

/** Libraries worth naming in `--detail`: a string each keeps through minification. */
const LIBRARIES: { name: string; marker: RegExp }[] = [
  { name: "msal-browser", marker: /msal\.js\.browser|BrowserAuthError/ },
  { name: "msal-react", marker: /@azure\/msal-react|MsalProvider|useMsal must be used/ },
  { name: "microsoft-graph-client", marker: /GraphClientError|SDKVersion|graph-js-sdk/ },
  { name: "zod", marker: /ZodError|\$ZodType/ },
  { name: "react-hook-form", marker: /useFormContext|shouldUnregister/ },
  { name: "react-dom", marker: /react-dom\.production|Minified React error/ },
];

export interface ScriptWeight {
  url: string;
  gzipBytes: number;
  rawBytes: number;
  /** The server sent it gzip-encoded (otherwise the script gzipped it itself, default level). */
  served: "gzip" | "identity";
  libraries: string[];
}

export interface VisitWeight {
  status: number;
  scripts: ScriptWeight[];
  gzipBytes: number;
}

export interface RouteWeight extends VisitWeight {
  route: string;
  /** The same route, signing in there (scripts before and after sign-in, each once). */
  signedIn?: VisitWeight;
}

export interface PageWeightReport {
  buildId: string;
  builtAt: Date;
  built: boolean;
  floor: RouteWeight;
  routes: RouteWeight[];
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function nextBin(): string {
  return resolve("node_modules/next/dist/bin/next");
}

function ensureBuild(force: boolean): { buildId: string; builtAt: Date; built: boolean } {
  const idFile = resolve(".next/BUILD_ID");
  let built = false;
  if (force || !existsSync(idFile)) {
    console.log(force ? "Building (next build)…" : "No production build in .next: building (next build)…");
    const result = spawnSync(process.execPath, [nextBin(), "build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (result.status !== 0) throw new Error("next build failed");
    built = true;
  }
  return { buildId: readFileSync(idFile, "utf8").trim(), builtAt: statSync(idFile).mtime, built };
}

async function startServer(port: number): Promise<{ server: ChildProcess; base: string }> {
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [nextBin(), "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      PSOXY_WIZARD_MODE: "tenant",
      // The simulator's wizard app and tenant (as the e2e tests): GUIDs like any real registration's.
      ENTRA_CLIENT_ID: WIZARD_CLIENT_ID,
      ENTRA_TENANT: SIM_TENANT_ID,
    },
  });
  let stderr = "";
  server.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited (${server.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`${base}/`)).ok) return { server, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  server.kill();
  throw new Error(`next start did not answer on ${base} within 60 s: ${stderr}`);
}

/** One file as the server sends it to a browser that asks for gzip: its encoded size and decoded body. */
function fetchGzip(url: string): Promise<{ body: Buffer; encoded: number; served: ScriptWeight["served"] }> {
  return new Promise((resolveFetch, reject) => {
    get(url, { headers: { "Accept-Encoding": "gzip" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const raw = Buffer.concat(chunks);
        const gzip = response.headers["content-encoding"] === "gzip";
        resolveFetch({ body: gzip ? gunzipSync(raw) : raw, encoded: raw.length, served: gzip ? "gzip" : "identity" });
      });
    }).on("error", reject);
  });
}

/** A fresh context (an empty cache, like a first visit) whose every script response is weighed. */
async function visit(browser: Browser, base: string, signIn: boolean) {
  // Chromium would also offer br/zstd; asking for gzip alone measures what the issue's figures are in.
  const context = await browser.newContext({ baseURL: base, extraHTTPHeaders: { "Accept-Encoding": "gzip" } });
  const sim = createTenantSim({ seed: 7 });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
  if (signIn) await routeMicrosoftHosts(context, sim);
  const page = await context.newPage();
  const pending: Promise<ScriptWeight | null>[] = [];
  page.on("response", (response) => {
    const request = response.request();
    if (!response.url().startsWith(base)) return;
    pending.push(
      (async () => {
        const headers = await response.allHeaders();
        const isScript = request.resourceType() === "script" || /javascript/.test(headers["content-type"] ?? "");
        if (!isScript) return null;
        const url = response.url();
        let body: Buffer;
        let encoded: number;
        let served: ScriptWeight["served"];
        try {
          body = await response.body();
          encoded = (await request.sizes()).responseBodySize;
          served = headers["content-encoding"] === "gzip" ? "gzip" : "identity";
        } catch {
          // The page navigated away (to sign in) before the body was read: the same immutable file, fetched again.
          ({ body, encoded, served } = await fetchGzip(url));
        }
        const text = body.toString("utf8");
        return {
          url: url.slice(base.length),
          gzipBytes: served === "gzip" ? encoded : gzipSync(body).length,
          rawBytes: body.length,
          served,
          libraries: LIBRARIES.filter((l) => l.marker.test(text)).map((l) => l.name),
        };
      })(),
    );
  });
  const weigh = async (status: number): Promise<VisitWeight> => {
    // Each script once: after the sign-in redirect the page comes back and takes them from the cache.
    const byUrl = new Map<string, ScriptWeight>();
    for (const script of await Promise.all(pending)) if (script && !byUrl.has(script.url)) byUrl.set(script.url, script);
    const scripts = [...byUrl.values()];
    await context.close();
    return { status, scripts, gzipBytes: scripts.reduce((sum, s) => sum + s.gzipBytes, 0) };
  };
  return { context, page, sim, weigh };
}

/** Chunks a page imports after hydration (the sign-in library on a job page) arrive by now; waits out a straggler. */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(750);
  await page.waitForLoadState("networkidle");
}

async function measureVisit(browser: Browser, base: string, route: string): Promise<VisitWeight> {
  const { page, weigh } = await visit(browser, base, false);
  const response = await page.goto(route, { waitUntil: "networkidle" });
  await settle(page);
  return weigh(response?.status() ?? 0);
}

/** Signs in on the route through MSAL and the simulator's sign-in page, as e2e/fixtures.ts does. */
async function measureSignedIn(browser: Browser, base: string, route: string, persona: string): Promise<VisitWeight> {
  const { page, sim, weigh } = await visit(browser, base, true);
  const response = await page.goto(route, { waitUntil: "networkidle" });
  const name = sim.personas.find((p) => p.id === persona)?.displayName;
  if (!name) throw new Error(`No persona ${persona} in the simulator.`);
  await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/login\.microsoftonline\.com/);
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
  await page.getByTestId("account-name").waitFor({ timeout: 30_000 });
  await settle(page);
  return weigh(response?.status() ?? 0);
}

async function measureRoute(browser: Browser, base: string, route: string, persona?: string): Promise<RouteWeight> {
  const signedOut = await measureVisit(browser, base, route);
  return { route, ...signedOut, ...(persona ? { signedIn: await measureSignedIn(browser, base, route, persona) } : {}) };
}

export async function measurePageWeight(options: { build?: boolean } = {}): Promise<PageWeightReport> {
  const build = ensureBuild(options.build ?? false);
  const { server, base } = await startServer(await freePort());
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    const floor = await measureRoute(browser, base, FLOOR_PATH);
    if (floor.status !== 404) throw new Error(`${FLOOR_PATH} answered ${floor.status}, not 404`);
    const routes: RouteWeight[] = [];
    for (const { route, persona } of PAGE_WEIGHT_ROUTES) routes.push(await measureRoute(browser, base, route, persona));
    return { ...build, floor, routes };
  } finally {
    await browser.close();
    server.kill();
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export function formatPageWeight(report: PageWeightReport, detail = false): string {
  const lines: string[] = [];
  const when = report.builtAt.toISOString().replace("T", " ").slice(0, 16);
  const floor = report.floor.gzipBytes;
  const above = (bytes: number) => `${bytes >= floor ? "+" : ""}${kb(bytes - floor)}`;
  lines.push("Page weight: JavaScript per route, KB gzip as `next start` serves it (tenant mode, a fresh browser per visit).");
  lines.push(
    `${report.built ? "Built now" : "Existing build"} ${report.buildId} (${when} UTC). Floor: the 404 page of the same build (Next.js and React only).`,
  );
  lines.push(
    "First visit: signed out, as a shared link opens. Signed in: signing in on that page (MSAL, simulator), every script of the visit once.\n",
  );
  lines.push(
    `${"route".padEnd(12)} ${"scripts".padStart(7)} ${"first visit".padStart(11)} ${"floor".padStart(7)} ${"above floor".padStart(11)}   ${"signed in".padStart(9)} ${"above floor".padStart(11)}`,
  );
  const row = (r: RouteWeight, label = r.route) =>
    `${label.padEnd(12)} ${String(r.scripts.length).padStart(7)} ${kb(r.gzipBytes).padStart(11)} ${kb(floor).padStart(7)} ${above(r.gzipBytes).padStart(11)}   ${(r.signedIn ? kb(r.signedIn.gzipBytes) : "").padStart(9)} ${(r.signedIn ? above(r.signedIn.gzipBytes) : "").padStart(11)}`;
  lines.push(row(report.floor, "404 (floor)"));
  for (const r of report.routes) lines.push(row(r));
  const visits = [report.floor, ...report.routes.flatMap((r) => [r, ...(r.signedIn ? [r.signedIn] : [])])];
  const notGzip = new Set(
    visits
      .flatMap((v) => v.scripts)
      .filter((s) => s.served !== "gzip")
      .map((s) => s.url),
  );
  if (notGzip.size)
    lines.push(`\n${notGzip.size} script(s) came without gzip encoding (too small to compress); counted at this script's own gzip size.`);
  if (detail) {
    const floorUrls = new Set(report.floor.scripts.map((s) => s.url));
    const list = (title: string, scripts: ScriptWeight[], skip: Set<string>) => {
      lines.push(`\n${title}`);
      for (const s of scripts.filter((s) => !skip.has(s.url)).sort((a, b) => b.gzipBytes - a.gzipBytes)) {
        lines.push(
          `  ${kb(s.gzipBytes).padStart(7)} KB  ${s.url}${s.served === "gzip" ? "" : " (not compressed)"}${s.libraries.length ? `  [${s.libraries.join(", ")}]` : ""}`,
        );
      }
    };
    for (const r of report.routes) {
      list(`${r.route}, first visit: scripts beyond the floor`, r.scripts, floorUrls);
      if (r.signedIn)
        list(
          `${r.route}, signed in: scripts beyond the first visit`,
          r.signedIn.scripts,
          new Set([...floorUrls, ...r.scripts.map((s) => s.url)]),
        );
    }
  }
  return lines.join("\n");
}

async function main() {
  const report = await measurePageWeight({ build: process.argv.includes("--build") });
  console.log(formatPageWeight(report, process.argv.includes("--detail")));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
