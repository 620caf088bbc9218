import { describe, expect, it } from "vitest";
import { DIRECTORY_ROLES } from "@/lib/connectors/microsoft-ids";
import { AUDIT_ACTIVITIES, GraphError, auditCalls, directoryCalls, mapDirectoryAudit, toBatchItem } from "@/lib/graph";

const PRA = DIRECTORY_ROLES.privilegedRoleAdministrator.templateId;
const SP = "5d2f1b0c-1111-4a4a-8b8b-0123456789ab";
const answer = (body: unknown) => ({ status: 200, headers: {}, body });

describe("directoryCalls.listRoleMembers", () => {
  it("addresses the role by template id and selects what names a person", () => {
    const call = directoryCalls.listRoleMembers(PRA, { label: "Privileged Role Administrator" });
    expect(call.method).toBe("GET");
    expect(decodeURIComponent(call.url)).toBe(`/directoryRoles(roleTemplateId='${PRA}')/members?$select=id,displayName,userPrincipalName`);
    expect(call.operation).toBe("List who holds the Privileged Role Administrator role");
    expect(toBatchItem(call, "r0")).toMatchObject({ id: "r0", method: "GET", action: "listRoleMembers" });
  });

  it("reads users (and other member types) from the directoryObject collection", () => {
    const page = directoryCalls.listRoleMembers(PRA).parse(
      answer({
        value: [
          { "@odata.type": "#microsoft.graph.user", id: "u1", displayName: "Morgan Rivera", userPrincipalName: "morgan@contoso.com" },
          { "@odata.type": "#microsoft.graph.servicePrincipal", id: "sp1", displayName: "Automation" },
        ],
      }),
    );
    expect(page.items).toEqual([
      { id: "u1", type: "user", displayName: "Morgan Rivera", userPrincipalName: "morgan@contoso.com" },
      { id: "sp1", type: "servicePrincipal", displayName: "Automation", userPrincipalName: null },
    ]);
  });

  it("treats a role that is not activated (404) as nobody holding it, and nothing else", () => {
    const call = directoryCalls.listRoleMembers(PRA);
    const error = (status: number) =>
      new GraphError({
        status,
        code: status === 404 ? "Request_ResourceNotFound" : "Authorization_RequestDenied",
        graphMessage: "",
        operation: "x",
      });
    expect(call.recover?.(error(404))).toEqual({ value: { items: [], nextLink: null } });
    expect(call.recover?.(error(403))).toBeUndefined();
  });
});

describe("auditCalls.listAppRoleAssignmentsAdded", () => {
  it("filters on the documented activity name and the target service principal", () => {
    const call = auditCalls.listAppRoleAssignmentsAdded(SP);
    expect(decodeURIComponent(call.url)).toBe(
      `/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Add app role assignment to service principal' and targetResources/any(t: t/id eq '${SP}')&$top=100`,
    );
    expect(call.version).toBeUndefined();
    expect(toBatchItem(call, "g0").action).toBe("listDirectoryAudits");
    expect(AUDIT_ACTIVITIES.appRoleAssignmentRemoved).toBe("Remove app role assignment from service principal");
  });

  it("maps the documented directoryAudit shape, including the example's `Type` spelling", () => {
    const audit = mapDirectoryAudit({
      id: "Directory_1",
      category: "ApplicationManagement",
      activityDisplayName: AUDIT_ACTIVITIES.appRoleAssignmentAdded,
      activityDateTime: "2026-06-01T12:01:00.1234567Z",
      result: "success",
      initiatedBy: { user: { id: "u1", displayName: null, userPrincipalName: "morgan@contoso.com", ipAddress: "203.0.113.1" }, app: null },
      targetResources: [
        {
          id: SP,
          displayName: "Psoxy",
          Type: "ServicePrincipal",
          modifiedProperties: [{ displayName: "AppRole.Id", oldValue: null, newValue: '"x"' }],
        },
      ],
      additionalDetails: [],
    });
    expect(audit).toEqual({
      id: "Directory_1",
      activityDisplayName: AUDIT_ACTIVITIES.appRoleAssignmentAdded,
      activityDateTime: "2026-06-01T12:01:00.1234567Z",
      category: "ApplicationManagement",
      result: "success",
      initiatedBy: { user: { id: "u1", displayName: null, userPrincipalName: "morgan@contoso.com" }, app: null },
      targetResources: [
        {
          id: SP,
          type: "ServicePrincipal",
          displayName: "Psoxy",
          modifiedProperties: [{ displayName: "AppRole.Id", oldValue: null, newValue: '"x"' }],
        },
      ],
    });
    expect(() => mapDirectoryAudit({ id: "x", activityDisplayName: "y" })).toThrow(/directory audit entry/);
  });
});
