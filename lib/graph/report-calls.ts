import { z } from "zod";
import { odataString, queryString, type GraphCall } from "./calls";
import { mapPage, parseWith } from "./mappers";
import type { Page, ServicePrincipalSignInActivity, SignInActivityStamp, SignInEvent } from "./types";

/**
 * Sign-in evidence from Microsoft Graph **beta** (the endpoints exist only there), in the same `GraphCall`
 * shape as `calls`, so each goes into a beta `$batch` with `toBatchItem(call, id, undefined, "beta")`.
 * - servicePrincipalSignInActivities: https://learn.microsoft.com/graph/api/reportroot-list-serviceprincipalsigninactivities?view=graph-rest-beta
 * - signIns: https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-beta
 * Both need AuditLog.Read.All, a tenant with Microsoft Entra ID P1/P2 and, for the signed-in user, a role that
 * may read sign-in reports (Reports Reader, Security Reader, Global Reader, …).
 */

const nstr = z.string().nullish();

const stampWire = z.object({ lastSignInDateTime: nstr, lastSignInRequestId: nstr }).nullish();

/** Zod schemas of the wire JSON, exported for tests. */
const reportWire = {
  servicePrincipalSignInActivity: z.object({
    id: z.string(),
    appId: z.string(),
    lastSignInActivity: stampWire,
    applicationAuthenticationClientSignInActivity: stampWire,
    applicationAuthenticationResourceSignInActivity: stampWire,
    delegatedClientSignInActivity: stampWire,
    delegatedResourceSignInActivity: stampWire,
  }),
  signIn: z.object({
    id: z.string(),
    createdDateTime: z.string(),
    appId: nstr,
    appDisplayName: nstr,
    servicePrincipalId: nstr,
    signInEventTypes: z.array(z.string()).nullish(),
    resourceDisplayName: nstr,
    status: z.object({ errorCode: z.number().int().nullish(), failureReason: nstr, additionalDetails: nstr }).nullish(),
  }),
};

/** A stamp with no date is "never": null. */
function toStamp(w: z.output<typeof stampWire>): SignInActivityStamp | null {
  if (!w || !w.lastSignInDateTime) return null;
  return { lastSignInDateTime: w.lastSignInDateTime, lastSignInRequestId: w.lastSignInRequestId ?? null };
}

export function mapServicePrincipalSignInActivity(json: unknown): ServicePrincipalSignInActivity {
  const w = parseWith(reportWire.servicePrincipalSignInActivity, json, "service principal sign-in activity");
  return {
    id: w.id,
    appId: w.appId,
    lastSignInActivity: toStamp(w.lastSignInActivity),
    applicationAuthenticationClientSignInActivity: toStamp(w.applicationAuthenticationClientSignInActivity),
    applicationAuthenticationResourceSignInActivity: toStamp(w.applicationAuthenticationResourceSignInActivity),
    delegatedClientSignInActivity: toStamp(w.delegatedClientSignInActivity),
    delegatedResourceSignInActivity: toStamp(w.delegatedResourceSignInActivity),
  };
}

export function mapSignInEvent(json: unknown): SignInEvent {
  const w = parseWith(reportWire.signIn, json, "sign-in");
  return {
    id: w.id,
    createdDateTime: w.createdDateTime,
    appId: w.appId ?? null,
    appDisplayName: w.appDisplayName ?? null,
    servicePrincipalId: w.servicePrincipalId || null,
    signInEventTypes: w.signInEventTypes ?? [],
    resourceDisplayName: w.resourceDisplayName ?? null,
    errorCode: w.status?.errorCode ?? 0,
    failureReason: w.status?.failureReason ?? null,
    additionalDetails: w.status?.additionalDetails ?? null,
  };
}

/** Default page of recent service principal sign-ins: enough to find the last few failures between successes. */
const RECENT_SIGN_INS = 50;

export const reportCalls = {
  /**
   * The sign-in activity report row of one application (`$filter=appId eq '…'`); null when the app has no
   * recorded activity. Only successful sign-ins count as activity.
   */
  getServicePrincipalSignInActivity: (
    appId: string,
    options: { label?: string } = {},
  ): GraphCall<ServicePrincipalSignInActivity | null> => ({
    method: "GET",
    version: "beta",
    url: `/reports/servicePrincipalSignInActivities${queryString({ $filter: `appId eq ${odataString(appId)}` })}`,
    operation: `Read the last sign-in of ${options.label ?? appId}`,
    action: "readSignInActivity",
    parse: (a) =>
      mapPage(a.body, mapServicePrincipalSignInActivity).items.find((row) => row.appId.toLowerCase() === appId.toLowerCase()) ?? null,
  }),

  /**
   * The application's most recent app-only (service principal) sign-ins, newest first. The event-type filter is
   * required: without it Graph returns interactive user sign-ins only
   * (https://learn.microsoft.com/entra/identity/monitoring-health/scenario-health-agent-id-autonomous-sign-ins).
   * `status/errorCode` supports `eq` only (https://learn.microsoft.com/graph/api/resources/signin?view=graph-rest-beta),
   * so failures are picked out of the page by the caller.
   */
  listServicePrincipalSignIns: (appId: string, options: { top?: number; label?: string } = {}): GraphCall<Page<SignInEvent>> => ({
    method: "GET",
    version: "beta",
    url: `/auditLogs/signIns${queryString({
      $filter: `signInEventTypes/any(t: t eq 'servicePrincipal') and appId eq ${odataString(appId)}`,
      $top: String(options.top ?? RECENT_SIGN_INS),
    })}`,
    operation: `List recent sign-ins of ${options.label ?? appId}`,
    action: "listSignIns",
    parse: (a) => mapPage(a.body, mapSignInEvent),
  }),
} as const;
