import type { BrowserContext } from "@playwright/test";
import type { TenantSim } from "../lib/sim";

/**
 * Routes Microsoft's sign-in and Graph hosts to the tenant simulator, so the
 * real MSAL build talks https to "Microsoft" without a network or certificates.
 */
export const MICROSOFT_HOSTS = /^https:\/\/(login\.microsoftonline\.com|graph\.microsoft\.com)\//;

export async function routeMicrosoftHosts(context: BrowserContext, sim: TenantSim): Promise<void> {
  await context.route(MICROSOFT_HOSTS, async (route) => {
    const request = route.request();
    const answer = await sim.handle({
      method: request.method(),
      url: request.url(),
      headers: await request.allHeaders(),
      body: request.postData() ?? undefined,
    });
    // The page may be gone by now (a test closing a tab mid-request); the simulator has still answered.
    await route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body }).catch(() => undefined);
  });
}
