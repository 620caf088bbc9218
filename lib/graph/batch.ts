import { readAuthChallenge } from "./challenge";
import { GRAPH_ERROR_CODES, GraphError, graphErrorFromResponse, isSignInExpired, signInExpiredError } from "./errors";
import { maxAttemptsFor, parseRetryAfterMs, retryDelayMs, retryReason, type RetryPolicy, type RetryReason } from "./retry";
import type { GraphAction, HttpMethod } from "./types";

/**
 * JSON batching (https://learn.microsoft.com/graph/json-batching): at most 20
 * requests per POST /$batch, `dependsOn` sequencing, per-item status.
 */

const MAX_BATCH_SIZE = 20;

/** One request inside a `$batch`. `url` is relative to the version, e.g. `/applications/{id}/owners/$ref`. */
export interface BatchItem {
  id: string;
  method: HttpMethod;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Ids of earlier items that must succeed first (kept in the same POST). */
  dependsOn?: string[];
  /** Human text for errors; defaults to "METHOD url". */
  operation?: string;
  action?: GraphAction;
  /** Retry this item on the "just created, not replicated yet" answers. */
  retryOnReplication?: boolean;
}

export type BatchItemResult =
  { id: string; ok: true; status: number; body: unknown; headers: Record<string, string> } | { id: string; ok: false; error: GraphError };

export interface BatchResult {
  /** One result per input item, in input order. */
  results: BatchItemResult[];
  /** HTTP requests made for this batch (POST /$batch calls, transport-level retries included). */
  roundTrips: number;
  get(id: string): BatchItemResult | undefined;
}

/** The batch could not be planned (bad ids, dangling or too long `dependsOn` chains). A programming error. */
export class BatchPlanError extends Error {
  override readonly name = "BatchPlanError";
}

/** JSON shape of one request in the POST /$batch body. */
interface WireBatchRequest {
  id: string;
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

/** What the batch executor needs from the transport. */
interface BatchDeps {
  /**
   * POST /$batch with these requests; resolves with the outer answer (and the generation of the token it sent,
   * see TokenKeeper) or rejects with a GraphError.
   */
  post(requests: WireBatchRequest[]): Promise<{ status: number; body: unknown; attempts: number; tokenGeneration?: number }>;
  /** Renews the token after inner requests answered 401 (once per batch); rejects when that needs the user. */
  renewToken?: (tokenGeneration: number, claims: string | undefined) => Promise<void>;
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  newRequestId: () => string;
}

/**
 * Split items into POST-sized chunks. Items linked by `dependsOn` (transitively)
 * stay in one chunk; input order is kept inside a chunk.
 */
export function planBatchChunks(items: readonly BatchItem[], maxSize: number = MAX_BATCH_SIZE): BatchItem[][] {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    if (typeof item.id !== "string" || item.id === "") throw new BatchPlanError(`Batch item #${i} has no id`);
    if (index.has(item.id)) throw new BatchPlanError(`Duplicate batch item id '${item.id}'`);
    index.set(item.id, i);
  });

  // Union-find over dependsOn links.
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  items.forEach((item, i) => {
    for (const dep of item.dependsOn ?? []) {
      const j = index.get(dep);
      if (j === undefined) throw new BatchPlanError(`Batch item '${item.id}' depends on unknown id '${dep}'`);
      if (j >= i) throw new BatchPlanError(`Batch item '${item.id}' must come after '${dep}', which it depends on`);
      parent[find(i)] = find(j);
    }
  });

  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  });

  const chunks: number[][] = [];
  let current: number[] = [];
  for (const group of groups.values()) {
    if (group.length > maxSize) {
      const first = items[group[0]!]!.id;
      throw new BatchPlanError(
        `A dependsOn chain starting at '${first}' has ${group.length} requests; at most ${maxSize} fit in one $batch`,
      );
    }
    if (current.length + group.length > maxSize) {
      chunks.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((chunk) => chunk.sort((a, b) => a - b).map((i) => items[i]!));
}

interface InnerAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function readBatchAnswers(body: unknown): Map<string, InnerAnswer> | null {
  if (body === null || typeof body !== "object") return null;
  const responses = (body as { responses?: unknown }).responses;
  if (!Array.isArray(responses)) return null;
  const answers = new Map<string, InnerAnswer>();
  for (const raw of responses) {
    if (raw === null || typeof raw !== "object") continue;
    const r = raw as { id?: unknown; status?: unknown; headers?: unknown; body?: unknown };
    if (typeof r.id !== "string" || typeof r.status !== "number") continue;
    const headers: Record<string, string> = {};
    if (r.headers && typeof r.headers === "object") {
      for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) {
        if (typeof v === "string") headers[k.toLowerCase()] = v;
      }
    }
    answers.set(r.id, { status: r.status, headers, body: r.body });
  }
  return answers;
}

function operationOf(item: BatchItem): string {
  return item.operation ?? `${item.method} ${item.url}`;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/**
 * Send items in as few POST /$batch as allowed. The outer 200 means nothing:
 * each item's own status decides. Items answered 429/503/504 (and opted-in
 * replication lags) are sent again in a following batch after Retry-After or
 * backoff, together with the items that got 424 because they depended on them.
 * Items answered 401 (the token was refused) are sent again once after one
 * token renewal for the whole batch; if that fails, or they are refused again,
 * the batch rejects with one GraphError `SignInExpired` instead of failing each
 * item with the same error.
 */
export async function executeBatch(items: readonly BatchItem[], deps: BatchDeps): Promise<BatchResult> {
  const chunks = planBatchChunks(items);
  const attempts = new Map<string, number>();
  const requestIds = new Map<string, string>();
  const results = new Map<string, BatchItemResult>();
  let roundTrips = 0;
  /** The batch renewed its token once already. */
  let renewed = false;

  const fail = (item: BatchItem, error: GraphError) => results.set(item.id, { id: item.id, ok: false, error });

  const queue: { items: BatchItem[]; delayMs: number }[] = chunks.map((chunk) => ({ items: chunk, delayMs: 0 }));
  while (queue.length > 0) {
    const round = queue.shift()!;
    if (round.delayMs > 0) await deps.sleep(round.delayMs);

    const inRound = new Set(round.items.map((i) => i.id));
    const wire = round.items.map((item): WireBatchRequest => {
      attempts.set(item.id, (attempts.get(item.id) ?? 0) + 1);
      let requestId = requestIds.get(item.id);
      if (!requestId) {
        requestId = deps.newRequestId();
        requestIds.set(item.id, requestId);
      }
      const headers: Record<string, string> = { ...item.headers, "client-request-id": requestId };
      if (item.body !== undefined && !hasHeader(headers, "content-type")) headers["Content-Type"] = "application/json";
      const dependsOn = (item.dependsOn ?? []).filter((d) => inRound.has(d));
      return {
        id: item.id,
        method: item.method,
        url: item.url,
        headers,
        ...(item.body !== undefined ? { body: item.body } : {}),
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
      };
    });

    let outer: { status: number; body: unknown; attempts: number; tokenGeneration?: number };
    try {
      outer = await deps.post(wire);
    } catch (err) {
      // The session needs the user: one error for the batch, not one per item.
      if (!(err instanceof GraphError) || isSignInExpired(err)) throw err;
      roundTrips += err.attempts;
      for (const item of round.items) fail(item, err.withOperation(`${operationOf(item)} (the whole batch failed)`, item.action));
      continue;
    }
    roundTrips += outer.attempts;

    const answers = readBatchAnswers(outer.body);
    const retry: BatchItem[] = [];
    const retrying = new Set<string>();
    let delayMs: number | undefined;
    /** Items whose token was refused (401), with Graph's first answer. */
    const refused: { item: BatchItem; answer: InnerAnswer }[] = [];

    for (const item of round.items) {
      const tries = attempts.get(item.id) ?? 1;
      const answer = answers?.get(item.id);
      if (!answer) {
        fail(
          item,
          new GraphError({
            status: outer.status,
            code: answers ? GRAPH_ERROR_CODES.missingBatchResponse : GRAPH_ERROR_CODES.unexpectedResponse,
            graphMessage: answers ? `The $batch answer had no response for '${item.id}'` : "The $batch answer had no responses array",
            operation: operationOf(item),
            action: item.action,
            clientRequestId: requestIds.get(item.id),
            attempts: tries,
          }),
        );
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) {
        results.set(item.id, { id: item.id, ok: true, status: answer.status, body: answer.body, headers: answer.headers });
        continue;
      }
      if (answer.status === 401) {
        refused.push({ item, answer });
        retry.push(item);
        retrying.add(item.id);
        continue;
      }
      const itemRetryAfter = parseRetryAfterMs(answer.headers["retry-after"]);
      // A 424 rides along when something it depends on is being retried; it adds no wait of its own.
      const reason: RetryReason | "dependency" | null =
        answer.status === 424
          ? (item.dependsOn ?? []).some((d) => retrying.has(d))
            ? "dependency"
            : null
          : retryReason(answer.status, answer.body, item.retryOnReplication ?? false);
      // Dependents get the largest budget: their dependency's own budget is what limits them.
      const budget =
        reason === "dependency"
          ? Math.max(deps.policy.maxAttempts, deps.policy.replicationMaxAttempts)
          : reason === null
            ? 0
            : maxAttemptsFor(reason, deps.policy);
      if (reason !== null && tries < budget) {
        retry.push(item);
        retrying.add(item.id);
        if (reason !== "dependency") {
          const wait = retryDelayMs(tries, itemRetryAfter, deps.policy, reason);
          delayMs = Math.max(delayMs ?? 0, wait);
        }
        continue;
      }
      fail(
        item,
        graphErrorFromResponse({
          status: answer.status,
          body: answer.body,
          headers: answer.headers,
          operation: operationOf(item),
          action: item.action,
          clientRequestId: requestIds.get(item.id),
          attempts: tries,
          retryAfterMs: itemRetryAfter,
        }),
      );
    }

    const firstRefused = refused[0];
    if (firstRefused) {
      const { item, answer } = firstRefused;
      const graphRefusal = () =>
        graphErrorFromResponse({
          status: answer.status,
          body: answer.body,
          headers: answer.headers,
          operation: operationOf(item),
          action: item.action,
          clientRequestId: requestIds.get(item.id),
          attempts: attempts.get(item.id),
        });
      const { claims } = readAuthChallenge(answer.headers["www-authenticate"]);
      if (renewed || !deps.renewToken) {
        throw signInExpiredError({ operation: operationOf(item), action: item.action, refused: graphRefusal(), claims });
      }
      renewed = true;
      try {
        await deps.renewToken(outer.tokenGeneration ?? 0, claims);
      } catch (err) {
        throw signInExpiredError({
          operation: operationOf(item),
          action: item.action,
          clientRequestId: requestIds.get(item.id),
          attempts: attempts.get(item.id),
          claims,
          cause: err,
        });
      }
      // Sent again at once with what depends on them (input order keeps dependencies first); the rest keeps its backoff.
      const now = new Set(refused.map((r) => r.item.id));
      for (const i of retry) if ((i.dependsOn ?? []).some((d) => now.has(d))) now.add(i.id);
      const later = retry.filter((i) => !now.has(i.id));
      queue.unshift({ items: retry.filter((i) => now.has(i.id)), delayMs: 0 });
      if (later.length > 0) queue.splice(1, 0, { items: later, delayMs: delayMs ?? 0 });
    } else if (retry.length > 0) {
      // The longest wait any retried item asked for (Retry-After) or earned (backoff).
      queue.unshift({ items: retry, delayMs: delayMs ?? 0 });
    }
  }

  const ordered = items.map((item) => results.get(item.id)!);
  return { results: ordered, roundTrips, get: (id) => results.get(id) };
}
