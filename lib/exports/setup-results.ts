import { getConnector, type ConnectorId } from "@/lib/connectors";
import { cognitoOpenIdTokenCommand, resolveDeveloperProviderName, type HostPlatform } from "@/lib/tenant/inputs";
import { GCP_FIC_NAME } from "@/lib/tenant/federation";
import { visibleText } from "@/lib/text/safe";
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
  /** Graph application permissions the connector needs. */
  permissions: string[];
  /** Of those, the ones not granted yet, as read from the tenant (the service principal's app role assignments). */
  notGranted: string[];
  consentPortalUrl: string;
  /** Plan steps still not as wanted after apply (empty when converged). */
  outstanding: string[];
  /**
   * The federated credentials the wizard wanted and the tenant holds under that name, with the key Psoxy's
   * configuration gives them (connector id; "shared" for the AWS shared app): what the Terraform handoff imports.
   */
  credentials: { key: ConnectorId | "shared"; credentialId: string; name: string; subject: string }[];
}

export interface SetupResults {
  tenantId: string;
  environmentId: string;
  apps: AppResult[];
  /** Apps not created yet (blocked or failed): their names. */
  missing: string[];
  teams?: { clientIds: string[]; script: string };
}

export function setupResults(input: {
  plans: readonly AppPlan[];
  tenantId: string;
  environmentId: string;
  platform: HostPlatform;
}): SetupResults {
  const apps: AppResult[] = [];
  const missing: string[] = [];
  for (const plan of input.plans) {
    const app = plan.actual?.application;
    // An existing app the operator did not confirm to adopt is not theirs: no ids, settings or links for it.
    if (!app || (plan.decision && !plan.decision.confirmed)) {
      missing.push(plan.displayName);
      continue;
    }
    apps.push({
      key: plan.key,
      // Read from the tenant: shown and used in labels, so without line breaks or control characters.
      displayName: app.displayName ? visibleText(app.displayName) : plan.displayName,
      clientId: app.appId,
      objectId: app.id,
      tenantId: input.tenantId,
      servicePrincipalId: plan.actual?.servicePrincipal?.id ?? null,
      connectors: plan.connectorIds.map((connectorId) => ({
        connectorId,
        connectorName: getConnector(connectorId).displayName,
        proxyEnvironment: proxyEnvironment({
          tenantId: input.tenantId,
          clientId: app.appId,
          connectorId,
          envId: input.environmentId,
          platform: input.platform,
        }),
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
      notGranted: plan.desired.appRoles
        .filter((role) => !(plan.actual?.grants ?? []).some((grant) => grant.appRoleId.toLowerCase() === role.id.toLowerCase()))
        .map((role) => role.permission),
      consentPortalUrl: adminConsentPortalUrl(app.appId),
      outstanding: plan.steps.filter((s) => s.action !== "unchanged" && s.action !== "pending").map((s) => s.summary),
      credentials: plan.desired.credentials.flatMap((wanted) => {
        const held = plan.actual?.credentials.find((c) => c.name === wanted.name);
        if (!held) return [];
        const prefix = `${GCP_FIC_NAME}-`;
        const fromName = wanted.name.startsWith(prefix) ? wanted.name.slice(prefix.length) : undefined;
        const key = plan.key !== "shared" ? plan.connectorIds[0]! : (plan.connectorIds.find((id) => id === fromName) ?? "shared");
        return [{ key, credentialId: held.id, name: held.name, subject: held.subject }];
      }),
    });
  }
  const teamsClientIds = apps.filter((app) => app.connectors.some((c) => c.connectorId === "msft-teams")).map((app) => app.clientId);
  return {
    tenantId: input.tenantId,
    environmentId: input.environmentId,
    apps,
    missing,
    teams: teamsClientIds.length
      ? { clientIds: teamsClientIds, script: teamsAccessPolicyScript({ clientIds: teamsClientIds }) }
      : undefined,
  };
}
