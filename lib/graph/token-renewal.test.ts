import { describe, expect, it } from "vitest";
import {
  GraphError,
  createGraphClient,
  describeGraphError,
  isSignInExpired,
  readAuthChallenge,
  type BatchItem,
  type TokenRequestOptions,
} from "@/lib/graph";
import { errorAnswer, scriptedFetch, type RecordedRequest, type Scripted } from "./scripted-fetch";

/** A token source like the session's: the cached token until asked to renew, then a new one (or a failure). */
function tokenSource(renewal: "ok" | Error = "ok") {
  const calls: (TokenRequestOptions | undefined)[] = [];
  let serial = 1;
  const getAccessToken = async (options?: TokenRequestOptions) => {
    calls.push(options);
    if (options?.forceRefresh) {
      if (renewal instanceof Error) throw renewal;
      serial += 1;
    }
    return `token-${serial}`;
  };
  return { getAccessToken, calls, renewals: () => calls.filter((c) => c?.forceRefresh) };
}

function setup(answers: Scripted[], renewal: "ok" | Error = "ok") {
  const sf = scriptedFetch(answers);
  const tokens = tokenSource(renewal);
  const sleeps: number[] = [];
  const client = createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: tokens.getAccessToken,
    fetch: sf.fetch,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
  return { client, sf, tokens, sleeps };
}

const GET_ME = { method: "GET", url: "/me", operation: "Read your profile", action: "readProfile" } as const;
const CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1764417600"}}}';
const expired = () =>
  errorAnswer(
    401,
    "InvalidAuthenticationToken",
    "Lifetime validation failed, the token is expired.",
    {
      "WWW-Authenticate":
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    },
    "r-401",
  );
const challenge = () =>
  errorAnswer(401, "InvalidAuthenticationToken", "Continuous access evaluation resulted in challenge", {
    "WWW-Authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${btoa(CLAIMS)}"`,
  });
const bearer = (r: RecordedRequest) => r.headers.authorization;

describe("renewing the token once after a 401", () => {
  it("renews with forceRefresh and sends the request again with the new token", async () => {
    const { client, sf, tokens } = setup([expired(), { status: 200, body: { id: "u1" } }]);
    const res = await client.request(GET_ME);
    expect(res.body).toEqual({ id: "u1" });
    expect(sf.requests.map(bearer)).toEqual(["Bearer token-1", "Bearer token-2"]);
    expect(tokens.renewals()).toEqual([{ forceRefresh: true }]);
    expect(res.attempts).toBe(2);
    expect(client.stats()).toEqual({ httpRequests: 2, retries: 1 });
  });

  it("passes the decoded claims of a continuous access evaluation claims challenge", async () => {
    const { client, tokens } = setup([challenge(), { status: 200, body: {} }]);
    await client.request(GET_ME);
    expect(tokens.renewals()).toEqual([{ forceRefresh: true, claims: CLAIMS }]);
  });

  it("gives up after one renewal with one SignInExpired error carrying Graph's request-id", async () => {
    const { client, sf, tokens } = setup([expired(), expired(), { status: 200, body: {} }]);
    const err = (await client.request(GET_ME).catch((e: unknown) => e)) as GraphError;
    expect(isSignInExpired(err)).toBe(true);
    expect(err).toMatchObject({ status: 401, code: "SignInExpired", requestId: "r-401", operation: "Read your profile" });
    expect(sf.requests).toHaveLength(2);
    expect(tokens.renewals()).toHaveLength(1);
    expect(describeGraphError(err)).toMatchObject({
      title: "Your sign-in expired",
      nextStep: expect.stringMatching(/^Sign in again and continue/),
    });
  });

  it("turns a renewal that needs the user into SignInExpired without sending again, keeping the claims", async () => {
    class InteractionRequired extends Error {}
    const { client, sf } = setup([challenge(), { status: 200, body: {} }], new InteractionRequired("interaction_required: AADSTS50173"));
    const err = (await client.request(GET_ME).catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ code: "SignInExpired", claims: CLAIMS, graphMessage: "interaction_required: AADSTS50173" });
    expect(err.cause).toBeInstanceOf(InteractionRequired);
    expect(sf.requests).toHaveLength(1);
  });

  it("shares one renewal among concurrent requests refused with the same token", async () => {
    const { client, sf, tokens } = setup([
      expired(),
      expired(),
      expired(),
      { status: 200, body: {} },
      { status: 200, body: {} },
      { status: 200, body: {} },
    ]);
    await Promise.all([client.request(GET_ME), client.request(GET_ME), client.request(GET_ME)]);
    expect(tokens.renewals()).toHaveLength(1);
    expect(sf.requests.slice(3).map(bearer)).toEqual(["Bearer token-2", "Bearer token-2", "Bearer token-2"]);
  });

  it("does not renew on 403", async () => {
    const { client, tokens } = setup([
      errorAnswer(403, "Authorization_RequestDenied", "Insufficient privileges"),
      { status: 200, body: {} },
    ]);
    await expect(client.request(GET_ME)).rejects.toMatchObject({ code: "Authorization_RequestDenied" });
    expect(tokens.renewals()).toHaveLength(0);
  });

  it("renews again for a later token that Graph also refuses (a new request, a new chance)", async () => {
    const { client, tokens } = setup([expired(), { status: 200, body: {} }, expired(), { status: 200, body: {} }]);
    await client.request(GET_ME);
    await client.request(GET_ME);
    expect(tokens.renewals()).toHaveLength(2);
  });
});

interface WireReq {
  id: string;
  method: string;
  url: string;
  dependsOn?: string[];
}
type Inner = { status: number; body?: unknown; headers?: Record<string, string> };

/** Answers a POST /$batch item by item; records the token each POST carried. */
function batchAnswer(inner: (req: WireReq, token: string) => Inner): Scripted {
  return (recorded) => {
    const { requests } = recorded.body as { requests: WireReq[] };
    return { status: 200, body: { responses: requests.map((r) => ({ id: r.id, ...inner(r, recorded.headers.authorization ?? "") })) } };
  };
}
const innerOf = (answer: ReturnType<typeof expired>): Inner => ({ status: answer.status, body: answer.body, headers: answer.headers });
const refusedUnless =
  (token: string) =>
  (_: WireReq, sent: string): Inner =>
    sent === `Bearer ${token}` ? { status: 204 } : innerOf(expired());
const items = (n: number): BatchItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `a${i}`,
    method: "PATCH",
    url: `/applications(uniqueName='app${i}')`,
    body: {},
    operation: `Create app ${i}`,
  }));
const wireIds = (r: RecordedRequest) => (r.body as { requests: WireReq[] }).requests.map((q) => q.id);

describe("$batch items answered 401", () => {
  it("renew once for the whole batch and send only the refused items again", async () => {
    let first = true;
    const { client, sf, tokens } = setup([
      batchAnswer((r) => (r.id === "a0" && first ? ((first = false), { status: 204 }) : innerOf(expired()))),
      batchAnswer(refusedUnless("token-2")),
    ]);
    const result = await client.batch(items(12));
    expect(result.results.every((r) => r.ok)).toBe(true);
    expect(tokens.renewals()).toEqual([{ forceRefresh: true }]);
    expect(wireIds(sf.requests[1]!)).toEqual(
      items(12)
        .slice(1)
        .map((i) => i.id),
    );
    expect(sf.requests.map(bearer)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("reject with one SignInExpired error when the renewed token is refused too", async () => {
    const { client, sf, tokens } = setup([
      batchAnswer(() => innerOf(expired())),
      batchAnswer(() => innerOf(expired())),
      batchAnswer(() => ({ status: 204 })),
    ]);
    const err = (await client.batch(items(12)).catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ code: "SignInExpired", status: 401, requestId: "r-401" });
    expect(sf.requests).toHaveLength(2);
    expect(tokens.renewals()).toHaveLength(1);
  });

  it("reject with one SignInExpired error (claims kept) when renewing needs the user", async () => {
    const { client, sf } = setup([batchAnswer(() => innerOf(challenge()))], new Error("interaction_required"));
    const err = (await client.batch(items(3)).catch((e: unknown) => e)) as GraphError;
    expect(err).toMatchObject({ code: "SignInExpired", claims: CLAIMS });
    expect(sf.requests).toHaveLength(1);
  });

  it("send refused items again at once and their dependants with them; throttled items keep their backoff", async () => {
    const chain: BatchItem[] = [
      { id: "app", method: "PATCH", url: "/applications(uniqueName='x')", body: {} },
      { id: "sp", method: "PATCH", url: "/servicePrincipals(appId='y')", body: {}, dependsOn: ["app"] },
      { id: "other", method: "GET", url: "/organization" },
    ];
    const { client, sf, sleeps } = setup([
      batchAnswer((r) =>
        r.id === "app" ? innerOf(expired()) : r.id === "sp" ? { status: 424 } : { status: 429, headers: { "Retry-After": "3" } },
      ),
      batchAnswer(() => ({ status: 204 })),
      batchAnswer(() => ({ status: 200, body: {} })),
    ]);
    const result = await client.batch(chain);
    expect(result.results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(sf.requests.map(wireIds)).toEqual([["app", "sp", "other"], ["app", "sp"], ["other"]]);
    expect((sf.requests[1]!.body as { requests: WireReq[] }).requests[1]!.dependsOn).toEqual(["app"]);
    expect(sleeps).toEqual([3000]);
  });

  it("renew through the transport when the $batch POST itself answers 401", async () => {
    const { client, sf, tokens } = setup([expired(), batchAnswer(refusedUnless("token-2"))]);
    const result = await client.batch(items(2));
    expect(result.results.every((r) => r.ok)).toBe(true);
    expect(tokens.renewals()).toHaveLength(1);
    expect(sf.requests).toHaveLength(2);
  });

  it("reject once, not per item, when the $batch POST is refused after renewing", async () => {
    const { client } = setup([expired(), expired()]);
    await expect(client.batch(items(5))).rejects.toMatchObject({ code: "SignInExpired" });
  });
});

describe("readAuthChallenge", () => {
  it("decodes the claims of an insufficient_claims challenge", () => {
    const header = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${btoa(CLAIMS)}"`;
    expect(readAuthChallenge(header)).toEqual({ error: "insufficient_claims", claims: CLAIMS });
  });

  it.each([
    ["no header", undefined],
    [
      "a plain Bearer challenge",
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    ],
    ["another scheme", `Basic realm="x", error="insufficient_claims", claims="${btoa(CLAIMS)}"`],
    ["claims that are not base64", 'Bearer error="insufficient_claims", claims="%%%"'],
    ["claims that are not JSON", `Bearer error="insufficient_claims", claims="${btoa("not json")}"`],
    ["claims without insufficient_claims", `Bearer error="invalid_token", claims="${btoa(CLAIMS)}"`],
  ])("has no claims for %s", (_name, header) => {
    expect(readAuthChallenge(header).claims).toBeUndefined();
  });
});
