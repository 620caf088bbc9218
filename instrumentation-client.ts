// Runs in the browser before the app's own modules (https://nextjs.org/docs/app/api-reference/file-conventions/instrumentation-client).
//
// Zod 4 probes whether it may compile object parsers with `new Function`; under this app's Content-Security-Policy
// (no 'unsafe-eval', see lib/security/headers.ts) the probe is refused and reported as a violation on every page
// that builds a schema (https://github.com/colinhacks/zod/discussions/6671). `jitless` ("useful in environments that
// disallow eval", in zod's own config type) skips the probe and the compiled path; parsing gives the same results.
// Imported from zod's core module, which holds the config object, so this file stays a few bytes.
import { config } from "zod/v4/core";

config({ jitless: true });
