import { MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import { PERSONAS } from "./personas";
import type { IdSource } from "./random";
import type { TenantDirectory } from "./store";
import type { SignInRecord } from "./types";

/**
 * The simulated sign-in logs: what a seeded sign-in records, the beta `signIn` JSON
 * (https://learn.microsoft.com/graph/api/resources/signin?view=graph-rest-beta) and the
 * `servicePrincipalSignInActivity` report derived from the successful sign-ins
 * (https://learn.microsoft.com/graph/api/resources/serviceprincipalsigninactivity?view=graph-rest-beta).
 */

export interface SeedSignInInput {
  /** Client id of the application that signed in (for a user sign-in: the app the user signed in to). */
  appId: string;
  /** When (ISO date-time or epoch ms); default: the sim clock now. */
  at?: string | number;
  /** 0 (default) for a success, else the AADSTS number, e.g. 70021. */
  errorCode?: number;
  /** Entra's text for a failure, e.g. "No matching federated identity record found for presented assertion." */
  failureReason?: string;
  additionalDetails?: string;
  /**
   * `servicePrincipal` (default): an app-only sign-in, as a Psoxy proxy makes with its federated credential.
   * `interactiveUser`: a user signing in to the app (needs `userPersonaId`).
   */
  eventType?: "servicePrincipal" | "interactiveUser";
  userPersonaId?: string;
  /** Default: Microsoft Graph. */
  resourceAppId?: string;
  resourceDisplayName?: string;
  ipAddress?: string;
  /** Id of the federated identity credential that matched (app-only sign-ins with a federated assertion). */
  federatedCredentialId?: string;
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function timeOf(at: string | number | undefined, now: () => number): string {
  if (at === undefined) return isoSeconds(now());
  const ms = typeof at === "number" ? at : Date.parse(at);
  if (Number.isNaN(ms)) throw new Error(`seed: '${String(at)}' is not a date-time.`);
  return isoSeconds(ms);
}

/** Appends one sign-in to the tenant's log; the log stays ordered by time. */
export function recordSignIn(dir: TenantDirectory, ids: IdSource, now: () => number, input: SeedSignInInput): { id: string } {
  const latest = dir.latest();
  const app = latest.applicationByAppId(input.appId);
  const sp = latest.servicePrincipalByAppId(input.appId);
  const kind = input.eventType ?? "servicePrincipal";
  let userId = "";
  let userPrincipalName: string | null = null;
  if (kind === "interactiveUser") {
    const persona = PERSONAS.find((p) => p.id === input.userPersonaId);
    const user = latest.user(persona?.objectId ?? input.userPersonaId ?? "");
    if (!user) throw new Error(`seed: an interactive sign-in needs a user; no user '${input.userPersonaId ?? ""}'.`);
    userId = user.id;
    userPrincipalName = user.userPrincipalName;
  }
  const errorCode = input.errorCode ?? 0;
  const record: SignInRecord = {
    id: ids.guid(),
    createdDateTime: timeOf(input.at, now),
    appId: input.appId.toLowerCase(),
    appDisplayName: app?.displayName ?? sp?.displayName ?? null,
    servicePrincipalId: kind === "servicePrincipal" ? (sp?.id ?? "") : "",
    signInEventTypes: [kind],
    userId,
    userPrincipalName,
    resourceId: input.resourceAppId ?? MICROSOFT_GRAPH_APP_ID,
    resourceDisplayName: input.resourceDisplayName ?? "Microsoft Graph",
    ipAddress: input.ipAddress ?? "203.0.113.10",
    clientCredentialType: kind === "servicePrincipal" ? "federatedIdentityCredential" : "none",
    federatedCredentialId: input.federatedCredentialId ?? null,
    errorCode,
    failureReason: errorCode === 0 ? null : (input.failureReason ?? "Other."),
    additionalDetails: input.additionalDetails ?? null,
  };
  const after = dir.signIns.findIndex((s) => s.createdDateTime > record.createdDateTime);
  if (after < 0) dir.signIns.push(record);
  else dir.signIns.splice(after, 0, record);
  return { id: record.id };
}

/** The beta `signIn` JSON of one entry (the properties the simulator models). */
export function signInJson(s: SignInRecord): Record<string, unknown> {
  const servicePrincipal = s.signInEventTypes.includes("servicePrincipal");
  return {
    id: s.id,
    createdDateTime: s.createdDateTime,
    userDisplayName: null,
    userPrincipalName: s.userPrincipalName,
    userId: s.userId,
    appId: s.appId,
    appDisplayName: s.appDisplayName,
    ipAddress: s.ipAddress,
    clientAppUsed: null,
    correlationId: s.id,
    conditionalAccessStatus: "notApplied",
    isInteractive: s.signInEventTypes.includes("interactiveUser"),
    resourceDisplayName: s.resourceDisplayName,
    resourceId: s.resourceId,
    servicePrincipalId: s.servicePrincipalId,
    servicePrincipalName: servicePrincipal ? s.appDisplayName : null,
    signInEventTypes: [...s.signInEventTypes],
    clientCredentialType: s.clientCredentialType,
    federatedCredentialId: s.federatedCredentialId,
    status: { errorCode: s.errorCode, failureReason: s.failureReason, additionalDetails: s.additionalDetails },
  };
}

type Stamp = { lastSignInDateTime: string | null; lastSignInRequestId: string | null };

const NEVER: Stamp = { lastSignInDateTime: null, lastSignInRequestId: null };

function latestOf(entries: readonly SignInRecord[]): Stamp {
  const last = entries.at(-1);
  return last ? { lastSignInDateTime: last.createdDateTime, lastSignInRequestId: last.id } : { ...NEVER };
}

/**
 * One servicePrincipalSignInActivity per application that signed in successfully (as a client) or was
 * signed in to (as a resource). `id` is the base64 of the appId, as in the documented examples. Only
 * successful sign-ins count as activity; the log is in time order, so the last match is the latest.
 */
export function servicePrincipalSignInActivities(dir: TenantDirectory): Record<string, unknown>[] {
  const ok = dir.signIns.filter((s) => s.errorCode === 0);
  const appIds = [...new Set(ok.flatMap((s) => [s.appId, s.resourceId.toLowerCase()]))];
  const out: Record<string, unknown>[] = [];
  for (const appId of appIds) {
    const asClient = ok.filter((s) => s.appId === appId);
    const asResource = ok.filter((s) => s.resourceId.toLowerCase() === appId);
    const appOnly = (s: SignInRecord) => s.signInEventTypes.includes("servicePrincipal");
    const both = [...asClient, ...asResource].sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime));
    out.push({
      id: btoa(appId),
      appId,
      applicationAuthenticationClientSignInActivity: latestOf(asClient.filter(appOnly)),
      applicationAuthenticationResourceSignInActivity: latestOf(asResource.filter(appOnly)),
      delegatedClientSignInActivity: latestOf(asClient.filter((s) => !appOnly(s))),
      delegatedResourceSignInActivity: latestOf(asResource.filter((s) => !appOnly(s))),
      lastSignInActivity: latestOf(both),
    });
  }
  return out;
}
