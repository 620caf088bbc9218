import { describe, expect, it } from "vitest";
import { GRAPH_APP_ROLE_IDS } from "@/lib/connectors";
import { createTenantSim, type TenantSim } from "@/lib/sim";
import { applyConfirmations } from "./adoption";
import { parseIdentityNote, type SetupAnswers } from "./desired";
import { environmentsClash } from "./naming";
import { signedInOperator } from "./operator.testing";
import { isConverged, summarizePlan } from "./plan";
import { existingSetups } from "./resume";
import { applySetup, planSetup } from "./setup";
import { readTenantSnapshot } from "./snapshot";

/** Issue 8: what the tenant holds is trusted only when it is safe. */

const GCP_IDS = {
  "outlook-mail": "111111111111111111111",
  "msft-teams": "222222222222222222222",
  "outlook-cal": "333333333333333333333",
} as const;

function answers(me: SetupAnswers["owners"][number], overrides: Partial<SetupAnswers> = {}): SetupAnswers {
  return {
    environmentId: "psoxy",
    connectorIds: ["outlook-mail"],
    appMode: "per-connector",
    platform: { platform: "gcp", serviceAccountUniqueIds: { ...GCP_IDS } },
    owners: [me],
    ...overrides,
  };
}

/** Someone allowed to register apps got there first: same uniqueName, their own owner, a client secret and a credential. */
function squat(sim: TenantSim) {
  const mallory = sim.seed.user({ displayName: "Mallory Squatter" });
  const app = sim.seed.application({
    displayName: "Psoxy Connector - Outlook Mail psoxy",
    uniqueName: "psoxy.psoxy.outlook-mail",
    ownerPersonaIds: [mallory.id],
    passwordCredentials: [{ displayName: "mallory key", endDateTime: "2028-01-01T00:00:00Z" }],
  });
  sim.seed.federatedIdentityCredential(app.id, {
    name: "github",
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:mallory/x:ref:refs/heads/main",
  });
  return { mallory, app };
}

const writesTo = (sim: TenantSim, objectId: string) => sim.writes.filter((w) => w.objectId === objectId || w.path.includes(objectId));

describe("adoption safety", () => {
  it("never adopts a squatted app silently: it needs a decision that names every owner, secret and credential that stays", async () => {
    const sim = createTenantSim();
    const { mallory, app } = squat(sim);
    const { client, me, caps } = signedInOperator(sim);
    const { plans } = await planSetup(client, answers(me), caps);
    const [plan] = plans;
    expect(plan!.decision?.confirmed).toBe(false);
    expect(new Set(plan!.steps.map((s) => s.action))).toEqual(new Set(["decide"]));
    expect(plan!.decision!.findings.map((f) => f.kind)).toEqual(["owner", "clientSecret", "federatedCredential"]);
    expect(plan!.decision!.findings.map((f) => f.label).join("\n")).toMatch(
      /Owner Mallory Squatter mallory\.squatter@.*\nClient secret “mallory key”, valid until 2028-01-01\nFederated credential “github” trusting https:\/\/token\.actions\.githubusercontent\.com/,
    );
    expect(summarizePlan(plans).decide).toBeGreaterThan(0);
    expect(isConverged(plans)).toBe(false);

    // The default is to stop: applying what was planned writes nothing to it.
    const report = await applySetup(client, plans);
    expect(report.failed).toEqual([]);
    expect(writesTo(sim, app.id)).toEqual([]);
    expect(sim.writes).toEqual([]);
    expect(sim.state().applications.find((a) => a.id === app.id)!.requiredResourceAccess).toEqual([]);
    expect(report.progress.filter((p) => p.status === "blocked").every((p) => p.note?.includes("decision"))).toBe(true);

    // A confirmation for exactly these findings adopts it; nothing is removed, the owners stay listed.
    const confirmed = await planSetup(client, answers(me), caps, { "outlook-mail": plan!.decision!.token });
    expect(confirmed.plans[0]!.steps.find((s) => s.object === "permissions")!.action).toBe("update");
    await applySetup(client, confirmed.plans);
    const adopted = sim.state().applications.find((a) => a.id === app.id)!;
    expect(adopted.owners).toEqual(expect.arrayContaining([mallory.id, me.id]));
    expect(adopted.requiredResourceAccess[0]!.resourceAccess.map((r) => r.id)).toContain(GRAPH_APP_ROLE_IDS["Mail.ReadBasic.All"]);
  });

  it("a confirmation does not cover what was added after it: one more secret and the app waits again", async () => {
    const sim = createTenantSim();
    squat(sim);
    const { client, me, caps } = signedInOperator(sim);
    const first = await planSetup(client, answers(me), caps);
    const token = first.plans[0]!.decision!.token;
    const other = sim.seed.application({ displayName: "unrelated" });
    sim.seed.federatedIdentityCredential(sim.state().applications.find((a) => a.uniqueName === "psoxy.psoxy.outlook-mail")!.id, {
      name: "late",
      issuer: "https://example.test",
      subject: other.appId,
    });
    const second = await planSetup(client, answers(me), caps, { "outlook-mail": token });
    expect(second.plans[0]!.decision?.confirmed).toBe(false);
    expect(applyConfirmations(second.plans, { "outlook-mail": token })[0]!.decision?.confirmed).toBe(false);
    await applySetup(client, second.plans);
    expect(sim.writes).toEqual([]);
  });

  it("adopts silently what holds nothing foreign: the wizard's own apps, a Terraform app with no owner or secret", async () => {
    const sim = createTenantSim();
    sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy " });
    const { client, me, caps } = signedInOperator(sim);
    const { plans } = await planSetup(client, answers(me), caps);
    expect(plans[0]!.decision).toBeUndefined();
    expect(plans[0]!.steps[0]!.action).toBe("adopt");
  });

  it("a credential trusting exactly the wanted identity under another name is not foreign", async () => {
    const sim = createTenantSim();
    const app = sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy" });
    sim.seed.federatedIdentityCredential(app.id, {
      name: "made-by-hand",
      issuer: "https://accounts.google.com",
      subject: GCP_IDS["outlook-mail"],
    });
    const { client, me, caps } = signedInOperator(sim);
    const { plans } = await planSetup(client, answers(me), caps);
    expect(plans[0]!.decision).toBeUndefined();
  });
});

describe("environment ids that Entra cannot tell apart", () => {
  it("refuses to plan 'prod' where 'Prod' exists, and writes nothing", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = signedInOperator(sim);
    const awsProd = {
      platform: "aws" as const,
      region: "us-east-1",
      identityPoolId: "us-east-1:0f7d7a4c-33d2-4d9f-a0d8-3a8e1c2b9d10",
      identityIds: {},
    };
    await applySetup(client, (await planSetup(client, answers(me, { environmentId: "Prod", platform: awsProd }), caps)).plans);
    const writes = sim.writes.length;
    const { plans } = await planSetup(client, answers(me, { environmentId: "prod", platform: awsProd }), caps);
    expect(plans[0]!.blockedReason).toMatch(/environment “Prod”, which Entra cannot tell apart from “prod”/);
    await applySetup(client, plans);
    expect(sim.writes.length).toBe(writes);
    expect(environmentsClash("prod", "Prod")).toBe(true);
    expect(environmentsClash("prod", "prod")).toBe(false);
    expect(environmentsClash("prod_1", "prod-1")).toBe(false);
  });
});

describe("Psoxy's Terraform rewriting the apps' tags (feature_tags { hide = true })", () => {
  it("keeps finding the wizard's apps by uniqueName and does not fight Terraform over tags or the display name", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = signedInOperator(sim);
    const both = answers(me, { connectorIds: ["outlook-mail", "msft-teams"] });
    await applySetup(client, (await planSetup(client, both, caps)).plans);
    // What `terraform apply` does after the import: tags become ["HideApp"] (the azuread provider's feature tags
    // replace the list), the display name gets Psoxy's trailing space (" psoxy "), Entra copies the tags to the SP.
    for (const app of sim.state().applications) {
      await client.request({
        method: "PATCH",
        url: `/applications/${app.id}`,
        body: { tags: ["HideApp"], displayName: `${app.displayName} ` },
        operation: "terraform apply",
      });
      const sp = sim.state().servicePrincipals.find((x) => x.appId === app.appId)!;
      await client.request({
        method: "PATCH",
        url: `/servicePrincipals/${sp.id}`,
        body: { tags: ["HideApp"] },
        operation: "tag propagation",
      });
    }
    expect(sim.state().applications.every((a) => a.tags.length === 1 && a.tags[0] === "HideApp")).toBe(true);

    const snapshot = await readTenantSnapshot(client);
    expect(snapshot.apps.map((a) => [a.application.uniqueName, a.managedBy, a.connectorIds[0]]).sort()).toEqual([
      ["psoxy.psoxy.msft-teams", "wizard", "msft-teams"],
      ["psoxy.psoxy.outlook-mail", "wizard", "outlook-mail"],
    ]);
    const [setup] = existingSetups(snapshot);
    expect(setup).toMatchObject({ environmentId: "psoxy", appCount: 2, dropped: [] });
    expect([...setup!.connectorIds].sort()).toEqual(["msft-teams", "outlook-mail"]);

    const writes = sim.writes.length;
    const again = await planSetup(client, both, caps);
    expect(again.plans.map((p) => p.actual?.foundBy)).toEqual(["uniqueName", "uniqueName"]);
    expect(isConverged(again.plans)).toBe(true);
    await applySetup(client, again.plans);
    expect(sim.writes.length).toBe(writes);
  });
});

describe("GCP shared application", () => {
  it("carries one credential per connector service account, with distinct names, and converges", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = signedInOperator(sim);
    const shared = answers(me, { connectorIds: ["outlook-mail", "msft-teams", "outlook-cal"], appMode: "shared" });
    const { plans } = await planSetup(client, shared, caps);
    expect(plans[0]!.desired.credentials.map((c) => [c.name, c.subject])).toEqual([
      ["GcpFederation-outlook-mail", GCP_IDS["outlook-mail"]],
      ["GcpFederation-msft-teams", GCP_IDS["msft-teams"]],
      ["GcpFederation-outlook-cal", GCP_IDS["outlook-cal"]],
    ]);
    await applySetup(client, plans);
    const fics = sim.state().federatedIdentityCredentials;
    expect(fics.map((f) => f.subject).sort()).toEqual(Object.values(GCP_IDS).sort());
    expect(new Set(fics.map((f) => f.name)).size).toBe(3);
    expect(isConverged((await planSetup(client, shared, caps)).plans)).toBe(true);
    // Read back for "Continue an earlier setup": every connector's own service account.
    const [setup] = existingSetups(await readTenantSnapshot(client));
    expect(setup!.platform).toEqual({ platform: "gcp", serviceAccountUniqueIds: GCP_IDS });
  });

  it("one credential for two connectors that share a service account (Entra refuses the same issuer and subject twice)", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = signedInOperator(sim);
    const same = answers(me, {
      connectorIds: ["outlook-mail", "msft-teams"],
      appMode: "shared",
      platform: {
        platform: "gcp",
        serviceAccountUniqueIds: { "outlook-mail": GCP_IDS["outlook-mail"], "msft-teams": GCP_IDS["outlook-mail"] },
      },
    });
    const { plans } = await planSetup(client, same, caps);
    expect(plans[0]!.desired.credentials).toHaveLength(1);
    expect((await applySetup(client, plans)).failed).toEqual([]);
  });

  it("stops before Entra's 20 credentials per application", async () => {
    const sim = createTenantSim();
    const app = sim.seed.application({
      displayName: "x",
      uniqueName: "psoxy.psoxy.shared",
      tags: ["psoxy-wizard", "psoxy-shared", "psoxy-env:psoxy", "psoxy-connector:outlook-mail", "psoxy-connector:msft-teams"],
    });
    const { client, me, caps } = signedInOperator(sim);
    for (let i = 0; i < 19; i++)
      sim.seed.federatedIdentityCredential(app.id, {
        name: `other-${i}`,
        issuer: "https://accounts.google.com",
        subject: String(100000000000000000000 + i),
      });
    const shared = answers(me, { connectorIds: ["outlook-mail", "msft-teams"], appMode: "shared" });
    const first = await planSetup(client, shared, caps);
    const { plans } = await planSetup(client, shared, caps, { shared: first.plans[0]!.decision!.token });
    const fic = plans[0]!.steps.find((s) => s.object === "federatedCredential")!;
    expect(fic.action).toBe("blocked");
    expect(fic.summary).toMatch(/Entra allows 20 federated credentials per application; this one has 19 and needs 2 more/);
  });
});

describe("values read back go through the schemas typed values go through", () => {
  it("drops a line break, an unparsable id or pool from notes and credentials, with a visible note", async () => {
    const sim = createTenantSim();
    const app = sim.seed.application({
      displayName: "Psoxy Connector - Outlook Mail psoxy",
      uniqueName: "psoxy.psoxy.outlook-mail",
      tags: ["psoxy-wizard", "psoxy-connector:outlook-mail", "psoxy-env:psoxy\nREFRESH_ENDPOINT=https://evil.example"],
      notes: "Managed by the Psoxy Microsoft 365 setup wizard.\nProxy identity: GCP service account 12345\u202e.",
      ownerPersonaIds: ["cloud-app-admin"],
    });
    sim.seed.federatedIdentityCredential(app.id, { name: "GcpFederation", issuer: "https://accounts.google.com", subject: "1234\n5678" });
    const [setup] = existingSetups(await readTenantSnapshot(signedInOperator(sim).client));
    expect(setup!.environmentId).toBe("psoxy");
    expect(setup!.platform).toBeNull();
    expect(setup!.dropped).toEqual([
      expect.stringMatching(
        /environment tag read from the tenant was ignored: it is not valid \(\d+ characters, with control characters\)/,
      ),
      expect.stringMatching(/proxy identity in the notes of .* was ignored/),
      expect.stringMatching(/service account id of credential “GcpFederation” read from the tenant was ignored/),
    ]);
    expect(JSON.stringify(setup)).not.toMatch(/evil|REFRESH_ENDPOINT|\u202e|1234\n/);
  });

  it("the plan describes a tag with a line break instead of showing it, and replaces it with the wizard's own", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = signedInOperator(sim);
    const app = sim.seed.application({
      displayName: "Psoxy Connector - Outlook Mail psoxy",
      uniqueName: "psoxy.psoxy.outlook-mail",
      tags: ["psoxy-wizard", "psoxy-connector:outlook-mail", "psoxy-env:psoxy\nREFRESH_ENDPOINT=https://evil.example", "team:\u202edata"],
      ownerPersonaIds: ["cloud-app-admin"],
    });
    const { plans } = await planSetup(client, answers(me), caps);
    const shown = JSON.stringify(plans.map((plan) => ({ steps: plan.steps, dropped: plan.actual?.dropped })));
    expect(shown).not.toMatch(/evil|\u202e/);
    expect(plans[0]!.steps[0]!.changes.find((c) => c.field === "tags")!.from).toMatch(
      /\(a tag of \d+ characters with a line break or control character, not shown\)/,
    );
    await applySetup(client, plans);
    expect(sim.state().applications.find((a) => a.id === app.id)!.tags).toEqual([
      "team:\u202edata",
      "psoxy-wizard",
      "psoxy-connector:outlook-mail",
      "psoxy-env:psoxy",
    ]);
  });

  it("parseIdentityNote returns only values its schemas accept", () => {
    expect(parseIdentityNote("Proxy identity: GCP service account 103456789012345678901.")).toEqual({
      platform: "gcp",
      uniqueId: "103456789012345678901",
    });
    expect(parseIdentityNote("Proxy identity: GCP service account 1034\u200b56789012345678901.")).toBeNull();
    expect(parseIdentityNote("Proxy identity: AWS Cognito pool us-east-1:0f7d7a4c-33d2-4d9f-a0d8-3a8e1c2b9d10 (us-east-1).")).toMatchObject(
      { platform: "aws", region: "us-east-1" },
    );
    expect(parseIdentityNote("Proxy identity: AWS Cognito pool $(curl evil) (us-east-1).")).toBeNull();
    expect(
      parseIdentityNote(
        "Proxy identity: AWS Cognito pool us-east-1:0f7d7a4c-33d2-4d9f-a0d8-3a8e1c2b9d10 (us-east-1, developer provider a;b).",
      ),
    ).toBeNull();
  });
});
