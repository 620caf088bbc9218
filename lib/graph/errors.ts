import { DIRECTORY_ROLES } from "@/lib/connectors/microsoft-ids";
import type { GraphAction } from "./types";

/** Graph error codes the module itself produces or reasons about. */
export const GRAPH_ERROR_CODES = {
  authorizationRequestDenied: "Authorization_RequestDenied",
  authorizationIdentityNotFound: "Authorization_IdentityNotFound",
  invalidAuthenticationToken: "InvalidAuthenticationToken",
  resourceNotFound: "Request_ResourceNotFound",
  badRequest: "Request_BadRequest",
  multipleObjectsWithSameKeyValue: "Request_MultipleObjectsWithSameKeyValue",
  tooManyRequests: "TooManyRequests",
  serviceNotAvailable: "serviceNotAvailable",
  gatewayTimeout: "gatewayTimeout",
  failedDependency: "FailedDependency",
  forbidden: "Forbidden",
  /** Sign-in logs and usage reports in a tenant without Microsoft Entra ID P1/P2. */
  premiumLicenseRequired: "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
  /** The token lacks a permission the API insists on (e.g. AuditLog.Read.All for sign-in logs). */
  msGraphPermissionMissing: "Authentication_MSGraphPermissionMissing",
  /** Raised by this module: fetch rejected (offline, DNS, CORS, proxy). */
  networkError: "NetworkError",
  /** Raised by this module: 2xx answer whose JSON did not have the expected shape. */
  unexpectedResponse: "UnexpectedResponse",
  /** Raised by this module: a $batch answer lacked a response for a request. */
  missingBatchResponse: "MissingBatchResponse",
  /**
   * Raised by this module: Graph refused the access token (401), and renewing it once without the user
   * (forceRefresh, with the claims of a claims challenge) did not help or needs the user to sign in.
   */
  signInExpired: "SignInExpired",
} as const;

export interface GraphErrorInit {
  status: number;
  code: string;
  graphMessage: string;
  operation: string;
  action?: GraphAction;
  requestId?: string;
  clientRequestId?: string;
  date?: string;
  /** HTTP attempts made before giving up (1 = no retry). */
  attempts?: number;
  /** Server-suggested wait from `Retry-After`, when readable. */
  retryAfterMs?: number;
  /** The claims request of a claims challenge (decoded JSON), for the interactive sign-in that answers it. */
  claims?: string;
  cause?: unknown;
}

/**
 * The one error type of the Graph module: a Graph answer that was not a success,
 * or a request that never got an answer (`code: "NetworkError"`, `status: 0`).
 */
export class GraphError extends Error {
  override readonly name = "GraphError";
  readonly status: number;
  readonly code: string;
  readonly graphMessage: string;
  readonly requestId: string | undefined;
  readonly clientRequestId: string | undefined;
  readonly date: string | undefined;
  /** Human text of what failed, e.g. "Create service principal for Psoxy Connector - Outlook Mail psoxy". */
  readonly operation: string;
  readonly action: GraphAction | undefined;
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;
  readonly claims: string | undefined;

  constructor(init: GraphErrorInit) {
    super(formatParts(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.graphMessage = init.graphMessage;
    this.operation = init.operation;
    this.action = init.action;
    this.requestId = init.requestId;
    this.clientRequestId = init.clientRequestId;
    this.date = init.date;
    this.attempts = init.attempts ?? 1;
    this.retryAfterMs = init.retryAfterMs;
    this.claims = init.claims;
  }

  /** Copy with a different operation text (e.g. when a shared batch error is attributed to one item). */
  withOperation(operation: string, action?: GraphAction): GraphError {
    return new GraphError({ ...this.toInit(), operation, action: action ?? this.action });
  }

  toInit(): GraphErrorInit {
    return {
      status: this.status,
      code: this.code,
      graphMessage: this.graphMessage,
      operation: this.operation,
      action: this.action,
      requestId: this.requestId,
      clientRequestId: this.clientRequestId,
      date: this.date,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
      ...(this.claims !== undefined ? { claims: this.claims } : {}),
    };
  }

  toJSON(): GraphErrorInit {
    return this.toInit();
  }
}

function formatParts(e: Pick<GraphErrorInit, "operation" | "code" | "status" | "graphMessage" | "requestId">): string {
  const oneLine = e.graphMessage.replace(/\s+/g, " ").trim();
  const status = e.status > 0 ? ` (HTTP ${e.status})` : "";
  const request = e.requestId ? ` [request-id ${e.requestId}]` : "";
  return `${e.operation} failed: ${e.code}${status}: ${oneLine || "no message"}${request}`;
}

/** One line for logs and support tickets: operation, code, message and request-id. */
export function formatGraphError(err: GraphError): string {
  return formatParts(err);
}

type HeaderBag = Headers | Record<string, string> | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Graph's error envelope `{"error":{"code","message","innerError":{…}}}`, tolerant of anything else. */
export function readGraphErrorBody(body: unknown): {
  code?: string;
  message?: string;
  innerRequestId?: string;
  innerClientRequestId?: string;
  innerDate?: string;
} {
  const parsed = typeof body === "string" ? tryParseJson(body) : body;
  const error = asRecord(asRecord(parsed)?.error);
  if (!error) return { message: typeof body === "string" ? body.slice(0, 500) : undefined };
  const inner = asRecord(error.innerError) ?? asRecord(error.innererror);
  return {
    code: str(error.code),
    message: str(error.message),
    innerRequestId: str(inner?.["request-id"]),
    innerClientRequestId: str(inner?.["client-request-id"]),
    innerDate: str(inner?.date),
  };
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Graph's code for a status, when the body names none or names one the next-step table does not know. */
const STATUS_CODES: Record<number, string> = {
  400: GRAPH_ERROR_CODES.badRequest,
  401: GRAPH_ERROR_CODES.invalidAuthenticationToken,
  403: GRAPH_ERROR_CODES.authorizationRequestDenied,
  404: GRAPH_ERROR_CODES.resourceNotFound,
  424: GRAPH_ERROR_CODES.failedDependency,
  429: GRAPH_ERROR_CODES.tooManyRequests,
  503: GRAPH_ERROR_CODES.serviceNotAvailable,
  504: GRAPH_ERROR_CODES.gatewayTimeout,
};

interface FromResponseInit {
  status: number;
  body: unknown;
  headers?: HeaderBag;
  operation: string;
  action?: GraphAction;
  clientRequestId?: string;
  attempts?: number;
  retryAfterMs?: number;
}

/** Build a GraphError from a non-success answer (top level or one `$batch` item). */
export function graphErrorFromResponse(init: FromResponseInit): GraphError {
  const parsed = readGraphErrorBody(init.body);
  return new GraphError({
    status: init.status,
    code: parsed.code ?? STATUS_CODES[init.status] ?? `HTTP${init.status}`,
    graphMessage: parsed.message ?? "",
    operation: init.operation,
    action: init.action,
    requestId: header(init.headers, "request-id") ?? parsed.innerRequestId,
    // The id we sent is authoritative (Graph echoes it); fall back to what Graph reported.
    clientRequestId: init.clientRequestId ?? header(init.headers, "client-request-id") ?? parsed.innerClientRequestId,
    date: parsed.innerDate ?? header(init.headers, "date"),
    attempts: init.attempts,
    retryAfterMs: init.retryAfterMs,
  });
}

/** fetch rejected: no HTTP answer at all. */
export function networkGraphError(
  cause: unknown,
  init: { operation: string; action?: GraphAction; clientRequestId?: string; attempts?: number },
): GraphError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new GraphError({
    status: 0,
    code: GRAPH_ERROR_CODES.networkError,
    graphMessage: detail || "The request did not reach Microsoft Graph.",
    operation: init.operation,
    action: init.action,
    clientRequestId: init.clientRequestId,
    date: new Date().toISOString(),
    attempts: init.attempts,
    cause,
  });
}

export function isGraphError(value: unknown): value is GraphError {
  return value instanceof GraphError;
}

/** The one error a request, a batch or a whole run ends with when the session needs the user again. */
export function isSignInExpired(value: unknown): boolean {
  return value instanceof GraphError && value.code === GRAPH_ERROR_CODES.signInExpired;
}

/**
 * Graph refused the token and one silent renewal did not fix it: from Graph's last 401 answer (`refused`),
 * or from the renewal's own failure (`cause`, e.g. MSAL's InteractionRequiredAuthError).
 */
export function signInExpiredError(init: {
  operation: string;
  action?: GraphAction;
  clientRequestId?: string;
  attempts?: number;
  refused?: GraphError;
  claims?: string;
  cause?: unknown;
}): GraphError {
  const reason = init.cause instanceof Error ? init.cause.message : init.cause !== undefined ? String(init.cause) : undefined;
  return new GraphError({
    status: 401,
    code: GRAPH_ERROR_CODES.signInExpired,
    graphMessage: init.refused?.graphMessage || reason || "Microsoft Graph refused the access token, and renewing it did not help.",
    operation: init.operation,
    action: init.action,
    requestId: init.refused?.requestId,
    clientRequestId: init.clientRequestId ?? init.refused?.clientRequestId,
    date: init.refused?.date ?? new Date().toISOString(),
    attempts: init.attempts ?? init.refused?.attempts,
    claims: init.claims ?? init.refused?.claims,
    cause: init.cause ?? init.refused,
  });
}

// ---------------------------------------------------------------------------
// The one table from codes to next steps.
// ---------------------------------------------------------------------------

type GraphErrorAudience = "operator" | "consent-admin" | "teams-admin" | "support";

interface GraphErrorDescription {
  title: string;
  nextStep: string;
  retryable: boolean;
  who?: GraphErrorAudience;
}

const R = DIRECTORY_ROLES;
const APP_WRITE_ROLES = `${R.cloudApplicationAdministrator.displayName} or ${R.applicationAdministrator.displayName}`;
const GRANT_ROLES = `${R.privilegedRoleAdministrator.displayName} or ${R.globalAdministrator.displayName}`;
const READ_ROLES = `${R.globalReader.displayName}, ${R.cloudApplicationAdministrator.displayName} or ${R.applicationAdministrator.displayName}`;

const APP_WRITE_ACTIONS: ReadonlySet<GraphAction> = new Set<GraphAction>([
  "upsertApplication",
  "updateApplication",
  "deleteApplication",
  "addOwner",
  "upsertFederatedCredential",
  "upsertServicePrincipal",
]);
const GRANT_ACTIONS: ReadonlySet<GraphAction> = new Set<GraphAction>(["grantAppRole", "revokeAppRole"]);
const SIGN_IN_LOG_ACTIONS: ReadonlySet<GraphAction> = new Set<GraphAction>(["readSignInActivity", "listSignIns"]);
const SIGN_IN_LOG_ROLES = [R.reportsReader, R.securityReader, R.globalReader].map((role) => role.displayName).join(", ");

function accessDenied(err: GraphError): GraphErrorDescription {
  const action = err.action;
  if (action && APP_WRITE_ACTIONS.has(action)) {
    return {
      title: "You are not allowed to change app registrations",
      nextStep: `Ask for the ${APP_WRITE_ROLES} role (and consent to Application.ReadWrite.All for this wizard), then sign in again and retry.`,
      retryable: false,
      who: "operator",
    };
  }
  if (action && GRANT_ACTIONS.has(action)) {
    return {
      title: "You are not allowed to grant Microsoft Graph application permissions",
      nextStep: `Granting Microsoft Graph app roles needs ${GRANT_ROLES} (with AppRoleAssignment.ReadWrite.All and Application.Read.All consented). Hand this step to someone with that role.`,
      retryable: false,
      who: "consent-admin",
    };
  }
  if (action && SIGN_IN_LOG_ACTIONS.has(action)) {
    return {
      title: "You are not allowed to read sign-in logs",
      nextStep: `Reading sign-in logs needs a role such as ${SIGN_IN_LOG_ROLES}; ask for one, then sign in again.`,
      retryable: false,
    };
  }
  if (action === "listDirectoryAudits") {
    // https://learn.microsoft.com/graph/api/directoryaudit-list#permissions
    return {
      title: "You are not allowed to read the directory audit log",
      nextStep: `Reading the audit log needs a role such as ${SIGN_IN_LOG_ROLES} (and AuditLog.Read.All consented for the wizard); ask for one, then sign in again.`,
      retryable: false,
    };
  }
  if (action === "findUser" || action === "readDirectoryRoles" || action === "listRoleMembers") {
    return {
      title: "You are not allowed to read the directory",
      nextStep: "This needs Directory.Read.All consented for the wizard; ask an administrator to consent, then sign in again.",
      retryable: false,
    };
  }
  if (action) {
    return {
      title: "You are not allowed to read app registrations",
      nextStep: `Reading apps needs Application.Read.All; ask for ${READ_ROLES} or ask an administrator to consent, then sign in again.`,
      retryable: false,
    };
  }
  return {
    title: "Access denied",
    nextStep: "Your account lacks the role or consented permission for this step. Ask an administrator, then sign in again.",
    retryable: false,
  };
}

function badRequest(err: GraphError): GraphErrorDescription {
  if (/already exist/i.test(err.graphMessage)) {
    return {
      title: "Already exists",
      nextStep: "The object or link is already there; nothing to do. Refresh the status to continue.",
      retryable: false,
    };
  }
  if (/does not reference a valid application object/i.test(err.graphMessage)) {
    return replicationLag();
  }
  return {
    title: "Microsoft Graph rejected the request",
    nextStep: "Check the values you entered. If they look right, report it with the request-id.",
    retryable: false,
    who: "support",
  };
}

function replicationLag(): GraphErrorDescription {
  return {
    title: "Not visible yet",
    nextStep:
      "Objects created moments ago take seconds to minutes to replicate across Entra. Wait a minute and retry; if it keeps failing, the object was deleted: run setup again.",
    retryable: true,
  };
}

const throttled: GraphErrorDescription = {
  title: "Microsoft Graph is throttling requests",
  nextStep: "Wait a minute and retry; the wizard already backed off several times.",
  retryable: true,
};
const unavailable: GraphErrorDescription = {
  title: "Microsoft Graph is temporarily unavailable",
  nextStep: "Retry in a few minutes. If it persists, check the Microsoft 365 service health page.",
  retryable: true,
};
const timeout: GraphErrorDescription = {
  title: "Microsoft Graph timed out",
  nextStep: "Retry; the change may already have been applied, so refresh the status first.",
  retryable: true,
};

/** Code -> description. The single place that turns Graph codes into next steps. */
const GRAPH_ERROR_TABLE: Record<string, (err: GraphError) => GraphErrorDescription> = {
  [GRAPH_ERROR_CODES.authorizationRequestDenied]: accessDenied,
  accessDenied: accessDenied,
  [GRAPH_ERROR_CODES.authorizationIdentityNotFound]: () => ({
    title: "Application not found by Graph",
    nextStep: "The app has no service principal or consent yet. Create the service principal and grant admin consent, then retry.",
    retryable: false,
    who: "consent-admin",
  }),
  [GRAPH_ERROR_CODES.forbidden]: (err) =>
    /application access policy/i.test(err.graphMessage)
      ? {
          title: "Teams application access policy missing",
          nextStep:
            "A Teams Administrator must run New-CsApplicationAccessPolicy and Grant-CsApplicationAccessPolicy for this app's client id; changes take up to 30 minutes.",
          retryable: false,
          who: "teams-admin",
        }
      : accessDenied(err),
  // https://learn.microsoft.com/entra/identity/monitoring-health/howto-configure-prerequisites-for-reporting-api#common-errors
  [GRAPH_ERROR_CODES.premiumLicenseRequired]: () => ({
    title: "This tenant has no Microsoft Entra ID P1 or P2 licence",
    nextStep: "Sign-in logs can be read through Microsoft Graph only with Entra ID P1 or P2. Everything else works without them.",
    retryable: false,
  }),
  [GRAPH_ERROR_CODES.msGraphPermissionMissing]: (err) => ({
    title: "The wizard lacks a Microsoft Graph permission",
    nextStep: `${err.graphMessage || "A permission is missing"}. Sign in again and consent to it, or ask an administrator to grant consent for the wizard.`,
    retryable: false,
  }),
  [GRAPH_ERROR_CODES.invalidAuthenticationToken]: () => ({
    title: "Your sign-in expired",
    nextStep: "Sign in again, then retry.",
    retryable: false,
  }),
  [GRAPH_ERROR_CODES.signInExpired]: () => ({
    title: "Your sign-in expired",
    nextStep:
      "Sign in again and continue. What was already applied stays in your tenant; the wizard reads it again and does only what is left.",
    retryable: false,
  }),
  [GRAPH_ERROR_CODES.resourceNotFound]: replicationLag,
  ResourceNotFound: replicationLag,
  [GRAPH_ERROR_CODES.badRequest]: badRequest,
  [GRAPH_ERROR_CODES.multipleObjectsWithSameKeyValue]: () => ({
    title: "Another object already uses this name",
    nextStep: "An app or credential with the same unique name exists. Pick a different environment id or import the existing one.",
    retryable: false,
    who: "operator",
  }),
  [GRAPH_ERROR_CODES.tooManyRequests]: () => throttled,
  activityLimitReached: () => throttled,
  [GRAPH_ERROR_CODES.serviceNotAvailable]: () => unavailable,
  [GRAPH_ERROR_CODES.gatewayTimeout]: () => timeout,
  generalException: () => ({ ...unavailable, title: "Microsoft Graph had an internal error" }),
  [GRAPH_ERROR_CODES.failedDependency]: () => ({
    title: "Skipped because an earlier step failed",
    nextStep: "Fix the step this one depends on (shown above), then retry.",
    retryable: true,
  }),
  [GRAPH_ERROR_CODES.networkError]: () => ({
    title: "Could not reach Microsoft Graph",
    nextStep: "Check your connection, VPN or proxy (graph.microsoft.com must be reachable from the browser), then retry.",
    retryable: true,
  }),
  [GRAPH_ERROR_CODES.unexpectedResponse]: () => ({
    title: "Unexpected answer from Microsoft Graph",
    nextStep: "Retry once; if it repeats, report it with the request-id.",
    retryable: true,
    who: "support",
  }),
  [GRAPH_ERROR_CODES.missingBatchResponse]: () => ({
    title: "Microsoft Graph did not answer this step",
    nextStep: "Retry; refresh the status first in case it was applied.",
    retryable: true,
  }),
};

/** What the user should do about an error. Accepts anything so UI code can pass a caught value. */
export function describeGraphError(err: unknown): GraphErrorDescription {
  if (!(err instanceof GraphError)) {
    return {
      title: "Something went wrong",
      nextStep: `Retry; if it repeats, report: ${err instanceof Error ? err.message : String(err)}`,
      retryable: true,
      who: "support",
    };
  }
  const row = GRAPH_ERROR_TABLE[err.code] ?? GRAPH_ERROR_TABLE[STATUS_CODES[err.status] ?? ""];
  if (row) return row(err);
  const serverSide = err.status >= 500;
  return {
    title: serverSide ? "Microsoft Graph failed" : "Request failed",
    nextStep: serverSide
      ? "Retry in a few minutes; if it persists, report it with the request-id."
      : "Report it with the request-id and the message shown.",
    retryable: serverSide,
    who: "support",
  };
}
