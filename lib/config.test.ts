import { describe, expect, it } from "vitest";
import { configProblems, readConfig } from "./config";

describe("config", () => {
  it("defaults to tenant mode against Microsoft's hosts", () => {
    const config = readConfig({});
    expect(config.mode).toBe("tenant");
    expect(config.tenant).toBe("organizations");
    expect(config.graphBaseUrl).toBe("https://graph.microsoft.com");
    expect(configProblems(config)[0]).toMatch(/ENTRA_CLIENT_ID is not set/);
  });

  it("demo mode points Graph at the demo tenant and needs no client id", () => {
    const config = readConfig({ PSOXY_WIZARD_MODE: "demo" });
    expect(config.graphBaseUrl).toBe("/api/demo-tenant/graph");
    expect(configProblems(config)).toEqual([]);
  });

  it("rejects a client id that is not a GUID and a non-https authority", () => {
    const problems = configProblems(readConfig({ ENTRA_CLIENT_ID: "my-app", ENTRA_AUTHORITY_HOST: "http://login.example" }));
    expect(problems).toHaveLength(2);
    expect(problems.join(" ")).toMatch(/not a client id/);
    expect(problems.join(" ")).toMatch(/https/);
  });
});
