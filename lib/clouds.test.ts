import { describe, expect, it } from "vitest";
import { cloudOfHosts, ENTRA_CLOUD_IDS, ENTRA_CLOUDS } from "./clouds";
import { configProblems, readConfig, startupProblems } from "./config";
import { startupMessage } from "./startup";

const ID = "5b1f0f0e-0a11-4c6b-9d2e-7a57e2e0c1d1";

describe("Microsoft cloud host pairs", () => {
  it.each([
    // https://learn.microsoft.com/graph/deployments
    ["global", "https://login.microsoftonline.com", "https://graph.microsoft.com"],
    ["usgov", "https://login.microsoftonline.us", "https://graph.microsoft.us"],
    ["usgov-dod", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"],
    ["china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"],
  ] as const)("%s signs in at %s and reads Graph at %s", (id, authority, graph) => {
    expect(ENTRA_CLOUDS[id]).toMatchObject({ authorityHost: authority, graphBaseUrl: graph });
    expect(cloudOfHosts(authority, graph)?.id).toBe(id);
    expect(cloudOfHosts(`${authority}/`, `${graph}/`)?.id).toBe(id);
    const config = readConfig({ ENTRA_CLIENT_ID: ID, ENTRA_CLOUD: id });
    expect(config).toMatchObject({ authorityHost: authority, graphBaseUrl: graph, cloud: id });
    expect(configProblems(config)).toEqual([]);
  });

  it("knows China's older sign-in host as the same cloud", () => {
    expect(cloudOfHosts("https://login.partner.microsoftonline.cn", "https://microsoftgraph.chinacloudapi.cn")?.id).toBe("china");
  });

  it("tells nothing apart but exact pairs", () => {
    expect(cloudOfHosts("https://login.microsoftonline.us", "https://graph.microsoft.com")).toBeNull();
    expect(cloudOfHosts("https://login.microsoftonline.com", "https://graph.microsoft.us")).toBeNull();
    expect(cloudOfHosts("https://login.chinacloudapi.cn", "https://graph.microsoft.com")).toBeNull();
    expect(cloudOfHosts("https://login.microsoftonline.com/tenant", "https://graph.microsoft.com")).toBeNull();
    expect(cloudOfHosts("https://login.example", "https://graph.example")).toBeNull();
    expect(cloudOfHosts("not a url", "https://graph.microsoft.com")).toBeNull();
    expect(ENTRA_CLOUD_IDS).toEqual(["global", "usgov", "usgov-dod", "china"]);
  });
});

describe("the cloud in the configuration", () => {
  it("defaults to the global pair", () => {
    expect(readConfig({ ENTRA_CLIENT_ID: ID })).toMatchObject({ cloud: "global", requestedCloud: "" });
  });

  it("accepts explicit hosts that form one cloud's pair, with or without ENTRA_CLOUD", () => {
    expect(
      configProblems(
        readConfig({
          ENTRA_CLIENT_ID: ID,
          ENTRA_AUTHORITY_HOST: "https://login.microsoftonline.us",
          GRAPH_BASE_URL: "https://dod-graph.microsoft.us",
        }),
      ),
    ).toEqual([]);
    expect(
      configProblems(readConfig({ ENTRA_CLIENT_ID: ID, ENTRA_CLOUD: "USGov-DoD", GRAPH_BASE_URL: "https://dod-graph.microsoft.us/" })),
    ).toEqual([]);
  });

  it("refuses a mismatched pair, naming both hosts and the clouds they belong to", () => {
    const [problem, ...more] = configProblems(
      readConfig({ ENTRA_CLIENT_ID: ID, ENTRA_AUTHORITY_HOST: "https://login.microsoftonline.us" }),
    );
    expect(more).toEqual([]);
    expect(problem).toMatch(
      /https:\/\/login\.microsoftonline\.us and GRAPH_BASE_URL https:\/\/graph\.microsoft\.com are not one Microsoft cloud's pair/,
    );
    expect(problem).toMatch(/sign-in host of usgov or usgov-dod, Graph host of global/);
    expect(problem).toMatch(/set ENTRA_CLOUD/);
  });

  it("refuses hosts that contradict ENTRA_CLOUD", () => {
    const problems = configProblems(
      readConfig({ ENTRA_CLIENT_ID: ID, ENTRA_CLOUD: "china", GRAPH_BASE_URL: "https://graph.microsoft.com" }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /ENTRA_CLOUD=china signs in at https:\/\/login\.chinacloudapi\.cn and reads Graph at https:\/\/microsoftgraph\.chinacloudapi\.cn/,
    );
  });

  it("refuses an unknown cloud and hosts of no Microsoft cloud", () => {
    expect(configProblems(readConfig({ ENTRA_CLIENT_ID: ID, ENTRA_CLOUD: "germany" }))).toEqual([
      'ENTRA_CLOUD "germany" is not a Microsoft cloud the wizard knows: use one of global, usgov, usgov-dod, china.',
    ]);
    expect(
      configProblems(
        readConfig({ ENTRA_CLIENT_ID: ID, ENTRA_AUTHORITY_HOST: "https://login.example", GRAPH_BASE_URL: "https://graph.example" }),
      )[0],
    ).toMatch(/not one Microsoft cloud's pair/);
  });

  it("leaves the pair alone in demo mode", () => {
    expect(
      configProblems(readConfig({ PSOXY_WIZARD_MODE: "demo", ENTRA_CLOUD: "mars", ENTRA_AUTHORITY_HOST: "http://login.example" })),
    ).toEqual([]);
  });
});

describe("what stops the server at start", () => {
  it("every configuration problem but a missing client id (the start page shows how to register)", () => {
    expect(startupProblems(readConfig({}))).toEqual([]);
    expect(startupMessage(readConfig({}))).toBeNull();
    expect(startupProblems(readConfig({ ENTRA_CLIENT_ID: "my-app" }))[0]).toMatch(/not a client id/);
    expect(startupProblems(readConfig({ ENTRA_AUTHORITY_HOST: "http://login.microsoftonline.com" }))[0]).toMatch(
      /ENTRA_AUTHORITY_HOST must be an https URL/,
    );
    expect(startupProblems(readConfig({ ENTRA_CLOUD: "mars" }))[0]).toMatch(/ENTRA_CLOUD "mars"/);
  });

  it("says so in one message naming each variable", () => {
    const message = startupMessage(readConfig({ ENTRA_CLIENT_ID: "my-app", ENTRA_CLOUD: "mars" })) ?? "";
    expect(message.split("\n")[0]).toBe("Psoxy setup wizard: this configuration cannot work, so the server does not start.");
    expect(message).toContain('  - ENTRA_CLIENT_ID "my-app" is not a client id');
    expect(message).toContain('  - ENTRA_CLOUD "mars"');
    expect(startupMessage(readConfig({ PSOXY_WIZARD_MODE: "demo", ENTRA_CLIENT_ID: "my-app", ENTRA_CLOUD: "mars" }))).toBeNull();
  });
});
