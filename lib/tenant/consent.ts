import { isConnectorId } from "@/lib/connectors";
import { calls, readBatchItem, runCall, toBatchItem, type GraphClient, type GraphError } from "@/lib/graph";
import { environmentIdSchema, linkConnectorProblem, linkEnvironmentProblem } from "./inputs";
import type { ConsentLinkTarget } from "./links";
import type { ConnectorStatus, PermissionRef } from "./status";

export { consentHref } from "./links";

/**
 * Admin consent for the connector applications, done through Graph: grant exactly the Microsoft Graph
 * application permissions that are missing (POST /servicePrincipals/{graph}/appRoleAssignedTo), never
 * a duplicate, never removing anything unless asked; remove a grant the connector no longer needs only on
 * an explicit request. Granting needs a Privileged Role Administrator or Global Administrator
 * (https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto#permissions).
 */

export interface GrantTarget {
  /** Label for messages: the connector application's display name. */
  label: string;
  clientServicePrincipalId: string;
  permissions: PermissionRef[];
}

/** What is missing per application, for the apps that have a service principal (nothing can be granted to one without). Pure. */
export function missingGrants(statuses: readonly ConnectorStatus[]): GrantTarget[] {
  return statuses.flatMap((status) => {
    const sp = status.app?.servicePrincipal;
    if (!sp || status.granted.missing.length === 0) return [];
    return [{ label: status.displayName, clientServicePrincipalId: sp.id, permissions: status.granted.missing }];
  });
}

/** A grant that this connector no longer needs, with the assignment to remove. Pure. */
export interface ExtraGrant {
  label: string;
  permission: string;
  assignmentId: string;
}

export function extraGrants(status: ConnectorStatus): ExtraGrant[] {
  const extra = new Set(status.granted.extra.map((ref) => ref.id.toLowerCase()));
  return (status.app?.grants ?? [])
    .filter((grant) => extra.has(grant.appRoleId.toLowerCase()))
    .map((grant) => ({
      label: status.displayName,
      permission: status.granted.extra.find((ref) => ref.id.toLowerCase() === grant.appRoleId.toLowerCase())!.permission,
      assignmentId: grant.id,
    }));
}

export interface GrantFailure {
  label: string;
  permission: string;
  error: GraphError;
}

export interface GrantReport {
  granted: number;
  /** Graph said the permission was granted already (someone else was faster): nothing written. */
  alreadyGranted: number;
  failed: GrantFailure[];
}

/**
 * Grants every target's permissions in one $batch (Graph takes 20 per request; larger sets go out as
 * parallel chunks). Throttling and transient errors are retried by the transport; a permission that still
 * fails is reported with Graph's error and nothing else is affected. Running it again writes only what is
 * still missing, because callers pass the missing permissions read from the tenant.
 */
export async function grantPermissions(
  client: GraphClient,
  graphResourceId: string,
  targets: readonly GrantTarget[],
): Promise<GrantReport> {
  const items = targets.flatMap((target, t) =>
    target.permissions.map((permission, p) => ({
      target,
      permission,
      item: toBatchItem(
        calls.grantAppRole(
          { clientSpId: target.clientServicePrincipalId, resourceSpId: graphResourceId, appRoleId: permission.id },
          { label: target.label, retryOnReplication: true },
        ),
        `g${t}-${p}`,
      ),
    })),
  );
  const report: GrantReport = { granted: 0, alreadyGranted: 0, failed: [] };
  if (items.length === 0) return report;
  const result = await client.batch(items.map((entry) => entry.item));
  for (const { target, permission, item } of items) {
    try {
      const outcome = readBatchItem(item, result.get(item.id));
      if (outcome.status === "granted") report.granted += 1;
      else report.alreadyGranted += 1;
    } catch (error) {
      report.failed.push({ label: target.label, permission: permission.permission, error: error as GraphError });
    }
  }
  return report;
}

/** Removes one grant the connector no longer needs; a grant already gone counts as removed. */
export async function revokeGrant(client: GraphClient, graphResourceId: string, grant: ExtraGrant): Promise<void> {
  await runCall(client, calls.revokeAppRole(graphResourceId, grant.assignmentId, { label: `${grant.permission} from ${grant.label}` }));
}

// ─── The shared link ──────────────────────────────────────────────────────────────────────────────

/**
 * The link's query read back like typed input: an invalid environment or unknown connector is ignored, and
 * `ignored` (present only when something was) says what and why, for the page to show.
 */
export function parseConsentParams(
  params: Record<string, string | string[] | undefined>,
): ConsentLinkTarget & { environmentGiven: boolean; ignored?: string[] } {
  const env = typeof params.env === "string" ? params.env : undefined;
  const parsed = env === undefined ? null : environmentIdSchema.safeParse(env);
  const environmentGiven = Boolean(parsed?.success && parsed.data === env);
  const raw = typeof params.connectors === "string" ? params.connectors.split(",") : [];
  // Spaces after the commas are forgiven; a line break or other control character makes an id unknown.
  const ids = raw.map((id) => id.replace(/^ +| +$/g, ""));
  const connectorIds = [...new Set(ids.filter(isConnectorId))];
  const envProblem = params.env === undefined ? undefined : linkEnvironmentProblem(params.env);
  const ignored = [
    ...(envProblem ? [envProblem] : []),
    ...[...new Set(ids.filter((id) => id !== "" && !isConnectorId(id)))].map(linkConnectorProblem),
  ];
  return { environmentId: environmentGiven ? env! : "", environmentGiven, connectorIds, ...(ignored.length ? { ignored } : {}) };
}

/** A short plain-text message for an email or chat, with the link. */
export function consentMessage(url: string, target: ConsentLinkTarget, connectorNames: string): string {
  return [
    "Hello,",
    "",
    `Please grant admin consent for the Psoxy Microsoft 365 connector${target.connectorIds.length === 1 ? "" : "s"}${connectorNames ? ` (${connectorNames})` : ""}${target.environmentId ? ` in environment "${target.environmentId}"` : ""}.`,
    "It needs a Privileged Role Administrator or Global Administrator. The page lists each read-only Microsoft Graph permission in plain words and grants only what is missing:",
    "",
    url,
    "",
    "You will be asked to sign in; the link itself carries no secret.",
  ].join("\n");
}
