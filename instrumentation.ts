/**
 * Runs once when a server instance starts, `next start` and the standalone server alike
 * (https://nextjs.org/docs/app/guides/instrumentation). A configuration that cannot work stops the server here
 * with a clear message (lib/startup.ts) rather than on the first sign-in.
 */
export async function register() {
  // The Node.js server only; the check is imported there so the Edge bundle of this file never holds it
  // (https://nextjs.org/docs/app/guides/instrumentation#importing-runtime-specific-code).
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigurationAtStart } = await import("./lib/startup");
    checkConfigurationAtStart();
  }
}
