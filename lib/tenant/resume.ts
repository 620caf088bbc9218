import { isConnectorId, type ConnectorId } from "@/lib/connectors";
import { AWS_FIC_ISSUER, GCP_FIC_ISSUER } from "@/lib/exports/identity";
import { SHARED_TAG, WIZARD_TAGS, wizardTagValues } from "@/lib/exports/names";
import { calls, createGraphVerbs, toBatchItem, type GraphClient } from "@/lib/graph";
import type { Application, FederatedCredential } from "@/lib/graph/types";
import { parseIdentityNote, type AppMode } from "./desired";
import { cognitoIdRegion, hostPlatformSchema, type HostPlatform } from "./inputs";

/**
 * Earlier setups found again in the tenant, so a new tab (or another admin)
 * can continue one without retyping: the environment and connectors come from
 * the apps' tags, the proxy identity from their federated credentials and
 * notes. The tenant is the only store.
 */
export interface ExistingSetup {
  environmentId: string;
  appMode: AppMode;
  connectorIds: ConnectorId[];
  /** Null when the identity cannot be read back completely (then step 3 asks again). */
  platform: HostPlatform | null;
  appCount: number;
}

function inferPlatform(apps: readonly { connectorIds: ConnectorId[]; app: Application; credentials: FederatedCredential[] }[]): HostPlatform | null {
  const gcp: Partial<Record<ConnectorId, string>> = {};
  const aws = { pool: "", region: "", provider: "", identityIds: {} as Partial<Record<ConnectorId, string>> };
  for (const { connectorIds, app, credentials } of apps) {
    const google = credentials.find((c) => c.issuer === GCP_FIC_ISSUER);
    const cognito = credentials.find((c) => c.issuer === AWS_FIC_ISSUER);
    const note = parseIdentityNote(app.notes);
    for (const id of connectorIds) {
      const gcpId = google?.subject ?? (note?.platform === "gcp" ? note.uniqueId : undefined);
      if (gcpId) gcp[id] = gcpId;
      if (cognito) aws.identityIds[id] = cognito.subject;
    }
    const pool = cognito?.audiences[0] ?? (note?.platform === "aws" ? note.poolId : undefined);
    if (pool) {
      aws.pool = pool;
      aws.region = cognitoIdRegion(pool) ?? (note?.platform === "aws" ? note.region : "");
    }
    if (note?.platform === "aws" && note.developerProviderName) aws.provider = note.developerProviderName;
  }
  const candidate = aws.pool
    ? { platform: "aws", region: aws.region, identityPoolId: aws.pool, identityIds: aws.identityIds, ...(aws.provider ? { developerProviderName: aws.provider } : {}) }
    : Object.keys(gcp).length
      ? { platform: "gcp", serviceAccountUniqueIds: gcp }
      : null;
  const parsed = candidate ? hostPlatformSchema.safeParse(candidate) : null;
  return parsed?.success ? parsed.data : null;
}

/** Groups wizard-managed apps by environment. Pure. */
export function existingSetups(apps: readonly Application[], credentials: Readonly<Record<string, FederatedCredential[]>>): ExistingSetup[] {
  const byEnv = new Map<string, Application[]>();
  for (const app of apps) {
    if (!app.tags.includes(WIZARD_TAGS.managed)) continue;
    const env = wizardTagValues(app.tags, WIZARD_TAGS.envPrefix)[0];
    if (env === undefined) continue;
    byEnv.set(env, [...(byEnv.get(env) ?? []), app]);
  }
  return [...byEnv.entries()].map(([environmentId, envApps]) => {
    const described = envApps.map((app) => ({
      app,
      connectorIds: wizardTagValues(app.tags, WIZARD_TAGS.connectorPrefix).filter(isConnectorId),
      credentials: credentials[app.id] ?? [],
    }));
    const connectorIds = [...new Set(described.flatMap((d) => d.connectorIds))];
    return {
      environmentId,
      appMode: envApps.some((app) => app.tags.includes(SHARED_TAG)) ? "shared" : "per-connector",
      connectorIds,
      platform: inferPlatform(described),
      appCount: envApps.length,
    };
  });
}

/** Two round trips: the wizard's apps (all pages), then all their credentials in one $batch. */
export async function findExistingSetups(client: GraphClient): Promise<ExistingSetup[]> {
  const apps = await createGraphVerbs(client).findApplicationsByTag(WIZARD_TAGS.managed);
  if (apps.length === 0) return [];
  const items = apps.map((app, i) => toBatchItem(calls.listFederatedCredentials(app.id), `f${i}`));
  const second = await client.batch(items);
  const credentials: Record<string, FederatedCredential[]> = {};
  apps.forEach((app, i) => {
    credentials[app.id] = items[i]!.read(second.get(`f${i}`)!).items;
  });
  return existingSetups(apps, credentials);
}
