import { describe, expect, it } from "vitest";
import { GRAPH_APP_ROLE_IDS } from "@/lib/connectors/microsoft-ids";
import { AUDIT_ACTIVITIES, calls, createGraphClient, runCall, type DirectoryAudit } from "@/lib/graph";
import { createTenantSim, type TenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import { auditValue, GRANT_AUDIT_MESSAGES, grantKey, grantRecordsFrom, readGrantAudit } from "./grant-audit";

const GRANTER_SCOPES = ["User.Read", "Application.Read.All", "AppRoleAssignment.ReadWrite.All", "Directory.Read.All"];
const READER_SCOPES = ["User.Read", "Application.Read.All", "Directory.Read.All", "AuditLog.Read.All"];
const MAIL = GRAPH_APP_ROLE_IDS["Mail.ReadBasic.All"];
const USERS = GRAPH_APP_ROLE_IDS["User.Read.All"];
const MORGAN = "morgan.rivera@contoso-demo.onmicrosoft.com";
const TAYLOR = "taylor.brooks@contoso-demo.onmicrosoft.com";

function clientFor(sim: TenantSim, persona: string, scopes: readonly string[]) {
  const { accessToken } = sim.issueTokens(persona, scopes);
  return createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => accessToken,
    fetch: simFetch(sim),
    sleep: async () => undefined,
  });
}

let clock = 0;

/** Two connector service principals; the Privileged Role Administrator grants mail + users to one, users to the other, through lib/graph. */
async function world() {
  clock = Date.parse("2026-06-01T12:00:00Z");
  const sim = createTenantSim({ now: () => clock });
  const mail = sim.seed.servicePrincipal(sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy" }).appId);
  const teams = sim.seed.servicePrincipal(sim.seed.application({ displayName: "Psoxy Connector - Microsoft Teams psoxy" }).appId);
  const granter = clientFor(sim, "priv-role-admin", GRANTER_SCOPES);
  const grant = async (client: typeof granter, clientSpId: string, appRoleId: string) => {
    clock += 60_000;
    const result = await runCall(client, calls.grantAppRole({ clientSpId, resourceSpId: sim.graphServicePrincipalId, appRoleId }));
    if (result.status !== "granted") throw new Error("expected a new grant");
    return result.assignment;
  };
  const mailGrant = await grant(granter, mail.id, MAIL);
  await grant(granter, mail.id, USERS);
  await grant(granter, teams.id, USERS);
  sim.clearLogs();
  return { sim, mail, teams, mailGrant, grant };
}

describe("readGrantAudit against the simulated tenant", () => {
  it("reads who granted each permission and when, for every service principal in one v1.0 $batch", async () => {
    const { sim, mail, teams } = await world();
    const audit = await readGrantAudit(clientFor(sim, "support", READER_SCOPES), [mail.id, teams.id.toUpperCase(), mail.id]);
    expect(sim.requests.map((r) => [r.method, r.url, r.innerCount])).toEqual([["POST", "https://graph.microsoft.com/v1.0/$batch", 2]]);
    expect(audit).toEqual({
      status: "ok",
      byAssignment: {
        [grantKey(mail.id, MAIL)]: { at: "2026-06-01T12:01:00Z", by: MORGAN },
        [grantKey(mail.id, USERS)]: { at: "2026-06-01T12:02:00Z", by: MORGAN },
        [grantKey(teams.id, USERS)]: { at: "2026-06-01T12:03:00Z", by: MORGAN },
      },
    });
    expect(await readGrantAudit(clientFor(sim, "support", READER_SCOPES), [])).toEqual({ status: "ok", byAssignment: {} });
  });

  it("keeps the latest grant when a permission was removed and granted again by someone else", async () => {
    const { sim, mail, mailGrant, grant } = await world();
    clock += 60_000;
    await runCall(clientFor(sim, "priv-role-admin", GRANTER_SCOPES), calls.revokeAppRole(sim.graphServicePrincipalId, mailGrant.id));
    await grant(clientFor(sim, "global-admin", GRANTER_SCOPES), mail.id, MAIL);
    const audit = await readGrantAudit(clientFor(sim, "support", READER_SCOPES), [mail.id]);
    if (audit.status !== "ok") throw new Error(audit.message);
    expect(audit.byAssignment[grantKey(mail.id, MAIL)]).toEqual({ at: "2026-06-01T12:05:00Z", by: TAYLOR });
  });

  it("works with a reports-reading role and no Entra ID P1/P2 licence", async () => {
    const { sim, mail } = await world();
    sim.settings.premiumLicense = false;
    const reader = sim.seed.user({ displayName: "Rita Reports", roles: ["reportsReader"] });
    const audit = await readGrantAudit(clientFor(sim, reader.id, READER_SCOPES), [mail.id]);
    expect(audit.status).toBe("ok");
  });

  it("says plainly when the user has no role that may read the audit log", async () => {
    const { sim, mail } = await world();
    for (const persona of ["cloud-app-admin", "priv-role-admin"]) {
      const audit = await readGrantAudit(clientFor(sim, persona, READER_SCOPES), [mail.id]);
      expect(audit, persona).toMatchObject({ status: "unavailable", reason: "role", message: GRANT_AUDIT_MESSAGES.role });
    }
    expect(GRANT_AUDIT_MESSAGES.role).toContain("Reports Reader, Security Reader, Global Reader");
  });

  it("says plainly when the wizard lacks AuditLog.Read.All", async () => {
    const { sim, mail } = await world();
    const audit = await readGrantAudit(clientFor(sim, "support", GRANTER_SCOPES), [mail.id]);
    expect(audit).toMatchObject({ status: "unavailable", reason: "scope", message: GRANT_AUDIT_MESSAGES.scope });
  });

  it("retries a throttled item and reports any other failure with its code and request-id", async () => {
    const { sim, mail } = await world();
    sim.faults.failNext({ pathIncludes: "/auditLogs/directoryAudits", status: 429, code: "TooManyRequests", times: 1 });
    expect((await readGrantAudit(clientFor(sim, "support", READER_SCOPES), [mail.id])).status).toBe("ok");
    expect(sim.requests.map((r) => r.innerCount)).toEqual([1, 1]);
    sim.faults.failNext({ pathIncludes: "/auditLogs/directoryAudits", status: 400, code: "BadRequest", message: "Nope." });
    const audit = await readGrantAudit(clientFor(sim, "support", READER_SCOPES), [mail.id]);
    if (audit.status !== "unavailable") throw new Error("expected unavailable");
    expect(audit.reason).toBe("error");
    expect(audit.message).toContain(`BadRequest, request-id ${audit.error!.requestId}`);
  });
});

describe("grantRecordsFrom", () => {
  const SP = "5d2f1b0c-1111-4a4a-8b8b-0123456789ab";
  const entry = (
    over: Partial<DirectoryAudit> = {},
    upn: string | null = "ann@contoso.com",
    roleValue: string | null = JSON.stringify(MAIL),
  ): DirectoryAudit => ({
    id: "a",
    activityDisplayName: AUDIT_ACTIVITIES.appRoleAssignmentAdded,
    activityDateTime: "2026-06-01T12:00:00.1234567Z",
    category: "ApplicationManagement",
    result: "success",
    initiatedBy: { user: { id: "u", displayName: null, userPrincipalName: upn }, app: null },
    targetResources: [
      {
        id: SP.toUpperCase(),
        type: "ServicePrincipal",
        displayName: "x",
        modifiedProperties: [{ displayName: "AppRole.Id", oldValue: null, newValue: roleValue }],
      },
    ],
    ...over,
  });

  it("keys by service principal and app role, lower case, from the AppRole.Id property in any of the log's spellings", () => {
    expect(grantRecordsFrom([SP], [entry()])).toEqual({ [`${SP}/${MAIL}`]: { at: "2026-06-01T12:00:00.1234567Z", by: "ann@contoso.com" } });
    expect(Object.keys(grantRecordsFrom([SP], [entry({}, "ann@contoso.com", JSON.stringify([MAIL.toUpperCase()]))]))).toEqual([
      `${SP}/${MAIL}`,
    ]);
    expect(Object.keys(grantRecordsFrom([SP], [entry({}, "ann@contoso.com", MAIL)]))).toEqual([`${SP}/${MAIL}`]);
  });

  it("names the initiating app when no user did it", () => {
    const byApp = entry({ initiatedBy: { user: null, app: { appId: "x", displayName: "Provisioning robot", servicePrincipalId: null } } });
    expect(Object.values(grantRecordsFrom([SP], [byApp]))).toEqual([{ at: byApp.activityDateTime, by: "Provisioning robot" }]);
  });

  it("drops entries that are not successful grants to the asked service principals, or whose values are not fit to show", () => {
    const dropped = [
      entry({ activityDisplayName: AUDIT_ACTIVITIES.appRoleAssignmentRemoved }),
      entry({ result: "failure" }),
      entry({ activityDateTime: "yesterday" }),
      entry({
        targetResources: [
          {
            id: "another",
            type: "ServicePrincipal",
            displayName: null,
            modifiedProperties: [{ displayName: "AppRole.Id", oldValue: null, newValue: JSON.stringify(MAIL) }],
          },
        ],
      }),
      entry({
        targetResources: [
          {
            id: SP,
            type: "User",
            displayName: null,
            modifiedProperties: [{ displayName: "AppRole.Id", oldValue: null, newValue: JSON.stringify(MAIL) }],
          },
        ],
      }),
      entry({}, "ann\n@contoso.com"),
      entry({}, "ann@contoso.com\u202e"),
      entry({}, "not a upn"),
      entry({}, null),
      entry({}, "ann@contoso.com", JSON.stringify("not-a-guid")),
      entry({}, "ann@contoso.com", null),
    ];
    for (const e of dropped) expect(grantRecordsFrom([SP], [e]), JSON.stringify(e)).toEqual({});
  });

  it("reads values the way the audit log encodes them", () => {
    expect(auditValue('"x"')).toBe("x");
    expect(auditValue('["x"]')).toBe("x");
    expect(auditValue('["x","y"]')).toBeNull();
    expect(auditValue("x")).toBe("x");
    expect(auditValue(null)).toBeNull();
  });
});
