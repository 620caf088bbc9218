// The demo tenant lives in the server process; a client bundle that reached it would carry the whole simulator
// (https://nextjs.org/docs/app/getting-started/server-and-client-components#preventing-environment-poisoning).
import "server-only";
import { createTenantSim, type TenantSim } from "@/lib/sim";
import { DIRECTORY_ROLES } from "@/lib/connectors/microsoft-ids";
import type { DemoPersona } from "@/lib/auth/demo-session";
import { seedDemoMix } from "./mix";

/**
 * The demo tenant: one simulator per server process, served under
 * /api/demo-tenant when (and only when) the wizard runs in demo mode.
 * Small real-world frictions are on (latency, replication delay) so the demo
 * shows the same progress and retries a real tenant causes.
 */
const GRAPH_ORIGIN = "https://graph.microsoft.com";
const DEMO_FAULTS = { latencyMs: 40, replicationDelayMs: 1200 } as const;

const holder = globalThis as typeof globalThis & { __psoxyDemoTenant?: TenantSim };

/** A fresh demo tenant with the starting mix of connector states (see ./mix.ts). */
function newDemoTenant(): TenantSim {
  const sim = createTenantSim({ faults: DEMO_FAULTS });
  seedDemoMix(sim);
  return sim;
}

export function demoTenant(): TenantSim {
  holder.__psoxyDemoTenant ??= newDemoTenant();
  return holder.__psoxyDemoTenant;
}

function resetDemoTenant(): TenantSim {
  holder.__psoxyDemoTenant = newDemoTenant();
  return holder.__psoxyDemoTenant;
}

function demoPersonas(sim: TenantSim): DemoPersona[] {
  return sim.personas
    .filter((persona) => persona.tenant === "home")
    .map((persona) => ({
      id: persona.id,
      displayName: persona.displayName,
      userPrincipalName: persona.userPrincipalName,
      description: persona.description,
      roles: persona.roles.map((role) => DIRECTORY_ROLES[role].displayName),
    }));
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });

/** Header a same-site caller must send to reset the demo tenant; a cross-site form or fetch cannot set it without a CORS preflight this route never grants. */
export const DEMO_RESET_HEADER = "x-psoxy-demo-reset";

/**
 * True when a state-changing request comes from another site: the browser says so in Sec-Fetch-Site
 * (https://www.w3.org/TR/fetch-metadata/), or its Origin is not this server's. Requests without either header
 * (curl, tests) are not browsers acting for someone else's page.
 */
export function isCrossSiteRequest(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * Answers one request under /api/demo-tenant/<path>: `graph/…` goes to the
 * simulator as if sent to Microsoft Graph, and absolute links in the answers
 * (paging) point back here; `personas` and `session` serve the persona picker.
 * The simulator's OAuth endpoints are not exposed: the demo signs in through
 * the persona picker, and an open authorize endpoint would hand codes to any
 * redirect URI.
 */
export async function demoTenantResponse(request: Request, path: readonly string[], sim: TenantSim = demoTenant()): Promise<Response> {
  const [head, ...rest] = path;
  const url = new URL(request.url);
  const mountedAt = `${url.origin}/api/demo-tenant`;

  // Nothing that changes the demo tenant answers another site's page (a form post or a no-cors fetch).
  if (request.method !== "GET" && request.method !== "HEAD" && isCrossSiteRequest(request)) {
    return json(403, { error: "forbidden", error_description: "The demo tenant only answers pages of this site." });
  }

  if (head === "personas" && request.method === "GET") return json(200, demoPersonas(sim));
  if (head === "session" && request.method === "POST") {
    const input = (await request.json().catch(() => null)) as { personaId?: unknown; scopes?: unknown } | null;
    if (
      !input ||
      typeof input.personaId !== "string" ||
      !Array.isArray(input.scopes) ||
      !input.scopes.every((s) => typeof s === "string")
    ) {
      return json(400, { error: "invalid_request", error_description: "Send {personaId, scopes[]}." });
    }
    try {
      return json(200, sim.issueTokens(input.personaId, input.scopes as string[]));
    } catch (error) {
      return json(400, { error: "invalid_grant", error_description: error instanceof Error ? error.message : String(error) });
    }
  }
  if (head === "reset" && request.method === "POST") {
    if (request.headers.get(DEMO_RESET_HEADER) !== "1") {
      return json(403, { error: "forbidden", error_description: `Send the ${DEMO_RESET_HEADER}: 1 header to reset the demo tenant.` });
    }
    resetDemoTenant();
    return json(200, { reset: true });
  }

  if (head !== "graph") return json(404, { error: "not_found" });
  const origin = GRAPH_ORIGIN;

  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.text();
  const answer = await sim.handle({
    method: request.method,
    url: `${origin}/${rest.join("/")}${url.search}`,
    headers,
    body: body || undefined,
  });
  const rewritten = answer.body.split(`${origin}/`).join(`${mountedAt}/${head}/`);
  const responseHeaders = new Headers(answer.headers);
  responseHeaders.delete("content-length");
  const noBody = answer.status === 204 || answer.status === 304;
  return new Response(noBody ? null : rewritten, { status: answer.status, headers: responseHeaders });
}
