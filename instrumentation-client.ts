// Runs in the browser before the app's own modules (https://nextjs.org/docs/app/api-reference/file-conventions/instrumentation-client).
//
// Zod 4 probes whether it may compile object parsers with `new Function`; under this app's Content-Security-Policy
// (no 'unsafe-eval', see lib/security/headers.ts) the probe is refused and reported as a violation on every page
// that builds a schema (https://github.com/colinhacks/zod/discussions/6671). Zod's `jitless` option ("useful in
// environments that disallow eval", in its config type) skips the probe and the compiled path; parsing gives the
// same results. Zod keeps that configuration on `globalThis.__zod_globalConfig` (and adopts an object already there
// when it loads), so setting it here puts no byte of Zod on pages that parse nothing, as `import { config } from
// "zod/v4/core"` would. e2e/security.spec.ts fails if Zod probes again.
const holder = globalThis as typeof globalThis & { __zod_globalConfig?: Record<string, unknown> };
(holder.__zod_globalConfig ??= {}).jitless = true;
