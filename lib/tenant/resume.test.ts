import { describe, expect, it } from "vitest";
import { createTenantSim } from "@/lib/sim";
import type { GraphClient } from "@/lib/graph";
import type { SetupAnswers } from "./desired";
import { signedInOperator } from "./operator.testing";
import { existingSetups } from "./resume";
import { readTenantSnapshot } from "./snapshot";
import { applySetup, planSetup } from "./setup";

async function setUp(answersFor: (me: SetupAnswers["owners"][number]) => SetupAnswers) {
  const sim = createTenantSim();
  const { client, me, caps } = signedInOperator(sim);
  const answers = answersFor(me);
  const { plans } = await planSetup(client, answers, caps);
  await applySetup(client, plans);
  return { sim, client, answers };
}

const findExistingSetups = async (client: GraphClient) => existingSetups(await readTenantSnapshot(client));

describe("existingSetups (read through the tenant snapshot)", () => {
  it("reads a GCP setup back from tags and federated credentials", async () => {
    const { client, answers } = await setUp((me) => ({
      environmentId: "prod-1",
      connectorIds: ["outlook-mail", "msft-teams"],
      appMode: "per-connector",
      platform: {
        platform: "gcp",
        serviceAccountUniqueIds: { "outlook-mail": "111111111111111111111", "msft-teams": "222222222222222222222" },
      },
      owners: [me],
    }));
    const found = await findExistingSetups(client);
    expect(found).toEqual([
      {
        environmentId: "prod-1",
        appMode: "per-connector",
        connectorIds: ["outlook-mail", "msft-teams"],
        platform: answers.platform,
        appCount: 2,
        dropped: [],
      },
    ]);
  });

  it("reads an AWS shared setup back, pool and region included, before any identity id exists", async () => {
    const pool = "eu-west-1:0f7d7a4c-33d2-4d9f-a0d8-3a8e1c2b9d10";
    const { client } = await setUp((me) => ({
      environmentId: "psoxy",
      connectorIds: ["msft-entra-id", "outlook-cal"],
      appMode: "shared",
      platform: { platform: "aws", region: "eu-west-1", identityPoolId: pool, identityIds: {} },
      owners: [me],
    }));
    const [setup] = await findExistingSetups(client);
    expect(setup).toMatchObject({
      environmentId: "psoxy",
      appMode: "shared",
      appCount: 1,
      platform: { platform: "aws", region: "eu-west-1", identityPoolId: pool },
    });
    expect(setup!.connectorIds.sort()).toEqual(["msft-entra-id", "outlook-cal"]);
  });

  it("finds nothing in a tenant without wizard-managed apps", async () => {
    const sim = createTenantSim();
    sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy" });
    expect(await findExistingSetups(signedInOperator(sim).client)).toEqual([]);
  });
});
