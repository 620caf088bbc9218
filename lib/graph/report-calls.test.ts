import { describe, expect, it } from "vitest";
import { calls, createGraphClient, mapServicePrincipalSignInActivity, mapSignInEvent, reportCalls, toBatchItem } from "@/lib/graph";
import { scriptedFetch } from "./scripted-fetch";

const APP = "83f45296-fb8f-4aaa-a399-ac51084e02b7";

describe("sign-in evidence mappers", () => {
  it("maps the documented servicePrincipalSignInActivity example; a stamp without a date is null", () => {
    const row = mapServicePrincipalSignInActivity({
      id: "ODNmNDUyOTYtZmI4Zi00YWFhLWEzOTktYWM1MTA4NGUwMmI3",
      appId: APP,
      applicationAuthenticationClientSignInActivity: { lastSignInDateTime: "2021-03-01T00:00:00Z", lastSignInRequestId: "b71f24ec" },
      delegatedClientSignInActivity: { lastSignInDateTime: null, lastSignInRequestId: null },
      lastSignInActivity: { lastSignInDateTime: "2021-04-01T00:00:00Z", lastSignInRequestId: "cd9733e8" },
    });
    expect(row).toEqual({
      id: "ODNmNDUyOTYtZmI4Zi00YWFhLWEzOTktYWM1MTA4NGUwMmI3",
      appId: APP,
      lastSignInActivity: { lastSignInDateTime: "2021-04-01T00:00:00Z", lastSignInRequestId: "cd9733e8" },
      applicationAuthenticationClientSignInActivity: { lastSignInDateTime: "2021-03-01T00:00:00Z", lastSignInRequestId: "b71f24ec" },
      applicationAuthenticationResourceSignInActivity: null,
      delegatedClientSignInActivity: null,
      delegatedResourceSignInActivity: null,
    });
    expect(() => mapServicePrincipalSignInActivity({ appId: APP })).toThrow(/service principal sign-in activity/);
  });

  it("maps a sign-in with its status; a missing status counts as success", () => {
    expect(
      mapSignInEvent({
        id: "s1",
        createdDateTime: "2026-06-01T10:00:00Z",
        appId: APP,
        servicePrincipalId: "",
        signInEventTypes: ["servicePrincipal"],
        status: { errorCode: 70021, failureReason: "No matching federated identity record found for presented assertion." },
      }),
    ).toMatchObject({
      id: "s1",
      servicePrincipalId: null,
      errorCode: 70021,
      failureReason: "No matching federated identity record found for presented assertion.",
    });
    expect(mapSignInEvent({ id: "s2", createdDateTime: "2026-06-01T10:00:00Z" })).toMatchObject({
      errorCode: 0,
      signInEventTypes: [],
      failureReason: null,
    });
  });
});

describe("report calls", () => {
  it("are beta calls with the documented filters", () => {
    const activity = reportCalls.getServicePrincipalSignInActivity(APP);
    expect(activity.version).toBe("beta");
    expect(decodeURIComponent(activity.url)).toBe(`/reports/servicePrincipalSignInActivities?$filter=appId eq '${APP}'`);
    const signIns = reportCalls.listServicePrincipalSignIns(APP, { top: 5 });
    expect(decodeURIComponent(signIns.url)).toBe(
      `/auditLogs/signIns?$filter=signInEventTypes/any(t: t eq 'servicePrincipal') and appId eq '${APP}'&$top=5`,
    );
    expect(activity.parse({ status: 200, headers: {}, body: { value: [] } })).toBeNull();
  });

  it("go into a batch of their own version only", () => {
    expect(() => toBatchItem(reportCalls.getServicePrincipalSignInActivity(APP), "a")).toThrow("beta calls cannot go into a v1.0 $batch");
    expect(() => toBatchItem(calls.getMe(), "me", undefined, "beta")).toThrow("v1.0 calls cannot go into a beta $batch");
    expect(toBatchItem(reportCalls.getServicePrincipalSignInActivity(APP), "a", undefined, "beta").url).toMatch(/^\/reports\//);
    expect(toBatchItem(calls.getMe(), "me").url).toMatch(/^\/me/);
  });

  it("are sent together in one POST /beta/$batch", async () => {
    const sf = scriptedFetch([
      {
        status: 200,
        body: {
          responses: [
            {
              id: "a",
              status: 200,
              body: { value: [{ id: "x", appId: APP, lastSignInActivity: { lastSignInDateTime: "2026-06-01T09:00:00Z" } }] },
            },
            { id: "s", status: 200, body: { value: [{ id: "s1", createdDateTime: "2026-06-01T09:00:00Z", status: { errorCode: 0 } }] } },
          ],
        },
      },
    ]);
    const client = createGraphClient({
      baseUrl: "https://graph.microsoft.com",
      getAccessToken: async () => "t",
      fetch: sf.fetch,
      sleep: async () => undefined,
    });
    const items = [
      toBatchItem(reportCalls.getServicePrincipalSignInActivity(APP), "a", undefined, "beta"),
      toBatchItem(reportCalls.listServicePrincipalSignIns(APP), "s", undefined, "beta"),
    ] as const;
    const result = await client.batch(items, { version: "beta" });
    expect(sf.requests.map((r) => `${r.method} ${r.version}${r.path}`)).toEqual(["POST beta/$batch"]);
    expect(items[0].read(result.results[0]!)?.lastSignInActivity?.lastSignInDateTime).toBe("2026-06-01T09:00:00Z");
    expect(items[1].read(result.results[1]!).items.map((e) => e.errorCode)).toEqual([0]);
  });
});
