import { readConfig, startupProblems, type PublicConfig } from "./config";

/**
 * The configuration check at server start (instrumentation.ts): a configuration that cannot work (an http sign-in
 * host outside demo mode, a client id that is not a GUID, an unknown cloud, a sign-in and Graph host of two
 * different clouds) stops the server with a message naming each variable, instead of failing on the first sign-in.
 * A missing ENTRA_CLIENT_ID does not stop it: the start page shows how to register the wizard for its address.
 */
export function startupMessage(config: PublicConfig): string | null {
  const problems = startupProblems(config);
  if (problems.length === 0) return null;
  return [
    "Psoxy setup wizard: this configuration cannot work, so the server does not start.",
    ...problems.map((problem) => `  - ${problem}`),
    'Fix the environment (README, "Point it at a real tenant") and start again; PSOXY_WIZARD_MODE=demo needs none of these.',
  ].join("\n");
}

export function checkConfigurationAtStart(): void {
  const message = startupMessage(readConfig());
  if (message === null) return;
  console.error(message);
  process.exit(1);
}
