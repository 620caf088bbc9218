import { describe, expect, it } from "vitest";
import { CONSENT_GRANT_SCOPES } from "@/lib/auth/jobs";
import { createGraphClient } from "@/lib/graph";
import { createTenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import { DEMO_MIX, seedDemoMix } from "@/lib/demo/mix";
import { consentHref, consentMessage, extraGrants, grantPermissions, missingGrants, parseConsentParams, revokeGrant } from "./consent";
import { readTenantSnapshot } from "./snapshot";
import { snapshotStatus } from "./status";

function adminClient(sim: ReturnType<typeof createTenantSim>, persona = "priv-role-admin") {
  const { accessToken } = sim.issueTokens(persona, CONSENT_GRANT_SCOPES);
  return createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => accessToken,
    fetch: simFetch(sim),
    sleep: async () => undefined,
  });
}

async function statuses(sim: ReturnType<typeof createTenantSim>, client = adminClient(sim)) {
  const snapshot = await readTenantSnapshot(client, { environmentId: DEMO_MIX.gcpEnvironment });
  return { snapshot, statuses: snapshotStatus(snapshot, new Date()) };
}

const grantWrites = (sim: ReturnType<typeof createTenantSim>) =>
  sim.writes.filter((w) => w.kind === "appRoleAssignment" && w.action === "create");

describe("granting what is missing", () => {
  it("grants exactly the missing permissions, and a second run writes nothing", async () => {
    const sim = createTenantSim();
    seedDemoMix(sim);
    const client = adminClient(sim);
    const first = await statuses(sim, client);
    const targets = missingGrants(first.statuses);
    expect(targets.map((t) => t.permissions.map((p) => p.permission).sort())).toEqual([
      ["Calendars.Read", "Group.Read.All", "MailboxSettings.Read"],
    ]);

    const report = await grantPermissions(client, first.snapshot.graphResource.id, targets);
    expect(report).toEqual({ granted: 3, alreadyGranted: 0, failed: [] });
    expect(grantWrites(sim)).toHaveLength(3);

    const second = await statuses(sim, client);
    expect(missingGrants(second.statuses)).toEqual([]);
    // Pressing again with a stale view (the same targets) never duplicates: Graph's "already exists" is recovered.
    expect(await grantPermissions(client, first.snapshot.graphResource.id, targets)).toEqual({ granted: 0, alreadyGranted: 3, failed: [] });
    expect(grantWrites(sim)).toHaveLength(3);
  });

  it("reports a refused grant with Graph's error and grants the rest", async () => {
    const sim = createTenantSim();
    seedDemoMix(sim);
    const client = adminClient(sim);
    const { snapshot, statuses: rows } = await statuses(sim, client);
    sim.faults.failNext({
      method: "POST",
      pathIncludes: "appRoleAssignedTo",
      status: 403,
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    });
    const report = await grantPermissions(client, snapshot.graphResource.id, missingGrants(rows));
    expect(report.granted).toBe(2);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.error).toMatchObject({ code: "Authorization_RequestDenied", status: 403 });
    expect(report.failed[0]!.error.requestId).toBeTruthy();
  });

  it("a Cloud Application Administrator cannot grant Microsoft Graph application permissions", async () => {
    const sim = createTenantSim();
    seedDemoMix(sim);
    const client = adminClient(sim, "cloud-app-admin");
    const { snapshot, statuses: rows } = await statuses(sim, client);
    const report = await grantPermissions(client, snapshot.graphResource.id, missingGrants(rows));
    expect(report.granted).toBe(0);
    expect(report.failed.every((f) => f.error.status === 403)).toBe(true);
    expect(grantWrites(sim)).toHaveLength(0);
  });

  it("shows a grant the connector no longer needs, and removes it only when asked", async () => {
    const sim = createTenantSim();
    seedDemoMix(sim);
    const client = adminClient(sim);
    const before = await statuses(sim, client);
    const mail = before.statuses.find((s) => s.connectorIds.includes("outlook-mail"))!;
    sim.seed.appRoleAssignment({ principalId: mail.app!.servicePrincipal!.id, appRoleId: "01d4889c-1287-42c6-ac1f-5d1e02578ef6" });
    const after = await statuses(sim, client);
    const extras = extraGrants(after.statuses.find((s) => s.connectorIds.includes("outlook-mail"))!);
    expect(extras.map((e) => e.permission)).toEqual(["Files.Read.All"]);
    await revokeGrant(client, after.snapshot.graphResource.id, extras[0]!);
    const removed = await statuses(sim, client);
    expect(extraGrants(removed.statuses.find((s) => s.connectorIds.includes("outlook-mail"))!)).toEqual([]);
  });
});

describe("the shared link", () => {
  it("carries only the environment and connector ids", () => {
    const href = consentHref({ environmentId: "psoxy", connectorIds: ["outlook-mail", "msft-teams"] });
    expect(href).toBe("/consent?env=psoxy&connectors=outlook-mail%2Cmsft-teams");
    const parsed = parseConsentParams(Object.fromEntries(new URL(href, "https://x").searchParams));
    expect(parsed).toEqual({ environmentId: "psoxy", environmentGiven: true, connectorIds: ["outlook-mail", "msft-teams"] });
  });
  it("ignores an environment with control characters and unknown connectors, and says so", () => {
    const parsed = parseConsentParams({ env: "psoxy\nx", connectors: "outlook-mail,slack,../x" });
    expect(parsed).toEqual({ environmentId: "", environmentGiven: false, connectorIds: ["outlook-mail"], ignored: expect.any(Array) });
    expect(parsed.ignored).toEqual([
      expect.stringMatching(/^The link's environment “psoxy\uFFFDx” is not valid, so every environment is shown: .*\(U\+000A\)/),
      "The link names “slack”, which is not a connector id, so it is left out: open the link as it was sent, or ask for a new one.",
      "The link names “../x”, which is not a connector id, so it is left out: open the link as it was sent, or ask for a new one.",
    ]);
  });
  it("writes a plain message with the link", () => {
    const text = consentMessage(
      "https://wizard.example/consent?env=psoxy",
      { environmentId: "psoxy", connectorIds: ["outlook-mail"] },
      "Outlook Mail",
    );
    expect(text).toContain("https://wizard.example/consent?env=psoxy");
    expect(text).toContain("Privileged Role Administrator or Global Administrator");
    expect(text).toContain("(Outlook Mail)");
  });
});
