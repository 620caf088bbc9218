/**
 * Page weight: the gzip JavaScript each route makes a browser download, beside the framework's floor (the 404 page of
 * the same build: Next.js's runtime and React, with none of the wizard's pages).
 *
 *   node --import tsx scripts/page-weight.ts [--build] [--detail]
 *
 * Reads the existing production build (`next build`; with `--build`, or when there is none, it builds first), starts
 * `next start` in tenant mode (made-up client and tenant GUIDs: nothing reaches Microsoft, every other host is
 * blocked) on a free port, opens each route in a fresh Chromium context that asks for gzip, waits until the network is
 * idle (so chunks a page imports after hydration count too) and sums the encoded body size of every JavaScript
 * response. `--detail` lists each route's scripts with what they carry. Figures, not pass/fail: `npm run bench`
 * prints this table.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type LaunchOptions } from "@playwright/test";

/** The routes measured; the last is a path no page answers (the framework's floor). */
export const PAGE_WEIGHT_ROUTES = ["/", "/setup", "/consent", "/status", "/teams"] as const;
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

export interface RouteWeight {
  route: string;
  status: number;
  scripts: ScriptWeight[];
  gzipBytes: number;
}

export interface PageWeightReport {
  buildId: string;
  builtAt: Date;
  built: boolean;
  floor: RouteWeight;
  routes: RouteWeight[];
}

function launchOptions(): LaunchOptions {
  // The same browser as the e2e tests (playwright.config.ts): Debian's Chromium when present.
  const debianChromium = "/usr/bin/chromium";
  return existsSync(debianChromium) ? { executablePath: debianChromium, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] } : {};
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
    const result = spawnSync(process.execPath, [nextBin(), "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
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
      ENTRA_CLIENT_ID: "11111111-2222-4333-8444-555555555555",
      ENTRA_TENANT: "66666666-7777-4888-8999-000000000000",
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

async function measureRoute(browser: Browser, base: string, route: string): Promise<RouteWeight> {
  // A fresh context per route: an empty cache, like a first visit. Chromium would also offer br/zstd; asking for gzip
  // alone measures what the issue's figures are in.
  const context = await browser.newContext({ baseURL: base, extraHTTPHeaders: { "Accept-Encoding": "gzip" } });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
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
        const body = await response.body();
        const encoded = (await request.sizes()).responseBodySize;
        const served = headers["content-encoding"] === "gzip" ? "gzip" : "identity";
        const text = body.toString("utf8");
        return {
          url: response.url().slice(base.length),
          gzipBytes: served === "gzip" ? encoded : gzipSync(body).length,
          rawBytes: body.length,
          served,
          libraries: LIBRARIES.filter((l) => l.marker.test(text)).map((l) => l.name),
        };
      })(),
    );
  });
  const response = await page.goto(route, { waitUntil: "networkidle" });
  // Chunks a page imports after hydration (e.g. the sign-in library on a job page) arrive by now; wait out a straggler.
  await page.waitForTimeout(750);
  await page.waitForLoadState("networkidle");
  const scripts = (await Promise.all(pending)).filter((s): s is ScriptWeight => s !== null);
  await context.close();
  return { route, status: response?.status() ?? 0, scripts, gzipBytes: scripts.reduce((sum, s) => sum + s.gzipBytes, 0) };
}

export async function measurePageWeight(options: { build?: boolean } = {}): Promise<PageWeightReport> {
  const build = ensureBuild(options.build ?? false);
  const { server, base } = await startServer(await freePort());
  const browser = await chromium.launch(launchOptions());
  try {
    const floor = await measureRoute(browser, base, FLOOR_PATH);
    if (floor.status !== 404) throw new Error(`${FLOOR_PATH} answered ${floor.status}, not 404`);
    const routes: RouteWeight[] = [];
    for (const route of PAGE_WEIGHT_ROUTES) routes.push(await measureRoute(browser, base, route));
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
  lines.push(`Page weight: JavaScript per route, KB gzip as \`next start\` serves it (tenant mode, first visit, signed out).`);
  lines.push(`${report.built ? "Built now" : "Existing build"} ${report.buildId} (${when} UTC); floor = Next.js's 404 page of the same build.\n`);
  lines.push(`${"route".padEnd(12)} ${"scripts".padStart(7)} ${"gzip KB".padStart(9)} ${"floor KB".padStart(9)} ${"above floor".padStart(12)}`);
  const row = (r: RouteWeight, label = r.route) => {
    const above = r.gzipBytes - report.floor.gzipBytes;
    return `${label.padEnd(12)} ${String(r.scripts.length).padStart(7)} ${kb(r.gzipBytes).padStart(9)} ${kb(report.floor.gzipBytes).padStart(9)} ${`${above >= 0 ? "+" : ""}${kb(above)}`.padStart(12)}`;
  };
  lines.push(row(report.floor, "404 (floor)"));
  for (const r of report.routes) lines.push(row(r));
  const notGzip = [report.floor, ...report.routes].flatMap((r) => r.scripts).filter((s) => s.served !== "gzip");
  if (notGzip.length) lines.push(`\n${notGzip.length} script(s) were not served gzip-encoded; their size is this script's own gzip.`);
  if (detail) {
    const floorUrls = new Set(report.floor.scripts.map((s) => s.url));
    for (const r of report.routes) {
      lines.push(`\n${r.route}: scripts beyond the floor`);
      for (const s of [...r.scripts].filter((s) => !floorUrls.has(s.url)).sort((a, b) => b.gzipBytes - a.gzipBytes)) {
        lines.push(`  ${kb(s.gzipBytes).padStart(7)} KB  ${s.url}${s.libraries.length ? `  [${s.libraries.join(", ")}]` : ""}`);
      }
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
