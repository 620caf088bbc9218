import { describe, expect, it } from "vitest";
import { BatchPlanError, GraphError, createGraphClient, planBatchChunks, type BatchItem } from "@/lib/graph";
import { errorAnswer, graphErrorBody, scriptedFetch, type RecordedRequest, type Scripted } from "./scripted-fetch";

interface WireReq {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}
type InnerAnswer = { status: number; body?: unknown; headers?: Record<string, string> };

/** Answer a POST /$batch by calling `inner` for every request it carries. */
function batchAnswer(inner: (req: WireReq) => InnerAnswer): Scripted {
  return (recorded: RecordedRequest) => {
    const { requests } = recorded.body as { requests: WireReq[] };
    // Graph may answer in any order: reverse to prove we match by id.
    const responses = requests.map((r) => ({ id: r.id, ...inner(r) })).reverse();
    return { status: 200, body: { responses } };
  };
}

const ok = (): InnerAnswer => ({ status: 204 });
const wireOf = (r: RecordedRequest) => (r.body as { requests: WireReq[] }).requests;

function setup(answers: Scripted[], maxAttempts = 6) {
  const sf = scriptedFetch(answers);
  const sleeps: number[] = [];
  const client = createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => "t",
    fetch: sf.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    retry: { maxAttempts, baseDelayMs: 100 },
  });
  return { client, sf, sleeps };
}

const owner = (i: number, dependsOn?: string[]): BatchItem => ({
  id: `o${i}`,
  method: "POST",
  url: `/applications/app-${i}/owners/$ref`,
  body: { "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/u-${i}` },
  ...(dependsOn ? { dependsOn } : {}),
});

describe("planBatchChunks", () => {
  it("keeps dependsOn chains in one chunk even when that leaves the previous chunk short", () => {
    const items: BatchItem[] = [
      ...Array.from({ length: 18 }, (_, i) => owner(i)),
      { id: "a", method: "GET", url: "/a" },
      { id: "b", method: "GET", url: "/b", dependsOn: ["a"] },
      { id: "c", method: "GET", url: "/c", dependsOn: ["b"] },
      owner(99),
    ];
    const chunks = planBatchChunks(items);
    expect(chunks.map((c) => c.map((i) => i.id))).toEqual([[...Array.from({ length: 18 }, (_, i) => `o${i}`)], ["a", "b", "c", "o99"]]);
  });

  it("rejects chains longer than 20, unknown or forward dependencies and duplicate ids", () => {
    const chain = Array.from({ length: 21 }, (_, i): BatchItem => ({
      id: `c${i}`,
      method: "GET",
      url: `/x/${i}`,
      ...(i > 0 ? { dependsOn: [`c${i - 1}`] } : {}),
    }));
    expect(() => planBatchChunks(chain)).toThrow(BatchPlanError);
    expect(() => planBatchChunks(chain.slice(0, 20))).not.toThrow();
    expect(() => planBatchChunks([{ id: "a", method: "GET", url: "/a", dependsOn: ["zz"] }])).toThrow(/unknown id 'zz'/);
    expect(() =>
      planBatchChunks([
        { id: "a", method: "GET", url: "/a", dependsOn: ["b"] },
        { id: "b", method: "GET", url: "/b" },
      ]),
    ).toThrow(/must come after/);
    expect(() => planBatchChunks([owner(1), owner(1)])).toThrow(/Duplicate/);
  });
});

describe("client.batch", () => {
  it("chunks 45 requests into 3 POST /$batch and returns results in input order", async () => {
    const { client, sf } = setup([batchAnswer(ok), batchAnswer(ok), batchAnswer(ok)]);
    const items = Array.from({ length: 45 }, (_, i) => owner(i));
    const result = await client.batch(items);
    expect(sf.requests.map((r) => `${r.method} ${r.version}${r.path}`)).toEqual([
      "POST v1.0/$batch",
      "POST v1.0/$batch",
      "POST v1.0/$batch",
    ]);
    expect(sf.requests.map((r) => wireOf(r).length)).toEqual([20, 20, 5]);
    expect(result.roundTrips).toBe(3);
    expect(result.results.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(result.results.every((r) => r.ok && r.status === 204)).toBe(true);
  });

  it("adds Content-Type to bodies, a client-request-id to each item, and sends dependsOn", async () => {
    const { client, sf } = setup([batchAnswer(ok)]);
    await client.batch([
      { id: "get", method: "GET", url: "/me" },
      { ...owner(1), dependsOn: ["get"] },
    ]);
    const [get, post] = wireOf(sf.requests[0]!);
    expect(get!.headers?.["Content-Type"]).toBeUndefined();
    expect(post!.headers?.["Content-Type"]).toBe("application/json");
    expect(post!.dependsOn).toEqual(["get"]);
    expect(get!.headers?.["client-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(get!.headers?.["client-request-id"]).not.toBe(post!.headers?.["client-request-id"]);
  });

  it("retries inner 429s in a follow-up batch after the inner Retry-After, with their 424 dependents", async () => {
    let round = 0;
    const { client, sf, sleeps } = setup([
      batchAnswer((r) => {
        round = 1;
        if (r.id === "sp") return { status: 429, headers: { "Retry-After": "3" }, body: graphErrorBody("TooManyRequests", "slow") };
        if (r.id === "grant") return { status: 424, body: graphErrorBody("FailedDependency", "dependency failed") };
        return { status: 201, body: { id: r.id } };
      }),
      batchAnswer((r) => ({ status: 201, body: { id: `${r.id}-${round}` } })),
    ]);
    const result = await client.batch([
      { id: "app", method: "GET", url: "/applications/1" },
      { id: "sp", method: "PATCH", url: "/servicePrincipals(appId='1')", body: {}, dependsOn: ["app"] },
      { id: "grant", method: "POST", url: "/servicePrincipals/g/appRoleAssignedTo", body: {}, dependsOn: ["sp"] },
      { id: "other", method: "GET", url: "/me" },
    ]);
    expect(sf.requests).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
    const retried = wireOf(sf.requests[1]!);
    expect(retried.map((r) => r.id)).toEqual(["sp", "grant"]);
    // "app" already succeeded and is not in this batch, so it is no longer a dependency.
    expect(retried[0]!.dependsOn).toBeUndefined();
    expect(retried[1]!.dependsOn).toEqual(["sp"]);
    expect(result.results.map((r) => r.ok)).toEqual([true, true, true, true]);
    expect(result.get("grant")).toMatchObject({ ok: true, body: { id: "grant-1" } });
    expect(result.roundTrips).toBe(2);
  });

  it("backs off when an inner 503 has no Retry-After", async () => {
    const { client, sleeps } = setup([
      batchAnswer(() => ({ status: 503, body: graphErrorBody("serviceNotAvailable", "busy") })),
      batchAnswer(ok),
    ]);
    const result = await client.batch([owner(1)]);
    expect(sleeps).toEqual([75]); // base 100, attempt 1: 50 + 0.5·50
    expect(result.results[0]!.ok).toBe(true);
  });

  it("surfaces inner failures of an outer 200 as GraphErrors, and fails their dependents with 424", async () => {
    const { client, sf } = setup([
      batchAnswer((r) => {
        if (r.id === "o1")
          return {
            status: 403,
            headers: { "request-id": "inner-req" },
            body: graphErrorBody("Authorization_RequestDenied", "Insufficient privileges to complete the operation.", "inner-req"),
          };
        if (r.id === "o2")
          return { status: 424, body: graphErrorBody("FailedDependency", "The request failed because of a failed dependency") };
        return ok();
      }),
    ]);
    const result = await client.batch([
      { ...owner(1), operation: "Add owner bob to Psoxy Connector - Outlook Mail psoxy", action: "addOwner" },
      owner(2, ["o1"]),
      owner(3),
    ]);
    expect(sf.requests).toHaveLength(1);
    const [first, second, third] = result.results;
    expect(third!.ok).toBe(true);
    if (first!.ok || second!.ok) throw new Error("expected failures");
    expect(first!.error).toBeInstanceOf(GraphError);
    expect(first!.error).toMatchObject({
      status: 403,
      code: "Authorization_RequestDenied",
      requestId: "inner-req",
      operation: "Add owner bob to Psoxy Connector - Outlook Mail psoxy",
      action: "addOwner",
    });
    expect(first!.error.clientRequestId).toBe(wireOf(sf.requests[0]!)[0]!.headers?.["client-request-id"]);
    expect(second!.error).toMatchObject({ status: 424, operation: "POST /applications/app-2/owners/$ref" });
  });

  it("gives up on an item after maxAttempts", async () => {
    const throttled = () =>
      batchAnswer(() => ({ status: 429, body: graphErrorBody("TooManyRequests", "slow"), headers: { "retry-after": "1" } }));
    const { client, sf } = setup([throttled(), throttled(), throttled()], 3);
    const result = await client.batch([owner(1)]);
    expect(sf.requests).toHaveLength(3);
    const only = result.results[0]!;
    if (only.ok) throw new Error("expected failure");
    expect(only.error).toMatchObject({ code: "TooManyRequests", status: 429, attempts: 3, retryAfterMs: 1000 });
  });

  it("retries inner replication lag only for items that opted in", async () => {
    const lag = () => ({
      status: 404,
      body: graphErrorBody(
        "Request_ResourceNotFound",
        "Resource 'x' does not exist or one of its queried reference-property objects are not present.",
      ),
    });
    const { client, sf } = setup([batchAnswer(lag), batchAnswer(ok)]);
    const result = await client.batch([{ ...owner(1), retryOnReplication: true }, owner(2)]);
    expect(sf.requests).toHaveLength(2);
    expect(wireOf(sf.requests[1]!).map((r) => r.id)).toEqual(["o1"]);
    expect(result.results.map((r) => r.ok)).toEqual([true, false]);
  });

  it("retries an outer 503 through the transport and counts both round trips", async () => {
    const { client, sf } = setup([errorAnswer(503, "serviceNotAvailable", "busy"), batchAnswer(ok)]);
    const result = await client.batch([owner(1)]);
    expect(sf.requests).toHaveLength(2);
    expect(result.roundTrips).toBe(2);
    expect(result.results[0]!.ok).toBe(true);
  });

  it("fails every item of a chunk whose POST /$batch failed, with the item's own operation", async () => {
    const { client } = setup([errorAnswer(500, "generalException", "Something went wrong")]);
    const result = await client.batch([{ ...owner(1), operation: "Add owner 1" }, owner(2)]);
    expect(result.results.map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["generalException", "generalException"]);
    const first = result.results[0]!;
    if (first.ok) throw new Error("expected failure");
    expect(first.error.operation).toMatch(/^Add owner 1/);
  });

  it("reports a missing item response", async () => {
    const { client } = setup([() => ({ status: 200, body: { responses: [{ id: "o1", status: 204 }] } })]);
    const result = await client.batch([owner(1), owner(2)]);
    expect(result.get("o1")!.ok).toBe(true);
    expect(result.get("o2")).toMatchObject({ ok: false, error: { code: "MissingBatchResponse" } });
  });
});
