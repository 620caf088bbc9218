import { scopesForJob } from "@/lib/auth/jobs";
import { createGraphClient } from "@/lib/graph";
import type { TenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import type { OperatorCapabilities, Owner } from "./model";

/**
 * Test helper: a persona signed in to the simulated tenant with the operator's scopes, its Graph
 * client (no real waits), itself as an owner and its capabilities. For unit tests only.
 */
export function signedInOperator(sim: TenantSim, persona = "cloud-app-admin", options: { sleep?: (ms: number) => Promise<void> } = {}) {
  const { accessToken, account } = sim.issueTokens(persona, scopesForJob("operator"));
  const client = createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => accessToken,
    fetch: simFetch(sim),
    sleep: options.sleep ?? (async () => undefined),
  });
  const me: Owner = { id: account.objectId, userPrincipalName: account.username, displayName: account.name };
  const caps: OperatorCapabilities = { userId: me.id, isAppAdmin: persona !== "plain-user" };
  return { client, me, caps };
}
