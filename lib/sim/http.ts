import type { SimResponse } from "./types";

export const GRAPH_HOST = "graph.microsoft.com";
export const LOGIN_HOST = "login.microsoftonline.com";
/** Aliases from instance discovery that the sign-in service also answers on. */
export const LOGIN_HOSTS = new Set([LOGIN_HOST, "login.windows.net", "login.microsoft.com"]);

export type LowerHeaders = Readonly<Record<string, string>>;

export function lowerHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

const JSON_UTF8 = "application/json; charset=utf-8";
/** What Graph sends with OData payloads. */
export const ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { "Content-Type": JSON_UTF8, ...headers }, body: JSON.stringify(body) };
}

export function textResponse(
  status: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
  headers: Record<string, string> = {},
): SimResponse {
  return { status, headers: { "Content-Type": contentType, ...headers }, body };
}

export function redirectResponse(location: string, headers: Record<string, string> = {}): SimResponse {
  return { status: 302, headers: { Location: location, "Cache-Control": "no-store, no-cache", ...headers }, body: "" };
}

/** Graph's date format in innerError and timestamps: ISO without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * A Graph error as a value; handlers throw it and the router turns it into
 * `{"error":{"code","message","innerError":{date,request-id,client-request-id}}}`
 * (https://learn.microsoft.com/graph/errors). Named apart from the app's `GraphError` (lib/graph/errors.ts), which is
 * what the wizard reads back from this response on the client side.
 */
export class SimGraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "SimGraphError";
  }
}

const INSUFFICIENT_PRIVILEGES = "Insufficient privileges to complete the operation.";

export function denied(): SimGraphError {
  return new SimGraphError(403, "Authorization_RequestDenied", INSUFFICIENT_PRIVILEGES);
}

/** Directory's not-found message (reference §5 "Just after create"). */
export function notFound(id: string): SimGraphError {
  return new SimGraphError(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function badRequest(message: string, code = "Request_BadRequest"): SimGraphError {
  return new SimGraphError(400, code, message);
}

/** Graph answers unknown path segments this way (400, code BadRequest). */
export function segmentNotFound(segment: string): SimGraphError {
  return new SimGraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`);
}

export function methodNotAllowed(): SimGraphError {
  return new SimGraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
}

export function graphErrorBody(code: string, message: string, date: string, requestId: string, clientRequestId: string) {
  return { error: { code, message, innerError: { date, "request-id": requestId, "client-request-id": clientRequestId } } };
}

/**
 * Graph's CORS answer. `Retry-After` is deliberately absent from the exposed
 * headers: browsers cannot read it (reference §5; microsoftgraph/msgraph-sdk-design#76).
 */
export const GRAPH_CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers":
    "ETag, Location, Preference-Applied, Content-Range, request-id, client-request-id, ReadWriteConsistencyToken, SdkVersion, WWW-Authenticate, x-ms-client-gcc-tenant",
};

export function preflightResponse(requestHeaders: LowerHeaders, methods: string): SimResponse {
  return {
    status: 200,
    headers: {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": methods,
      "Access-Control-Allow-Headers": requestHeaders["access-control-request-headers"] ?? "*",
      "Access-Control-Max-Age": "3600",
      "Content-Length": "0",
    },
    body: "",
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
