import {
  GRAPH_ERROR_CODES,
  GraphError,
  describeGraphError,
  reportCalls,
  toBatchItem,
  type BatchItemResult,
  type GraphClient,
  type PreparedBatchItem,
  type ServicePrincipalSignInActivity,
  type SignInEvent,
} from "@/lib/graph";

/**
 * Sign-in evidence for the support status board: when each connector's service principal last signed in, and
 * its recent failed sign-ins with the AADSTS code explained. Read with one beta `$batch` (two requests per app),
 * so it can run beside the other status reads. Where the tenant has no Entra ID P1/P2, or the signed-in user
 * lacks a sign-in-reading role or the wizard lacks AuditLog.Read.All, the answer says so instead of failing.
 */

/** Who can act on a sign-in failure. */
type SignInFixer = "proxy-owner" | "operator" | "consent-admin" | "security-admin";

export const SIGN_IN_FIXERS: Record<SignInFixer, string> = {
  "proxy-owner": "Whoever deploys the Psoxy proxy (its Terraform / environment settings)",
  operator: "The IT admin who runs setup (Cloud Application Administrator)",
  "consent-admin": "A Privileged Role Administrator or Global Administrator",
  "security-admin": "A Security Administrator",
};

interface SignInErrorExplanation {
  code: number;
  /** What went wrong, in plain words. */
  explanation: string;
  nextStep: string;
  who: SignInFixer;
  /** False for codes this table does not know (a generic explanation). */
  known: boolean;
}

type Row = Omit<SignInErrorExplanation, "code" | "known">;

const ERROR_REFERENCE = "https://learn.microsoft.com/entra/identity-platform/reference-error-codes";

/**
 * The AADSTS codes a Psoxy proxy meets when it exchanges its GCP or AWS identity token for a Microsoft Graph
 * token (workload identity federation, client_credentials with a client_assertion). Meanings from
 * "Microsoft Entra authentication and authorization error codes" (https://learn.microsoft.com/entra/identity-platform/reference-error-codes)
 * unless a row names another source.
 */
const SIGN_IN_ERRORS: Record<number, Row> = {
  // "No matching federated identity record found for presented assertion"; a new credential may still be propagating:
  // https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations and
  // https://learn.microsoft.com/entra/identity/monitoring-health/scenario-health-agent-id-autonomous-sign-ins
  70021: {
    explanation:
      "The proxy presented an identity token that no federated credential on this app matches: its issuer, subject or audience differs from the credential, or a credential created moments ago has not propagated yet.",
    nextStep:
      "Compare the app's federated credential with the proxy's identity (the GCP service account's unique ID, or the AWS Cognito identity id and pool id) and run setup again to correct it. If the credential is new, wait a few minutes: the next sign-in may succeed.",
    who: "operator",
  },
  // UnauthorizedClient_DoesNotMatchRequest: the application wasn't found in the directory/tenant.
  700016: {
    explanation:
      "Entra found no application with the client id the proxy sent in this tenant: the proxy is configured with the wrong id (often the object id instead of the Application (client) ID) or its token endpoint names another tenant.",
    nextStep:
      "Set the proxy's CLIENT_ID to the app's Application (client) ID and its token endpoint to this tenant, then redeploy the proxy.",
    who: "proxy-owner",
  },
  // UnauthorizedClientApplicationDisabled.
  7000112: {
    explanation: "The connector's application is disabled in this tenant, so Entra refuses to sign it in.",
    nextStep:
      "Enable the connector's enterprise application (Enterprise applications › the app › Properties › Enabled for users to sign in: Yes), unless it was disabled on purpose.",
    who: "operator",
  },
  // "Client assertion failed signature validation."
  700027: {
    explanation: "Entra could not validate the signature of the identity token the proxy presented.",
    nextStep:
      "Make sure the proxy passes the token from its cloud's identity service (GCP metadata server or AWS Cognito) unchanged, and that the federated credential's issuer is that service.",
    who: "proxy-owner",
  },
  // Not in the reference table; Entra's text for it is "Client assertion is not within its valid time range"
  // (lookup: https://login.microsoftonline.com/error?code=700024, which the reference page points to for current codes).
  700024: {
    explanation:
      "The identity token the proxy presented was expired or not yet valid: usually a cached token reused too late, or a clock that is off.",
    nextStep:
      "Have the proxy fetch a fresh identity token for every exchange and check its host clock; redeploy the proxy if it caches tokens.",
    who: "proxy-owner",
  },
  // DelegationDoesNotExist.
  65001: {
    explanation: "Consent is missing: nobody has granted this app the Microsoft Graph permissions it asks for in this tenant.",
    nextStep: "Grant admin consent for the connector's Microsoft Graph application permissions (the wizard's consent page).",
    who: "consent-admin",
  },
  // IdsLocked, or a sign-in from an IP address with malicious activity.
  50053: {
    explanation:
      "Entra blocked the sign-in: after repeated failed attempts, or because it came from an IP address with malicious activity.",
    nextStep:
      "Check the failure reason in the Entra sign-in logs and the proxy's outbound IP address; unblock it if it is a false positive.",
    who: "security-admin",
  },
  // BlockedByConditionalAccess.
  53003: {
    explanation: "A Conditional Access policy blocked the token for this app.",
    nextStep:
      "Review the Conditional Access policies for workload identities that apply to this app; exclude it if the block is unintended.",
    who: "security-admin",
  },
  // "Invalid client secret is provided."
  7000215: {
    explanation:
      "Something signed in as this app with a client secret, and the secret is not valid. Psoxy signs in with federation, not secrets.",
    nextStep:
      "Configure the proxy for workload identity federation (GRANT_TYPE=workload_identity_federation) without a client secret, then redeploy it; find out who else uses this app if it isn't the proxy.",
    who: "proxy-owner",
  },
  // InvalidClientSecretExpiredKeysProvided.
  7000222: {
    explanation: "Something signed in as this app with a client secret that has expired. Psoxy signs in with federation, not secrets.",
    nextStep:
      "Configure the proxy for workload identity federation (GRANT_TYPE=workload_identity_federation) without a client secret, then redeploy it.",
    who: "proxy-owner",
  },
  // InvalidResourceServicePrincipalNotFound.
  500011: {
    explanation:
      "The resource the proxy asked a token for was not found in the tenant it asked: usually a wrong tenant in the token endpoint or a wrong scope.",
    nextStep: "Check the proxy's token endpoint (this tenant) and TOKEN_SCOPE (https://graph.microsoft.com/.default), then redeploy it.",
    who: "proxy-owner",
  },
  // InvalidTenantName.
  90002: {
    explanation: "The tenant named in the proxy's token endpoint does not exist.",
    nextStep: "Set the proxy's token endpoint to https://login.microsoftonline.com/<this tenant's id>/oauth2/v2.0/token and redeploy it.",
    who: "proxy-owner",
  },
  // InvalidScope.
  70011: {
    explanation: "The scope the proxy asked for is not valid.",
    nextStep: "Set the proxy's TOKEN_SCOPE to https://graph.microsoft.com/.default and redeploy it.",
    who: "proxy-owner",
  },
};

/** Plain words for an AADSTS code, the next step and who takes it; unknown codes get a generic answer with the code. */
export function explainSignInError(code: number, failureReason?: string | null): SignInErrorExplanation {
  const row = SIGN_IN_ERRORS[code];
  if (row) return { code, known: true, ...row };
  const reason = failureReason?.trim();
  return {
    code,
    known: false,
    explanation: `Entra refused the sign-in with AADSTS${code}${reason ? `: ${reason}` : "."}`,
    nextStep: `Look the code up in Microsoft's error reference (${ERROR_REFERENCE}) or at https://login.microsoftonline.com/error?code=${code}, and check the proxy's settings against the setup results.`,
    who: "operator",
  };
}

export interface SignInFailure {
  at: string;
  errorCode: number;
  /** Entra's own text for the failure. */
  failureReason: string | null;
  /** The sign-in's request id, for Entra's sign-in logs and support tickets. */
  requestId: string;
  explanation: string;
  nextStep: string;
  who: SignInFixer;
  /** A later sign-in succeeded (the problem may be gone, e.g. a credential that had not propagated). */
  beforeLastSignIn: boolean;
}

export interface AppSignInEvidence {
  appId: string;
  /** Last successful app-only sign-in (ISO), or null when none is recorded. */
  lastSignIn: string | null;
  lastSignInRequestId: string | null;
  /** Recent failed sign-ins, newest first. */
  failures: SignInFailure[];
}

export type SignInEvidenceUnavailableReason = "licence" | "role" | "scope" | "error";

export type SignInEvidence =
  | { status: "ok"; byAppId: Record<string, AppSignInEvidence> }
  | { status: "unavailable"; reason: SignInEvidenceUnavailableReason; message: string; error?: GraphError };

export const SIGN_IN_EVIDENCE_MESSAGES: Record<Exclude<SignInEvidenceUnavailableReason, "error">, string> = {
  licence:
    "Sign-in logs need Entra ID P1 or P2 in this tenant, so sign-ins can't be shown here. Everything else on this board still works.",
  role: "Your account needs Reports Reader, Security Reader or Global Reader to see sign-ins.",
  scope:
    "The wizard needs the AuditLog.Read.All permission to read sign-ins: sign in again and consent, or ask an administrator to grant it.",
};

/** How many failed sign-ins to show per app. */
const MAX_FAILURES = 5;

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

function later(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return time(b) > time(a) ? b : a;
}

/**
 * Pure: one app's evidence from its activity row and its recent service principal sign-ins. The last sign-in is
 * the later of the report's app-only client activity (or overall activity) and the newest successful sign-in in
 * the log (the report lags the log).
 */
export function summarizeSignIns(
  appId: string,
  activity: ServicePrincipalSignInActivity | null,
  events: readonly SignInEvent[],
  maxFailures = MAX_FAILURES,
): AppSignInEvidence {
  const stamp = activity?.applicationAuthenticationClientSignInActivity ?? activity?.lastSignInActivity ?? null;
  const newestSuccess = [...events].filter((e) => e.errorCode === 0).sort((a, b) => time(b.createdDateTime) - time(a.createdDateTime))[0];
  const lastSignIn = later(stamp?.lastSignInDateTime ?? null, newestSuccess?.createdDateTime ?? null);
  const lastSignInRequestId =
    lastSignIn === null ? null : lastSignIn === newestSuccess?.createdDateTime ? newestSuccess.id : (stamp?.lastSignInRequestId ?? null);
  const failures = events
    .filter((e) => e.errorCode !== 0)
    .sort((a, b) => time(b.createdDateTime) - time(a.createdDateTime))
    .slice(0, maxFailures)
    .map((e): SignInFailure => {
      const { explanation, nextStep, who } = explainSignInError(e.errorCode, e.failureReason);
      return {
        at: e.createdDateTime,
        errorCode: e.errorCode,
        failureReason: e.failureReason,
        requestId: e.id,
        explanation,
        nextStep,
        who,
        beforeLastSignIn: lastSignIn !== null && time(e.createdDateTime) < time(lastSignIn),
      };
    });
  return { appId, lastSignIn, lastSignInRequestId, failures };
}

const REASON_ORDER: readonly SignInEvidenceUnavailableReason[] = ["licence", "scope", "role", "error"];

function reasonOf(error: GraphError): SignInEvidenceUnavailableReason {
  if (error.code === GRAPH_ERROR_CODES.premiumLicenseRequired) return "licence";
  if (error.code === GRAPH_ERROR_CODES.msGraphPermissionMissing) return "scope";
  if (error.status === 403 && (error.code === GRAPH_ERROR_CODES.authorizationRequestDenied || error.code === GRAPH_ERROR_CODES.forbidden))
    return "role";
  return "error";
}

/** The most telling of several errors: licence before scope before role before anything else. */
function signInEvidenceUnavailable(errors: readonly GraphError[]): Extract<SignInEvidence, { status: "unavailable" }> {
  const ranked = errors
    .map((error) => ({ error, reason: reasonOf(error) }))
    .sort((a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason));
  const first = ranked[0];
  if (!first) throw new Error("signInEvidenceUnavailable needs at least one error");
  const { error, reason } = first;
  if (reason !== "error") return { status: "unavailable", reason, message: SIGN_IN_EVIDENCE_MESSAGES[reason], error };
  const advice = describeGraphError(error);
  const ids = [error.code, error.requestId ? `request-id ${error.requestId}` : null].filter(Boolean).join(", ");
  return { status: "unavailable", reason, message: `Sign-ins could not be read (${ids}). ${advice.nextStep}`, error };
}

function read<T>(item: PreparedBatchItem<T>, result: BatchItemResult | undefined): T {
  if (!result) {
    throw new GraphError({
      status: 0,
      code: GRAPH_ERROR_CODES.missingBatchResponse,
      graphMessage: `The $batch answer had no response for '${item.id}'`,
      operation: item.operation ?? item.id,
      action: item.action,
    });
  }
  return item.read(result);
}

/**
 * Reads sign-in evidence for the given client ids (appIds) in one beta `$batch` (two requests per app; more than
 * ten apps take more than one POST, sent by the client in one call). Graph errors never throw: they become an
 * "unavailable" answer that says why.
 */
export async function readSignInEvidence(client: GraphClient, appIds: readonly string[]): Promise<SignInEvidence> {
  const ids = [...new Set(appIds)];
  if (ids.length === 0) return { status: "ok", byAppId: {} };
  const pairs = ids.map((appId, i) => ({
    appId,
    activity: toBatchItem(reportCalls.getServicePrincipalSignInActivity(appId), `a${i}`, undefined, "beta"),
    signIns: toBatchItem(reportCalls.listServicePrincipalSignIns(appId), `s${i}`, undefined, "beta"),
  }));
  const result = await client.batch(
    pairs.flatMap((p) => [p.activity, p.signIns]),
    { version: "beta" },
  );
  const byAppId: Record<string, AppSignInEvidence> = {};
  const errors: GraphError[] = [];
  for (const pair of pairs) {
    try {
      const activity = read(pair.activity, result.get(pair.activity.id));
      const page = read(pair.signIns, result.get(pair.signIns.id));
      byAppId[pair.appId] = summarizeSignIns(pair.appId, activity, page.items);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      errors.push(error);
    }
  }
  return errors.length > 0 ? signInEvidenceUnavailable(errors) : { status: "ok", byAppId };
}
