import { describe, expect, it } from "vitest";
import { MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import { createTenantSim, type TenantSim } from "./index";
import { json, signInAs } from "./testing";

type Stamp = { lastSignInDateTime: string | null; lastSignInRequestId: string | null };
type Activity = {
  id: string;
  appId: string;
  lastSignInActivity: Stamp;
  applicationAuthenticationClientSignInActivity: Stamp;
  delegatedClientSignInActivity: Stamp;
};
type SignIn = {
  id: string;
  createdDateTime: string;
  appId: string;
  signInEventTypes: string[];
  servicePrincipalId: string;
  status: { errorCode: number; failureReason: string | null };
};
type List<T> = { value: T[]; "@odata.nextLink"?: string; "@odata.context": string };

const beta = (path: string) => `https://graph.microsoft.com/beta${path}`;
const SP_EVENTS = "signInEventTypes/any(t: t eq 'servicePrincipal')";
const FIC_MISMATCH = "No matching federated identity record found for presented assertion.";

/** A connector app with a service principal, one success and two failures (70021 then 700016), plus a user sign-in. */
function world(options: { premiumLicense?: boolean } = {}) {
  const sim = createTenantSim({ now: () => Date.parse("2026-06-01T12:00:00Z"), ...options });
  const app = sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy" });
  const sp = sim.seed.servicePrincipal(app.appId);
  const ok = sim.seed.signIn({ appId: app.appId, at: "2026-06-01T09:00:00Z" });
  sim.seed.signIn({ appId: app.appId, at: "2026-06-01T10:00:00Z", errorCode: 70021, failureReason: FIC_MISMATCH });
  sim.seed.signIn({
    appId: app.appId,
    at: "2026-06-01T11:00:00Z",
    errorCode: 700016,
    failureReason: "Application not found in the directory.",
  });
  sim.seed.signIn({ appId: app.appId, at: "2026-06-01T08:00:00Z", eventType: "interactiveUser", userPersonaId: "plain-user" });
  return { sim, app, sp, ok };
}

const spSignIns = (appId: string, extra = "") =>
  beta(`/auditLogs/signIns?$filter=${encodeURIComponent(`${SP_EVENTS} and appId eq '${appId}'`)}${extra}`);
const activities = (appId: string) =>
  beta(`/reports/servicePrincipalSignInActivities?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`);

describe("servicePrincipalSignInActivities (beta)", () => {
  it("derives the last sign-in from successful sign-ins only", async () => {
    const { sim, app, ok } = world();
    const response = await signInAs(sim, "support")("GET", activities(app.appId));
    expect(response.status).toBe(200);
    const body = json<List<Activity>>(response);
    expect(body["@odata.context"]).toBe("https://graph.microsoft.com/beta/$metadata#reports/servicePrincipalSignInActivities");
    expect(body.value).toHaveLength(1);
    const activity = body.value[0]!;
    expect(activity.appId).toBe(app.appId);
    expect(atob(activity.id)).toBe(app.appId);
    expect(activity.applicationAuthenticationClientSignInActivity).toEqual({
      lastSignInDateTime: "2026-06-01T09:00:00Z",
      lastSignInRequestId: ok.id,
    });
    // The interactive user sign-in at 08:00 is delegated activity; the latest overall is still the 09:00 success.
    expect(activity.delegatedClientSignInActivity.lastSignInDateTime).toBe("2026-06-01T08:00:00Z");
    expect(activity.lastSignInActivity.lastSignInDateTime).toBe("2026-06-01T09:00:00Z");
  });

  it("filters with appId eq and in, and has nothing for an app that never signed in", async () => {
    const { sim, app } = world();
    const other = sim.seed.application({ displayName: "Never used" });
    const graph = signInAs(sim, "support");
    expect(json<List<Activity>>(await graph("GET", activities(other.appId))).value).toEqual([]);
    const both = await graph(
      "GET",
      beta(
        `/reports/servicePrincipalSignInActivities?$filter=${encodeURIComponent(`appId in ('${app.appId}','${MICROSOFT_GRAPH_APP_ID}')`)}`,
      ),
    );
    expect(
      json<List<Activity>>(both)
        .value.map((a) => a.appId)
        .sort(),
    ).toEqual([app.appId, MICROSOFT_GRAPH_APP_ID].sort());
  });

  it("is a beta API: v1.0 has no such segment", async () => {
    const { sim } = world();
    const response = await signInAs(sim, "support")("GET", "/reports/servicePrincipalSignInActivities");
    expect(response.status).toBe(400);
    expect(response.errorMessage).toBe("Resource not found for the segment 'servicePrincipalSignInActivities'.");
  });
});

describe("auditLogs/signIns (beta)", () => {
  it("returns only interactive user sign-ins unless the service principal event type is asked for", async () => {
    const { sim, app } = world();
    const graph = signInAs(sim, "support");
    const plain = json<List<SignIn>>(
      await graph("GET", beta(`/auditLogs/signIns?$filter=${encodeURIComponent(`appId eq '${app.appId}'`)}`)),
    );
    expect(plain.value.map((s) => s.signInEventTypes)).toEqual([["interactiveUser"]]);
    const sp = json<List<SignIn>>(await graph("GET", spSignIns(app.appId)));
    // Newest first, with the AADSTS code and Entra's reason.
    expect(sp.value.map((s) => [s.createdDateTime, s.status.errorCode])).toEqual([
      ["2026-06-01T11:00:00Z", 700016],
      ["2026-06-01T10:00:00Z", 70021],
      ["2026-06-01T09:00:00Z", 0],
    ]);
    expect(sp.value[1]!.status.failureReason).toBe(FIC_MISMATCH);
    expect(sp.value.every((s) => s.appId === app.appId && s.servicePrincipalId !== "")).toBe(true);
  });

  it("pages with $top and filters status/errorCode with eq only", async () => {
    const { sim, app } = world();
    const graph = signInAs(sim, "support");
    const first = json<List<SignIn>>(await graph("GET", spSignIns(app.appId, "&$top=2")));
    expect(first.value).toHaveLength(2);
    expect(first["@odata.nextLink"]).toMatch(/^https:\/\/graph\.microsoft\.com\/beta\/auditLogs\/signIns\?/);
    const rest = json<List<SignIn>>(await graph("GET", first["@odata.nextLink"]!));
    expect(rest.value.map((s) => s.status.errorCode)).toEqual([0]);
    const successes = await graph(
      "GET",
      beta(`/auditLogs/signIns?$filter=${encodeURIComponent(`${SP_EVENTS} and status/errorCode eq 0`)}`),
    );
    expect(json<List<SignIn>>(successes).value.map((s) => s.createdDateTime)).toEqual(["2026-06-01T09:00:00Z"]);
    const failures = await graph("GET", beta(`/auditLogs/signIns?$filter=${encodeURIComponent(`${SP_EVENTS} and status/errorCode ne 0`)}`));
    expect(failures.status).toBe(400);
    expect(failures.errorCode).toBe("Request_UnsupportedQuery");
  });
});

describe("who may read sign-in logs", () => {
  const paths = (sim: TenantSim, appId: string) => [activities(appId), spSignIns(appId)];

  it("needs AuditLog.Read.All in the token (Directory.Read.All is not enough)", async () => {
    const { sim, app } = world();
    const graph = signInAs(sim, "support", ["User.Read", "Directory.Read.All", "Application.Read.All"]);
    for (const path of paths(sim, app.appId)) {
      const response = await graph("GET", path);
      expect(response.status).toBe(403);
      expect(response.errorCode).toBe("Authentication_MSGraphPermissionMissing");
      expect(response.headers["request-id"]).toBeTruthy();
    }
  });

  it("needs Entra ID P1/P2 in the tenant", async () => {
    const { sim, app } = world({ premiumLicense: false });
    const graph = signInAs(sim, "global-admin");
    for (const path of paths(sim, app.appId)) {
      const response = await graph("GET", path);
      expect(response.status).toBe(403);
      expect(response.errorCode).toBe("Authentication_RequestFromNonPremiumTenantOrB2CTenant");
      expect(response.errorMessage).toBe("Neither tenant is B2C or tenant doesn't have premium license");
    }
    sim.settings.premiumLicense = true;
    expect((await graph("GET", activities(app.appId))).status).toBe(200);
  });

  it("needs a sign-in-reading role: Reports Reader and Security Reader may, an app admin may not", async () => {
    const { sim, app } = world();
    for (const path of paths(sim, app.appId)) {
      const denied = await signInAs(sim, "cloud-app-admin")("GET", path);
      expect(denied.status).toBe(403);
      expect(denied.errorCode).toBe("Authorization_RequestDenied");
    }
    for (const role of ["reportsReader", "securityReader", "securityAdministrator"] as const) {
      const user = sim.seed.user({ displayName: `Reader ${role}`, roles: [role] });
      const graph = signInAs(sim, user.id);
      for (const path of paths(sim, app.appId)) expect((await graph("GET", path)).status, `${role} ${path}`).toBe(200);
    }
  });

  it("answers both reads in one beta $batch", async () => {
    const { sim, app } = world();
    const response = await signInAs(sim, "support")("POST", beta("/$batch"), {
      requests: [
        { id: "a", method: "GET", url: activities(app.appId).replace("https://graph.microsoft.com/beta", "") },
        { id: "s", method: "GET", url: spSignIns(app.appId, "&$top=5").replace("https://graph.microsoft.com/beta", "") },
      ],
    });
    expect(response.status).toBe(200);
    const answers = json<{ responses: { id: string; status: number; body: List<unknown> }[] }>(response).responses;
    expect(answers.map((r) => [r.id, r.status, r.body.value.length])).toEqual([
      ["a", 200, 1],
      ["s", 200, 3],
    ]);
    expect(sim.requests.at(-1)).toMatchObject({ url: beta("/$batch"), innerCount: 2 });
  });
});
