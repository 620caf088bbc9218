/**
 * The results download: what the user needs to finish the proxy setup, per connector. Only ids and
 * non-secret configuration are copied in, field by field; nothing else from the inputs leaks out.
 * Source: Psoxy's Terraform (https://github.com/Worklytics/psoxy: infra/modules/worklytics-connectors-msft-365, worklytics-connector-specs/msft-365.tf).
 */
import { CONNECTOR_IDS, getConnector, type ConnectorId } from "@/lib/connectors";
import { environmentQualifier, type HostPlatform } from "@/lib/tenant/inputs";
import { desiredFederatedCredential } from "@/lib/tenant/federation";
import { proxyEnvironment, type ProxyEnvironment } from "./identity";
import { connectorAppName } from "@/lib/tenant/naming";
import { jsonText, safeFileName } from "@/lib/text/safe";

const RESULTS_FORMAT = "psoxy-m365-wizard.results/v1";

export interface ConnectorAppResult {
  connectorId: ConnectorId;
  /** Application (client) id: `appId`. Tokens, consent URLs, Teams -AppIds use it. */
  clientId: string;
  /** Application object id: Graph `id`. Terraform import and /applications/{id} use it. */
  objectId: string;
  /** Service principal object id, when known. */
  servicePrincipalObjectId?: string;
  /** The application's display name as read from the tenant (a shared app's differs from the per-connector name). */
  appDisplayName?: string;
}

export interface ResultsInput {
  tenantId: string;
  envId: string | undefined;
  platform: HostPlatform;
  apps: readonly ConnectorAppResult[];
  /** One shared application: on GCP each connector's credential is named after it. */
  shared?: boolean;
  /** ISO timestamp, passed in so the function stays pure. */
  generatedAt?: string;
}

interface ConnectorResultJson {
  displayName: string;
  appDisplayName: string;
  worklyticsConnectorId: string;
  tenantId: string;
  clientId: string;
  objectId: string;
  servicePrincipalObjectId?: string;
  federatedCredential?: { name: string; issuer: string; subject: string; audiences: string[] };
  proxyEnvironment: ProxyEnvironment;
}

interface ResultsJson {
  format: typeof RESULTS_FORMAT;
  generatedAt?: string;
  tenantId: string;
  environmentId: string;
  platform: HostPlatform["platform"];
  connectors: Partial<Record<ConnectorId, ConnectorResultJson>>;
  /** Same shape as psoxy's Terraform output `msft_365_api_clients` [mod], for comparison/migration. */
  msft_365_api_clients: Partial<Record<ConnectorId, { oauth_client_id: string; entra_object_id: string }>>;
}

export function resultsJson(input: ResultsInput): ResultsJson {
  const ordered = [...input.apps].sort((a, b) => CONNECTOR_IDS.indexOf(a.connectorId) - CONNECTOR_IDS.indexOf(b.connectorId));
  const connectors: ResultsJson["connectors"] = {};
  const apiClients: ResultsJson["msft_365_api_clients"] = {};
  for (const app of ordered) {
    const connector = getConnector(app.connectorId);
    const fic = desiredFederatedCredential(input.platform, app.connectorId, input.envId, { shared: input.shared });
    connectors[app.connectorId] = {
      displayName: connector.displayName,
      appDisplayName: app.appDisplayName ?? connectorAppName(connector.displayName, input.envId),
      worklyticsConnectorId: connector.worklyticsConnectorId,
      tenantId: input.tenantId,
      clientId: app.clientId,
      objectId: app.objectId,
      ...(app.servicePrincipalObjectId ? { servicePrincipalObjectId: app.servicePrincipalObjectId } : {}),
      ...(fic ? { federatedCredential: { name: fic.name, issuer: fic.issuer, subject: fic.subject, audiences: [...fic.audiences] } } : {}),
      proxyEnvironment: proxyEnvironment({
        tenantId: input.tenantId,
        clientId: app.clientId,
        connectorId: app.connectorId,
        envId: input.envId,
        platform: input.platform,
      }),
    };
    apiClients[app.connectorId] = { oauth_client_id: app.clientId, entra_object_id: app.objectId };
  }
  return {
    format: RESULTS_FORMAT,
    ...(input.generatedAt ? { generatedAt: input.generatedAt } : {}),
    tenantId: input.tenantId,
    environmentId: input.envId ?? "",
    platform: input.platform.platform,
    connectors,
    msft_365_api_clients: apiClients,
  };
}

/** The download's text: 2-space JSON with a final newline. */
export function resultsJsonText(input: ResultsInput): string {
  return jsonText(resultsJson(input));
}

/** `<env>-msft-365-connectors.json`; the environment id is validated, and the name is made safe again regardless. */
export function resultsFileName(envId: string | undefined): string {
  return safeFileName(`${environmentQualifier(envId)}-msft-365-connectors.json`, "psoxy-msft-365-connectors.json");
}
