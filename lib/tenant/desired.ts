import { appRolesFor, getConnector, type ConnectorId } from "@/lib/connectors";
import { connectorAppName, connectorUniqueName, SHARED_TAG, sharedUniqueName, WIZARD_TAGS, wizardTags } from "@/lib/exports/names";
import { desiredFederatedCredential } from "@/lib/exports/identity";
import type { AppRole } from "@/lib/graph/types";
import type { HostPlatform } from "./inputs";
import type { DesiredApp, Owner, RequiredAppRole } from "./model";

/**
 * The operator's answers, turned into the applications the tenant should hold.
 * Pure. The Graph app-role ids come from the tenant's own Microsoft Graph
 * service principal (the catalog's ids are the fallback and the cross-check).
 */
export type AppMode = "per-connector" | "shared";

export interface SetupAnswers {
  environmentId: string;
  connectorIds: ConnectorId[];
  appMode: AppMode;
  platform: HostPlatform;
  owners: Owner[];
}

export const SHARED_APP_KEY = "shared";
/**
 * Service principal tags: "HideApp" hides the app from users' My Apps launcher
 * (https://learn.microsoft.com/entra/identity/enterprise-apps/hide-application-from-user-portal);
 * "WindowsAzureActiveDirectoryIntegratedApp" is what Entra sets on enterprise apps made from app registrations.
 */
export const SERVICE_PRINCIPAL_TAGS = ["HideApp", "WindowsAzureActiveDirectoryIntegratedApp"];

/** First line of the application's notes; the rest records the proxy identity so a resumed setup can prefill it. */
export const NOTES_HEADER = "Managed by the Psoxy Microsoft 365 setup wizard.";

export class AppRoleMismatchError extends Error {
  constructor(readonly permissions: string[]) {
    super(`The tenant's Microsoft Graph service principal does not publish ${permissions.join(", ")} as application permissions.`);
    this.name = "AppRoleMismatchError";
  }
}

/** Resolves permission names to the app-role ids the tenant's Microsoft Graph service principal publishes. */
export function resolveAppRoles(connectorIds: readonly ConnectorId[], graphAppRoles: readonly AppRole[]): RequiredAppRole[] {
  const missing: string[] = [];
  const roles = appRolesFor(connectorIds).map(({ permission, appRoleId }) => {
    const published = graphAppRoles.find((role) => role.value === permission && role.allowedMemberTypes.includes("Application") && role.isEnabled);
    if (!published) missing.push(permission);
    return { permission, id: published?.id ?? appRoleId };
  });
  if (missing.length) throw new AppRoleMismatchError(missing);
  return roles;
}

export function identityNote(platform: HostPlatform, connectorId: ConnectorId): string {
  if (platform.platform === "gcp") {
    const id = platform.serviceAccountUniqueIds[connectorId];
    return id ? `Proxy identity: GCP service account ${id}.` : "Proxy identity: GCP (service account not entered yet).";
  }
  const provider = platform.developerProviderName ? `, developer provider ${platform.developerProviderName}` : "";
  return `Proxy identity: AWS Cognito pool ${platform.identityPoolId} (${platform.region}${provider}).`;
}

export type IdentityNote =
  | { platform: "gcp"; uniqueId: string }
  | { platform: "aws"; poolId: string; region: string; developerProviderName?: string };

/** What `identityNote` wrote, read back to prefill a resumed setup. */
export function parseIdentityNote(notes: string | null | undefined): IdentityNote | null {
  const gcp = /Proxy identity: GCP service account (\d+)\./.exec(notes ?? "");
  if (gcp?.[1]) return { platform: "gcp", uniqueId: gcp[1] };
  const aws = /Proxy identity: AWS Cognito pool (\S+) \(([a-z0-9-]+)(?:, developer provider ([^)\s]+))?\)\./.exec(notes ?? "");
  if (aws?.[1] && aws[2]) return { platform: "aws", poolId: aws[1], region: aws[2], ...(aws[3] ? { developerProviderName: aws[3] } : {}) };
  return null;
}

/**
 * The application's notes with the wizard's block (from NOTES_HEADER to the end) set to `block`;
 * whatever someone else wrote before it is kept.
 */
export function mergeNotes(current: string | null | undefined, block: string): string {
  const text = current ?? "";
  const at = text.indexOf(NOTES_HEADER);
  const theirs = (at >= 0 ? text.slice(0, at) : text).trimEnd();
  return theirs ? `${theirs}\n\n${block}` : block;
}

function pendingReason(platform: HostPlatform, connectorId: ConnectorId): string {
  return platform.platform === "aws"
    ? `Waiting for the Cognito identity id of ${getConnector(connectorId).shortName}: it needs this app's client id, so it comes after the application exists`
    : `Waiting for the GCP service account unique id of ${getConnector(connectorId).shortName}`;
}

/** How a wanted application is named and found again, before anything is read from the tenant. */
export interface AppIdentity {
  key: string;
  environmentId: string;
  connectorIds: ConnectorId[];
  uniqueName: string;
  displayName: string;
  tags: string[];
}

export function appIdentities(answers: Pick<SetupAnswers, "environmentId" | "connectorIds" | "appMode">): AppIdentity[] {
  const env = answers.environmentId;
  if (answers.appMode === "shared") {
    return [
      {
        key: SHARED_APP_KEY,
        environmentId: env,
        connectorIds: answers.connectorIds,
        uniqueName: sharedUniqueName(env),
        displayName: connectorAppName("Microsoft 365", env),
        tags: [WIZARD_TAGS.managed, SHARED_TAG, `${WIZARD_TAGS.envPrefix}${env}`, ...answers.connectorIds.map((id) => `${WIZARD_TAGS.connectorPrefix}${id}`)],
      },
    ];
  }
  return answers.connectorIds.map((id) => ({
    key: id,
    environmentId: env,
    connectorIds: [id],
    uniqueName: connectorUniqueName(id, env),
    displayName: connectorAppName(getConnector(id).displayName, env),
    tags: wizardTags(id, env),
  }));
}

export function desiredApps(answers: SetupAnswers, graphAppRoles: readonly AppRole[]): DesiredApp[] {
  return appIdentities(answers).map((identity) => {
    const first = identity.connectorIds[0]!;
    const credential = desiredFederatedCredential(answers.platform, first, answers.environmentId);
    return {
      key: identity.key,
      connectorIds: identity.connectorIds,
      uniqueName: identity.uniqueName,
      displayName: identity.displayName,
      tags: identity.tags,
      appRoles: resolveAppRoles(identity.connectorIds, graphAppRoles),
      owners: answers.owners,
      servicePrincipalTags: SERVICE_PRINCIPAL_TAGS,
      notes: `${NOTES_HEADER}\n${identityNote(answers.platform, first)}`,
      credential: credential ? { ...credential, audiences: [...credential.audiences] } : null,
      credentialPendingReason: credential ? undefined : pendingReason(answers.platform, first),
    };
  });
}
