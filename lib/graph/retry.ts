import { readGraphErrorBody } from "./errors";

/**
 * Retry policy shared by single requests (transport middleware) and `$batch`
 * items. Pure functions: the transport injects `sleep` and `random`.
 */

export interface RetryOptions {
  /** Total HTTP attempts per request, first one included. Default 6. */
  maxAttempts?: number;
  /** First backoff step. Default 500 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling (does not cap a server's Retry-After). Default 30 s. */
  maxDelayMs?: number;
  /**
   * Attempts for opted-in replication lag, which lasts seconds to minutes
   * (reference §5), so it gets a longer budget than throttling. Default 10.
   */
  replicationMaxAttempts?: number;
  /** First backoff step for replication lag. Default 1 s (≈2 min in total with the defaults). */
  replicationBaseDelayMs?: number;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  replicationMaxAttempts: number;
  replicationBaseDelayMs: number;
  /** [0, 1) source for jitter; injectable so tests are deterministic. */
  random: () => number;
}

const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  replicationMaxAttempts: 10,
  replicationBaseDelayMs: 1000,
};

export function resolveRetryPolicy(options: RetryOptions | undefined, random: () => number = Math.random): RetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(options?.maxAttempts ?? DEFAULT_RETRY.maxAttempts)),
    baseDelayMs: Math.max(0, options?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: Math.max(0, options?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
    replicationMaxAttempts: Math.max(1, Math.floor(options?.replicationMaxAttempts ?? DEFAULT_RETRY.replicationMaxAttempts)),
    replicationBaseDelayMs: Math.max(0, options?.replicationBaseDelayMs ?? DEFAULT_RETRY.replicationBaseDelayMs),
    random,
  };
}

/** Why a failed answer may be retried, or null when it is a real answer. */
export type RetryReason = "throttled" | "unavailable" | "replication";

/** 429 / 503 / 504 are always transient. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 503 || status === 504;
}

const REPLICATION_MESSAGES = [
  /does not exist or one of its queried reference-property objects are not present/i,
  /does not reference a valid application object/i,
  // Graph's own wording: "...backing application of the service principal being created must in the local tenant"
  /backing application of the service principal being created must/i,
];

/**
 * The answers Graph gives right after a create, before the new object has
 * replicated (reference §5 "Just after create"). A 404 is otherwise a real
 * answer, so this only applies when the caller opted in.
 */
export function isReplicationLag(status: number, body: unknown): boolean {
  if (status !== 404 && status !== 400 && status !== 403) return false;
  const { code, message } = readGraphErrorBody(body);
  if (status === 404 && (code === "Request_ResourceNotFound" || code === "ResourceNotFound")) return true;
  return message !== undefined && REPLICATION_MESSAGES.some((re) => re.test(message));
}

export function retryReason(status: number, body: unknown, retryOnReplication: boolean): RetryReason | null {
  if (status === 429) return "throttled";
  if (status === 503 || status === 504) return "unavailable";
  if (retryOnReplication && isReplicationLag(status, body)) return "replication";
  return null;
}

/** `Retry-After` as delta-seconds or HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, now: () => number = Date.now): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now());
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random,
 * so waits grow (base, 2·base, 4·base, … ≤ maxDelayMs) without synchronising clients.
 * `attempt` is the number of the attempt that just failed (1-based).
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, reason: RetryReason = "throttled"): number {
  const base = reason === "replication" ? policy.replicationBaseDelayMs : policy.baseDelayMs;
  const step = Math.min(policy.maxDelayMs, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + policy.random() * (step / 2));
}

/** Attempt budget for a failure of this kind. */
export function maxAttemptsFor(reason: RetryReason, policy: RetryPolicy): number {
  return reason === "replication" ? Math.max(policy.maxAttempts, policy.replicationMaxAttempts) : policy.maxAttempts;
}

/** Delay before the next attempt: the server's Retry-After when known, else backoff. */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  reason: RetryReason = "throttled",
): number {
  return retryAfterMs !== undefined ? retryAfterMs : backoffDelayMs(attempt, policy, reason);
}
