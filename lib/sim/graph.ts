import type { DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import type { Caller } from "./authz";
import { routeApplications } from "./graph-apps";
import { executeBatch } from "./graph-batch";
import {
  parseSegments,
  writeKindOf,
  type GraphCtx,
  type GraphEnv,
  type GraphRequest,
  type GraphResult,
  type RequestBody,
  type Segment,
  type WriteNote,
} from "./graph-common";
import { routeMe, routeOrganization, routeUsers } from "./graph-directory";
import { routeOAuth2PermissionGrants } from "./graph-grants";
import { routeAuditLogs, routeReports } from "./graph-reports";
import { routeDirectoryRoles } from "./graph-roles";
import { routeServicePrincipals } from "./graph-sp";
import {
  GRAPH_CORS_HEADERS,
  SimGraphError,
  graphErrorBody,
  isoSeconds,
  lowerHeaders,
  ODATA_JSON,
  preflightResponse,
  segmentNotFound,
  type LowerHeaders,
} from "./http";
import { verifyJwt } from "./jwt";
import { GRAPH_AUDIENCES, type Revocation } from "./tokens";
import type { SimRequest, SimResponse } from "./types";

/**
 * Microsoft Graph v1.0 front door: CORS, version, `$batch`, fault injection,
 * token validation, routing, error envelope (https://learn.microsoft.com/graph/errors).
 */

const WRITE_METHODS = new Set(["POST", "PATCH", "PUT", "DELETE"]);
/** Graph tolerates small clock differences when validating token lifetimes. */
const CLOCK_SKEW_S = 300;

interface GraphAnswer {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined for 204. */
  body: unknown;
  personaId?: string;
}

const AUTHENTICATE = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`;

function unauthenticated(message: string): SimGraphError {
  return new SimGraphError(401, "InvalidAuthenticationToken", message, { "WWW-Authenticate": AUTHENTICATE });
}

/**
 * A token revoked on the server side. With `claimsChallenge`, the answer is a continuous access evaluation
 * claims challenge: `error="insufficient_claims"` and `claims` (base64 of a claims request asking for a token
 * issued after the revocation), https://learn.microsoft.com/entra/identity-platform/claims-challenge.
 */
function revoked(revocation: Revocation): SimGraphError {
  if (!revocation.claimsChallenge) return unauthenticated("Access token has been revoked.");
  const claims = JSON.stringify({ access_token: { nbf: { essential: true, value: String(revocation.revokedAtS) } } });
  return new SimGraphError(
    401,
    "InvalidAuthenticationToken",
    "Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp",
    {
      "WWW-Authenticate": `${AUTHENTICATE}, error="insufficient_claims", claims="${btoa(claims)}"`,
    },
  );
}

/** Validates the bearer token as Graph does: signature, audience, lifetime, tenant, user. */
function authenticate(env: GraphEnv, headers: LowerHeaders, nowMs: number): Caller {
  const header = headers["authorization"] ?? "";
  const match = /^Bearer\s+(\S*)$/i.exec(header.trim());
  const token = match?.[1] ?? "";
  if (!token) throw unauthenticated("Access token is empty.");
  const check = verifyJwt(token, env.secret);
  if (!check.ok) {
    throw unauthenticated(
      check.reason === "malformed" ? "CompactToken parsing failed with error code: 80049217" : "Access token validation failure.",
    );
  }
  const { claims } = check;
  if (typeof claims.aud !== "string" || !GRAPH_AUDIENCES.has(claims.aud))
    throw unauthenticated("Access token validation failure. Invalid audience.");
  const exp = typeof claims.exp === "number" ? claims.exp : 0;
  if (nowMs / 1000 > exp + CLOCK_SKEW_S) throw unauthenticated("Lifetime validation failed, the token is expired.");
  const revocation = env.ledger?.revocationOf(claims);
  if (revocation) throw revoked(revocation);
  const tenant = env.tenants.find((t) => t.info.tenantId === claims.tid);
  const user = tenant && typeof claims.oid === "string" ? tenant.latest().user(claims.oid) : undefined;
  if (!tenant || !user) throw unauthenticated("Access token validation failure.");
  const scopes = typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [];
  return {
    user,
    tenant,
    scopes: new Set(scopes.map((s) => s.toLowerCase())),
    roles: new Set<DirectoryRoleKey>(user.roles),
    clientId: typeof claims.appid === "string" ? claims.appid : "",
  };
}

function route(ctx: GraphCtx, segments: Segment[]): GraphResult {
  const [head, ...rest] = segments;
  if (!head) throw new SimGraphError(400, "BadRequest", "Invalid request: the resource path is empty.");
  if (head.key && ["me", "users", "organization", "reports", "auditlogs"].includes(head.lower))
    throw segmentNotFound(`${head.name}(${head.key.value})`);
  switch (head.lower) {
    case "me":
      return routeMe(ctx, rest);
    case "users":
      return routeUsers(ctx, rest);
    case "organization":
      return routeOrganization(ctx, rest);
    case "applications":
      return routeApplications(ctx, head, rest);
    case "serviceprincipals":
      return routeServicePrincipals(ctx, head, rest);
    case "directoryroles":
      return routeDirectoryRoles(ctx, head, rest);
    case "oauth2permissiongrants":
      return routeOAuth2PermissionGrants(ctx, head, rest);
    case "reports":
      return routeReports(ctx, rest);
    case "auditlogs":
      return routeAuditLogs(ctx, rest);
    default:
      throw segmentNotFound(head.name);
  }
}

/** One Graph request (top level or inside `$batch`); never throws SimGraphError. */
function executeGraph(env: GraphEnv, req: GraphRequest): GraphAnswer {
  const now = env.now();
  const requestId = env.opaqueIds.guid();
  const clientRequestId = req.headers["client-request-id"] ?? requestId;
  const write: WriteNote = { kind: writeKindOf(req.path), action: "noop" };
  let personaId: string | undefined;
  let tenantId = env.tenants[0]?.info.tenantId ?? "";
  let result: GraphResult;
  try {
    const fault = env.faults.pick(req.method, req.path, true);
    if (fault) throw fault;
    const caller = authenticate(env, req.headers, now);
    personaId = caller.user.personaId ?? caller.user.id;
    tenantId = caller.tenant.info.tenantId;
    const dir = caller.tenant;
    const ctx: GraphCtx = {
      env,
      req,
      caller,
      dir,
      now,
      view: dir.view(now - env.faults.config.replicationDelayMs),
      latest: dir.latest(),
      write,
    };
    result = route(ctx, parseSegments(req.path));
  } catch (error) {
    if (!(error instanceof SimGraphError)) throw error;
    write.action = "noop";
    delete write.objectId;
    result = {
      status: error.status,
      body: graphErrorBody(error.code, error.message, isoSeconds(now), requestId, clientRequestId),
      headers: error.headers,
    };
  }
  const headers: Record<string, string> = {};
  if (result.body !== undefined) headers["Content-Type"] = result.status >= 400 ? "application/json" : ODATA_JSON;
  if (result.status < 400 && result.body !== undefined) headers["OData-Version"] = "4.0";
  Object.assign(headers, { "request-id": requestId, "client-request-id": clientRequestId }, result.headers ?? {});
  if (WRITE_METHODS.has(req.method)) {
    const errorCode = result.status >= 400 ? errorCodeOf(result.body) : undefined;
    env.recordWrite({
      at: now,
      method: req.method,
      path: req.path,
      status: result.status,
      kind: write.kind,
      action: write.action,
      ...(write.objectId ? { objectId: write.objectId } : {}),
      ...(errorCode ? { error: errorCode } : {}),
      inBatch: req.inBatch,
      tenantId,
    });
  }
  return { status: result.status, headers, body: result.body, personaId };
}

function errorCodeOf(body: unknown): string | undefined {
  if (body && typeof body === "object" && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === "object" && "code" in error && typeof error.code === "string") return error.code;
  }
  return undefined;
}

function parseBody(raw: string | undefined): RequestBody {
  if (raw === undefined || raw.trim() === "") return { kind: "none" };
  try {
    return { kind: "json", value: JSON.parse(raw) as unknown };
  } catch {
    return { kind: "invalid" };
  }
}

interface GraphRoundTrip {
  response: SimResponse;
  personaId?: string;
  innerCount?: number;
}

/** One HTTP round trip to https://graph.microsoft.com. */
export function handleGraph(env: GraphEnv, request: SimRequest, url: URL): GraphRoundTrip {
  const headers = lowerHeaders(request.headers);
  const method = request.method.toUpperCase();
  if (method === "OPTIONS") return { response: preflightResponse(headers, "GET, POST, PUT, PATCH, DELETE, OPTIONS") };
  const versioned = /^\/(v1\.0|beta)(\/.*)?$/i.exec(url.pathname);
  if (!versioned?.[1]) {
    const now = env.now();
    const requestId = env.opaqueIds.guid();
    const body = graphErrorBody("BadRequest", "Invalid version.", isoSeconds(now), requestId, headers["client-request-id"] ?? requestId);
    return {
      response: {
        status: 400,
        headers: { "Content-Type": "application/json", "request-id": requestId, ...GRAPH_CORS_HEADERS },
        body: JSON.stringify(body),
      },
    };
  }
  const req: GraphRequest = {
    method,
    path: versioned[2] ?? "/",
    query: url.searchParams,
    headers,
    body: parseBody(request.body),
    origin: url.origin,
    version: versioned[1].toLowerCase() === "beta" ? "beta" : "v1.0",
    inBatch: false,
  };
  const isBatch = req.path.toLowerCase().replace(/%24/g, "$") === "/$batch";
  const outcome = isBatch
    ? executeBatch(env, req, (inner) => executeGraph(env, inner))
    : { answer: executeGraph(env, req), innerCount: undefined };
  const { answer } = outcome;
  return {
    response: {
      status: answer.status,
      headers: { ...answer.headers, ...GRAPH_CORS_HEADERS },
      body: answer.body === undefined ? "" : JSON.stringify(answer.body),
    },
    personaId: answer.personaId,
    innerCount: outcome.innerCount,
  };
}
