import { isoNow, type GraphCtx } from "./graph-common";
import type { AppRoleAssignmentRecord, AuditModifiedProperty, DirectoryAuditRecord, ServicePrincipalRecord } from "./types";

/**
 * The simulated directory audit log: what Microsoft Entra records when an app role (an application permission) is
 * assigned to, or removed from, a service principal, and the `directoryAudit` JSON Graph returns for it
 * (https://learn.microsoft.com/graph/api/resources/directoryaudit).
 *
 * Activity names and category are those of the audit activity reference, "Core Directory" section
 * (https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities):
 * ApplicationManagement | "Add app role assignment to service principal" and
 * ApplicationManagement | "Remove app role assignment from service principal".
 * The target is the service principal that received (or lost) the role; its modified properties name the app role
 * (`AppRole.Id`, `AppRole.Value`, `AppRole.DisplayName`) and the resource service principal, with values JSON-encoded
 * as the audit log shows them.
 */

const APP_ROLE_ASSIGNMENT_ACTIVITIES = {
  add: "Add app role assignment to service principal",
  remove: "Remove app role assignment from service principal",
} as const;

/** A GUID-shaped id from text, so audit ids repeat run to run without drawing from the sim's id sources. */
function guidFrom(text: string): string {
  let h = 2166136261;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${text}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    hex.push(h.toString(16).padStart(8, "0"));
  }
  const all = hex.join("");
  return `${all.slice(0, 8)}-${all.slice(8, 12)}-4${all.slice(13, 16)}-8${all.slice(17, 20)}-${all.slice(20, 32)}`;
}

const encoded = (value: string | null) => (value === null ? null : JSON.stringify(value));

function property(displayName: string, value: string | null, change: "add" | "remove"): AuditModifiedProperty {
  return change === "add"
    ? { displayName, oldValue: null, newValue: encoded(value) }
    : { displayName, oldValue: encoded(value), newValue: null };
}

/**
 * Appends the audit entry for an app role assignment made or removed through Graph by the caller. Only assignments
 * to service principals (application permissions) are audited here; user assignments have other activities.
 */
export function auditAppRoleAssignment(
  ctx: GraphCtx,
  change: "add" | "remove",
  assignment: AppRoleAssignmentRecord,
  resource: ServicePrincipalRecord,
): void {
  if (assignment.principalType !== "ServicePrincipal") return;
  const log = ctx.dir.directoryAudits;
  const client = ctx.latest.servicePrincipal(assignment.principalId);
  const role = resource.appRoles.find((r) => r.id === assignment.appRoleId);
  const at = isoNow(ctx);
  const correlationId = guidFrom(`${assignment.id}/${change}/${log.length}`);
  const user = ctx.caller.user;
  log.push({
    id: `Directory_${correlationId}_${String(log.length + 1).padStart(8, "0")}`,
    category: "ApplicationManagement",
    correlationId,
    result: "success",
    activityDisplayName: APP_ROLE_ASSIGNMENT_ACTIVITIES[change],
    activityDateTime: at,
    loggedByService: "Core Directory",
    operationType: change === "add" ? "Assign" : "Unassign",
    initiatedBy: { user: { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName } },
    targetResources: [
      {
        id: assignment.principalId,
        type: "ServicePrincipal",
        displayName: client?.displayName ?? assignment.principalDisplayName,
        modifiedProperties: [
          property("AppRole.Id", assignment.appRoleId, change),
          property("AppRole.Value", role?.value ?? null, change),
          property("AppRole.DisplayName", role?.displayName ?? null, change),
          property("AppRoleAssignment.CreatedDateTime", assignment.createdDateTime, change),
          property("AppRoleAssignment.LastModifiedDateTime", change === "add" ? assignment.createdDateTime : at, change),
          property("ServicePrincipal.ObjectID", resource.id, change),
          property("ServicePrincipal.DisplayName", resource.displayName, change),
          property("ServicePrincipal.AppId", resource.appId, change),
        ],
      },
    ],
  });
}

/** The `directoryAudit` JSON of one entry. */
export function directoryAuditJson(a: DirectoryAuditRecord): Record<string, unknown> {
  return {
    id: a.id,
    category: a.category,
    correlationId: a.correlationId,
    result: a.result,
    resultReason: "",
    activityDisplayName: a.activityDisplayName,
    activityDateTime: a.activityDateTime,
    loggedByService: a.loggedByService,
    operationType: a.operationType,
    initiatedBy: {
      app: null,
      user: { ...a.initiatedBy.user, ipAddress: null, userType: null, homeTenantId: null, homeTenantName: null },
    },
    userAgent: null,
    targetResources: a.targetResources.map((t) => ({
      id: t.id,
      displayName: t.displayName,
      type: t.type,
      userPrincipalName: null,
      groupType: null,
      modifiedProperties: t.modifiedProperties.map((p) => ({ ...p })),
    })),
    additionalDetails: [],
  };
}
