import { authorizeDirectoryAudits } from "./authz";
import { directoryAuditJson } from "./directory-audits";
import { collection, extraSegment, type GraphCtx, type GraphResult, type Segment } from "./graph-common";
import { methodNotAllowed } from "./http";

/**
 * GET /auditLogs/directoryAudits, v1.0 and beta (https://learn.microsoft.com/graph/api/directoryaudit-list):
 * `$filter` on the properties the directoryAudit resource documents as filterable
 * (https://learn.microsoft.com/graph/api/resources/directoryaudit): activityDisplayName (eq, startswith),
 * category, correlationId, id, loggedByService (eq), initiatedBy/user/… and initiatedBy/app/… (eq; startswith on
 * the user's UPN), and targetResources by id or displayName (`targetResources/any(t: t/id eq '…')`); `$top` with
 * paging. Newest first. Date-range filters (activityDateTime ge/le) and `$orderby` are not simulated.
 * Authorization: authz.ts, authorizeDirectoryAudits (AuditLog.Read.All + Directory.Read.All, a reports-reading role,
 * no licence).
 */

const DIRECTORY_AUDIT_FILTERS = {
  id: ["eq"],
  activityDisplayName: ["eq", "startswith"],
  category: ["eq"],
  correlationId: ["eq"],
  loggedByService: ["eq"],
  "initiatedBy/user/id": ["eq"],
  "initiatedBy/user/displayName": ["eq"],
  "initiatedBy/user/userPrincipalName": ["eq", "startswith"],
  "initiatedBy/app/appId": ["eq"],
  "initiatedBy/app/displayName": ["eq"],
  "targetResources/id": ["any"],
  "targetResources/displayName": ["any"],
} as const;

export function routeDirectoryAudits(ctx: GraphCtx, log: Segment, more: readonly Segment[]): GraphResult {
  if (log.key || more.length > 0) throw extraSegment(more.length > 0 ? more : [log]);
  if (ctx.req.method !== "GET") throw methodNotAllowed();
  authorizeDirectoryAudits(ctx.caller);
  const entries = ctx.dir.directoryAudits.slice().reverse().map(directoryAuditJson);
  return collection(ctx, entries, {
    typeName: "directoryAudit",
    resourceType: "directoryAudit",
    contextFragment: "auditLogs/directoryAudits",
    filterSupport: DIRECTORY_AUDIT_FILTERS,
  });
}
