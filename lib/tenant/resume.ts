import type { ConnectorId } from "@/lib/connectors";
import { parseIdentityNote, type AppMode } from "./desired";
import { AWS_FIC_ISSUER, GCP_FIC_ISSUER } from "./federation";
import { cognitoIdRegion, hostPlatformSchema, type HostPlatform } from "./inputs";
import { appsByEnvironment, type SnapshotApp, type TenantSnapshot } from "./snapshot";

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

function inferPlatform(apps: readonly SnapshotApp[]): HostPlatform | null {
  const gcp: Partial<Record<ConnectorId, string>> = {};
  const aws = { pool: "", region: "", provider: "", identityIds: {} as Partial<Record<ConnectorId, string>> };
  for (const { connectorIds, application, credentials } of apps) {
    const google = credentials.find((c) => c.issuer === GCP_FIC_ISSUER);
    const cognito = credentials.find((c) => c.issuer === AWS_FIC_ISSUER);
    const note = parseIdentityNote(application.notes);
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
  // What the tenant holds goes through the same schema as typed input: anything malformed means "ask again".
  const parsed = candidate ? hostPlatformSchema.safeParse(candidate) : null;
  return parsed?.success ? parsed.data : null;
}

/** Wizard-managed apps of one tenant snapshot, grouped by environment. Pure. */
export function existingSetups(snapshot: Pick<TenantSnapshot, "apps">): ExistingSetup[] {
  return appsByEnvironment({ apps: snapshot.apps.filter((app) => app.managedBy === "wizard") }).map(({ environmentId, apps }) => ({
    environmentId,
    appMode: apps.some((app) => app.shared) ? "shared" : "per-connector",
    connectorIds: [...new Set(apps.flatMap((app) => app.connectorIds))],
    platform: inferPlatform(apps),
    appCount: apps.length,
  }));
}
