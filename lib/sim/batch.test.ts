import { describe, expect, it } from "vitest";
import { createTenantSim } from "./index";
import { json, signInAs } from "./testing";

type BatchResponse = {
  responses: {
    id: string;
    status: number;
    headers: Record<string, string>;
    body?: { error?: { code: string; message: string }; id?: string };
  }[];
};
const JSON_HEADERS = { "Content-Type": "application/json" };

function byId(batch: BatchResponse) {
  return new Map(batch.responses.map((r) => [r.id, r]));
}

describe("$batch", () => {
  it("runs inner requests with relative URLs and answers 200 with one response per id", async () => {
    const sim = createTenantSim();
    const graph = signInAs(sim, "cloud-app-admin");
    const response = await graph("POST", "/$batch", {
      requests: [
        { id: "me", method: "GET", url: "/me?$select=id" },
        {
          id: "app",
          method: "PATCH",
          url: "/applications(uniqueName='psoxy-teams')",
          headers: { ...JSON_HEADERS, Prefer: "create-if-missing" },
          body: { displayName: "Teams" },
        },
        { id: "versioned", method: "GET", url: "/v1.0/me" },
      ],
    });
    expect(response.status).toBe(200);
    const answers = byId(json<BatchResponse>(response));
    expect(answers.get("me")?.status).toBe(200);
    expect(answers.get("me")?.body?.id).toBe(sim.personas[0]?.objectId);
    expect(answers.get("app")?.status).toBe(201);
    expect(answers.get("versioned")?.status).toBe(400);
    expect(sim.state().applications).toHaveLength(1);
  });

  it("refuses more than 20 requests and duplicate ids with 400", async () => {
    const sim = createTenantSim();
    const graph = signInAs(sim, "support");
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/me" }));
    const tooMany = await graph("POST", "/$batch", { requests: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.errorCode).toBe("BadRequest");
    expect((await graph("POST", "/$batch", { requests: many.slice(0, 20) })).status).toBe(200);
    const duplicate = await graph("POST", "/$batch", {
      requests: [
        { id: "a", method: "GET", url: "/me" },
        { id: "A", method: "GET", url: "/me" },
      ],
    });
    expect(duplicate.status).toBe(400);
    expect((await graph("POST", "/$batch", { nope: [] })).status).toBe(400);
    expect((await graph("POST", "/$batch", { requests: [{ id: "a", method: "GET", url: "/me", dependsOn: ["zzz"] }] })).status).toBe(400);
  });

  it("answers 400 for an inner body without Content-Type, without failing the others", async () => {
    const sim = createTenantSim();
    const response = await signInAs(sim, "cloud-app-admin")("POST", "/$batch", {
      requests: [
        { id: "1", method: "POST", url: "/applications", body: { displayName: "no header" } },
        { id: "2", method: "POST", url: "/applications", headers: JSON_HEADERS, body: { displayName: "with header" } },
      ],
    });
    const answers = byId(json<BatchResponse>(response));
    expect(answers.get("1")?.status).toBe(400);
    expect(answers.get("2")?.status).toBe(201);
    expect(sim.state().applications.map((a) => a.displayName)).toEqual(["with header"]);
  });

  it("orders by dependsOn and answers 424 when a dependency failed", async () => {
    const sim = createTenantSim();
    const response = await signInAs(sim, "plain-user")("POST", "/$batch", {
      requests: [
        { id: "3", method: "GET", url: "/me", dependsOn: ["2"] },
        { id: "2", method: "GET", url: "/organization", dependsOn: ["1"] },
        { id: "1", method: "GET", url: "/me" },
        { id: "create", method: "POST", url: "/applications", headers: JSON_HEADERS, body: { displayName: "x" } },
        {
          id: "fic",
          method: "POST",
          url: "/applications/00000000-0000-4000-8000-000000000000/federatedIdentityCredentials",
          headers: JSON_HEADERS,
          body: {},
          dependsOn: ["create"],
        },
      ],
    });
    const batch = json<BatchResponse>(response);
    expect(batch.responses.slice(0, 3).map((r) => r.id)).toEqual(["1", "2", "3"]);
    const answers = byId(batch);
    expect(answers.get("3")?.status).toBe(200);
    expect(answers.get("create")?.status).toBe(403);
    expect(answers.get("fic")?.status).toBe(424);
    expect(answers.get("fic")?.body?.error?.code).toBe("FailedDependency");
  });

  it("throttles inner requests individually, with Retry-After in the inner headers", async () => {
    const sim = createTenantSim({ faults: { throttleRate: 1, retryAfterSeconds: 3 } });
    const response = await signInAs(sim, "support")("POST", "/$batch", {
      requests: [
        { id: "a", method: "GET", url: "/me" },
        { id: "b", method: "GET", url: "/organization" },
      ],
    });
    expect(response.status).toBe(200);
    for (const inner of json<BatchResponse>(response).responses) {
      expect(inner.status).toBe(429);
      expect(inner.headers["Retry-After"]).toBe("3");
      expect(inner.body?.error?.code).toBe("TooManyRequests");
    }
  });

  it("logs one request per round trip and every inner write", async () => {
    const sim = createTenantSim();
    const graph = signInAs(sim, "cloud-app-admin");
    const { id } = sim.seed.application({ displayName: "old" });
    await graph("POST", "/$batch", {
      requests: [
        { id: "1", method: "POST", url: "/applications", headers: JSON_HEADERS, body: { displayName: "new" } },
        { id: "2", method: "PATCH", url: `/applications/${id}`, headers: JSON_HEADERS, body: { displayName: "renamed" } },
        { id: "3", method: "DELETE", url: `/applications/${id}`, dependsOn: ["2"] },
        { id: "4", method: "GET", url: "/applications" },
      ],
    });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ method: "POST", service: "graph", status: 200, innerCount: 4, personaId: "cloud-app-admin" });
    expect(sim.writes.map((w) => [w.method, w.path, w.kind, w.action, w.status, w.inBatch])).toEqual([
      ["POST", "/applications", "application", "create", 201, true],
      ["PATCH", `/applications/${id}`, "application", "update", 204, true],
      ["DELETE", `/applications/${id}`, "application", "delete", 204, true],
    ]);
    sim.clearLogs();
    expect(sim.requests).toHaveLength(0);
    expect(sim.writes).toHaveLength(0);
    await graph("GET", "/me");
    expect(sim.requests).toHaveLength(1);
  });
});
