/**
 * The proxy's environment for workload identity federation, per connector: what Psoxy's Terraform sets on
 * the proxy (Psoxy: infra/modules/worklytics-connector-specs/msft-365.tf `msft_365_environment_variables`,
 * java/core/.../WorkloadIdentityFederationGrantTokenRequestBuilder.java). Formatting only.
 */
import type { ConnectorId } from "@/lib/connectors";
import { AZURE_AD_TOKEN_EXCHANGE_AUDIENCE } from "@/lib/tenant/federation";
import { resolveDeveloperProviderName, type HostPlatform } from "@/lib/tenant/inputs";
import { envLine } from "@/lib/text/quote";

/** [spec] msft_365_environment_variables */
const GRANT_TYPE = "workload_identity_federation";
const TOKEN_SCOPE = "https://graph.microsoft.com/.default";

/** Token endpoint the proxy posts its client assertion to [spec]. */
function refreshEndpoint(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

export interface ProxyEnvironment {
  CLIENT_ID: string;
  REFRESH_ENDPOINT: string;
  TOKEN_SCOPE: string;
  GRANT_TYPE: string;
  /** GCP only: always api://AzureADTokenExchange [gcp]. */
  AUDIENCE?: string;
  /** AWS only: Cognito identity pool id [aws]. */
  IDENTITY_POOL_ID?: string;
  /** AWS only: the connector's Cognito IdentityId; absent until obtained [aws]. */
  IDENTITY_ID?: string;
  /** `<env>-azure-access` (both platforms set it) [aws][gcp]. */
  DEVELOPER_NAME_ID: string;
}

/**
 * Environment variables the connector's proxy instance needs for workload identity federation
 * [spec][mod][aws][gcp]. No secrets: federation replaces client secrets.
 */
export function proxyEnvironment(input: {
  tenantId: string;
  clientId: string;
  connectorId: ConnectorId;
  envId: string | undefined;
  platform: HostPlatform;
}): ProxyEnvironment {
  const { platform } = input;
  const common = {
    CLIENT_ID: input.clientId,
    REFRESH_ENDPOINT: refreshEndpoint(input.tenantId),
    TOKEN_SCOPE,
    GRANT_TYPE,
  };
  const developerNameId = resolveDeveloperProviderName(platform, input.envId);
  if (platform.platform === "gcp") {
    return { ...common, AUDIENCE: AZURE_AD_TOKEN_EXCHANGE_AUDIENCE, DEVELOPER_NAME_ID: developerNameId };
  }
  const identityId = platform.identityIds[input.connectorId];
  return {
    ...common,
    IDENTITY_POOL_ID: platform.identityPoolId,
    ...(identityId ? { IDENTITY_ID: identityId } : {}),
    DEVELOPER_NAME_ID: developerNameId,
  };
}

/**
 * The proxy environment as `KEY=value` lines (a .env file, or the proxy's console). An env file has no escape for
 * a line break, so a value holding one (or any control or invisible character) is refused, never written: it would
 * add a line of its own, such as a second REFRESH_ENDPOINT.
 */
export function proxyEnvironmentText(environment: ProxyEnvironment): string {
  return Object.entries(environment)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string")
    .map(([key, value]) => envLine(key, value))
    .join("\n");
}
