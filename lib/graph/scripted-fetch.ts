/**
 * Test helper: a `fetch` that answers from a queue of scripted responses and
 * records every request. Used by the lib/graph unit tests only (not exported
 * from the module's index).
 */

export interface RecordedRequest {
  method: string;
  url: string;
  /** Path after the version segment, query included, e.g. `/applications?$select=id`. */
  path: string;
  version: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, raw text when not JSON, undefined when empty. */
  body: unknown;
}

export type Scripted =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { networkError: string }
  | ((request: RecordedRequest) => { status: number; body?: unknown; headers?: Record<string, string> });

interface ScriptedFetch {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** Add more answers to the queue. */
  push(...answers: Scripted[]): void;
  /** Answers not yet consumed. */
  remaining(): number;
}

export function scriptedFetch(answers: Scripted[] = [], baseUrl = "https://graph.microsoft.com"): ScriptedFetch {
  const queue = [...answers];
  const requests: RecordedRequest[] = [];
  const base = baseUrl.replace(/\/+$/, "");

  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    const text = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    let body: unknown = undefined;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const afterBase = request.url.startsWith(base) ? request.url.slice(base.length) : request.url;
    const match = /^\/([^/?]+)(.*)$/.exec(afterBase);
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      version: match?.[1] ?? "",
      path: decodeURIComponent(match?.[2] ?? afterBase),
      headers,
      body,
    };
    requests.push(recorded);

    const next = queue.shift();
    if (next === undefined) throw new Error(`scriptedFetch: no answer queued for ${request.method} ${request.url}`);
    if (typeof next !== "function" && "networkError" in next) throw new TypeError(next.networkError);
    const answer = typeof next === "function" ? next(recorded) : next;
    const noBody = answer.status === 204 || answer.body === undefined;
    const responseHeaders: Record<string, string> = { ...(noBody ? {} : { "content-type": "application/json" }), ...answer.headers };
    return new Response(noBody ? null : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body), {
      status: answer.status,
      headers: responseHeaders,
    });
  };

  return {
    fetch: fetchImpl,
    requests,
    push: (...more) => queue.push(...more),
    remaining: () => queue.length,
  };
}

/** Graph's error envelope. */
export function graphErrorBody(code: string, message: string, requestId = "req-1", date = "2026-01-01T00:00:00") {
  return { error: { code, message, innerError: { date, "request-id": requestId, "client-request-id": "c-1" } } };
}

/** A scripted Graph error answer. */
export function errorAnswer(status: number, code: string, message: string, headers: Record<string, string> = {}, requestId = "req-1") {
  return { status, body: graphErrorBody(code, message, requestId), headers: { "request-id": requestId, ...headers } };
}
