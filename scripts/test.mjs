#!/usr/bin/env node
// The project's one test command (`npm test`): formatting (Prettier), lint, type-check, unused code (knip), unit tests,
// production build, the client-bundle check (no simulator code), Playwright e2e. Runs every stage, then prints one line
// "N passed, N failed" counting every unit and e2e test that ran (a failed
// format check, lint, type-check, unused-code check or build counts as one failure).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const RESULTS = ".test-results";
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

let passed = 0;
let failed = 0;
const stages = [];

function run(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env, ...env } });
  const ok = result.status === 0;
  stages.push(`${name} ${ok ? "ok" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return ok;
}

function readJson(path) {
  try {
    return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null;
  } catch {
    return null;
  }
}

if (!run("format", "npx", ["prettier", "--check", "."])) failed += 1; // `npm run format` fixes it
if (!run("lint", "npx", ["eslint", "."])) failed += 1;
if (!run("typecheck", "npx", ["tsc", "--noEmit"])) failed += 1;
if (!run("unused code", "npx", ["knip", "--no-progress"])) failed += 1; // exports, files and dependencies nothing uses

const unitOk = run("unit", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${RESULTS}/vitest.json`]);
const vitest = readJson(`${RESULTS}/vitest.json`);
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
} else if (!unitOk) failed += 1;

const buildOk = run("build", "npx", ["next", "build"]);
if (!buildOk) failed += 1;
else {
  // One test: the browser's JavaScript of this build holds none of the tenant simulator (lib/sim).
  if (run("client bundles", "node", ["scripts/check-client-bundles.mjs"])) passed += 1;
  else failed += 1;
  const e2eOk = run("e2e", "npx", ["playwright", "test"]);
  const report = readJson(`${RESULTS}/playwright.json`);
  const e2eFailed = (report?.stats?.unexpected ?? 0) + (report?.stats?.flaky ?? 0);
  passed += report?.stats?.expected ?? 0;
  failed += e2eFailed;
  // Playwright can fail before any test runs (a web server that does not start): that is a failure too.
  if (!e2eOk && e2eFailed === 0) failed += 1;
}

console.log(`\n${stages.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
