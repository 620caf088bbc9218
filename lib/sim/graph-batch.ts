import { z } from "zod";
import { writeKindOf, type GraphEnv, type GraphRequest, type RequestBody } from "./graph-common";
import { graphErrorBody, isoSeconds } from "./http";

/**
 * JSON batching (https://learn.microsoft.com/graph/json-batching): at most 20
 * requests, unique ids, a body needs a Content-Type header, `dependsOn` runs
 * requests in order and answers 424 when a dependency failed; inner requests
 * are throttled and faulted individually; the outer answer is 200.
 */

const MAX_BATCH_REQUESTS = 20;

const innerRequestSchema = z.object({
  id: z.string().min(1),
  method: z.string().min(1),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});
const batchSchema = z.object({ requests: z.array(innerRequestSchema) });
type InnerRequest = z.infer<typeof innerRequestSchema>;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  personaId?: string;
}

function errorAnswer(env: GraphEnv, req: GraphRequest, status: number, code: string, message: string): Answer {
  const requestId = env.opaqueIds.guid();
  const clientRequestId = req.headers["client-request-id"] ?? requestId;
  return {
    status,
    headers: { "Content-Type": "application/json", "request-id": requestId, "client-request-id": clientRequestId },
    body: graphErrorBody(code, message, isoSeconds(env.now()), requestId, clientRequestId),
  };
}

/** Inner writes that never ran (424, missing Content-Type) still appear in the write log. */
function recordSkippedWrite(env: GraphEnv, req: GraphRequest, status: number): void {
  if (!["POST", "PATCH", "PUT", "DELETE"].includes(req.method)) return;
  env.recordWrite({
    at: env.now(),
    method: req.method,
    path: req.path,
    status,
    kind: writeKindOf(req.path),
    action: "noop",
    error: status === 424 ? "FailedDependency" : "BadRequest",
    inBatch: true,
    tenantId: env.tenants[0]?.info.tenantId ?? "",
  });
}

/** Checks ids, dependsOn targets and cycles; returns an error message or null. */
function validateBatch(requests: InnerRequest[]): string | null {
  if (requests.length === 0) return "Invalid batch payload format: 'requests' is empty.";
  if (requests.length > MAX_BATCH_REQUESTS) return `The number of requests in the batch exceeds the limit of ${MAX_BATCH_REQUESTS}.`;
  const ids = new Set<string>();
  for (const r of requests) {
    const id = r.id.toLowerCase();
    if (ids.has(id)) return `Batch request contains duplicate request id '${r.id}'.`;
    ids.add(id);
  }
  for (const r of requests) {
    for (const dep of r.dependsOn ?? []) {
      if (!ids.has(dep.toLowerCase())) return `Request '${r.id}' depends on '${dep}', which is not in the batch.`;
    }
  }
  return executionOrder(requests) ? null : "The dependsOn references in the batch form a cycle.";
}

/** Requests in array order, each after everything it depends on; null on a cycle. */
function executionOrder(requests: InnerRequest[]): InnerRequest[] | null {
  const done = new Set<string>();
  const order: InnerRequest[] = [];
  const pending = [...requests];
  while (pending.length > 0) {
    const index = pending.findIndex((r) => (r.dependsOn ?? []).every((d) => done.has(d.toLowerCase())));
    if (index < 0) return null;
    const [next] = pending.splice(index, 1);
    if (!next) return null;
    order.push(next);
    done.add(next.id.toLowerCase());
  }
  return order;
}

function innerBody(body: unknown): RequestBody {
  if (body === undefined || body === null) return { kind: "none" };
  if (typeof body === "string") {
    try {
      return { kind: "json", value: JSON.parse(body) as unknown };
    } catch {
      return { kind: "invalid" };
    }
  }
  return { kind: "json", value: body };
}

function innerRequest(outer: GraphRequest, r: InnerRequest): GraphRequest {
  const url = new URL(r.url.startsWith("/") ? r.url : `/${r.url}`, "https://batch.invalid");
  const headers: Record<string, string> = { authorization: outer.headers["authorization"] ?? "" };
  const clientRequestId = outer.headers["client-request-id"];
  if (clientRequestId) headers["client-request-id"] = clientRequestId;
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    method: r.method.toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: innerBody(r.body),
    origin: outer.origin,
    version: outer.version,
    inBatch: true,
  };
}

export function executeBatch(
  env: GraphEnv,
  outer: GraphRequest,
  run: (inner: GraphRequest) => Answer,
): { answer: Answer; innerCount?: number } {
  // Only deterministic rules apply to the batch POST itself; random faults hit inner requests.
  const fault = env.faults.pick(outer.method, "/$batch", false);
  if (fault) {
    const answer = errorAnswer(env, outer, fault.status, fault.code, fault.message);
    return { answer: { ...answer, headers: { ...answer.headers, ...fault.headers } } };
  }
  if (outer.method !== "POST")
    return { answer: errorAnswer(env, outer, 405, "BadRequest", "Specified HTTP method is not allowed for the request target.") };
  const parsed = outer.body.kind === "json" ? batchSchema.safeParse(outer.body.value) : null;
  if (!parsed?.success) return { answer: errorAnswer(env, outer, 400, "BadRequest", "Invalid batch payload format.") };
  const requests = parsed.data.requests;
  const problem = validateBatch(requests);
  if (problem) return { answer: errorAnswer(env, outer, 400, "BadRequest", problem), innerCount: requests.length };

  const statusById = new Map<string, number>();
  const responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[] = [];
  let personaId: string | undefined;
  for (const r of executionOrder(requests) ?? []) {
    const req = innerRequest(outer, r);
    const failedDependency = (r.dependsOn ?? []).some((d) => (statusById.get(d.toLowerCase()) ?? 0) >= 400);
    const hasContentType = Object.keys(r.headers ?? {}).some((h) => h.toLowerCase() === "content-type");
    let answer: Answer;
    if (failedDependency) {
      answer = errorAnswer(env, req, 424, "FailedDependency", "The request failed because it depends on a request that failed.");
      recordSkippedWrite(env, req, answer.status);
    } else if (r.body !== undefined && !hasContentType) {
      answer = errorAnswer(env, req, 400, "BadRequest", `Write request id : ${r.id} does not contain Content-Type header or body.`);
      recordSkippedWrite(env, req, answer.status);
    } else {
      answer = run(req);
    }
    personaId ??= answer.personaId;
    statusById.set(r.id.toLowerCase(), answer.status);
    const { "request-id": _requestId, "client-request-id": _clientRequestId, ...innerHeaders } = answer.headers;
    void _requestId;
    void _clientRequestId;
    responses.push({ id: r.id, status: answer.status, headers: innerHeaders, ...(answer.body === undefined ? {} : { body: answer.body }) });
  }
  const requestId = env.opaqueIds.guid();
  return {
    answer: {
      status: 200,
      headers: {
        "Content-Type": "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
        "request-id": requestId,
        "client-request-id": outer.headers["client-request-id"] ?? requestId,
      },
      body: { responses },
      personaId,
    },
    innerCount: requests.length,
  };
}
