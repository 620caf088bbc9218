import { z } from "zod";
import { odataString, queryString, type GraphCall } from "./calls";
import { mapPage, WireShapeError } from "./mappers";
import type { Page } from "./types";

/**
 * The Microsoft Entra directory audit log, v1.0, in the same `GraphCall` shape as `calls` (goes into a v1.0 `$batch`
 * with `toBatchItem(call, id)`): GET /auditLogs/directoryAudits (https://learn.microsoft.com/graph/api/directoryaudit-list).
 * Delegated permissions AuditLog.Read.All and Directory.Read.All, and a signed-in user with a role that may read
 * audit logs (Reports Reader, Security Reader, Security Administrator; Global Reader). Audit logs need no Entra ID
 * P1/P2 licence (https://learn.microsoft.com/entra/identity/monitoring-health/concept-audit-logs).
 */

/**
 * Activity names of app role assignments to service principals (application permissions), from the audit activity
 * reference, Core Directory, category ApplicationManagement
 * (https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities).
 */
export const AUDIT_ACTIVITIES = {
  appRoleAssignmentAdded: "Add app role assignment to service principal",
  appRoleAssignmentRemoved: "Remove app role assignment from service principal",
} as const;

/** One audited change, reduced to what the wizard reads (https://learn.microsoft.com/graph/api/resources/directoryaudit). */
export interface DirectoryAudit {
  id: string;
  activityDisplayName: string;
  /** ISO date-time (UTC). */
  activityDateTime: string;
  category: string | null;
  /** `success`, `failure`, `timeout`, …; null when Graph does not say. */
  result: string | null;
  initiatedBy: {
    user: { id: string | null; displayName: string | null; userPrincipalName: string | null } | null;
    app: { appId: string | null; displayName: string | null; servicePrincipalId: string | null } | null;
  };
  targetResources: {
    id: string | null;
    type: string | null;
    displayName: string | null;
    /** Values as the log shows them: JSON-encoded strings, e.g. `"\"df021288-…\""`. */
    modifiedProperties: { displayName: string | null; oldValue: string | null; newValue: string | null }[];
  }[];
}

const nstr = z.string().nullish();

/** Zod schema of the wire JSON, exported for tests. */
const auditWire = {
  directoryAudit: z.object({
    id: z.string(),
    activityDisplayName: z.string(),
    activityDateTime: z.string(),
    category: nstr,
    result: nstr,
    initiatedBy: z
      .object({
        user: z.object({ id: nstr, displayName: nstr, userPrincipalName: nstr }).nullish(),
        app: z.object({ appId: nstr, displayName: nstr, servicePrincipalId: nstr }).nullish(),
      })
      .nullish(),
    targetResources: z
      .array(
        z.object({
          id: nstr,
          // The documented example spells it `Type`; current answers use `type`.
          type: nstr,
          Type: nstr,
          displayName: nstr,
          modifiedProperties: z.array(z.object({ displayName: nstr, oldValue: nstr, newValue: nstr })).nullish(),
        }),
      )
      .nullish(),
  }),
};

export function mapDirectoryAudit(json: unknown): DirectoryAudit {
  const result = auditWire.directoryAudit.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new WireShapeError(
      `Unexpected directory audit entry from Graph (${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"})`,
    );
  }
  const w = result.data;
  const user = w.initiatedBy?.user;
  const app = w.initiatedBy?.app;
  return {
    id: w.id,
    activityDisplayName: w.activityDisplayName,
    activityDateTime: w.activityDateTime,
    category: w.category ?? null,
    result: w.result ?? null,
    initiatedBy: {
      user: user ? { id: user.id ?? null, displayName: user.displayName ?? null, userPrincipalName: user.userPrincipalName ?? null } : null,
      app: app
        ? { appId: app.appId ?? null, displayName: app.displayName ?? null, servicePrincipalId: app.servicePrincipalId ?? null }
        : null,
    },
    targetResources: (w.targetResources ?? []).map((t) => ({
      id: t.id ?? null,
      type: t.type ?? t.Type ?? null,
      displayName: t.displayName ?? null,
      modifiedProperties: (t.modifiedProperties ?? []).map((p) => ({
        displayName: p.displayName ?? null,
        oldValue: p.oldValue ?? null,
        newValue: p.newValue ?? null,
      })),
    })),
  };
}

/** Enough for every grant of one service principal (the catalog has 14 permissions) with room for re-grants. */
const AUDIT_PAGE_SIZE = 100;

export const auditCalls = {
  /**
   * The "Add app role assignment to service principal" entries whose target is this (client) service principal:
   * who granted it which application permission, and when. Filters documented on the resource: activityDisplayName
   * (eq) and targetResources id (eq, as a lambda).
   */
  listAppRoleAssignmentsAdded: (
    servicePrincipalId: string,
    options: { top?: number; label?: string } = {},
  ): GraphCall<Page<DirectoryAudit>> => ({
    method: "GET",
    url: `/auditLogs/directoryAudits${queryString({
      $filter: `activityDisplayName eq ${odataString(AUDIT_ACTIVITIES.appRoleAssignmentAdded)} and targetResources/any(t: t/id eq ${odataString(servicePrincipalId)})`,
      $top: String(options.top ?? AUDIT_PAGE_SIZE),
    })}`,
    operation: `Read who granted permissions to ${options.label ?? servicePrincipalId}`,
    action: "listDirectoryAudits",
    parse: (a) => mapPage(a.body, mapDirectoryAudit),
  }),

  /** The tenant's latest "Add app role assignment to service principal" entries, before the service principals are known. */
  listRecentAppRoleAssignmentsAdded: (options: { top?: number } = {}): GraphCall<Page<DirectoryAudit>> => ({
    method: "GET",
    url: `/auditLogs/directoryAudits${queryString({
      $filter: `activityDisplayName eq ${odataString(AUDIT_ACTIVITIES.appRoleAssignmentAdded)}`,
      $top: String(options.top ?? AUDIT_PAGE_SIZE),
    })}`,
    operation: "Read who granted application permissions recently",
    action: "listDirectoryAudits",
    parse: (a) => mapPage(a.body, mapDirectoryAudit),
  }),
} as const;
