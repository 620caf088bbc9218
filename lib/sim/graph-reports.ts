import { authorizeSignInLogs } from "./authz";
import { routeDirectoryAudits } from "./graph-audits";
import { collection, extraSegment, type GraphCtx, type GraphResult, type Segment } from "./graph-common";
import { methodNotAllowed, segmentNotFound } from "./http";
import { parseFilter, queryOption, type FilterNode } from "./odata";
import { servicePrincipalSignInActivities, signInJson } from "./sign-ins";

/**
 * Sign-in evidence, beta only:
 * - GET /reports/servicePrincipalSignInActivities
 *   (https://learn.microsoft.com/graph/api/reportroot-list-serviceprincipalsigninactivities?view=graph-rest-beta):
 *   `$filter` on appId (eq; `in` as well) and `$top`.
 * - GET /auditLogs/signIns (https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-beta): newest first,
 *   `$filter` (appId eq, signInEventTypes/any, status/errorCode eq; https://learn.microsoft.com/graph/api/resources/signin?view=graph-rest-beta)
 *   and `$top`. Without a signInEventTypes filter only interactive user sign-ins are returned
 *   (https://learn.microsoft.com/entra/identity/monitoring-health/scenario-health-agent-id-autonomous-sign-ins).
 * Both need AuditLog.Read.All, an Entra ID P1/P2 tenant and a sign-in-reading role (authz.ts, authorizeSignInLogs).
 */

const ACTIVITY_FILTERS = { appId: ["eq", "in"], id: ["eq"] } as const;

const SIGN_IN_FILTERS = {
  id: ["eq"],
  appId: ["eq"],
  appDisplayName: ["eq", "startswith"],
  userId: ["eq"],
  userPrincipalName: ["eq", "startswith"],
  servicePrincipalId: ["eq"],
  signInEventTypes: ["any"],
  "status/errorCode": ["eq"],
} as const;

function requireGet(ctx: GraphCtx): void {
  if (ctx.req.method !== "GET") throw methodNotAllowed();
}

/** The v1.0 endpoint has no such segment: these are beta APIs. */
function requireBeta(ctx: GraphCtx, segment: Segment): void {
  if (ctx.req.version !== "beta") throw segmentNotFound(segment.name);
}

export function routeReports(ctx: GraphCtx, rest: readonly Segment[]): GraphResult {
  const [report, ...more] = rest;
  if (!report) throw segmentNotFound("reports");
  if (report.lower !== "serviceprincipalsigninactivities") throw segmentNotFound(report.name);
  requireBeta(ctx, report);
  if (report.key || more.length > 0) throw extraSegment(more.length > 0 ? more : [report]);
  requireGet(ctx);
  authorizeSignInLogs(ctx.caller);
  return collection(ctx, servicePrincipalSignInActivities(ctx.dir), {
    typeName: "servicePrincipalSignInActivity",
    resourceType: "servicePrincipalSignInActivity",
    contextFragment: "reports/servicePrincipalSignInActivities",
    filterSupport: ACTIVITY_FILTERS,
  });
}

/** Event types a filter asks for with `signInEventTypes/any(t: t eq '…')`. */
function requestedEventTypes(node: FilterNode): string[] {
  switch (node.op) {
    case "and":
    case "or":
      return [...requestedEventTypes(node.left), ...requestedEventTypes(node.right)];
    case "any":
      return node.prop.toLowerCase() === "signineventtypes" ? [node.value] : [];
    default:
      return [];
  }
}

export function routeAuditLogs(ctx: GraphCtx, rest: readonly Segment[]): GraphResult {
  const [log, ...more] = rest;
  if (!log) throw segmentNotFound("auditLogs");
  // The directory audit log is in v1.0 and beta (graph-audits.ts); sign-ins are beta only here.
  if (log.lower === "directoryaudits") return routeDirectoryAudits(ctx, log, more);
  if (log.lower !== "signins") throw segmentNotFound(log.name);
  requireBeta(ctx, log);
  if (log.key || more.length > 0) throw extraSegment(more.length > 0 ? more : [log]);
  requireGet(ctx);
  authorizeSignInLogs(ctx.caller);
  const filterText = queryOption(ctx.req.query, "filter");
  const askedTypes = filterText && filterText.trim() !== "" ? requestedEventTypes(parseFilter(filterText)) : [];
  const entries = ctx.dir.signIns
    .filter((s) => askedTypes.length > 0 || s.signInEventTypes.includes("interactiveUser"))
    .slice()
    .reverse()
    .map(signInJson);
  return collection(ctx, entries, {
    typeName: "signIn",
    resourceType: "signIn",
    contextFragment: "auditLogs/signIns",
    filterSupport: SIGN_IN_FILTERS,
  });
}
