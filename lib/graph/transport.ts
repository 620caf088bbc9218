import { Client, ResponseType } from "@microsoft/microsoft-graph-client";
import type { Context, Middleware, MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import { executeBatch, type BatchItem, type BatchResult } from "./batch";
import { readAuthChallenge } from "./challenge";
import { graphErrorFromResponse, networkGraphError, signInExpiredError } from "./errors";
import {
  isTransientStatus,
  maxAttemptsFor,
  parseRetryAfterMs,
  resolveRetryPolicy,
  retryDelayMs,
  retryReason,
  type RetryOptions,
  type RetryPolicy,
} from "./retry";
import type { GraphAction, GraphVersion, HttpMethod } from "./types";

/**
 * The one transport to Microsoft Graph. Built on the Graph JS SDK's
 * `Client.initWithMiddleware` with our own chain:
 *
 *   RetryMiddleware -> AuthMiddleware -> FetchMiddleware (injected fetch)
 *
 * Our own auth middleware (instead of the SDK's AuthenticationHandler) because
 * the SDK only attaches tokens to https Graph hosts, and demo mode talks to
 * http://localhost/…/graph. Our own retry middleware because replication
 * retries must be opt-in per call and sleep must be injectable.
 *
 * A 401 (token expired or revoked on the server side, or a continuous access
 * evaluation claims challenge) renews the token once, silently, and sends the
 * request again; concurrent 401s share one renewal. If that does not help, the
 * request fails with one GraphError `SignInExpired` (see errors.ts).
 */

/** Options for one token request: skip the cache, and the claims a claims challenge asked for. */
export interface TokenRequestOptions {
  /** Get a new token from Entra instead of the cached one (MSAL `acquireTokenSilent({ forceRefresh })`). */
  forceRefresh?: boolean;
  /** Claims request (decoded JSON) from a claims challenge, passed to MSAL as `claims`. */
  claims?: string;
}

export interface GraphRequestInfo {
  method: string;
  url: string;
  /** 1-based attempt number of this logical request. */
  attempt: number;
  /** HTTP status, or null when fetch rejected. */
  status: number | null;
  durationMs: number;
  clientRequestId: string;
  error?: string;
}

export interface GraphClientOptions {
  /** 'https://graph.microsoft.com' in production, e.g. 'http://localhost:3000/api/demo-tenant/graph' in demo mode. */
  baseUrl: string;
  /**
   * A token for Graph. Called with `{ forceRefresh: true, claims? }` at most once per refused token, after Graph
   * answered 401; it should then renew silently and throw when that needs the user (no navigation).
   */
  getAccessToken: (options?: TokenRequestOptions) => Promise<string>;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1) jitter source; default Math.random. */
  random?: () => number;
  /** Called after every HTTP attempt (retries included). */
  onRequest?: (info: GraphRequestInfo) => void;
  /** Default 'v1.0'. */
  defaultVersion?: GraphVersion;
}

/** A request as the verbs describe it. `url` is relative to the version (`/applications`) or an absolute nextLink. */
export interface GraphRequest {
  method: HttpMethod;
  url: string;
  version?: GraphVersion;
  headers?: Record<string, string>;
  body?: unknown;
  /** Human text of what is being done, carried into GraphError. */
  operation: string;
  action?: GraphAction;
  /** Retry the "just created, not replicated yet" answers (reference §5). Off by default: a 404 is usually real. */
  retryOnReplication?: boolean;
}

export interface GraphResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON, raw text when not JSON, undefined when empty. */
  body: unknown;
  /** HTTP attempts it took. */
  attempts: number;
  clientRequestId: string;
}

export interface GraphClientStats {
  /** Every HTTP request sent (attempts, batch POSTs, pages). */
  httpRequests: number;
  /** Of those, how many were retries. */
  retries: number;
}

export interface GraphClient {
  readonly baseUrl: string;
  /** Send one request; resolves on 2xx, rejects with GraphError otherwise. */
  request(request: GraphRequest): Promise<GraphResponse>;
  /** Send many requests through POST /$batch (chunks of 20); per-item results in input order. */
  batch(items: readonly BatchItem[], options?: { version?: GraphVersion }): Promise<BatchResult>;
  stats(): GraphClientStats;
}

/** Hosts whose absolute URLs (nextLinks) we map back onto `baseUrl`. */
const GRAPH_HOSTS = new Set(["graph.microsoft.com"]);

/** Per-request state travelling through the SDK middleware chain. */
class CallState implements MiddlewareOptions {
  attempts = 0;
  /** The error fetch rejected with (network failure). */
  networkError: unknown = undefined;
  /** Any error thrown inside the chain, kept so the SDK's own wrapping does not hide it. */
  thrown: unknown = undefined;
  lastRetryAfterMs: number | undefined = undefined;
  /** This request already renewed its token once after a 401. */
  renewed = false;
  /** The token generation (see TokenKeeper) of the last token this request sent. */
  tokenGeneration = 0;
  /** The claims challenge of the last 401, if any. */
  claims: string | undefined = undefined;
  constructor(
    readonly retryOnReplication: boolean,
    readonly clientRequestId: string,
  ) {}
}

function stateOf(context: Context): CallState {
  const state = context.middlewareControl?.getMiddlewareOptions(CallState);
  if (!(state instanceof CallState)) throw new Error("Graph transport: request sent without CallState");
  return state;
}

abstract class ChainLink implements Middleware {
  protected next: Middleware | undefined;
  setNext(next: Middleware): void {
    this.next = next;
  }
  protected async forward(context: Context): Promise<void> {
    if (!this.next) throw new Error("Graph transport: middleware chain is incomplete");
    await this.next.execute(context);
  }
  abstract execute(context: Context): Promise<void>;
}

class RetryMiddleware extends ChainLink {
  constructor(
    private readonly policy: RetryPolicy,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly stats: GraphClientStats,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const state = stateOf(context);
    for (;;) {
      state.attempts += 1;
      if (state.attempts > 1) this.stats.retries += 1;
      try {
        await this.forward(context);
      } catch (err) {
        state.thrown = err;
        throw err;
      }
      const response = context.response;
      if (!response || response.ok) return;
      const candidate = isTransientStatus(response.status) || (state.retryOnReplication && [400, 403, 404].includes(response.status));
      if (!candidate) return;
      // Read the body once and put an identical Response back for the caller.
      const text = await response.text();
      context.response = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
      const retryAfterMs = parseRetryAfterMs(response.headers.get("retry-after"));
      state.lastRetryAfterMs = retryAfterMs;
      const reason = retryReason(response.status, text, state.retryOnReplication);
      if (reason === null) return;
      if (state.attempts >= maxAttemptsFor(reason, this.policy)) return;
      await this.sleep(retryDelayMs(state.attempts, retryAfterMs, this.policy, reason));
    }
  }
}

/** Thrown inside the chain when renewing the token after a 401 failed; the transport turns it into SignInExpired. */
class TokenRenewalError extends Error {
  override readonly name = "TokenRenewalError";
  constructor(
    readonly reason: unknown,
    readonly claims: string | undefined,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/**
 * The client's token source. `generation` counts successful renewals, so that of many requests refused with the
 * same token only the first renews and the others send again with the renewed one; a renewal that failed is not
 * tried again for the same generation (one sign-in prompt, not N).
 */
class TokenKeeper {
  private generation = 0;
  private renewal: { from: number; done: Promise<void> } | undefined;

  constructor(private readonly getAccessToken: (options?: TokenRequestOptions) => Promise<string>) {}

  async current(): Promise<{ token: string; generation: number }> {
    const token = await this.getAccessToken();
    return { token, generation: this.generation };
  }

  /** Renews once for tokens of generation `from`; resolves at once when a later renewal already happened. */
  renew(from: number, claims: string | undefined): Promise<void> {
    if (this.generation > from) return Promise.resolve();
    if (this.renewal?.from !== from) {
      const options: TokenRequestOptions = claims ? { forceRefresh: true, claims } : { forceRefresh: true };
      const done = this.getAccessToken(options).then(() => {
        this.generation = Math.max(this.generation, from + 1);
      });
      this.renewal = { from, done };
    }
    return this.renewal.done;
  }
}

class AuthMiddleware extends ChainLink {
  constructor(
    private readonly tokens: TokenKeeper,
    private readonly trustedOrigin: string,
    private readonly stats: GraphClientStats,
  ) {
    super();
  }

  private async send(context: Context, state: CallState): Promise<void> {
    const { token, generation } = await this.tokens.current();
    state.tokenGeneration = generation;
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    headers.set("Authorization", `Bearer ${token}`);
    context.options = { ...context.options, headers };
    await this.forward(context);
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    if (new URL(url).origin !== this.trustedOrigin) {
      throw new Error(`Graph transport: refusing to send a token to ${new URL(url).origin}`);
    }
    const state = stateOf(context);
    await this.send(context, state);
    if (context.response?.status !== 401 || state.renewed) return;
    // Renew once (https://learn.microsoft.com/entra/identity-platform/claims-challenge), then send again.
    state.renewed = true;
    const { claims } = readAuthChallenge(context.response.headers.get("www-authenticate"));
    state.claims = claims;
    try {
      await this.tokens.renew(state.tokenGeneration, claims);
    } catch (err) {
      throw new TokenRenewalError(err, claims);
    }
    state.attempts += 1;
    this.stats.retries += 1;
    await this.send(context, state);
  }
}

class FetchMiddleware implements Middleware {
  constructor(
    private readonly fetchImpl: typeof fetch,
    private readonly stats: GraphClientStats,
    private readonly onRequest: ((info: GraphRequestInfo) => void) | undefined,
  ) {}

  async execute(context: Context): Promise<void> {
    const state = stateOf(context);
    const url = typeof context.request === "string" ? context.request : context.request.url;
    const method = context.options?.method ?? "GET";
    const started = Date.now();
    this.stats.httpRequests += 1;
    try {
      context.response = await this.fetchImpl(context.request, context.options as RequestInit);
    } catch (err) {
      state.networkError = err;
      this.onRequest?.({
        method,
        url,
        attempt: state.attempts,
        status: null,
        durationMs: Date.now() - started,
        clientRequestId: state.clientRequestId,
        error: err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
    this.onRequest?.({
      method,
      url,
      attempt: state.attempts,
      status: context.response.status,
      durationMs: Date.now() - started,
      clientRequestId: state.clientRequestId,
    });
  }
}

function newClientRequestId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const defaultVersion = options.defaultVersion ?? "v1.0";
  const policy = resolveRetryPolicy(options.retry, options.random);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const stats: GraphClientStats = { httpRequests: 0, retries: 0 };

  const retry = new RetryMiddleware(policy, sleep, stats);
  const tokens = new TokenKeeper(options.getAccessToken);
  const auth = new AuthMiddleware(tokens, base.origin, stats);
  const send = new FetchMiddleware(fetchImpl, stats, options.onRequest);
  retry.setNext(auth);
  auth.setNext(send);
  const sdk = Client.initWithMiddleware({ baseUrl, defaultVersion, middleware: retry });

  /** Relative url -> (version, path); absolute nextLinks on baseUrl or a Graph host are mapped back onto baseUrl. */
  function target(url: string, version: GraphVersion | undefined): { version: string; path: string } {
    if (!/^https?:\/\//i.test(url)) return { version: version ?? defaultVersion, path: url };
    const parsed = new URL(url);
    let rest: string;
    if (parsed.origin === base.origin && (basePath === "" || parsed.pathname.startsWith(`${basePath}/`))) {
      rest = parsed.pathname.slice(basePath.length);
    } else if (GRAPH_HOSTS.has(parsed.hostname)) {
      rest = parsed.pathname;
    } else {
      throw new Error(`Graph transport: will not follow ${parsed.origin}, it is neither Graph nor ${base.origin}`);
    }
    const match = /^\/([^/]+)(\/.*)?$/.exec(rest);
    if (!match) throw new Error(`Graph transport: no version segment in ${url}`);
    return { version: match[1]!, path: `${match[2] ?? "/"}${parsed.search}` };
  }

  /** Sends one request; also says which token generation it last sent (for a $batch whose items answer 401). */
  async function sendRequest(req: GraphRequest): Promise<{ response: GraphResponse; tokenGeneration: number }> {
    const { version, path } = target(req.url, req.version);
    const clientRequestId = newClientRequestId();
    const state = new CallState(req.retryOnReplication ?? false, clientRequestId);
    const call = sdk
      .api(path)
      .version(version)
      .headers({ ...req.headers, "client-request-id": clientRequestId })
      .middlewareOptions([state])
      .responseType(ResponseType.RAW);

    let raw: Response;
    try {
      switch (req.method) {
        case "GET":
          raw = await call.get();
          break;
        case "POST":
          raw = await call.post(req.body);
          break;
        case "PATCH":
          raw = await call.patch(req.body ?? {});
          break;
        case "PUT":
          raw = await call.put(req.body ?? {});
          break;
        case "DELETE":
          raw = await call.delete();
          break;
      }
    } catch (err) {
      if (state.networkError !== undefined) {
        throw networkGraphError(state.networkError, {
          operation: req.operation,
          action: req.action,
          clientRequestId,
          attempts: state.attempts,
        });
      }
      // Renewing after a 401 failed (e.g. it needs the user): one typed error.
      if (state.thrown instanceof TokenRenewalError) {
        throw signInExpiredError({
          operation: req.operation,
          action: req.action,
          clientRequestId,
          attempts: state.attempts,
          claims: state.thrown.claims,
          cause: state.thrown.reason,
        });
      }
      // Other token acquisition errors (e.g. interaction required before the first request) pass through unchanged.
      if (state.thrown !== undefined) throw state.thrown;
      throw err;
    }

    const headers: Record<string, string> = {};
    raw.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    const body = parseBody(await raw.text());
    if (!raw.ok) {
      const error = graphErrorFromResponse({
        status: raw.status,
        body,
        headers,
        operation: req.operation,
        action: req.action,
        clientRequestId,
        attempts: state.attempts,
        retryAfterMs: state.lastRetryAfterMs,
      });
      // Still refused with a renewed token: the session needs the user.
      if (raw.status === 401 && state.renewed) {
        throw signInExpiredError({
          operation: req.operation,
          action: req.action,
          refused: error,
          claims: readAuthChallenge(headers["www-authenticate"]).claims ?? state.claims,
        });
      }
      throw error;
    }
    return {
      response: { status: raw.status, headers, body, attempts: state.attempts, clientRequestId },
      tokenGeneration: state.tokenGeneration,
    };
  }

  async function request(req: GraphRequest): Promise<GraphResponse> {
    return (await sendRequest(req)).response;
  }

  async function batch(items: readonly BatchItem[], batchOptions?: { version?: GraphVersion }): Promise<BatchResult> {
    return executeBatch(items, {
      policy,
      sleep,
      newRequestId: newClientRequestId,
      post: async (requests) => {
        const { response, tokenGeneration } = await sendRequest({
          method: "POST",
          url: "/$batch",
          version: batchOptions?.version,
          body: { requests },
          operation: `Send a batch of ${requests.length} Graph requests`,
          action: "batch",
        });
        return { status: response.status, body: response.body, attempts: response.attempts, tokenGeneration };
      },
      renewToken: (tokenGeneration, claims) => tokens.renew(tokenGeneration, claims),
    });
  }

  return {
    baseUrl,
    request,
    batch,
    stats: () => ({ ...stats }),
  };
}
