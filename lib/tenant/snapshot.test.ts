import { describe, expect, it } from "vitest";
import { scopesForJob } from "@/lib/auth/jobs";
import { GRAPH_APP_ROLE_IDS, MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors";
import { createGraphClient } from "@/lib/graph";
import { createTenantSim, type TenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import type { SetupAnswers } from "./desired";
import { signedInOperator } from "./operator.testing";
import { applySetup, planSetup } from "./setup";
import { classifyApplication, parsePsoxyDisplayName, readTenantSnapshot } from "./snapshot";

function supportClient(sim: TenantSim) {
  const { accessToken } = sim.issueTokens("support", scopesForJob("support"));
  return createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => accessToken,
    fetch: simFetch(sim),
    sleep: async () => undefined,
  });
}

const SIX: SetupAnswers["connectorIds"] = ["msft-entra-id", "outlook-cal", "outlook-mail", "msft-teams", "msft-onedrive", "msft-copilot"];

async function sixConnectors(sim: TenantSim, environmentId = "psoxy") {
  const { client, me, caps } = signedInOperator(sim);
  const ids = Object.fromEntries(SIX.map((id, i) => [id, `10345678901234567890${i}`]));
  const answers: SetupAnswers = {
    environmentId,
    connectorIds: SIX,
    appMode: "per-connector",
    platform: { platform: "gcp", serviceAccountUniqueIds: ids },
    owners: [me],
  };
  const { plans } = await planSetup(client, answers, caps);
  await applySetup(client, plans);
}

describe("readTenantSnapshot", () => {
  it("reads six connectors with owners, credentials, service principals and grants in two round trips", async () => {
    const sim = createTenantSim();
    await sixConnectors(sim);
    const client = supportClient(sim);
    const snapshot = await readTenantSnapshot(client);
    expect(client.stats().httpRequests).toBe(2);
    expect(snapshot.apps).toHaveLength(6);
    expect(new Set(snapshot.apps.map((app) => app.environmentId))).toEqual(new Set(["psoxy"]));
    for (const app of snapshot.apps) {
      expect(app.managedBy).toBe("wizard");
      expect(app.owners.length).toBeGreaterThan(0);
      expect(app.credentials).toHaveLength(1);
      expect(app.servicePrincipal?.id).toBeTruthy();
      expect(app.grants).toEqual([]);
    }
  });

  it("finds Terraform-made apps with and without the environment suffix, reads grants and secrets, skips others", async () => {
    const sim = createTenantSim();
    const plain = sim.seed.application({
      displayName: "Psoxy Connector - Outlook Mail",
      passwordCredentials: [{ displayName: "old secret", endDateTime: "2027-01-01T00:00:00Z" }],
      requiredResourceAccess: [
        { resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: [{ id: GRAPH_APP_ROLE_IDS["User.Read.All"], type: "Role" }] },
      ],
    });
    const sp = sim.seed.servicePrincipal(plain.appId);
    sim.seed.appRoleAssignment({ principalId: sp.id, appRoleId: GRAPH_APP_ROLE_IDS["User.Read.All"] });
    sim.seed.application({ displayName: "Psoxy Connector - Microsoft Teams prod" });
    sim.seed.application({ displayName: "Psoxy Connector - Something Else" });
    sim.seed.application({ displayName: "Payroll" });

    const snapshot = await readTenantSnapshot(supportClient(sim));
    const byName = new Map(snapshot.apps.map((app) => [app.application.displayName, app]));
    expect([...byName.keys()].sort()).toEqual(["Psoxy Connector - Microsoft Teams prod", "Psoxy Connector - Outlook Mail"]);
    const mail = byName.get("Psoxy Connector - Outlook Mail")!;
    expect(mail).toMatchObject({ environmentId: "", connectorIds: ["outlook-mail"], managedBy: "terraform", foundBy: "displayName" });
    expect(mail.application.passwordCredentials).toMatchObject([
      { kind: "password", displayName: "old secret", endDateTime: "2027-01-01T00:00:00Z" },
    ]);
    expect(mail.grants.map((grant) => grant.appRoleId)).toEqual([GRAPH_APP_ROLE_IDS["User.Read.All"]]);
    expect(byName.get("Psoxy Connector - Microsoft Teams prod")).toMatchObject({
      environmentId: "prod",
      connectorIds: ["msft-teams"],
      servicePrincipal: null,
    });

    const prodOnly = await readTenantSnapshot(supportClient(sim), { environmentId: "prod" });
    expect(prodOnly.apps.map((app) => app.application.displayName)).toEqual(["Psoxy Connector - Microsoft Teams prod"]);
  });

  it("drops a tag value with a line break and never reports it as the environment", async () => {
    const sim = createTenantSim();
    sim.seed.application({
      displayName: "Psoxy Connector - Outlook Mail psoxy",
      uniqueName: "psoxy.psoxy.outlook-mail",
      tags: ["psoxy-wizard", "psoxy-connector:outlook-mail", "psoxy-env:psoxy\nREFRESH_ENDPOINT=x"],
    });
    const [app] = (await readTenantSnapshot(supportClient(sim))).apps;
    expect(app!.environmentId).toBe("psoxy");
    expect(app!.dropped).toEqual([expect.stringMatching(/environment tag .* not valid .*control characters/)]);
    expect(JSON.stringify(app!.dropped)).not.toContain("REFRESH_ENDPOINT");
  });
});

describe("classifyApplication", () => {
  const base = {
    id: "o",
    appId: "a",
    description: null,
    notes: null,
    signInAudience: null,
    requiredResourceAccess: [],
    createdDateTime: null,
    publisherDomain: null,
    passwordCredentials: [],
    keyCredentials: [],
  };
  it("reads environment and connector from the uniqueName, shared apps from their tags", () => {
    expect(classifyApplication({ ...base, displayName: "x", uniqueName: "psoxy.prod-1.msft-teams", tags: [] })).toMatchObject({
      environmentId: "prod-1",
      connectorIds: ["msft-teams"],
      managedBy: "wizard",
    });
    expect(
      classifyApplication({
        ...base,
        displayName: "x",
        uniqueName: "psoxy.shared",
        tags: ["psoxy-wizard", "psoxy-shared", "psoxy-env:", "psoxy-connector:outlook-cal", "psoxy-connector:msft-teams"],
      }),
    ).toMatchObject({ environmentId: "", connectorIds: ["outlook-cal", "msft-teams"], shared: true });
  });
  it("ignores unknown connectors and apps that merely look similar", () => {
    expect(classifyApplication({ ...base, displayName: "x", uniqueName: "psoxy.prod.slack", tags: [] })).toBeNull();
    expect(classifyApplication({ ...base, displayName: "Psoxy Connector - Outlook Mail prod\nx", uniqueName: null, tags: [] })).toBeNull();
  });
  it("parses Psoxy display names, longest connector name first", () => {
    expect(parsePsoxyDisplayName("Psoxy Connector - Microsoft Entra ID (former Azure AD) dev")).toEqual({
      connectorId: "msft-entra-id",
      environmentId: "dev",
    });
    expect(parsePsoxyDisplayName("Psoxy Connector - Outlook Calendar")).toEqual({ connectorId: "outlook-cal", environmentId: "" });
  });
});
