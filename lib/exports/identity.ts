/**
 * Federated identity credentials (FIC) and proxy environment for each connector app: pure
 * functions of the wizard's inputs.
 *
 * Facts: /work/shared/reference/m365-connectors.md §1 (proxy env) and §4 (FIC rules, GCP/AWS formats);
 * keys [ficc][fic][ficgcp][gcp][aws][cog][spec][mod][java] refer to its Sources.
 */
import { getConnector, type ConnectorId } from "@/lib/connectors";
import {
  environmentQualifier,
  resolveDeveloperProviderName,
  type HostPlatform,
} from "@/lib/tenant/inputs";

/** [ficgcp][gcp] */
export const GCP_FIC_ISSUER = "https://accounts.google.com";
/** [ficgcp][gcp]: the fixed Entra token-exchange audience. */
export const AZURE_AD_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
/** psoxy's FIC name on GCP [gcp]. */
export const GCP_FIC_NAME = "GcpFederation";
/** [aws][cog]: audience is the pool id, not api://AzureADTokenExchange. */
export const AWS_FIC_ISSUER = "https://cognito-identity.amazonaws.com";

/** [spec] msft_365_environment_variables */
export const GRANT_TYPE = "workload_identity_federation";
export const TOKEN_SCOPE = "https://graph.microsoft.com/.default";

/** FIC name rule [ficc][fic]: 3–120 characters, alphanumerics, '-' and '_', alphanumeric first. */
const FIC_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;
/** [ficc] issuer, subject and audience are each at most 600 characters. */
export const FIC_VALUE_MAX_LENGTH = 600;

export function isValidFederatedCredentialName(name: string): boolean {
  return FIC_NAME_RE.test(name);
}

export interface DesiredFederatedCredential {
  /** Alternate key, immutable once created [fic]. */
  name: string;
  issuer: string;
  subject: string;
  /** Exactly one audience [ficc]. */
  audiences: [string];
  description: string;
}

/**
 * psoxy's AWS FIC name `${env_qualifier}AccessFromAWS` [aws], with env_qualifier = env or "psoxy".
 * Leading characters that would break the alphanumeric-first rule are dropped.
 */
export function awsFederatedCredentialName(envId: string | undefined): string {
  const qualifier = environmentQualifier(envId).replace(/[^A-Za-z0-9_-]/g, "").replace(/^[^A-Za-z0-9]+/, "");
  return `${qualifier || "psoxy"}AccessFromAWS`.slice(0, 120);
}

/**
 * The FIC a connector's app should carry, or undefined while its subject is unknown (GCP Unique ID
 * not entered yet; AWS IdentityId not obtained yet, which needs the app's client id first).
 */
export function desiredFederatedCredential(
  platform: HostPlatform,
  connectorId: ConnectorId,
  envId: string | undefined,
): DesiredFederatedCredential | undefined {
  const { displayName } = getConnector(connectorId);
  const env = environmentQualifier(envId);
  if (platform.platform === "gcp") {
    const subject = platform.serviceAccountUniqueIds[connectorId];
    if (!subject) return undefined;
    return {
      name: GCP_FIC_NAME,
      issuer: GCP_FIC_ISSUER,
      subject,
      audiences: [AZURE_AD_TOKEN_EXCHANGE_AUDIENCE],
      description: `GCP federation for Psoxy connector ${displayName} (${env})`,
    };
  }
  const subject = platform.identityIds[connectorId];
  if (!subject) return undefined;
  return {
    name: awsFederatedCredentialName(envId),
    issuer: AWS_FIC_ISSUER,
    subject,
    audiences: [platform.identityPoolId],
    description: `AWS federation for Psoxy connector ${displayName} (${env})`,
  };
}

/** Connectors whose FIC subject is still missing (see desiredFederatedCredential). */
export function missingFederationSubjects(platform: HostPlatform, connectorIds: readonly ConnectorId[]): ConnectorId[] {
  const subjects: Partial<Record<ConnectorId, string>> =
    platform.platform === "gcp" ? platform.serviceAccountUniqueIds : platform.identityIds;
  return connectorIds.filter((id) => !subjects[id]);
}

/** Token endpoint the proxy posts its client assertion to [spec]. */
export function refreshEndpoint(tenantId: string): string {
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
