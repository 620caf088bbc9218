import type { ConnectorId } from "@/lib/connectors";
import { parseGcpIdentityNotes, parseIdentityNote, type AppMode } from "./desired";
import { AWS_FIC_ISSUER, GCP_FIC_ISSUER, gcpFederatedCredentialName } from "./federation";
import {
  cognitoIdentityIdSchema,
  cognitoIdentityPoolIdSchema,
  cognitoIdRegion,
  gcpServiceAccountUniqueIdSchema,
  hostPlatformSchema,
  type HostPlatform,
} from "./inputs";
import { visibleText } from "@/lib/text/safe";
import { appsByEnvironment, describeRejected, type SnapshotApp, type TenantSnapshot } from "./snapshot";

/**
 * Earlier setups found again in the tenant, so a new tab (or another admin)
 * can continue one without retyping: the environment and connectors come from
 * the apps' uniqueNames and tags, the proxy identity from their federated
 * credentials and notes. The tenant is the only store, and anyone who may edit
 * an app may have written into it: every value read back goes through the schema
 * typed input goes through, and one that fails is dropped with a note the page
 * shows (`dropped`), never interpolated.
 */
export interface ExistingSetup {
  environmentId: string;
  appMode: AppMode;
  connectorIds: ConnectorId[];
  /** Null when the identity cannot be read back completely (then step 3 asks again). */
  platform: HostPlatform | null;
  appCount: number;
  /** Values read back that failed validation and were ignored, described without the value itself. */
  dropped: string[];
}

type Schema = { safeParse(value: unknown): { success: true; data: unknown } | { success: false } };

function inferPlatform(apps: readonly SnapshotApp[]): { platform: HostPlatform | null; dropped: string[] } {
  const dropped: string[] = [];
  const valid = (schema: Schema, value: string, what: string): string | undefined => {
    const parsed = schema.safeParse(value);
    if (parsed.success && typeof parsed.data === "string") return parsed.data;
    dropped.push(describeRejected(what, value));
    return undefined;
  };
  const gcp: Partial<Record<ConnectorId, string>> = {};
  const aws = { pool: "", region: "", provider: "", identityIds: {} as Partial<Record<ConnectorId, string>> };
  for (const { connectorIds, application, credentials, shared } of apps) {
    const name = application.displayName ? visibleText(application.displayName) : application.id;
    const google = credentials.filter((c) => c.issuer === GCP_FIC_ISSUER);
    const cognito = credentials.find((c) => c.issuer === AWS_FIC_ISSUER);
    const note = parseIdentityNote(application.notes);
    const noteIds = parseGcpIdentityNotes(application.notes);
    if ((application.notes ?? "").includes("Proxy identity:") && !note && noteIds.uniqueIds.length === 0) {
      dropped.push(`The proxy identity in the notes of “${name}” was ignored: it is not valid`);
    } else if (noteIds.rejected) {
      dropped.push(`${noteIds.rejected} service account id(s) in the notes of “${name}” were ignored: not valid`);
    }
    for (const id of connectorIds) {
      // Shared GCP app: one credential per connector, named after it; one app per connector: its one Google credential.
      const credential = shared
        ? google.find((c) => c.name === gcpFederatedCredentialName(id))
        : google.length === 1
          ? google[0]
          : google.find((c) => c.name === gcpFederatedCredentialName());
      const fromCredential = credential
        ? valid(gcpServiceAccountUniqueIdSchema, credential.subject, `The service account id of credential “${credential.name}”`)
        : undefined;
      const fromNote = !shared || noteIds.uniqueIds.length === 1 ? (note?.platform === "gcp" ? note.uniqueId : undefined) : undefined;
      const gcpId = fromCredential ?? fromNote;
      if (gcpId) gcp[id] = gcpId;
      if (cognito) {
        const identityId = valid(cognitoIdentityIdSchema, cognito.subject, `The Cognito identity of credential “${cognito.name}”`);
        if (identityId) aws.identityIds[id] = identityId;
      }
    }
    const audience = cognito?.audiences[0];
    const pool =
      (audience !== undefined
        ? valid(cognitoIdentityPoolIdSchema, audience, `The identity pool of credential “${cognito!.name}”`)
        : undefined) ?? (note?.platform === "aws" ? note.poolId : undefined);
    if (pool) {
      aws.pool = pool;
      aws.region = cognitoIdRegion(pool) ?? (note?.platform === "aws" ? note.region : "");
    }
    if (note?.platform === "aws" && note.developerProviderName) aws.provider = note.developerProviderName;
  }
  const candidate = aws.pool
    ? {
        platform: "aws",
        region: aws.region,
        identityPoolId: aws.pool,
        identityIds: aws.identityIds,
        ...(aws.provider ? { developerProviderName: aws.provider } : {}),
      }
    : Object.keys(gcp).length
      ? { platform: "gcp", serviceAccountUniqueIds: gcp }
      : null;
  // The whole identity goes through the same schema as typed input: anything inconsistent means "ask again".
  const parsed = candidate ? hostPlatformSchema.safeParse(candidate) : null;
  if (parsed && !parsed.success)
    dropped.push("The proxy identity read back is not consistent (e.g. an identity in another region than its pool): enter it again");
  return { platform: parsed?.success ? parsed.data : null, dropped };
}

/** Wizard-managed apps of one tenant snapshot, grouped by environment. Pure. */
export function existingSetups(snapshot: Pick<TenantSnapshot, "apps">): ExistingSetup[] {
  return appsByEnvironment({ apps: snapshot.apps.filter((app) => app.managedBy === "wizard") }).map(({ environmentId, apps }) => ({
    environmentId,
    appMode: apps.some((app) => app.shared) ? "shared" : "per-connector",
    connectorIds: [...new Set(apps.flatMap((app) => app.connectorIds))],
    ...(() => {
      const { platform, dropped } = inferPlatform(apps);
      return {
        platform,
        dropped: [
          ...apps.flatMap((app) =>
            app.dropped.map(
              (note) => `${app.application.displayName ? visibleText(app.application.displayName) : app.application.id}: ${note}`,
            ),
          ),
          ...dropped,
        ],
      };
    })(),
    appCount: apps.length,
  }));
}
