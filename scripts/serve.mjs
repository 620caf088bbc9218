#!/usr/bin/env node
// `npm run serve`: serves the standalone build (`output: "standalone"` in next.config.ts) with the environment it
// is started with (ENTRA_CLIENT_ID, ENTRA_TENANT, ENTRA_CLOUD, PSOXY_WIZARD_MODE; PORT, default 3000; HOSTNAME,
// default 0.0.0.0). Run `npm run build` first.
//
// Next.js leaves the build's static files and public/ out of .next/standalone, to be copied beside server.js
// (https://nextjs.org/docs/app/api-reference/config/next-config-js/output#automatically-copying-traced-files); this
// copies them once per build, then starts .next/standalone/server.js in this process. The prepared
// .next/standalone folder runs on its own anywhere Node.js 20 runs: `node server.js` with the same environment.
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const STANDALONE = resolve(".next/standalone");
const SERVER = join(STANDALONE, "server.js");

if (!existsSync(SERVER)) {
  console.error(`No standalone build at ${SERVER}: run \`npm run build\` first (next.config.ts sets output: "standalone").`);
  process.exit(1);
}

const buildId = readFileSync(resolve(".next/BUILD_ID"), "utf8").trim();

/**
 * Copies `from` to `to` unless `to` already holds this build's copy. The copy is made beside the target and renamed
 * into place, so two servers starting at once (the e2e tests) never serve a half-copied folder.
 */
function copyOnce(from, to) {
  const marker = join(to, ".psoxy-build-id");
  if (existsSync(marker) && readFileSync(marker, "utf8") === buildId) return;
  const staging = mkdtempSync(`${to}.copy-`);
  cpSync(from, staging, { recursive: true });
  writeFileSync(join(staging, ".psoxy-build-id"), buildId);
  if (existsSync(marker) && readFileSync(marker, "utf8") === buildId) {
    rmSync(staging, { recursive: true, force: true });
    return;
  }
  rmSync(to, { recursive: true, force: true });
  try {
    renameSync(staging, to);
  } catch (error) {
    // Another server renamed its copy into place first; it is the same build.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(marker)) throw error;
  }
}

copyOnce(resolve(".next/static"), join(STANDALONE, ".next/static"));
if (existsSync(resolve("public"))) copyOnce(resolve("public"), join(STANDALONE, "public"));

await import(pathToFileURL(SERVER).href);
