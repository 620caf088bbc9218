import { describe, expect, it } from "vitest";
import { createTenantSim } from "@/lib/sim";
import { DEMO_RESET_HEADER, demoTenant, demoTenantResponse, isCrossSiteRequest } from "./tenant";

const BASE = "http://localhost:3000/api/demo-tenant";

function post(path: string, headers: Record<string, string> = {}, body = "{}") {
  return new Request(`${BASE}/${path}`, { method: "POST", headers: { host: "localhost:3000", ...headers }, body });
}

describe("demo tenant endpoints", () => {
  it("refuses a reset another site triggers, by form post or fetch", async () => {
    const before = demoTenant();
    const crossSiteForm = post("reset", {
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
      "content-type": "application/x-www-form-urlencoded",
    });
    expect((await demoTenantResponse(crossSiteForm, ["reset"])).status).toBe(403);
    const sameSiteWithoutHeader = post("reset", { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" });
    expect((await demoTenantResponse(sameSiteWithoutHeader, ["reset"])).status).toBe(403);
    const crossSiteWithHeader = post("reset", { origin: "https://evil.example", [DEMO_RESET_HEADER]: "1" });
    expect((await demoTenantResponse(crossSiteWithHeader, ["reset"])).status).toBe(403);
    expect(demoTenant()).toBe(before);

    const sameSite = post("reset", { origin: "http://localhost:3000", "sec-fetch-site": "same-origin", [DEMO_RESET_HEADER]: "1" });
    expect((await demoTenantResponse(sameSite, ["reset"])).status).toBe(200);
    expect(demoTenant()).not.toBe(before);
  });

  it("refuses every state-changing request from another site, and still serves this site's pages", async () => {
    const sim = createTenantSim();
    const persona = sim.personas.find((p) => p.tenant === "home")!;
    const body = JSON.stringify({ personaId: persona.id, scopes: ["User.Read"] });
    const cross = post("session", { "sec-fetch-site": "same-site", origin: "http://other.localhost:3000" }, body);
    expect((await demoTenantResponse(cross, ["session"], sim)).status).toBe(403);
    const same = post(
      "session",
      { "sec-fetch-site": "same-origin", origin: "http://localhost:3000", "content-type": "application/json" },
      body,
    );
    expect((await demoTenantResponse(same, ["session"], sim)).status).toBe(200);
  });

  it("tells cross-site requests apart by Sec-Fetch-Site and Origin", () => {
    const request = (headers: Record<string, string>) =>
      new Request(`${BASE}/reset`, { method: "POST", headers: { host: "localhost:3000", ...headers } });
    expect(isCrossSiteRequest(request({}))).toBe(false);
    expect(isCrossSiteRequest(request({ "sec-fetch-site": "none" }))).toBe(false);
    expect(isCrossSiteRequest(request({ "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteRequest(request({ origin: "http://localhost:3000" }))).toBe(false);
    expect(isCrossSiteRequest(request({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteRequest(request({ origin: "null" }))).toBe(true);
  });
});
