import { describe, expect, it } from "vitest";
import { proxyEnvironment } from "@/lib/exports/identity";
import { awsFederatedCredentialName, desiredFederatedCredential } from "@/lib/tenant/federation";
import type { HostPlatform } from "@/lib/tenant/inputs";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e";
const POOL = "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const IDENTITY = "us-east-1:11111111-2222-4333-8444-555555555555";

const gcp: HostPlatform = { platform: "gcp", serviceAccountUniqueIds: { "outlook-cal": "103456789012345678901" } };
const aws: HostPlatform = {
  platform: "aws",
  region: "us-east-1",
  identityPoolId: POOL,
  identityIds: { "msft-teams": IDENTITY },
};

/** Entra's federated credential name rule: 3–120 characters, alphanumerics, '-' and '_', alphanumeric first
 * (https://learn.microsoft.com/graph/api/resources/federatedidentitycredential). */
const isValidFederatedCredentialName = (name: string) => /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/.test(name);

describe("desiredFederatedCredential", () => {
  it("GCP: accounts.google.com, SA unique id as subject, api://AzureADTokenExchange, GcpFederation", () => {
    expect(desiredFederatedCredential(gcp, "outlook-cal", "prod")).toEqual({
      name: "GcpFederation",
      issuer: "https://accounts.google.com",
      subject: "103456789012345678901",
      audiences: ["api://AzureADTokenExchange"],
      // Psoxy's own description (infra/examples-dev/gcp/msft-365.tf), so a plan after import changes nothing
      description: "Federation to be used for psoxy Connector - Outlook Calendarprod",
    });
  });

  it("AWS: cognito issuer, pool id as audience, IdentityId as subject, <env>AccessFromAWS", () => {
    expect(desiredFederatedCredential(aws, "msft-teams", "prod")).toEqual({
      name: "prodAccessFromAWS",
      issuer: "https://cognito-identity.amazonaws.com",
      subject: IDENTITY,
      audiences: [POOL],
      // Psoxy's own description (infra/examples-dev/aws/msft-365.tf)
      description: "AWS federation to be used for prod Connectors - Microsoft Teams",
    });
  });

  it("AWS with empty env falls back to psoxy, like psoxy's coalesce()", () => {
    expect(desiredFederatedCredential(aws, "msft-teams", "")?.name).toBe("psoxyAccessFromAWS");
    expect(desiredFederatedCredential(aws, "msft-teams", undefined)?.name).toBe("psoxyAccessFromAWS");
  });

  it("is undefined while the subject is unknown", () => {
    expect(desiredFederatedCredential(gcp, "msft-teams", "prod")).toBeUndefined();
    expect(desiredFederatedCredential(aws, "outlook-cal", "prod")).toBeUndefined();
  });

  it("FIC names follow the 3–120 alphanumeric/-/_ rule, alphanumeric first", () => {
    for (const env of ["", "p", "psoxy-prod", "a".repeat(20), "-dev", "--", "9"]) {
      const name = awsFederatedCredentialName(env);
      expect(isValidFederatedCredentialName(name), `${env} -> ${name}`).toBe(true);
    }
    expect(awsFederatedCredentialName("-dev")).toBe("devAccessFromAWS");
    expect(awsFederatedCredentialName("--")).toBe("psoxyAccessFromAWS");
    expect(isValidFederatedCredentialName("GcpFederation")).toBe(true);
    expect(isValidFederatedCredentialName("ab")).toBe(false);
    expect(isValidFederatedCredentialName("-abc")).toBe(false);
    expect(isValidFederatedCredentialName("a b c")).toBe(false);
    expect(isValidFederatedCredentialName("a".repeat(121))).toBe(false);
  });
});

describe("proxyEnvironment", () => {
  it("GCP: common values + AUDIENCE + DEVELOPER_NAME_ID", () => {
    expect(proxyEnvironment({ tenantId: TENANT, clientId: CLIENT, connectorId: "outlook-cal", envId: "prod", platform: gcp })).toEqual({
      CLIENT_ID: CLIENT,
      REFRESH_ENDPOINT: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
      TOKEN_SCOPE: "https://graph.microsoft.com/.default",
      GRANT_TYPE: "workload_identity_federation",
      AUDIENCE: "api://AzureADTokenExchange",
      DEVELOPER_NAME_ID: "prod-azure-access",
    });
  });

  it("AWS: pool, identity and developer name; IDENTITY_ID absent until known", () => {
    const env = proxyEnvironment({ tenantId: TENANT, clientId: CLIENT, connectorId: "msft-teams", envId: "", platform: aws });
    expect(env).toMatchObject({
      CLIENT_ID: CLIENT,
      IDENTITY_POOL_ID: POOL,
      IDENTITY_ID: IDENTITY,
      DEVELOPER_NAME_ID: "psoxy-azure-access",
      GRANT_TYPE: "workload_identity_federation",
    });
    expect(env).not.toHaveProperty("AUDIENCE");
    const pending = proxyEnvironment({ tenantId: TENANT, clientId: CLIENT, connectorId: "outlook-cal", envId: "x", platform: aws });
    expect(pending).not.toHaveProperty("IDENTITY_ID");
    expect(pending.DEVELOPER_NAME_ID).toBe("x-azure-access");
  });

  it("uses a custom developer provider name on AWS", () => {
    const env = proxyEnvironment({
      tenantId: TENANT,
      clientId: CLIENT,
      connectorId: "msft-teams",
      envId: "prod",
      platform: { ...aws, developerProviderName: "acme-dev-provider" } as HostPlatform,
    });
    expect(env.DEVELOPER_NAME_ID).toBe("acme-dev-provider");
  });
});
