#!/usr/bin/env node
// Checks that the browser's JavaScript of a `next build` holds none of the tenant simulator (lib/sim):
// run after the build (`npm test` does), exits 1 and names the files when a bundle carries simulator code.
//
//   node scripts/check-client-bundles.mjs [--dir .next/static] [--sim lib/sim]
//
// The markers are string literals that survive minification (error messages and the sign-in page's CSS),
// each from a different simulator module. The check first confirms every marker is still in its source
// file, so it cannot pass silently after the simulator is reworded.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const MARKERS = [
  { file: "graph-common.ts", text: "is not supported by the tenant simulator" },
  { file: "odata.ts", text: "Invalid page size specified" },
  { file: "seed.ts", text: "seed: no home-tenant user or persona" },
  { file: "index.ts", text: "Unknown persona" },
  { file: "login-page.ts", text: "button.persona" },
];

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

function scripts(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((path) => path.endsWith(".js") && statSync(path).isFile());
}

const dir = option("--dir", ".next/static");
const simDir = option("--sim", "lib/sim");
const problems = [];

for (const marker of MARKERS) {
  const source = join(simDir, marker.file);
  if (!existsSync(source) || !readFileSync(source, "utf8").includes(marker.text)) {
    problems.push(`marker "${marker.text}" is no longer in ${source}: pick another string only the simulator has`);
  }
}

const files = existsSync(dir) ? scripts(dir) : [];
if (files.length === 0) problems.push(`no client scripts under ${dir}: run next build first`);
for (const file of files) {
  const code = readFileSync(file, "utf8");
  const found = MARKERS.filter((marker) => code.includes(marker.text)).map((marker) => `"${marker.text}" (lib/sim/${marker.file})`);
  if (found.length) problems.push(`${relative(process.cwd(), file)} carries simulator code: ${found.join(", ")}`);
}

if (problems.length) {
  console.error(`client bundles: ${problems.length} problem(s)\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`client bundles: ${files.length} scripts under ${dir}, no simulator code (${MARKERS.length} markers)`);
