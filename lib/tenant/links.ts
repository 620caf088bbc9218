import type { ConnectorId } from "@/lib/connectors";

/**
 * The links one person shares with another: ids only, nothing secret (whoever opens one must sign in). Free of
 * imports with weight, so a page can build its sign-in return address before the Graph client is loaded.
 */

export interface ConsentLinkTarget {
  environmentId: string;
  /** Connectors to show before sign-in (the page reads what the tenant holds after sign-in either way). */
  connectorIds: ConnectorId[];
}

/** `/consent?env=<env>&connectors=a,b`: ids only, nothing secret; whoever opens it must sign in. */
export function consentHref(target: ConsentLinkTarget): string {
  const params = new URLSearchParams({ env: target.environmentId });
  if (target.connectorIds.length) params.set("connectors", target.connectorIds.join(","));
  return `/consent?${params.toString()}`;
}

/** The Teams Administrator's page for one connector app: `/teams?env=<env>&connector=<id>` (env may be ""). */
export function teamsStepHref(environmentId: string, connectorId: string = "msft-teams"): string {
  return `/teams?${new URLSearchParams({ env: environmentId, connector: connectorId }).toString()}`;
}
