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

describe("config outside demo mode", () => {
  const id = "5b1f0f0e-0a11-4c6b-9d2e-7a57e2e0c1d1";

  it("needs https for the sign-in and Graph hosts", () => {
    expect(configProblems(readConfig({ ENTRA_CLIENT_ID: id }))).toEqual([]);
    const problems = configProblems(readConfig({ ENTRA_CLIENT_ID: id, GRAPH_BASE_URL: "http://graph.example" }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/GRAPH_BASE_URL must be an https URL/);
    expect(configProblems(readConfig({ ENTRA_CLIENT_ID: id, ENTRA_AUTHORITY_HOST: "login.microsoftonline.com" }))[0]).toMatch(
      /ENTRA_AUTHORITY_HOST must be an https URL/,
    );
    expect(configProblems(readConfig({ ENTRA_CLIENT_ID: id, GRAPH_BASE_URL: "https://" }))[0]).toMatch(/GRAPH_BASE_URL/);
  });

  it("demo mode ignores GRAPH_BASE_URL (Graph is the demo tenant on this server)", () => {
    expect(configProblems(readConfig({ PSOXY_WIZARD_MODE: "demo", GRAPH_BASE_URL: "http://graph.example" }))).toEqual([]);
  });
});
