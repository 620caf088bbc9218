import { getConnector, type ConnectorId } from "@/lib/connectors";
import { cognitoOpenIdTokenCommand, resolveDeveloperProviderName, type HostPlatform } from "@/lib/tenant/inputs";
import type { AppPlan } from "@/lib/tenant/model";
import { adminConsentPortalUrl } from "./consent";
import { proxyEnvironment, type ProxyEnvironment } from "./identity";
import { teamsAccessPolicyScript } from "./teams";

/**
 * What the operator takes away, built from a plan made by reading the tenant
 * after apply (never from what was sent). Pure.
 */
export interface ConnectorResult {
  connectorId: ConnectorId;
  connectorName: string;
  proxyEnvironment: ProxyEnvironment;
  /** AWS: the command that prints this connector's Cognito IdentityId (needs the client id). */
  cognitoCommand?: string;
}

export interface AppResult {
  key: string;
  displayName: string;
  clientId: string;
  objectId: string;
  tenantId: string;
  servicePrincipalId: string | null;
  connectors: ConnectorResult[];
  /** Graph application permissions the consent admin must grant. */
  permissions: string[];
  consentPortalUrl: string;
  /** Plan steps still not as wanted after apply (empty when converged). */
  outstanding: string[];
}

export interface SetupResults {
  tenantId: string;
  environmentId: string;
  apps: AppResult[];
  /** Apps not created yet (blocked or failed): their names. */
  missing: string[];
  teams?: { clientIds: string[]; script: string };
}

export function setupResults(input: { plans: readonly AppPlan[]; tenantId: string; environmentId: string; platform: HostPlatform }): SetupResults {
  const apps: AppResult[] = [];
  const missing: string[] = [];
  for (const plan of input.plans) {
    const app = plan.actual?.application;
    if (!app) {
      missing.push(plan.displayName);
      continue;
    }
    apps.push({
      key: plan.key,
      displayName: app.displayName ?? plan.displayName,
      clientId: app.appId,
      objectId: app.id,
      tenantId: input.tenantId,
      servicePrincipalId: plan.actual?.servicePrincipal?.id ?? null,
      connectors: plan.connectorIds.map((connectorId) => ({
        connectorId,
        connectorName: getConnector(connectorId).displayName,
        proxyEnvironment: proxyEnvironment({ tenantId: input.tenantId, clientId: app.appId, connectorId, envId: input.environmentId, platform: input.platform }),
        cognitoCommand:
          input.platform.platform === "aws"
            ? cognitoOpenIdTokenCommand({
                poolId: input.platform.identityPoolId,
                region: input.platform.region,
                developerProviderName: resolveDeveloperProviderName(input.platform, input.environmentId),
                clientId: app.appId,
              })
            : undefined,
      })),
      permissions: plan.desired.appRoles.map((role) => role.permission),
      consentPortalUrl: adminConsentPortalUrl(app.appId),
      outstanding: plan.steps.filter((s) => s.action !== "unchanged" && s.action !== "pending").map((s) => s.summary),
    });
  }
  const teamsClientIds = apps.filter((app) => app.connectors.some((c) => c.connectorId === "msft-teams")).map((app) => app.clientId);
  return {
    tenantId: input.tenantId,
    environmentId: input.environmentId,
    apps,
    missing,
    teams: teamsClientIds.length ? { clientIds: teamsClientIds, script: teamsAccessPolicyScript({ clientIds: teamsClientIds }) } : undefined,
  };
}
