import { DIRECTORY_ROLES } from "@/lib/connectors/microsoft-ids";
import {
  AUDIT_ACTIVITIES,
  GRAPH_ERROR_CODES,
  GraphError,
  auditCalls,
  describeGraphError,
  readBatchItem,
  runCall,
  toBatchItem,
  withRestOfPages,
  type DirectoryAudit,
  type GraphClient,
} from "@/lib/graph";
import { isGuid } from "@/lib/text/guid";
import { hasUnsafeText } from "@/lib/text/safe";

/**
 * Who granted each Microsoft Graph application permission, where the directory audit log is readable: the
 * "Add app role assignment to service principal" entries (https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities)
 * whose target is a connector's service principal. One v1.0 `$batch`, one request per service principal
 * (https://learn.microsoft.com/graph/api/directoryaudit-list). Reading needs AuditLog.Read.All and Directory.Read.All
 * and a role such as Reports Reader, Security Reader or Global Reader; no Entra ID P1/P2 licence is needed. Graph
 * errors never throw: the answer says why it is unavailable. Values come from the tenant and are shown, so they are
 * validated; an entry that fails is left out.
 */

export interface GrantRecord {
  /** When the permission was granted (the audit entry's activityDateTime, ISO). */
  at: string;
  /** Who granted it: the user's UPN, or the display name of the app that did. */
  by: string;
}

export type GrantAuditUnavailableReason = "role" | "scope" | "error";

export type GrantAudit =
  /** Keyed by `${servicePrincipalId}/${appRoleId}`, lower case; the latest grant of each. */
  | { status: "ok"; byAssignment: Record<string, GrantRecord> }
  | { status: "unavailable"; reason: GrantAuditUnavailableReason; message: string; error?: GraphError };

const READER_ROLES = [DIRECTORY_ROLES.reportsReader, DIRECTORY_ROLES.securityReader, DIRECTORY_ROLES.globalReader]
  .map((r) => r.displayName)
  .join(", ");

export const GRANT_AUDIT_MESSAGES: Record<Exclude<GrantAuditUnavailableReason, "error">, string> = {
  role: `Who granted each permission is recorded in the directory audit log, which your account can't read: it needs ${READER_ROLES}. The grants themselves are shown as usual.`,
  scope:
    "Reading who granted each permission needs the AuditLog.Read.All permission for this wizard: sign in again and consent, or ask an administrator to grant it.",
};

/** The key of one grant in `byAssignment`. */
export function grantKey(servicePrincipalId: string, appRoleId: string): string {
  return `${servicePrincipalId}/${appRoleId}`.toLowerCase();
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$/;
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 256;

const fitToShow = (value: string | null | undefined): value is string =>
  typeof value === "string" && value.trim() !== "" && value.length <= MAX_TEXT && !hasUnsafeText(value);

/** A modified property's value as the log writes it (`"\"x\""`, `"[\"x\"]"` or plain `x`), as one string. */
export function auditValue(raw: string | null): string | null {
  if (raw === null) return null;
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: the plain text is the value.
  }
  if (Array.isArray(value)) value = value.length === 1 ? value[0] : undefined;
  return typeof value === "string" ? value : null;
}

/** Who, in words fit to show: the user's UPN, else the initiating app's display name; null when neither is valid. */
function initiator(entry: DirectoryAudit): string | null {
  const upn = entry.initiatedBy.user?.userPrincipalName;
  if (fitToShow(upn) && UPN.test(upn)) return upn;
  const app = entry.initiatedBy.app?.displayName;
  if (fitToShow(app)) return app.trim();
  return null;
}

/**
 * Pure: the grant records of the given service principals from audit entries. Only successful "Add app role
 * assignment to service principal" entries targeting one of them count; the app role id comes from the target's
 * `AppRole.Id` property. The latest entry wins when a permission was granted more than once.
 */
export function grantRecordsFrom(servicePrincipalIds: readonly string[], entries: readonly DirectoryAudit[]): Record<string, GrantRecord> {
  const wanted = new Set(servicePrincipalIds.map((id) => id.toLowerCase()));
  const records: Record<string, GrantRecord> = {};
  for (const entry of entries) {
    if (entry.activityDisplayName.toLowerCase() !== AUDIT_ACTIVITIES.appRoleAssignmentAdded.toLowerCase()) continue;
    if (entry.result !== null && entry.result.toLowerCase() !== "success") continue;
    if (!ISO_DATE_TIME.test(entry.activityDateTime) || Number.isNaN(Date.parse(entry.activityDateTime))) continue;
    const by = initiator(entry);
    if (by === null) continue;
    for (const target of entry.targetResources) {
      const spId = target.id?.toLowerCase();
      if (!spId || !wanted.has(spId) || (target.type !== null && target.type.toLowerCase() !== "serviceprincipal")) continue;
      const roleProperty = target.modifiedProperties.find((p) => p.displayName?.toLowerCase() === "approle.id");
      const appRoleId = auditValue(roleProperty?.newValue ?? null);
      if (!appRoleId || !isGuid(appRoleId)) continue;
      const key = grantKey(spId, appRoleId);
      const earlier = records[key];
      if (!earlier || Date.parse(entry.activityDateTime) > Date.parse(earlier.at)) records[key] = { at: entry.activityDateTime, by };
    }
  }
  return records;
}

const REASON_ORDER: readonly GrantAuditUnavailableReason[] = ["scope", "role", "error"];

function reasonOf(error: GraphError): GrantAuditUnavailableReason {
  if (error.code === GRAPH_ERROR_CODES.msGraphPermissionMissing) return "scope";
  if (error.status === 403) return "role";
  return "error";
}

/** The most telling of several errors: scope before role before anything else. */
function grantAuditUnavailable(errors: readonly GraphError[]): Extract<GrantAudit, { status: "unavailable" }> {
  const ranked = errors
    .map((error) => ({ error, reason: reasonOf(error) }))
    .sort((a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason));
  const first = ranked[0];
  if (!first) throw new Error("grantAuditUnavailable needs at least one error");
  const { error, reason } = first;
  if (reason !== "error") return { status: "unavailable", reason, message: GRANT_AUDIT_MESSAGES[reason], error };
  const ids = [error.code, error.requestId ? `request-id ${error.requestId}` : null].filter(Boolean).join(", ");
  return {
    status: "unavailable",
    reason,
    message: `Who granted each permission could not be read from the audit log (${ids}). ${describeGraphError(error).nextStep}`,
    error,
  };
}

/** Reads who granted which permission to the given service principals (object ids), in one v1.0 `$batch`. */
export async function readGrantAudit(client: GraphClient, servicePrincipalIds: readonly string[]): Promise<GrantAudit> {
  const ids = [...new Set(servicePrincipalIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return { status: "ok", byAssignment: {} };
  const items = ids.map((id, i) => {
    const call = auditCalls.listAppRoleAssignmentsAdded(id);
    return { call, item: toBatchItem(call, `g${i}`) };
  });
  let result;
  try {
    result = await client.batch(items.map((i) => i.item));
  } catch (error) {
    if (error instanceof GraphError) return grantAuditUnavailable([error]);
    throw error;
  }
  const entries: DirectoryAudit[] = [];
  const errors: GraphError[] = [];
  for (const { call, item } of items) {
    try {
      entries.push(...(await withRestOfPages(client, call, readBatchItem(item, result.get(item.id)))));
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      errors.push(error);
    }
  }
  return errors.length > 0 ? grantAuditUnavailable(errors) : { status: "ok", byAssignment: grantRecordsFrom(ids, entries) };
}

/** The tenant's latest grant entries (one page, no service principal ids needed), or why they cannot be read. */
export type RecentGrantAudit = { status: "ok"; entries: DirectoryAudit[] } | Extract<GrantAudit, { status: "unavailable" }>;

/**
 * One request that can run alongside the snapshot's second round trip (the status board's case): the latest
 * grant entries of the whole tenant. Pair it with the service principals later with `grantAuditFor`.
 */
export async function readRecentGrantAudit(client: GraphClient): Promise<RecentGrantAudit> {
  try {
    return { status: "ok", entries: await runCall(client, auditCalls.listRecentAppRoleAssignmentsAdded()).then((page) => page.items) };
  } catch (error) {
    if (error instanceof GraphError) return grantAuditUnavailable([error]);
    throw error;
  }
}

export function grantAuditFor(recent: RecentGrantAudit, servicePrincipalIds: readonly string[]): GrantAudit {
  return recent.status === "ok" ? { status: "ok", byAssignment: grantRecordsFrom(servicePrincipalIds, recent.entries) } : recent;
}
