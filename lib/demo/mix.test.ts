import { describe, expect, it } from "vitest";
import { scopesForJob } from "@/lib/auth/jobs";
import { createGraphClient } from "@/lib/graph";
import { createTenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import { readStatusBoard } from "@/lib/tenant/board";
import { DEMO_MIX, seedDemoMix } from "./mix";

async function board(persona = "support") {
  const sim = createTenantSim();
  seedDemoMix(sim);
  let inFlight = 0;
  let waves = 0;
  const fetcher = simFetch(sim);
  const { accessToken } = sim.issueTokens(persona, scopesForJob("support"));
  const client = createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => accessToken,
    sleep: async () => undefined,
    fetch: async (input, init) => {
      if (inFlight === 0) waves += 1;
      inFlight += 1;
      try {
        return await fetcher(input, init);
      } finally {
        inFlight -= 1;
      }
    },
  });
  return { result: await readStatusBoard(client), waves: () => waves };
}

describe("the demo tenant's starting mix, read as support", () => {
  it("shows every state with its reason and who fixes it, in two sequential round trips", async () => {
    const { result, waves } = await board();
    expect(waves()).toBe(2);
    const row = (environmentId: string, connector: string) =>
      result.statuses.find((s) => s.environmentId === environmentId && s.connectorIds.includes(connector as never))!;
    expect(row(DEMO_MIX.gcpEnvironment, "msft-entra-id")).toMatchObject({ state: "ready", who: null });
    expect(row(DEMO_MIX.gcpEnvironment, "outlook-cal")).toMatchObject({ state: "needs-consent", who: "consent" });
    const mail = row(DEMO_MIX.gcpEnvironment, "outlook-mail");
    expect(mail.state).toBe("ready");
    expect(mail.checks.find((c) => c.id === "secrets")).toMatchObject({
      state: "warn",
      detail: expect.stringMatching(/expires in 1[12] days/),
    });
    expect(row(DEMO_MIX.gcpEnvironment, "msft-teams")).toMatchObject({ state: "needs-action", who: "teams" });
    expect(row(DEMO_MIX.awsEnvironment, "outlook-mail")).toMatchObject({
      state: "broken",
      who: "operator",
      reason: expect.stringMatching(/identity pool id/),
    });
    expect(row("", "msft-onedrive")).toMatchObject({ state: "needs-action", who: "operator" });
    expect(row("", "msft-onedrive").app?.managedBy).toBe("terraform");
  });

  it("reads the AWS connector's failed sign-ins with AADSTS70021 explained", async () => {
    const { result } = await board();
    expect(result.signIns.status).toBe("ok");
    if (result.signIns.status !== "ok") return;
    const aws = result.statuses.find((s) => s.environmentId === DEMO_MIX.awsEnvironment)!;
    const evidence = result.signIns.byAppId[aws.app!.application.appId]!;
    expect(evidence.failures).toHaveLength(2);
    expect(evidence.failures[0]).toMatchObject({ errorCode: 70021, explanation: expect.stringMatching(/federated/i) });
  });

  it("says plainly when the reader's role hides sign-ins, and still shows the status", async () => {
    const { result } = await board("cloud-app-admin");
    expect(result.signIns).toMatchObject({ status: "unavailable", reason: "role" });
    expect(result.statuses).toHaveLength(6);
  });
});
