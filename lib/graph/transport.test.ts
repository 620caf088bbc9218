import { describe, expect, it } from "vitest";
import { GraphError, createGraphClient, type GraphClientOptions, type GraphRequestInfo } from "@/lib/graph";
import { errorAnswer, scriptedFetch, type Scripted } from "./scripted-fetch";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function setup(answers: Scripted[], options: Partial<GraphClientOptions> = {}) {
  const baseUrl = options.baseUrl ?? "https://graph.microsoft.com";
  const sf = scriptedFetch(answers, baseUrl);
  const sleeps: number[] = [];
  const infos: GraphRequestInfo[] = [];
  let tokens = 0;
  const client = createGraphClient({
    baseUrl,
    getAccessToken: async () => `token-${++tokens}`,
    fetch: sf.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onRequest: (info) => infos.push(info),
    ...options,
  });
  return { client, sf, sleeps, infos };
}

const GET_ME = { method: "GET", url: "/me", operation: "Read your profile", action: "readProfile" } as const;

describe("transport basics", () => {
  it("sends v1.0 requests with a bearer token and a random client-request-id", async () => {
    const { client, sf } = setup([
      { status: 200, body: { id: "u1" } },
      { status: 200, body: { id: "u1" } },
    ]);
    const first = await client.request(GET_ME);
    await client.request(GET_ME);
    expect(first.body).toEqual({ id: "u1" });
    expect(sf.requests[0]!.url).toBe("https://graph.microsoft.com/v1.0/me");
    expect(sf.requests[0]!.headers.authorization).toBe("Bearer token-1");
    expect(sf.requests[0]!.headers["client-request-id"]).toMatch(UUID);
    expect(sf.requests[1]!.headers["client-request-id"]).not.toBe(sf.requests[0]!.headers["client-request-id"]);
  });

  it("puts the Authorization header on a non-Graph demo base URL and allows beta per call", async () => {
    const baseUrl = "http://localhost:3000/api/demo-tenant/graph";
    const { client, sf } = setup([{ status: 200, body: {} }], { baseUrl });
    await client.request({ ...GET_ME, version: "beta", url: "/reports/servicePrincipalSignInActivities" });
    expect(sf.requests[0]!.url).toBe(`${baseUrl}/beta/reports/servicePrincipalSignInActivities`);
    expect(sf.requests[0]!.headers.authorization).toBe("Bearer token-1");
  });

  it("maps absolute nextLinks onto the base URL and refuses foreign hosts", async () => {
    const baseUrl = "http://localhost:3000/api/demo-tenant/graph";
    const { client, sf } = setup(
      [
        { status: 200, body: {} },
        { status: 200, body: {} },
      ],
      { baseUrl },
    );
    await client.request({ ...GET_ME, url: "https://graph.microsoft.com/v1.0/applications?$skiptoken=abc" });
    await client.request({ ...GET_ME, url: `${baseUrl}/v1.0/applications?$skiptoken=def` });
    expect(sf.requests.map((r) => r.url)).toEqual([
      `${baseUrl}/v1.0/applications?$skiptoken=abc`,
      `${baseUrl}/v1.0/applications?$skiptoken=def`,
    ]);
    await expect(client.request({ ...GET_ME, url: "https://evil.example.com/v1.0/me" })).rejects.toThrow(/will not follow/);
    expect(sf.requests).toHaveLength(2);
  });

  it("passes custom headers and JSON bodies", async () => {
    const { client, sf } = setup([{ status: 204 }]);
    const res = await client.request({
      method: "PATCH",
      url: "/applications(uniqueName='x')",
      headers: { Prefer: "create-if-missing" },
      body: { displayName: "X" },
      operation: "Upsert",
    });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect(sf.requests[0]).toMatchObject({
      method: "PATCH",
      path: "/applications(uniqueName='x')",
      body: { displayName: "X" },
      headers: { prefer: "create-if-missing", "content-type": "application/json" },
    });
  });
});

describe("retries", () => {
  it("honours Retry-After seconds on 429", async () => {
    const { client, sf, sleeps } = setup([
      errorAnswer(429, "TooManyRequests", "slow down", { "Retry-After": "7" }),
      { status: 200, body: { id: "u1" } },
    ]);
    const res = await client.request(GET_ME);
    expect(res.attempts).toBe(2);
    expect(sleeps).toEqual([7000]);
    expect(sf.requests).toHaveLength(2);
    // Same logical request: same client-request-id, fresh token per attempt.
    expect(sf.requests[1]!.headers["client-request-id"]).toBe(sf.requests[0]!.headers["client-request-id"]);
    expect(sf.requests.map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("backs off exponentially with jitter when Retry-After is unreadable", async () => {
    const { client, sleeps } = setup(
      [
        errorAnswer(429, "TooManyRequests", "x"),
        errorAnswer(429, "TooManyRequests", "x"),
        errorAnswer(429, "TooManyRequests", "x"),
        { status: 200, body: {} },
      ],
      { retry: { baseDelayMs: 1000, maxDelayMs: 3000 }, random: () => 0.5 },
    );
    await client.request(GET_ME);
    // step = min(max, base·2^(n-1)); delay = step/2 + random·step/2
    expect(sleeps).toEqual([750, 1500, 2250]);
  });

  it("jitter spans half to the full step", async () => {
    const low = setup([errorAnswer(503, "serviceNotAvailable", "x"), { status: 200, body: {} }], {
      random: () => 0,
      retry: { baseDelayMs: 800 },
    });
    const high = setup([errorAnswer(503, "serviceNotAvailable", "x"), { status: 200, body: {} }], {
      random: () => 0.999,
      retry: { baseDelayMs: 800 },
    });
    await low.client.request(GET_ME);
    await high.client.request(GET_ME);
    expect(low.sleeps).toEqual([400]);
    expect(high.sleeps[0]).toBeGreaterThan(790);
    expect(high.sleeps[0]).toBeLessThanOrEqual(800);
  });

  it.each([
    [503, "serviceNotAvailable"],
    [504, "gatewayTimeout"],
  ])("retries %i", async (status, code) => {
    const { client, sf } = setup([errorAnswer(status, code, "busy"), { status: 200, body: { ok: true } }]);
    const res = await client.request(GET_ME);
    expect(res.body).toEqual({ ok: true });
    expect(sf.requests).toHaveLength(2);
  });

  it.each([
    [400, "Request_BadRequest", "Invalid value"],
    [403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."],
    [500, "generalException", "boom"],
  ])("does not retry %i", async (status, code, message) => {
    const { client, sf, sleeps } = setup([errorAnswer(status, code, message), { status: 200, body: {} }]);
    const err = await client.request(GET_ME).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).code).toBe(code);
    expect((err as GraphError).status).toBe(status);
    expect(sf.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  const replicationAnswers: [string, () => Scripted][] = [
    [
      "404 Request_ResourceNotFound",
      () =>
        errorAnswer(
          404,
          "Request_ResourceNotFound",
          "Resource 'a1b2' does not exist or one of its queried reference-property objects are not present.",
        ),
    ],
    [
      "400 appId not a valid application",
      () =>
        errorAnswer(400, "Request_BadRequest", "The appId 'c3d4' of the service principal does not reference a valid application object."),
    ],
    [
      "403 backing application",
      () =>
        errorAnswer(
          403,
          "Authorization_RequestDenied",
          "When using this permission, the backing application of the service principal being created must in the local tenant",
        ),
    ],
  ];

  it.each(replicationAnswers)("retries replication lag (%s) only when opted in", async (_name, answer) => {
    const optedOut = setup([answer(), { status: 200, body: {} }]);
    await expect(optedOut.client.request(GET_ME)).rejects.toBeInstanceOf(GraphError);
    expect(optedOut.sf.requests).toHaveLength(1);

    const optedIn = setup([answer(), answer(), { status: 200, body: { id: "x" } }]);
    const res = await optedIn.client.request({ ...GET_ME, retryOnReplication: true });
    expect(res.body).toEqual({ id: "x" });
    expect(optedIn.sf.requests).toHaveLength(3);
    expect(optedIn.sleeps).toHaveLength(2);
  });

  it("gives replication lag its own, longer budget and backoff base", async () => {
    const lag = () =>
      errorAnswer(
        404,
        "Request_ResourceNotFound",
        "Resource 'x' does not exist or one of its queried reference-property objects are not present.",
      );
    const { client, sf, sleeps } = setup([lag(), lag(), lag(), lag(), { status: 200, body: {} }], {
      retry: { maxAttempts: 2, baseDelayMs: 10, replicationMaxAttempts: 5, replicationBaseDelayMs: 1000, maxDelayMs: 60_000 },
      random: () => 0,
    });
    await client.request({ ...GET_ME, retryOnReplication: true });
    expect(sf.requests).toHaveLength(5);
    expect(sleeps).toEqual([500, 1000, 2000, 4000]);

    const exhausted = setup([lag(), lag(), lag()], { retry: { maxAttempts: 2, replicationMaxAttempts: 3 } });
    await expect(exhausted.client.request({ ...GET_ME, retryOnReplication: true })).rejects.toMatchObject({
      code: "Request_ResourceNotFound",
      attempts: 3,
    });
  });

  it("does not treat an ordinary 403 as replication lag even when opted in", async () => {
    const { client, sf } = setup([errorAnswer(403, "Authorization_RequestDenied", "Insufficient privileges"), { status: 200, body: {} }]);
    await expect(client.request({ ...GET_ME, retryOnReplication: true })).rejects.toMatchObject({ status: 403 });
    expect(sf.requests).toHaveLength(1);
  });

  it("gives up after maxAttempts with a GraphError carrying code, request-id and operation", async () => {
    const { client, sf, sleeps } = setup(
      [
        errorAnswer(503, "serviceNotAvailable", "try later", {}, "r-1"),
        errorAnswer(503, "serviceNotAvailable", "try later", {}, "r-2"),
        errorAnswer(503, "serviceNotAvailable", "try later", { "Retry-After": "2" }, "r-3"),
      ],
      { retry: { maxAttempts: 3 } },
    );
    const err = (await client
      .request({
        method: "PATCH",
        url: "/servicePrincipals(appId='a')",
        body: {},
        operation: "Create service principal for Psoxy Connector - Outlook Mail psoxy",
        action: "upsertServicePrincipal",
      })
      .catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(sf.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(err).toMatchObject({
      status: 503,
      code: "serviceNotAvailable",
      graphMessage: "try later",
      requestId: "r-3",
      operation: "Create service principal for Psoxy Connector - Outlook Mail psoxy",
      action: "upsertServicePrincipal",
      attempts: 3,
      retryAfterMs: 2000,
    });
    expect(err.clientRequestId).toBe(sf.requests[0]!.headers["client-request-id"]);
    expect(err.message).toContain("Create service principal for Psoxy Connector - Outlook Mail psoxy");
  });

  it("turns a fetch rejection into a NetworkError GraphError without retrying", async () => {
    const { client, sf, infos } = setup([{ networkError: "Failed to fetch" }, { status: 200, body: {} }]);
    const err = (await client.request(GET_ME).catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ code: "NetworkError", status: 0, operation: "Read your profile", graphMessage: "Failed to fetch" });
    expect(err.clientRequestId).toMatch(UUID);
    expect(sf.requests).toHaveLength(1);
    expect(infos[0]).toMatchObject({ status: null, error: "Failed to fetch" });
  });

  it("lets token acquisition errors through unchanged", async () => {
    class InteractionRequired extends Error {}
    const { client, sf } = setup([{ status: 200, body: {} }], {
      getAccessToken: async () => {
        throw new InteractionRequired("login needed");
      },
    });
    await expect(client.request(GET_ME)).rejects.toBeInstanceOf(InteractionRequired);
    expect(sf.requests).toHaveLength(0);
  });

  it("reports every attempt to onRequest and counts them", async () => {
    const { client, infos } = setup([errorAnswer(429, "TooManyRequests", "x", { "Retry-After": "0" }), { status: 200, body: {} }]);
    await client.request(GET_ME);
    expect(infos.map((i) => [i.method, i.attempt, i.status])).toEqual([
      ["GET", 1, 429],
      ["GET", 2, 200],
    ]);
    expect(client.stats()).toEqual({ httpRequests: 2, retries: 1 });
  });
});
