/**
 * Federated identity credentials (FIC) of the connector applications: which issuer, subject and audience
 * each proxy platform presents, and the names Psoxy's Terraform gives them. Domain facts, pure.
 *
 * Sources: https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations (≤ 20 per
 * app, name rules, one audience), https://learn.microsoft.com/graph/api/resources/federatedidentitycredential,
 * https://learn.microsoft.com/entra/workload-id/workload-identity-federation-google-cloud (GCP),
 * Psoxy's infra/examples-dev/{gcp,aws}/msft-365.tf and infra/modules/aws-cognito-pool (names).
 */
import { getConnector, type ConnectorId } from "@/lib/connectors";
import { environmentQualifier, type HostPlatform } from "./inputs";

/** [ficgcp][gcp] */
export const GCP_FIC_ISSUER = "https://accounts.google.com";
/** [ficgcp][gcp]: the fixed Entra token-exchange audience. */
export const AZURE_AD_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
/** psoxy's FIC name on GCP [gcp]. */
export const GCP_FIC_NAME = "GcpFederation";
/** [aws][cog]: audience is the pool id, not api://AzureADTokenExchange. */
export const AWS_FIC_ISSUER = "https://cognito-identity.amazonaws.com";

interface DesiredFederatedCredential {
  /** Alternate key, immutable once created [fic]. */
  name: string;
  issuer: string;
  subject: string;
  /** Exactly one audience [ficc]. */
  audiences: [string];
  description: string;
}

/** Entra keeps at most 20 federated identity credentials per application [ficc]. */
export const MAX_FEDERATED_CREDENTIALS_PER_APP = 20;

/**
 * psoxy's AWS FIC name `${env_qualifier}AccessFromAWS` [aws], with env_qualifier = env or "psoxy".
 * Leading characters that would break the alphanumeric-first rule are dropped.
 */
export function awsFederatedCredentialName(envId: string | undefined): string {
  const qualifier = environmentQualifier(envId)
    .replace(/[^A-Za-z0-9_-]/g, "")
    .replace(/^[^A-Za-z0-9]+/, "");
  return `${qualifier || "psoxy"}AccessFromAWS`.slice(0, 120);
}

/**
 * GCP FIC name. One app per connector: Psoxy's `GcpFederation`
 * (https://github.com/Worklytics/psoxy/blob/main/infra/examples-dev/gcp/msft-365.tf). One shared app: one
 * credential per connector service account, and Entra wants distinct names on one app [ficc], so
 * `GcpFederation-<connector>` (Psoxy's example would give them all `GcpFederation`, which Entra refuses).
 */
export function gcpFederatedCredentialName(connectorId?: ConnectorId): string {
  return connectorId ? `${GCP_FIC_NAME}-${connectorId}` : GCP_FIC_NAME;
}

/**
 * The FIC serving one connector, or undefined while its subject is unknown (GCP Unique ID not entered yet;
 * AWS IdentityId not obtained yet, which needs the app's client id first). Descriptions are Psoxy's own, so
 * a `terraform plan` after importing the credential shows no change:
 * GCP `Federation to be used for psoxy Connector - ${display_name}${env_qualifier}` (examples-dev/gcp/msft-365.tf),
 * AWS `AWS federation to be used for ${env_qualifier} Connectors - ${display_name}` with display_name
 * "Shared" for the shared app (examples-dev/aws/msft-365.tf, default connector_display_name_suffix "").
 */
export function desiredFederatedCredential(
  platform: HostPlatform,
  connectorId: ConnectorId,
  envId: string | undefined,
  options: { shared?: boolean } = {},
): DesiredFederatedCredential | undefined {
  const { displayName } = getConnector(connectorId);
  const env = environmentQualifier(envId);
  if (platform.platform === "gcp") {
    const subject = platform.serviceAccountUniqueIds[connectorId];
    if (!subject) return undefined;
    return {
      name: gcpFederatedCredentialName(options.shared ? connectorId : undefined),
      issuer: GCP_FIC_ISSUER,
      subject,
      audiences: [AZURE_AD_TOKEN_EXCHANGE_AUDIENCE],
      description: `Federation to be used for psoxy Connector - ${displayName}${env}`,
    };
  }
  const subject = platform.identityIds[connectorId];
  if (!subject) return undefined;
  return {
    name: awsFederatedCredentialName(envId),
    issuer: AWS_FIC_ISSUER,
    subject,
    audiences: [platform.identityPoolId],
    description: `AWS federation to be used for ${env} Connectors - ${options.shared ? "Shared" : displayName}`,
  };
}

interface AppCredentials {
  /** The credentials the app should carry, one per distinct subject. */
  credentials: DesiredFederatedCredential[];
  /** Connectors whose subject is still unknown. */
  pending: ConnectorId[];
  /** Connectors whose subject another connector of this app already brings (one credential serves both). */
  sharedSubjects: ConnectorId[];
}

/**
 * Every FIC one application should carry. One app per connector: its connector's. The shared app on GCP: one per
 * connector service account (each of Psoxy's GCP connectors runs as its own), deduplicated by subject because
 * Entra refuses two credentials with the same issuer and subject on one app [ficc]. The shared app on AWS: the
 * one Cognito identity registered for the shared client id (Psoxy keys it "shared").
 */
export function desiredAppCredentials(
  platform: HostPlatform,
  connectorIds: readonly ConnectorId[],
  envId: string | undefined,
  shared: boolean,
): AppCredentials {
  const result: AppCredentials = { credentials: [], pending: [], sharedSubjects: [] };
  const ids = shared && platform.platform === "aws" ? connectorIds.slice(0, 1) : connectorIds;
  for (const connectorId of ids) {
    const credential = desiredFederatedCredential(platform, connectorId, envId, { shared });
    if (!credential) result.pending.push(connectorId);
    else if (result.credentials.some((c) => c.issuer === credential.issuer && c.subject === credential.subject))
      result.sharedSubjects.push(connectorId);
    else result.credentials.push(credential);
  }
  if (shared && platform.platform === "aws" && result.pending.length) result.pending = [...connectorIds];
  return result;
}
