import { appRolesFor, getConnector, type ConnectorId } from "@/lib/connectors";
import { connectorAppName, connectorUniqueName, SHARED_TAG, sharedUniqueName, WIZARD_TAGS, wizardTags } from "@/lib/tenant/naming";
import { AWS_FIC_ISSUER, awsFederatedCredentialName, desiredAppCredentials } from "./federation";
import type { AppRole } from "@/lib/graph/types";
import {
  awsRegionSchema,
  cognitoIdentityPoolIdSchema,
  developerProviderNameSchema,
  gcpServiceAccountUniqueIdSchema,
  type HostPlatform,
} from "./inputs";
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

const SHARED_APP_KEY = "shared";
/**
 * Service principal tags: "HideApp" hides the app from users' My Apps launcher
 * (https://learn.microsoft.com/entra/identity/enterprise-apps/hide-application-from-user-portal);
 * "WindowsAzureActiveDirectoryIntegratedApp" is what Entra sets on enterprise apps made from app registrations.
 */
export const SERVICE_PRINCIPAL_TAGS = ["HideApp", "WindowsAzureActiveDirectoryIntegratedApp"];

/** First line of the application's notes; the rest records the proxy identity so a resumed setup can prefill it. */
export const NOTES_HEADER = "Managed by the Psoxy Microsoft 365 setup wizard.";

class AppRoleMismatchError extends Error {
  constructor(readonly permissions: string[]) {
    super(`The tenant's Microsoft Graph service principal does not publish ${permissions.join(", ")} as application permissions.`);
    this.name = "AppRoleMismatchError";
  }
}

/** Resolves permission names to the app-role ids the tenant's Microsoft Graph service principal publishes. */
function resolveAppRoles(connectorIds: readonly ConnectorId[], graphAppRoles: readonly AppRole[]): RequiredAppRole[] {
  const missing: string[] = [];
  const roles = appRolesFor(connectorIds).map(({ permission, appRoleId }) => {
    const published = graphAppRoles.find(
      (role) => role.value === permission && role.allowedMemberTypes.includes("Application") && role.isEnabled,
    );
    if (!published) missing.push(permission);
    return { permission, id: published?.id ?? appRoleId };
  });
  if (missing.length) throw new AppRoleMismatchError(missing);
  return roles;
}

export function identityNote(platform: HostPlatform, connectorId: ConnectorId | readonly ConnectorId[]): string {
  if (platform.platform === "gcp") {
    const connectorIds = typeof connectorId === "string" ? [connectorId] : connectorId;
    const ids = [...new Set(connectorIds.map((id) => platform.serviceAccountUniqueIds[id]).filter((id): id is string => Boolean(id)))];
    if (ids.length === 0) return "Proxy identity: GCP (service account not entered yet).";
    // One line per service account: a shared app trusts each connector's.
    return ids.map((id) => `Proxy identity: GCP service account ${id}.`).join("\n");
  }
  const provider = platform.developerProviderName ? `, developer provider ${platform.developerProviderName}` : "";
  return `Proxy identity: AWS Cognito pool ${platform.identityPoolId} (${platform.region}${provider}).`;
}

type IdentityNote =
  { platform: "gcp"; uniqueId: string } | { platform: "aws"; poolId: string; region: string; developerProviderName?: string };

const parsed = (
  schema: { safeParse(value: unknown): { success: true; data: unknown } | { success: false } },
  value: string,
): string | undefined => {
  const result = schema.safeParse(value);
  return result.success && typeof result.data === "string" ? result.data : undefined;
};

/**
 * What `identityNote` wrote, read back to prefill a resumed setup. Notes are free text anyone may edit, so
 * every value goes through the schema typed input goes through; one that fails is not returned (and the
 * caller says so, see resume.ts), never interpolated.
 */
export function parseIdentityNote(notes: string | null | undefined): IdentityNote | null {
  const gcp = /Proxy identity: GCP service account (\S+)\./.exec(notes ?? "");
  if (gcp?.[1]) {
    const uniqueId = parsed(gcpServiceAccountUniqueIdSchema, gcp[1]);
    return uniqueId ? { platform: "gcp", uniqueId } : null;
  }
  const aws = /Proxy identity: AWS Cognito pool (\S+) \(([^,)\s]+)(?:, developer provider ([^)\s]+))?\)\./.exec(notes ?? "");
  if (aws?.[1] && aws[2]) {
    const poolId = parsed(cognitoIdentityPoolIdSchema, aws[1]);
    const region = parsed(awsRegionSchema, aws[2]);
    const provider = aws[3] === undefined ? undefined : parsed(developerProviderNameSchema, aws[3]);
    if (!poolId || !region || (aws[3] !== undefined && !provider)) return null;
    return { platform: "aws", poolId, region, ...(provider ? { developerProviderName: provider } : {}) };
  }
  return null;
}

/** Every GCP service account the notes name (a shared app's notes name one per connector), validated. */
export function parseGcpIdentityNotes(notes: string | null | undefined): { uniqueIds: string[]; rejected: number } {
  const uniqueIds: string[] = [];
  let rejected = 0;
  for (const match of (notes ?? "").matchAll(/Proxy identity: GCP service account (\S+)\./g)) {
    const id = parsed(gcpServiceAccountUniqueIdSchema, match[1] ?? "");
    if (id) uniqueIds.push(id);
    else rejected += 1;
  }
  return { uniqueIds, rejected };
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

function pendingReason(platform: HostPlatform, connectorIds: readonly ConnectorId[]): string {
  const names = connectorIds.map((id) => getConnector(id).shortName).join(", ");
  return platform.platform === "aws"
    ? `Waiting for the Cognito identity id of ${names}: it needs this app's client id, so it comes after the application exists`
    : `Waiting for the GCP service account unique id of ${names}`;
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
        tags: [
          WIZARD_TAGS.managed,
          SHARED_TAG,
          `${WIZARD_TAGS.envPrefix}${env}`,
          ...answers.connectorIds.map((id) => `${WIZARD_TAGS.connectorPrefix}${id}`),
        ],
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
    const shared = identity.key === SHARED_APP_KEY;
    const { credentials, pending } = desiredAppCredentials(answers.platform, identity.connectorIds, answers.environmentId, shared);
    return {
      key: identity.key,
      connectorIds: identity.connectorIds,
      uniqueName: identity.uniqueName,
      displayName: identity.displayName,
      tags: identity.tags,
      appRoles: resolveAppRoles(identity.connectorIds, graphAppRoles),
      owners: answers.owners,
      servicePrincipalTags: SERVICE_PRINCIPAL_TAGS,
      notes: `${NOTES_HEADER}\n${identityNote(answers.platform, identity.connectorIds)}`,
      credentials: credentials.map((credential) => ({ ...credential, audiences: [...credential.audiences] })),
      credentialPendingReason: pending.length ? pendingReason(answers.platform, pending) : undefined,
      ...(pending.length ? { pendingConnectorIds: pending } : {}),
      ...(pending.length && answers.platform.platform === "aws"
        ? {
            credentialPendingMatch: {
              name: awsFederatedCredentialName(answers.environmentId),
              issuer: AWS_FIC_ISSUER,
              audiences: [answers.platform.identityPoolId],
            },
          }
        : {}),
    };
  });
}
