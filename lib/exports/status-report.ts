import type { StatusBoard } from "@/lib/tenant/board";
import { grantKey } from "@/lib/tenant/grant-audit";
import { FIXERS } from "@/lib/tenant/status";
import { jsonText } from "@/lib/text/safe";

/**
 * The status board as a file: the whole state of every connector, for a ticket or an audit. Ids, states,
 * reasons and sign-in evidence only: no token, no secret (Graph never returns secret values anyway).
 */
const STATUS_REPORT_FORMAT = "psoxy-m365-wizard.status/v1";

export function statusReport(board: StatusBoard, tenantId: string) {
  return {
    format: STATUS_REPORT_FORMAT,
    tenantId,
    readAt: board.readAt,
    signIns: board.signIns.status === "ok" ? "read" : `unavailable: ${board.signIns.message}`,
    connectors: board.statuses.map((status) => {
      const app = status.app;
      const evidence = app && board.signIns.status === "ok" ? board.signIns.byAppId[app.application.appId] : undefined;
      return {
        environmentId: status.environmentId,
        connectorIds: status.connectorIds,
        displayName: status.displayName,
        clientId: app?.application.appId ?? null,
        objectId: app?.application.id ?? null,
        servicePrincipalId: app?.servicePrincipal?.id ?? null,
        managedBy: app?.managedBy ?? null,
        state: status.state,
        reason: status.reason,
        nextAction: status.nextAction,
        who: status.who ? `${FIXERS[status.who].title} (${FIXERS[status.who].roles})` : null,
        checks: status.checks.map(({ id, label, state, detail }) => ({ id, label, state, detail })),
        permissions: {
          configuredMissing: status.configured.missing.map((p) => p.permission),
          configuredExtra: status.configured.extra.map((p) => p.permission),
          grantedMissing: status.granted.missing.map((p) => p.permission),
          grantedExtra: status.granted.extra.map((p) => p.permission),
          grants: status.grants.map((grant) => ({
            appRoleId: grant.appRoleId,
            createdDateTime: grant.createdDateTime,
            grantedBy:
              app?.servicePrincipal && board.grantAudit.status === "ok"
                ? (board.grantAudit.byAssignment[grantKey(app.servicePrincipal.id, grant.appRoleId)]?.by ?? null)
                : null,
          })),
        },
        owners: app?.owners.map((owner) => owner.userPrincipalName ?? owner.displayName ?? owner.id) ?? [],
        lastSignIn: evidence?.lastSignIn ?? null,
        recentFailures: evidence?.failures.map((f) => ({ at: f.at, code: `AADSTS${f.errorCode}`, explanation: f.explanation })) ?? [],
      };
    }),
  };
}

/** Invisible characters read from the tenant (names, notes) are written as \uXXXX escapes (see jsonText). */
export function statusReportText(board: StatusBoard, tenantId: string): string {
  return jsonText(statusReport(board, tenantId));
}

/** `psoxy-status-<YYYY-MM-DD>.json`, from the read time only (nothing from the tenant reaches the name). */
export function statusReportFileName(readAt: string): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(readAt)?.[0] ?? "report";
  return `psoxy-status-${day}.json`;
}
