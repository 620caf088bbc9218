import { describe, expect, it } from "vitest";
import { resultsFileName, resultsJson, resultsJsonText, type ResultsInput } from "@/lib/exports/results";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const POOL = "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const IDENTITY = "us-east-1:11111111-2222-4333-8444-555555555555";
const TEAMS = { clientId: "6731de76-14a6-49ae-97bc-6eba6914391e", objectId: "0a1b2c3d-0000-4000-8000-000000000001" };
const CAL = { clientId: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", objectId: "0a1b2c3d-0000-4000-8000-000000000002" };

const input: ResultsInput = {
  tenantId: TENANT,
  envId: "prod",
  platform: { platform: "aws", region: "us-east-1", identityPoolId: POOL, identityIds: { "msft-teams": IDENTITY } },
  apps: [
    { connectorId: "msft-teams", ...TEAMS, servicePrincipalObjectId: "5p000000-0000-4000-8000-000000000001" },
    { connectorId: "outlook-cal", ...CAL },
  ],
  generatedAt: "2026-08-21T10:00:00.000Z",
};

describe("resultsJson", () => {
  it("lists each connector with client id, object id, tenant and proxy env, in catalog order", () => {
    const json = resultsJson(input);
    expect(Object.keys(json.connectors)).toEqual(["outlook-cal", "msft-teams"]);
    expect(json).toMatchObject({
      format: "psoxy-m365-wizard.results/v1",
      generatedAt: "2026-08-21T10:00:00.000Z",
      tenantId: TENANT,
      environmentId: "prod",
      platform: "aws",
    });
    expect(json.connectors["msft-teams"]).toEqual({
      displayName: "Microsoft Teams",
      appDisplayName: "Psoxy Connector - Microsoft Teams prod",
      worklyticsConnectorId: "msft-teams-psoxy",
      tenantId: TENANT,
      clientId: TEAMS.clientId,
      objectId: TEAMS.objectId,
      servicePrincipalObjectId: "5p000000-0000-4000-8000-000000000001",
      federatedCredential: {
        name: "prodAccessFromAWS",
        issuer: "https://cognito-identity.amazonaws.com",
        subject: IDENTITY,
        audiences: [POOL],
      },
      proxyEnvironment: {
        CLIENT_ID: TEAMS.clientId,
        REFRESH_ENDPOINT: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
        TOKEN_SCOPE: "https://graph.microsoft.com/.default",
        GRANT_TYPE: "workload_identity_federation",
        IDENTITY_POOL_ID: POOL,
        IDENTITY_ID: IDENTITY,
        DEVELOPER_NAME_ID: "prod-azure-access",
      },
    });
    // no identity yet for outlook-cal: no FIC, no IDENTITY_ID
    expect(json.connectors["outlook-cal"]).not.toHaveProperty("federatedCredential");
    expect(json.connectors["outlook-cal"]?.proxyEnvironment).not.toHaveProperty("IDENTITY_ID");
    expect(json.connectors["outlook-cal"]?.proxyEnvironment.CLIENT_ID).toBe(CAL.clientId);
  });

  it("mirrors psoxy's msft_365_api_clients output", () => {
    expect(resultsJson(input).msft_365_api_clients).toEqual({
      "outlook-cal": { oauth_client_id: CAL.clientId, entra_object_id: CAL.objectId },
      "msft-teams": { oauth_client_id: TEAMS.clientId, entra_object_id: TEAMS.objectId },
    });
  });

  it("copies no extra fields (no secrets or tokens leak through)", () => {
    const leaky = {
      ...input,
      clientSecret: "s3cr3t",
      apps: [{ connectorId: "msft-teams" as const, ...TEAMS, token: "eyJhbGciOi.leak.sig", secretText: "s3cr3t" }],
    };
    const text = resultsJsonText(leaky);
    expect(text).not.toMatch(/s3cr3t|eyJhbGciOi/);
    expect(text).not.toMatch(/"(token|secretText|clientSecret)"/i);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text).connectors["msft-teams"].clientId).toBe(TEAMS.clientId);
  });

  it("GCP results carry the AUDIENCE and the GcpFederation credential", () => {
    const json = resultsJson({
      tenantId: TENANT,
      envId: "",
      platform: { platform: "gcp", serviceAccountUniqueIds: { "outlook-cal": "103456789012345678901" } },
      apps: [{ connectorId: "outlook-cal", ...CAL }],
    });
    expect(json).not.toHaveProperty("generatedAt");
    expect(json.environmentId).toBe("");
    expect(json.connectors["outlook-cal"]?.appDisplayName).toBe("Psoxy Connector - Outlook Calendar");
    expect(json.connectors["outlook-cal"]?.federatedCredential?.name).toBe("GcpFederation");
    expect(json.connectors["outlook-cal"]?.proxyEnvironment.AUDIENCE).toBe("api://AzureADTokenExchange");
  });

  it("uses the application's name as read from the tenant when given (a shared app)", () => {
    const shared = {
      ...input,
      apps: input.apps.map((app) => ({ ...app, ...TEAMS, appDisplayName: "Psoxy Connector - Microsoft 365 prod" })),
    };
    const json = resultsJson(shared);
    expect(json.connectors["outlook-cal"]?.appDisplayName).toBe("Psoxy Connector - Microsoft 365 prod");
    expect(resultsJson(input).connectors["outlook-cal"]?.appDisplayName).toBe("Psoxy Connector - Outlook Calendar prod");
  });

  it("names the download after the environment", () => {
    expect(resultsFileName("prod")).toBe("prod-msft-365-connectors.json");
    expect(resultsFileName("")).toBe("psoxy-msft-365-connectors.json");
  });
});
