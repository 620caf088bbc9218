import { describe, expect, it } from "vitest";
import { GRAPH_APP_ROLE_IDS } from "@/lib/connectors/microsoft-ids";
import { createTenantSim, type TenantSim } from "./index";
import { PERSONAS } from "./personas";
import { json, signInAs } from "./testing";

type Property = { displayName: string; oldValue: string | null; newValue: string | null };
type Target = { id: string; type: string; displayName: string | null; modifiedProperties: Property[] };
type Audit = {
  id: string;
  category: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  result: string;
  initiatedBy: { user: { id: string; displayName: string; userPrincipalName: string } | null; app: unknown };
  targetResources: Target[];
};
type List<T> = { value: T[]; "@odata.context": string; "@odata.nextLink"?: string };

const GRANTER_SCOPES = ["User.Read", "Application.Read.All", "AppRoleAssignment.ReadWrite.All", "Directory.Read.All"];
const ADD = "Add app role assignment to service principal";
const REMOVE = "Remove app role assignment from service principal";
const MAIL = GRAPH_APP_ROLE_IDS["Mail.ReadBasic.All"];
const USERS = GRAPH_APP_ROLE_IDS["User.Read.All"];
const morgan = PERSONAS.find((p) => p.id === "priv-role-admin")!;

let clock = Date.parse("2026-06-01T12:00:00Z");

/** Two connector service principals; the Privileged Role Administrator grants mail + users to the first, users to the second. */
async function world(): Promise<{ sim: TenantSim; mail: { id: string }; teams: { id: string }; assignmentIds: string[] }> {
  clock = Date.parse("2026-06-01T12:00:00Z");
  const sim = createTenantSim({ now: () => clock });
  const mailApp = sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy" });
  const mail = sim.seed.servicePrincipal(mailApp.appId);
  const teamsApp = sim.seed.application({ displayName: "Psoxy Connector - Microsoft Teams psoxy" });
  const teams = sim.seed.servicePrincipal(teamsApp.appId);
  const grant = signInAs(sim, "priv-role-admin", GRANTER_SCOPES);
  const assignmentIds: string[] = [];
  for (const [principalId, appRoleId] of [
    [mail.id, MAIL],
    [mail.id, USERS],
    [teams.id, USERS],
  ] as const) {
    clock += 60_000;
    const response = await grant("POST", `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo`, {
      principalId,
      resourceId: sim.graphServicePrincipalId,
      appRoleId,
    });
    expect(response.status).toBe(201);
    assignmentIds.push((response.body as { id: string }).id);
  }
  return { sim, mail, teams, assignmentIds };
}

const audits = (filter?: string, extra = "") =>
  `/auditLogs/directoryAudits${filter ? `?$filter=${encodeURIComponent(filter)}${extra}` : ""}`;

describe("GET /auditLogs/directoryAudits", () => {
  it("records each app role assignment made through Graph, newest first, as the audit log shows it", async () => {
    const { sim, mail } = await world();
    const response = await signInAs(sim, "support")("GET", audits());
    expect(response.status).toBe(200);
    const body = json<List<Audit>>(response);
    expect(body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits");
    expect(body.value.map((a) => a.activityDateTime)).toEqual(["2026-06-01T12:03:00Z", "2026-06-01T12:02:00Z", "2026-06-01T12:01:00Z"]);
    const first = body.value[2]!;
    expect(first).toMatchObject({
      category: "ApplicationManagement",
      activityDisplayName: ADD,
      loggedByService: "Core Directory",
      result: "success",
      initiatedBy: {
        app: null,
        user: { id: morgan.objectId, displayName: morgan.displayName, userPrincipalName: morgan.userPrincipalName },
      },
    });
    expect(first.targetResources).toHaveLength(1);
    const target = first.targetResources[0]!;
    expect(target).toMatchObject({ id: mail.id, type: "ServicePrincipal", displayName: "Psoxy Connector - Outlook Mail psoxy" });
    const props = Object.fromEntries(target.modifiedProperties.map((p) => [p.displayName, p.newValue]));
    expect(props["AppRole.Id"]).toBe(JSON.stringify(MAIL));
    expect(props["AppRole.Value"]).toBe(JSON.stringify("Mail.ReadBasic.All"));
    expect(props["ServicePrincipal.ObjectID"]).toBe(JSON.stringify(sim.graphServicePrincipalId));
  });

  it("filters by activity and by target service principal, and pages with $top", async () => {
    const { sim, mail, teams } = await world();
    const graph = signInAs(sim, "support");
    const forSp = (id: string) => `activityDisplayName eq '${ADD}' and targetResources/any(t: t/id eq '${id}')`;
    const mailOnly = json<List<Audit>>(await graph("GET", audits(forSp(mail.id))));
    expect(mailOnly.value.map((a) => a.targetResources[0]!.modifiedProperties[0]!.newValue)).toEqual([
      JSON.stringify(USERS),
      JSON.stringify(MAIL),
    ]);
    expect(json<List<Audit>>(await graph("GET", audits(forSp(teams.id)))).value).toHaveLength(1);
    const paged = json<List<Audit>>(await graph("GET", audits(forSp(mail.id), "&$top=1")));
    expect(paged.value).toHaveLength(1);
    expect(paged["@odata.nextLink"]).toContain("$skiptoken=");
    const byUser = json<List<Audit>>(await graph("GET", audits(`initiatedBy/user/userPrincipalName eq '${morgan.userPrincipalName}'`)));
    expect(byUser.value).toHaveLength(3);
    const unsupported = await graph("GET", audits("resultReason eq 'x'"));
    expect([unsupported.status, unsupported.errorCode]).toEqual([400, "Request_UnsupportedQuery"]);
    const deepTarget = await graph("GET", audits("targetResources/any(t: t/modifiedProperties eq 'x')"));
    expect(deepTarget.status).toBe(400);
  });

  it("records a removal too", async () => {
    const { sim, mail, assignmentIds } = await world();
    clock += 60_000;
    const removed = await signInAs(
      sim,
      "priv-role-admin",
      GRANTER_SCOPES,
    )("DELETE", `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo/${assignmentIds[0]}`);
    expect(removed.status).toBe(204);
    const log = json<List<Audit>>(await signInAs(sim, "support")("GET", audits(`activityDisplayName eq '${REMOVE}'`)));
    expect(log.value).toHaveLength(1);
    const target = log.value[0]!.targetResources[0]!;
    expect(target.id).toBe(mail.id);
    expect(target.modifiedProperties.find((p) => p.displayName === "AppRole.Id")).toEqual({
      displayName: "AppRole.Id",
      oldValue: JSON.stringify(MAIL),
      newValue: null,
    });
  });

  it("is readable in v1.0 and beta, without Entra ID P1/P2", async () => {
    const { sim } = await world();
    sim.settings.premiumLicense = false;
    const graph = signInAs(sim, "support");
    expect((await graph("GET", audits())).status).toBe(200);
    expect((await graph("GET", "https://graph.microsoft.com/beta/auditLogs/directoryAudits")).status).toBe(200);
  });

  it("needs AuditLog.Read.All and Directory.Read.All, and a role that may read audit logs", async () => {
    const { sim } = await world();
    const noAudit = await signInAs(sim, "support", ["User.Read", "Directory.Read.All"])("GET", audits());
    expect([noAudit.status, noAudit.errorCode]).toEqual([403, "Authentication_MSGraphPermissionMissing"]);
    expect(noAudit.errorMessage).toContain("AuditLog.Read.All");
    const noDirectory = await signInAs(sim, "support", ["User.Read", "AuditLog.Read.All"])("GET", audits());
    expect([noDirectory.status, noDirectory.errorMessage]).toEqual([
      403,
      "Calling principal does not have required MSGraph permissions Directory.Read.All",
    ]);
    for (const persona of ["cloud-app-admin", "priv-role-admin", "plain-user"]) {
      const denied = await signInAs(sim, persona)("GET", audits());
      expect([persona, denied.status, denied.errorCode]).toEqual([persona, 403, "Authorization_RequestDenied"]);
    }
    for (const roles of [["reportsReader"], ["securityReader"], ["securityAdministrator"]] as const) {
      const reader = sim.seed.user({ displayName: `Reader ${roles[0]}`, roles: [...roles] });
      expect((await signInAs(sim, reader.id)("GET", audits())).status).toBe(200);
    }
    expect((await signInAs(sim, "global-admin")("GET", audits())).status).toBe(200);
  });

  it("keeps sign-ins a beta API while directory audits answer in v1.0", async () => {
    const { sim } = await world();
    const response = await signInAs(sim, "support")("GET", "/auditLogs/signIns");
    expect([response.status, response.errorMessage]).toEqual([400, "Resource not found for the segment 'signIns'."]);
  });
});
