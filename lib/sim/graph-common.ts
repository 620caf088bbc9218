import type { Caller } from "./authz";
import type { FaultEngine } from "./faults";
import { badRequest, SimGraphError, type LowerHeaders } from "./http";
import { applySelect, checkFilter, matches, paginate, parseFilter, parseSelect, queryOption, type FilterSupport } from "./odata";
import type { IdSource } from "./random";
import type { TokenLedger } from "./tokens";
import type { DirectoryView, TenantDirectory } from "./store";
import type { WriteAction, WriteKind, WriteRecord } from "./types";

/** Shared plumbing of the Graph handlers: the request context, bodies, collections. */

export interface GraphEnv {
  tenants: readonly TenantDirectory[];
  now(): number;
  faults: FaultEngine;
  secret: Uint8Array;
  /** Ids of objects created through Graph. */
  objectIds: IdSource;
  /** request-id values and other opaque strings. */
  opaqueIds: IdSource;
  recordWrite(write: Omit<WriteRecord, "seq">): void;
  /** Minted access tokens and revocations; a revoked token answers 401. */
  ledger?: TokenLedger;
}

export type RequestBody = { kind: "none" } | { kind: "json"; value: unknown } | { kind: "invalid" };

export interface GraphRequest {
  method: string;
  /** Path after the version, still percent-encoded, e.g. `/applications(uniqueName='x')`. */
  path: string;
  query: URLSearchParams;
  headers: LowerHeaders;
  body: RequestBody;
  /** `https://graph.microsoft.com` (or whatever origin the request used). */
  origin: string;
  version: string;
  inBatch: boolean;
}

export interface GraphResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Segment {
  /** Segment name without a key, e.g. `applications`. */
  name: string;
  lower: string;
  /** `applications(uniqueName='x')` → { name: 'uniqueName', value: 'x' }; `(…'x')` → { value: 'x' }. */
  key?: { name?: string; value: string };
}

export interface WriteNote {
  kind: WriteKind;
  action: WriteAction;
  objectId?: string;
}

export interface GraphCtx {
  env: GraphEnv;
  req: GraphRequest;
  caller: Caller;
  dir: TenantDirectory;
  /** Sim time of this request. */
  now: number;
  /** What reads and references see (replication delay applied). */
  view: DirectoryView;
  /** What alternate-key upserts and uniqueness checks see. */
  latest: DirectoryView;
  write: WriteNote;
}

export function parseSegments(path: string): Segment[] {
  const parts = path.split("/").filter((p) => p !== "");
  return parts.map((raw): Segment => {
    let text: string;
    try {
      text = decodeURIComponent(raw);
    } catch {
      throw badRequest(`Invalid path segment '${raw}'.`, "BadRequest");
    }
    const keyed = /^([^()]+)\((.*)\)$/s.exec(text);
    if (!keyed?.[1]) return { name: text, lower: text.toLowerCase() };
    const name = keyed[1];
    const inner = keyed[2] ?? "";
    const quoted = /^(?:(\w+)\s*=\s*)?'((?:[^']|'')*)'$/s.exec(inner);
    const key = quoted ? { name: quoted[1], value: (quoted[2] ?? "").replace(/''/g, "'") } : { value: inner };
    return { name, lower: name.toLowerCase(), key };
  });
}

export function writeKindOf(path: string): WriteKind {
  const p = path.toLowerCase();
  if (p.includes("/owners")) return "owner";
  if (p.includes("federatedidentitycredentials")) return "federatedIdentityCredential";
  if (p.includes("approleassignedto") || p.includes("approleassignments")) return "appRoleAssignment";
  if (p.startsWith("/oauth2permissiongrants")) return "oauth2PermissionGrant";
  if (p.startsWith("/serviceprincipals")) return "servicePrincipal";
  if (p.startsWith("/applications")) return "application";
  return "other";
}

export function noteWrite(ctx: GraphCtx, action: WriteAction, objectId?: string): void {
  ctx.write.action = action;
  if (objectId) ctx.write.objectId = objectId;
}

/** The request body as a JSON object; Graph's message for unreadable payloads. */
export function jsonBody(ctx: GraphCtx): Record<string, unknown> {
  const body = ctx.req.body;
  if (body.kind === "json" && body.value !== null && typeof body.value === "object" && !Array.isArray(body.value)) {
    return body.value as Record<string, unknown>;
  }
  if (body.kind === "none") throw badRequest("Empty Payload. JSON content expected.", "BadRequest");
  throw badRequest(
    "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    "BadRequest",
  );
}

/** `Prefer: create-if-missing` (https://learn.microsoft.com/graph/api/application-upsert). */
export function prefersCreateIfMissing(ctx: GraphCtx): boolean {
  const prefer = ctx.req.headers["prefer"] ?? "";
  return prefer
    .split(",")
    .map((p) => p.trim().toLowerCase())
    .includes("create-if-missing");
}

function metadataUrl(ctx: GraphCtx, fragment: string): string {
  return `${ctx.req.origin}/${ctx.req.version}/$metadata#${fragment}`;
}

function selfUrl(ctx: GraphCtx): string {
  const query = ctx.req.query.toString();
  return `${ctx.req.origin}/${ctx.req.version}${ctx.req.path}${query ? `?${query}` : ""}`;
}

const UNSUPPORTED_OPTIONS = ["orderby", "expand", "search", "skip"];

function rejectUnsupportedOptions(query: URLSearchParams): void {
  for (const option of UNSUPPORTED_OPTIONS) {
    if (queryOption(query, option) !== null) {
      throw new SimGraphError(400, "Request_UnsupportedQuery", `The query option '$${option}' is not supported by the tenant simulator.`);
    }
  }
}

interface CollectionSpec {
  /** OData type name, e.g. `application`. */
  typeName: string;
  /** Resource name in Graph's filter error, e.g. `application`. */
  resourceType: string;
  /** `@odata.context` fragment, e.g. `applications`. */
  contextFragment: string;
  filterSupport: FilterSupport;
}

/** A collection answer: $filter, paging ($top/$skiptoken → @odata.nextLink), $select, $count. */
export function collection(ctx: GraphCtx, items: Record<string, unknown>[], spec: CollectionSpec): GraphResult {
  const query = ctx.req.query;
  rejectUnsupportedOptions(query);
  const filterText = queryOption(query, "filter");
  let filtered = items;
  if (filterText !== null && filterText.trim() !== "") {
    const filter = parseFilter(filterText);
    checkFilter(filter, spec.filterSupport, spec.resourceType);
    filtered = items.filter((item) => matches(filter, item));
  }
  const page = paginate(filtered, query, selfUrl(ctx));
  const select = parseSelect(query);
  const selectSuffix = select ? `(${select.join(",")})` : "";
  const body: Record<string, unknown> = { "@odata.context": metadataUrl(ctx, `${spec.contextFragment}${selectSuffix}`) };
  if (queryOption(query, "count") === "true") body["@odata.count"] = filtered.length;
  if (page.nextLink) body["@odata.nextLink"] = page.nextLink;
  body.value = page.value.map((item) => applySelect(item, select, spec.typeName));
  return { status: 200, body };
}

/** A single entity answer with `$select`. */
export function entity(ctx: GraphCtx, item: Record<string, unknown>, typeName: string, contextFragment: string, status = 200): GraphResult {
  const select = parseSelect(ctx.req.query);
  const selectSuffix = select ? `(${select.join(",")})` : "";
  return {
    status,
    body: { "@odata.context": metadataUrl(ctx, `${contextFragment}${selectSuffix}/$entity`), ...applySelect(item, select, typeName) },
  };
}

export const noContent = (): GraphResult => ({ status: 204 });

export function isoNow(ctx: GraphCtx): string {
  return new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Segments beyond what a route understands. */
export function extraSegment(segments: readonly Segment[]): SimGraphError {
  return new SimGraphError(400, "BadRequest", `Resource not found for the segment '${segments[0]?.name ?? ""}'.`);
}
