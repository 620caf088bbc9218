import { describe, expect, it } from "vitest";
import { DIRECTORY_ROLES, GRAPH_APP_ROLE_IDS, MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import { GraphError, calls, createGraphClient, createGraphVerbs, describeGraphError, toBatchItem, type GraphVerbs } from "@/lib/graph";
import { createTenantSim, type TenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";

/**
 * The verbs against the in-process tenant simulator (lib/sim): real URLs,
 * real bodies, the simulator's authorization and replication rules.
 */

const OPERATOR_SCOPES = ["User.Read", "Application.ReadWrite.All", "Directory.Read.All"];
const CONSENT_SCOPES = ["User.Read", "Application.Read.All", "AppRoleAssignment.ReadWrite.All"];
const REPLICATION_MS = 20_000;
const APP_NAME = "Psoxy Connector - Outlook Mail psoxy";
const UNIQUE_NAME = "psoxy-psoxy-outlook-mail";

function world(options: { replicationDelayMs?: number } = {}) {
  let clock = Date.parse("2026-05-04T09:00:00Z");
  const sim = createTenantSim({ seed: 7, now: () => clock, faults: { replicationDelayMs: options.replicationDelayMs ?? 0 } });
  const sleeps: number[] = [];
  const signIn = (personaId: string, scopes: string[]): GraphVerbs =>
    createGraphVerbs(
      createGraphClient({
        baseUrl: "https://graph.microsoft.com",
        getAccessToken: async () => sim.issueTokens(personaId, scopes).accessToken,
        fetch: simFetch(sim),
        // Waiting advances the simulator's clock: replication "happens" while we back off.
        sleep: async (ms) => {
          sleeps.push(ms);
          clock += ms;
        },
        random: () => 0.5,
      }),
    );
  return { sim, sleeps, signIn, advance: (ms: number) => (clock += ms) };
}

const appBody = {
  displayName: APP_NAME,
  tags: ["psoxy-wizard", "psoxy-connector:outlook-mail"],
  requiredResourceAccess: [
    {
      resourceAppId: MICROSOFT_GRAPH_APP_ID,
      resourceAccess: [{ id: GRAPH_APP_ROLE_IDS["Mail.ReadBasic.All"], type: "Role" as const }],
    },
  ],
};

function writesOf(sim: TenantSim, kind: string) {
  return sim.writes.filter((w) => w.kind === kind).map((w) => `${w.method} ${w.status} ${w.action}${w.inBatch ? " (batch)" : ""}`);
}

describe("verbs against the tenant simulator", () => {
  it("signs in as the Cloud Application Administrator and reads profile and roles", async () => {
    const { sim, signIn } = world();
    const operator = signIn("cloud-app-admin", OPERATOR_SCOPES);
    const me = await operator.getMe();
    const persona = sim.personas.find((p) => p.id === "cloud-app-admin")!;
    expect(me.userPrincipalName).toBe(persona.userPrincipalName);
    const roles = await operator.getMyDirectoryRoles();
    expect(roles.map((r) => r.roleTemplateId)).toContain(DIRECTORY_ROLES.cloudApplicationAdministrator.templateId);
    const org = await operator.getOrganization();
    expect(org.id).toBe(sim.tenantId);
    expect(await operator.findUser("nobody@contoso-demo.onmicrosoft.com")).toBeNull();
  });

  it("upserts an app twice: created, then not", async () => {
    const { sim, signIn } = world();
    const operator = signIn("cloud-app-admin", OPERATOR_SCOPES);
    const first = await operator.upsertApplication(UNIQUE_NAME, appBody);
    expect(first.created).toBe(true);
    expect(first.application).toMatchObject({ uniqueName: UNIQUE_NAME, displayName: APP_NAME, tags: appBody.tags });
    const second = await operator.upsertApplication(UNIQUE_NAME, appBody);
    expect(second).toEqual({ created: false });
    expect(writesOf(sim, "application")).toEqual(["PATCH 201 create", "PATCH 204 noop"]);
    const found = await operator.findApplicationsByTag("psoxy-connector:outlook-mail");
    expect(found.map((a) => a.id)).toEqual([first.application!.id]);
  });

  it("retries through replication delay: SP right after the app, then owners twice", async () => {
    const { sim, signIn, sleeps } = world({ replicationDelayMs: REPLICATION_MS });
    const operator = signIn("cloud-app-admin", OPERATOR_SCOPES);
    const { application } = await operator.upsertApplication(UNIQUE_NAME, appBody);
    const app = application!;

    const sp = await operator.upsertServicePrincipal(app.appId, { tags: ["HideApp"] }, { label: APP_NAME });
    expect(sp.created).toBe(true);
    expect(sp.servicePrincipal?.appId).toBe(app.appId);
    // The simulator refused until the app had replicated; the transport waited it out.
    expect(sleeps.length).toBeGreaterThan(0);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(REPLICATION_MS);
    expect(writesOf(sim, "servicePrincipal").at(-1)).toBe("PATCH 201 create");
    expect(
      writesOf(sim, "servicePrincipal")
        .slice(0, -1)
        .every((w) => w.startsWith("PATCH 400")),
    ).toBe(true);

    const me = await operator.getMe();
    expect(await operator.addApplicationOwner(app.id, me.id, { retryOnReplication: true })).toEqual({ added: true });
    expect(await operator.addApplicationOwner(app.id, me.id, { retryOnReplication: true })).toEqual({ added: false });
    expect(writesOf(sim, "owner")).toEqual(["POST 204 create", "POST 400 noop"]);
  });

  it("without the opt-in, a read right after create is a real 404", async () => {
    const { signIn, sleeps } = world({ replicationDelayMs: REPLICATION_MS });
    const operator = signIn("cloud-app-admin", OPERATOR_SCOPES);
    const { application } = await operator.upsertApplication(UNIQUE_NAME, appBody);
    const err = await operator.getApplication(application!.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).status).toBe(404);
    expect(sleeps).toEqual([]);
    const patient = await operator.getApplication(application!.id, { retryOnReplication: true });
    expect(patient.id).toBe(application!.id);
  });

  it("adds several owners in one $batch, idempotently", async () => {
    const { sim, signIn } = world();
    const operator = signIn("cloud-app-admin", OPERATOR_SCOPES);
    const { application } = await operator.upsertApplication(UNIQUE_NAME, appBody);
    const upns = [
      "alex.kim@contoso-demo.onmicrosoft.com",
      "jamie.ortiz@contoso-demo.onmicrosoft.com",
      "priya.raman@contoso-demo.onmicrosoft.com",
    ];
    const users = await Promise.all(upns.map((u) => operator.findUser(u)));
    expect(users.every((u) => u !== null)).toBe(true);

    const items = users.map((u, i) => toBatchItem(calls.addApplicationOwner(application!.id, u!.id), `owner-${i}`));
    const first = await operator.client.batch(items);
    expect(first.roundTrips).toBe(1);
    expect(items.map((item, i) => item.read(first.results[i]!))).toEqual([{ added: true }, { added: true }, { added: true }]);

    const again = await operator.client.batch(items);
    expect(items.map((item, i) => item.read(again.results[i]!))).toEqual([{ added: false }, { added: false }, { added: false }]);

    const owners = await operator.listApplicationOwners(application!.id);
    expect(owners.map((o) => o.userPrincipalName).sort()).toEqual([...upns].sort());
    expect(writesOf(sim, "owner")).toEqual([
      "POST 204 create (batch)",
      "POST 204 create (batch)",
      "POST 204 create (batch)",
      "POST 400 noop (batch)",
      "POST 400 noop (batch)",
      "POST 400 noop (batch)",
    ]);
  });

  it("retries inner 429s of a $batch under simulated throttling", async () => {
    const { sim, signIn, sleeps } = world();
    const operator = signIn("cloud-app-admin", OPERATOR_SCOPES);
    const { application } = await operator.upsertApplication(UNIQUE_NAME, appBody);
    const upns = ["alex.kim", "jamie.ortiz", "priya.raman", "chris.olsen"].map((n) => `${n}@contoso-demo.onmicrosoft.com`);
    const users = await Promise.all(upns.map((u) => operator.findUser(u)));
    sim.faults.set({ throttleRate: 0.5, retryAfterSeconds: 2 });
    const items = users.map((u, i) => toBatchItem(calls.addApplicationOwner(application!.id, u!.id), `o${i}`));
    const result = await operator.client.batch(items);
    sim.faults.set({ throttleRate: 0 });
    expect(result.results.every((r) => r.ok)).toBe(true);
    expect(result.roundTrips).toBeGreaterThan(1);
    expect(sleeps).toContain(2000);
    expect(sim.writes.filter((w) => w.kind === "owner" && w.status === 429).length).toBeGreaterThan(0);
  });

  it("a Privileged Role Administrator grants a Graph app role; the duplicate counts as granted", async () => {
    const { sim, signIn, advance } = world({ replicationDelayMs: REPLICATION_MS });
    const operator = signIn("cloud-app-admin", OPERATOR_SCOPES);
    const { application } = await operator.upsertApplication(UNIQUE_NAME, appBody);
    const { servicePrincipal } = await operator.upsertServicePrincipal(application!.appId, undefined, { label: APP_NAME });
    const clientSpId = servicePrincipal!.id;

    const admin = signIn("priv-role-admin", CONSENT_SCOPES);
    const graphSp = await admin.getGraphResourceServicePrincipal();
    expect(graphSp.id).toBe(sim.graphServicePrincipalId);
    const appRoleId = GRAPH_APP_ROLE_IDS["Mail.ReadBasic.All"];
    expect(graphSp.appRoles.map((r) => r.id)).toContain(appRoleId);

    const grant = { clientSpId, resourceSpId: graphSp.id, appRoleId };
    const first = await admin.grantAppRole(grant, { retryOnReplication: true, label: APP_NAME });
    expect(first).toMatchObject({ status: "granted", assignment: { principalId: clientSpId, resourceId: graphSp.id, appRoleId } });
    expect(await admin.grantAppRole(grant, { retryOnReplication: true })).toEqual({ status: "already-granted" });

    advance(REPLICATION_MS);
    const assignments = await admin.listAppRoleAssignments(clientSpId);
    expect(assignments.map((a) => a.appRoleId)).toEqual([appRoleId]);
    // The new service principal was not visible to the grant at first (404), the opted-in retry waited it out.
    const grants = writesOf(sim, "appRoleAssignment");
    expect(grants.slice(-2)).toEqual(["POST 201 create", "POST 400 noop"]);
    expect(grants.length).toBeGreaterThan(2);
    expect(grants.slice(0, -2).every((w) => w === "POST 404 noop")).toBe(true);
  });

  it("the Cloud Application Administrator may not grant Graph app roles", async () => {
    const { signIn } = world();
    const operator = signIn("cloud-app-admin", [...OPERATOR_SCOPES, "AppRoleAssignment.ReadWrite.All"]);
    const { application } = await operator.upsertApplication(UNIQUE_NAME, appBody);
    const { servicePrincipal } = await operator.upsertServicePrincipal(application!.appId);
    const graphSp = await operator.getGraphResourceServicePrincipal();
    const err = await operator
      .grantAppRole({ clientSpId: servicePrincipal!.id, resourceSpId: graphSp.id, appRoleId: GRAPH_APP_ROLE_IDS["User.Read.All"] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ status: 403, code: "Authorization_RequestDenied", action: "grantAppRole" });
    expect((err as GraphError).requestId).toBeTruthy();
    const advice = describeGraphError(err);
    expect(advice.who).toBe("consent-admin");
    expect(advice.nextStep).toContain("Privileged Role Administrator");
  });
});
