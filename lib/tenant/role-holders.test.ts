import { describe, expect, it } from "vitest";
import { scopesForJob } from "@/lib/auth/jobs";
import { createGraphClient } from "@/lib/graph";
import { createTenantSim, type TenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import { readRoleHolders, ROLE_HOLDERS_MESSAGES, toRoleHolder } from "./role-holders";

function clientFor(sim: TenantSim, persona: string, scopes: readonly string[] = scopesForJob("consent")) {
  const { accessToken } = sim.issueTokens(persona, scopes);
  return createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => accessToken,
    fetch: simFetch(sim),
    sleep: async () => undefined,
  });
}

/** The personas plus a second Privileged Role Administrator and two holders whose values are not fit to show. */
function world() {
  const sim = createTenantSim({ now: () => Date.parse("2026-06-01T12:00:00Z") });
  sim.seed.user({ displayName: "Dana Whitfield", roles: ["privilegedRoleAdministrator"] });
  sim.seed.user({
    displayName: "Eve\u202eNimda",
    userPrincipalName: "eve@contoso-demo.onmicrosoft.com",
    roles: ["privilegedRoleAdministrator"],
  });
  sim.seed.user({
    displayName: "Mallory",
    userPrincipalName: "mallory\nrefresh@contoso-demo.onmicrosoft.com",
    roles: ["globalAdministrator"],
  });
  sim.clearLogs();
  return sim;
}

describe("readRoleHolders against the simulated tenant", () => {
  it("reads who holds each role in one v1.0 $batch, leaving out values not fit to show", async () => {
    const sim = world();
    const holders = await readRoleHolders(clientFor(sim, "cloud-app-admin"), [
      "privilegedRoleAdministrator",
      "globalAdministrator",
      "privilegedRoleAdministrator",
    ]);
    expect(sim.requests.map((r) => [r.method, r.url, r.innerCount])).toEqual([["POST", "https://graph.microsoft.com/v1.0/$batch", 2]]);
    expect(holders).toEqual({
      status: "ok",
      holders: [
        {
          role: "privilegedRoleAdministrator",
          users: [
            { displayName: "Dana Whitfield", userPrincipalName: "dana.whitfield@contoso-demo.onmicrosoft.com" },
            { displayName: "Morgan Rivera", userPrincipalName: "morgan.rivera@contoso-demo.onmicrosoft.com" },
          ],
        },
        {
          role: "globalAdministrator",
          users: [{ displayName: "Taylor Brooks", userPrincipalName: "taylor.brooks@contoso-demo.onmicrosoft.com" }],
        },
      ],
    });
    expect(JSON.stringify(holders)).not.toMatch(/Eve|mallory/i);
  });

  it("answers an empty list for a role nobody holds, and nothing at all for no roles", async () => {
    const sim = world();
    expect(await readRoleHolders(clientFor(sim, "support"), ["securityAdministrator"])).toEqual({
      status: "ok",
      holders: [{ role: "securityAdministrator", users: [] }],
    });
    sim.clearLogs();
    expect(await readRoleHolders(clientFor(sim, "support"), [])).toEqual({ status: "ok", holders: [] });
    expect(sim.requests).toEqual([]);
  });

  it("says plainly when the wizard lacks Directory.Read.All", async () => {
    const sim = world();
    const result = await readRoleHolders(clientFor(sim, "cloud-app-admin", ["User.Read", "Application.Read.All"]), [
      "privilegedRoleAdministrator",
    ]);
    expect(result).toMatchObject({ status: "unavailable", message: ROLE_HOLDERS_MESSAGES.scope });
  });

  it("retries a throttled item and reports any other failure with its code and request-id", async () => {
    const sim = world();
    sim.faults.failNext({ pathIncludes: "/directoryRoles", status: 429, code: "TooManyRequests", times: 1 });
    expect((await readRoleHolders(clientFor(sim, "support"), ["globalAdministrator"])).status).toBe("ok");
    // The 429 item went again in a second POST.
    expect(sim.requests.map((r) => r.innerCount)).toEqual([1, 1]);
    sim.faults.failNext({ pathIncludes: "/directoryRoles", status: 400, code: "BadRequest", message: "Nope.", times: 1 });
    const result = await readRoleHolders(clientFor(sim, "support"), ["globalAdministrator"]);
    if (result.status !== "unavailable") throw new Error("expected unavailable");
    expect(result.error?.requestId).toBeTruthy();
    expect(result.message).toContain(`BadRequest, request-id ${result.error!.requestId}`);
  });
});

describe("toRoleHolder", () => {
  const user = { id: "u", type: "user", displayName: "Ann Lee", userPrincipalName: "ann@contoso.com" };
  it("keeps users with a UPN-shaped name and a clean display name", () => {
    expect(toRoleHolder(user)).toEqual({ displayName: "Ann Lee", userPrincipalName: "ann@contoso.com" });
    expect(toRoleHolder({ ...user, type: null })).not.toBeNull();
  });
  it("drops groups, service principals, bad UPNs and names with control or invisible characters", () => {
    expect(toRoleHolder({ ...user, type: "group" })).toBeNull();
    expect(toRoleHolder({ ...user, type: "servicePrincipal" })).toBeNull();
    for (const upn of ["ann", "ann@contoso", "a nn@contoso.com", "ann@contoso.com\u200b", null])
      expect(toRoleHolder({ ...user, userPrincipalName: upn }), String(upn)).toBeNull();
    for (const name of ["", "  ", "Ann\tLee", "Ann\u202eLee", null, "x".repeat(300)])
      expect(toRoleHolder({ ...user, displayName: name }), String(name)).toBeNull();
  });
});
