import { GRAPH_DELEGATED_SCOPE_IDS } from "@/lib/connectors/microsoft-ids";
import type { TenantSim } from "./index";

/**
 * Small helpers for tests that talk to the simulator directly (unit tests,
 * benchmarks). Not used by the simulator itself.
 */

const ALL_WIZARD_SCOPES = Object.keys(GRAPH_DELEGATED_SCOPE_IDS);

interface GraphCall {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body (undefined for an empty body). */
  body: unknown;
  /** `error.code` of a Graph error body, if any. */
  errorCode?: string;
  errorMessage?: string;
}

function errorOf(body: unknown): { code?: string; message?: string } {
  if (!body || typeof body !== "object" || !("error" in body)) return {};
  const error = (body as { error: unknown }).error;
  if (!error || typeof error !== "object") return {};
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { code: typeof code === "string" ? code : undefined, message: typeof message === "string" ? message : undefined };
}

type GraphCaller = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<GraphCall>;

/** Calls Graph as the holder of `token`; `path` is relative to /v1.0 or an absolute URL (nextLink). */
export function graphAs(sim: TenantSim, token: string): GraphCaller {
  return async (method, path, body, headers = {}) => {
    const url = path.startsWith("https://") ? path : `https://graph.microsoft.com/v1.0${path}`;
    const requestHeaders: Record<string, string> = { Authorization: `Bearer ${token}`, ...headers };
    if (body !== undefined) requestHeaders["Content-Type"] = "application/json";
    const response = await sim.handle({
      method,
      url,
      headers: requestHeaders,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed: unknown = response.body ? JSON.parse(response.body) : undefined;
    const { code, message } = errorOf(parsed);
    return { status: response.status, headers: response.headers, body: parsed, errorCode: code, errorMessage: message };
  };
}

/** Graph caller for a persona, with an access token minted by `issueTokens`. */
export function signInAs(sim: TenantSim, personaId: string, scopes: readonly string[] = ALL_WIZARD_SCOPES): GraphCaller {
  return graphAs(sim, sim.issueTokens(personaId, scopes).accessToken);
}

/** Typed view of a JSON body in tests. */
export function json<T>(call: GraphCall): T {
  return call.body as T;
}
