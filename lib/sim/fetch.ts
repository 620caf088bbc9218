import type { SimRequest, TenantSim } from "./index";

/**
 * A `fetch` that answers from the simulator instead of the network, for unit
 * tests and the benchmark. URLs must be absolute (https://graph.microsoft.com/…
 * or https://login.microsoftonline.com/…), exactly as the app would send them.
 */
export function simFetch(sim: TenantSim): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.text();
    const simRequest: SimRequest = { method: request.method, url: request.url, headers, body: body || undefined };
    const answer = await sim.handle(simRequest);
    const noBody = answer.status === 204 || answer.status === 304 || request.method === "HEAD";
    return new Response(noBody ? null : answer.body, { status: answer.status, headers: answer.headers });
  };
}
