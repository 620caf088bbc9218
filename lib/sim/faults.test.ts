import { describe, expect, it } from "vitest";
import { GRAPH_APP_ROLE_IDS } from "@/lib/connectors/microsoft-ids";
import { createTenantSim, SIM_TENANT_ID } from "./index";
import { json, signInAs } from "./testing";

type App = { id: string; appId: string; displayName: string };

async function statuses(sim: ReturnType<typeof createTenantSim>, count: number): Promise<number[]> {
  const graph = signInAs(sim, "support");
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await graph("GET", "/me")).status);
  return out;
}

describe("throttling", () => {
  it("answers every request 429 with Retry-After when throttleRate=1", async () => {
    const sim = createTenantSim({ faults: { throttleRate: 1, retryAfterSeconds: 7 } });
    const graph = signInAs(sim, "support");
    for (let i = 0; i < 200; i++) {
      const response = await graph("GET", "/applications");
      expect(response.status).toBe(429);
      expect(response.errorCode).toBe("TooManyRequests");
      expect(response.headers["Retry-After"]).toBe("7");
      expect(response.headers["Access-Control-Expose-Headers"]).not.toMatch(/retry-after/i);
    }
  });

  it("never throttles when throttleRate=0", async () => {
    const sim = createTenantSim({ faults: { throttleRate: 0 } });
    expect((await statuses(sim, 200)).every((s) => s === 200)).toBe(true);
  });

  it("throttles a share of requests at a partial rate, the same way for the same seed", async () => {
    const a = await statuses(createTenantSim({ seed: 5, faults: { throttleRate: 0.3 } }), 200);
    const b = await statuses(createTenantSim({ seed: 5, faults: { throttleRate: 0.3 } }), 200);
    const c = await statuses(createTenantSim({ seed: 6, faults: { throttleRate: 0.3 } }), 200);
    const throttled = a.filter((s) => s === 429).length;
    expect(throttled).toBeGreaterThan(30);
    expect(throttled).toBeLessThan(90);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("does not fault the sign-in endpoints", async () => {
    const sim = createTenantSim({ faults: { throttleRate: 1, transientRate: 1 } });
    const response = await sim.handle({
      method: "GET",
      url: `https://login.microsoftonline.com/${SIM_TENANT_ID}/v2.0/.well-known/openid-configuration`,
      headers: {},
    });
    expect(response.status).toBe(200);
  });
});

describe("transient errors", () => {
  it("answers 503 serviceNotAvailable or 504 gatewayTimeout when transientRate=1, never when 0", async () => {
    const sim = createTenantSim({ faults: { transientRate: 1 } });
    const graph = signInAs(sim, "support");
    const seen = new Map<number, string | undefined>();
    for (let i = 0; i < 200; i++) {
      const response = await graph("GET", "/organization");
      expect([503, 504]).toContain(response.status);
      seen.set(response.status, response.errorCode);
    }
    expect(seen.get(503)).toBe("serviceNotAvailable");
    expect(seen.get(504)).toBe("gatewayTimeout");
    sim.faults.set({ transientRate: 0 });
    expect((await statuses(sim, 200)).every((s) => s === 200)).toBe(true);
  });

  it("reset() clears rates and pending rules", async () => {
    const sim = createTenantSim({ faults: { throttleRate: 1 } });
    sim.faults.failNext({ pathIncludes: "/me", status: 500, code: "generalException" });
    sim.faults.reset();
    expect(await statuses(sim, 3)).toEqual([200, 200, 200]);
  });
});

describe("failNext", () => {
  it("fails only matching requests, the given number of times", async () => {
    const sim = createTenantSim();
    const graph = signInAs(sim, "cloud-app-admin");
    sim.faults.failNext({
      method: "POST",
      pathIncludes: "/applications",
      status: 500,
      code: "generalException",
      message: "boom",
      times: 2,
    });
    expect((await graph("GET", "/applications")).status).toBe(200);
    const first = await graph("POST", "/applications", { displayName: "x" });
    expect([first.status, first.errorCode, first.errorMessage]).toEqual([500, "generalException", "boom"]);
    expect((await graph("POST", "/applications", { displayName: "x" })).status).toBe(500);
    expect((await graph("POST", "/applications", { displayName: "x" })).status).toBe(201);
    expect(sim.state().applications).toHaveLength(1);
  });
});

describe("latency", () => {
  it("waits latencyMs before answering each round trip", async () => {
    const sim = createTenantSim({ faults: { latencyMs: 60 } });
    const graph = signInAs(sim, "support");
    const started = performance.now();
    await graph("GET", "/me");
    await sim.handle({
      method: "GET",
      url: `https://login.microsoftonline.com/${SIM_TENANT_ID}/v2.0/.well-known/openid-configuration`,
      headers: {},
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe("replication delay", () => {
  it("hides a just-created app from reads and references until the delay passes, while upserts still see it", async () => {
    let now = Date.UTC(2025, 0, 1);
    const sim = createTenantSim({ now: () => now, faults: { replicationDelayMs: 30_000 } });
    const admin = signInAs(sim, "global-admin");
    const created = await admin(
      "PATCH",
      "/applications(uniqueName='psoxy-entra')",
      { displayName: "Psoxy Connector - Entra" },
      { Prefer: "create-if-missing" },
    );
    expect(created.status).toBe(201);
    const app = json<App>(created);

    const get = await admin("GET", `/applications/${app.id}`);
    expect(get.status).toBe(404);
    expect(get.errorCode).toBe("Request_ResourceNotFound");
    expect(get.errorMessage).toBe(`Resource '${app.id}' does not exist or one of its queried reference-property objects are not present.`);
    expect(json<{ value: App[] }>(await admin("GET", "/applications?$filter=uniqueName eq 'psoxy-entra'")).value).toEqual([]);
    const sp = await admin("POST", "/servicePrincipals", { appId: app.appId });
    expect(sp.status).toBe(400);
    expect(sp.errorMessage).toBe(`The appId '${app.appId}' of the service principal does not reference a valid application object.`);
    const owner = await admin("POST", `/applications/${app.id}/owners/$ref`, {
      "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${sim.personas[0]?.objectId}`,
    });
    expect(owner.status).toBe(404);
    const fic = await admin("POST", `/applications/${app.id}/federatedIdentityCredentials`, {
      name: "GcpFederation",
      issuer: "https://accounts.google.com",
      subject: "1",
      audiences: ["api://AzureADTokenExchange"],
    });
    expect(fic.status).toBe(404);

    now += 10_000;
    const upsertAgain = await admin(
      "PATCH",
      "/applications(uniqueName='psoxy-entra')",
      { displayName: "Psoxy Connector - Entra ID" },
      { Prefer: "create-if-missing" },
    );
    expect(upsertAgain.status).toBe(204);
    expect(sim.state().applications).toHaveLength(1);

    now += 20_000;
    // The create has replicated; the later rename has not yet (stale read).
    expect(json<App>(await admin("GET", `/applications/${app.id}`)).displayName).toBe("Psoxy Connector - Entra");
    now += 10_000;
    expect(json<App>(await admin("GET", `/applications/${app.id}`)).displayName).toBe("Psoxy Connector - Entra ID");
    const spCreated = await admin("POST", "/servicePrincipals", { appId: app.appId });
    expect(spCreated.status).toBe(201);
    const spId = json<{ id: string }>(spCreated).id;

    const grantPath = `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo`;
    const grant = { principalId: spId, resourceId: sim.graphServicePrincipalId, appRoleId: GRAPH_APP_ROLE_IDS["User.Read.All"] };
    const early = await admin("POST", grantPath, grant);
    expect(early.status).toBe(404);
    expect(early.errorMessage).toContain(spId);
    now += 30_000;
    expect((await admin("POST", grantPath, grant)).status).toBe(201);
  });

  it("keeps showing a deleted app until the delay passes", async () => {
    let now = Date.UTC(2025, 0, 1);
    const sim = createTenantSim({ now: () => now, faults: { replicationDelayMs: 5_000 } });
    const { id } = sim.seed.application({ displayName: "Seeded" });
    const admin = signInAs(sim, "app-admin");
    expect((await admin("GET", `/applications/${id}`)).status).toBe(200);
    expect((await admin("DELETE", `/applications/${id}`)).status).toBe(204);
    expect((await admin("GET", `/applications/${id}`)).status).toBe(200);
    now += 5_000;
    expect((await admin("GET", `/applications/${id}`)).status).toBe(404);
  });
});
