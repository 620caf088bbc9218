import { getConnector, isConnectorId, type ConnectorId } from "@/lib/connectors";
import type { GraphClient } from "@/lib/graph";
import { grantAuditFor, readRecentGrantAudit, type GrantAudit, type RecentGrantAudit } from "./grant-audit";
import { environmentIdSchema, linkConnectorProblem, linkEnvironmentProblem } from "./inputs";
import { readSignInEvidence, type SignInEvidence } from "./sign-in-evidence";
import { readTenantSnapshot, type TenantSnapshot } from "./snapshot";
import { OVERALL_LABELS, snapshotStatus, type ConnectorStatus } from "./status";

/**
 * The status board's reading: one tenant snapshot of every environment, the status rules over it, and
 * sign-in evidence read alongside the snapshot's second round trip (two sequential round trips in all).
 */
export interface StatusBoard {
  readAt: string;
  snapshot: TenantSnapshot;
  statuses: ConnectorStatus[];
  signIns: SignInEvidence;
  /** Who granted each permission, from the directory audit log where readable. */
  grantAudit: GrantAudit;
}

export async function readStatusBoard(client: GraphClient, now: () => Date = () => new Date()): Promise<StatusBoard> {
  const snapshot = await readTenantSnapshot(client, {}, (applications) =>
    Promise.all([
      readSignInEvidence(
        client,
        applications.map((app) => app.appId),
      ),
      readRecentGrantAudit(client),
    ]),
  );
  const [signIns, recentGrants] = snapshot.alongside ?? [
    { status: "ok", byAppId: {} } as SignInEvidence,
    { status: "ok", entries: [] } as RecentGrantAudit,
  ];
  const spIds = snapshot.apps.flatMap((app) => (app.servicePrincipal ? [app.servicePrincipal.id] : []));
  return {
    readAt: snapshot.readAt,
    snapshot,
    statuses: snapshotStatus(snapshot, now()),
    signIns,
    grantAudit: grantAuditFor(recentGrants, spIds),
  };
}

/** Stable identity of a status row across reads: the application's object id. */
const statusId = (status: ConnectorStatus) => status.app?.application.id ?? `${status.environmentId}/${status.key}`;

export function connectorNames(connectorIds: readonly ConnectorId[]): string {
  return connectorIds.map((id) => getConnector(id).displayName).join(", ");
}

const envLabel = (environmentId: string) => (environmentId ? `environment ${environmentId}` : "no environment suffix");

/** What changed between two reads, in words: states, checks, apps that appeared or went. Pure. */
export function statusChanges(previous: readonly ConnectorStatus[], current: readonly ConnectorStatus[]): string[] {
  const before = new Map(previous.map((status) => [statusId(status), status]));
  const after = new Map(current.map((status) => [statusId(status), status]));
  const changes: string[] = [];
  for (const [id, now] of after) {
    const name = `${connectorNames(now.connectorIds)} (${envLabel(now.environmentId)})`;
    const then = before.get(id);
    if (!then) {
      changes.push(`${name}: found, ${OVERALL_LABELS[now.state].toLowerCase()}`);
      continue;
    }
    if (then.state !== now.state) changes.push(`${name}: ${OVERALL_LABELS[then.state]} → ${OVERALL_LABELS[now.state]}`);
    for (const check of now.checks) {
      const old = then.checks.find((c) => c.id === check.id);
      if (old && old.state !== check.state) changes.push(`${name}: ${check.label} ${old.state} → ${check.state}`);
    }
  }
  for (const [id, then] of before) {
    if (!after.has(id)) changes.push(`${connectorNames(then.connectorIds)} (${envLabel(then.environmentId)}): no longer found`);
  }
  return changes;
}

export interface BoardFilter {
  environmentId?: string;
  connectorId?: ConnectorId;
  /** What a shared link asked for that was not used, and why (parseBoardFilter); absent when nothing was. */
  ignored?: string[];
}

export function filterStatuses(statuses: readonly ConnectorStatus[], filter: BoardFilter): ConnectorStatus[] {
  return statuses.filter(
    (status) =>
      (filter.environmentId === undefined || status.environmentId === filter.environmentId) &&
      (filter.connectorId === undefined || status.connectorIds.includes(filter.connectorId)),
  );
}

/** The link to share for one connector (or one environment): carries ids only, nothing secret. */
export function statusHref(environmentId: string, connectorId?: ConnectorId): string {
  const params = new URLSearchParams({ env: environmentId });
  if (connectorId) params.set("connector", connectorId);
  return `/status?${params.toString()}`;
}

/** The board's filter from a shared link's query, validated like typed input; anything invalid is ignored, and said so in `ignored`. */
export function parseBoardFilter(params: Record<string, string | string[] | undefined>): BoardFilter {
  const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  const env = one(params.env);
  const connector = one(params.connector);
  const environment = env === undefined ? undefined : environmentIdSchema.safeParse(env);
  const envProblem = params.env === undefined ? undefined : linkEnvironmentProblem(params.env);
  const ignored = [
    ...(envProblem ? [envProblem] : []),
    ...(params.connector !== undefined && !isConnectorId(connector) ? [linkConnectorProblem(connector ?? String(params.connector))] : []),
  ];
  return {
    ...(environment?.success && environment.data === env ? { environmentId: env } : {}),
    ...(isConnectorId(connector) ? { connectorId: connector } : {}),
    ...(ignored.length ? { ignored } : {}),
  };
}
