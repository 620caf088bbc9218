import { runRegistration, type GraphStep, type LaterValue } from "../lib/auth/registration";
import { AZURE_CLI_CLIENT_ID, AZURE_CLI_SCOPES, type TenantSim } from "../lib/sim";

/**
 * Replays the wizard's registration requests (lib/auth/registration.ts, the bodies behind the start page's commands)
 * through the simulator's Graph endpoint, signed in as the persona's Azure CLI session, as the scripts would run.
 */
export async function replayAsAdmin(
  sim: TenantSim,
  steps: readonly GraphStep[],
  persona = "cloud-app-admin",
): Promise<Partial<Record<LaterValue, string>>> {
  const token = sim.issueTokens(persona, AZURE_CLI_SCOPES, { clientId: AZURE_CLI_CLIENT_ID }).accessToken;
  return runRegistration(steps, async (request) => {
    const answer = await sim.handle({
      method: request.method,
      url: `https://graph.microsoft.com/v1.0${request.path}`,
      headers: {
        Authorization: `Bearer ${token}`,
        ...request.headers,
        ...(request.body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    return { status: answer.status, body: answer.body ? (JSON.parse(answer.body) as unknown) : undefined };
  });
}

/** The registration with the application's redirect URI on the Web platform instead of Single-page application. */
export function onWebPlatform(steps: readonly GraphStep[]): GraphStep[] {
  return steps.map((step) => {
    if (step.id !== "application" || !step.body) return step;
    const { spa, ...rest } = step.body;
    return { ...step, body: { ...rest, web: spa ?? { redirectUris: [] } } };
  });
}
