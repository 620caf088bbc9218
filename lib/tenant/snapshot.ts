import { CONNECTORS, isConnectorId, type ConnectorId } from "@/lib/connectors";
import { calls, readBatchItem, runPaged, toBatchItem, withRestOfPages, type GraphClient, type PreparedBatchItem } from "@/lib/graph";
import type { Application, AppRoleAssignment, DirectoryObjectRef, FederatedCredential, Page, ServicePrincipal } from "@/lib/graph/types";
import { environmentIdSchema } from "./inputs";
import type { FoundBy } from "./model";
import {
  CONNECTOR_APP_NAME_PREFIX,
  SHARED_TAG,
  uniqueNameEnvironment,
  uniqueNameSegment,
  WIZARD_TAGS,
  wizardTagFilter,
  wizardTagValues,
} from "./naming";

/**
 * One reading of the tenant, shared by the operator's plan, "Continue an earlier setup", the consent
 * page, the Teams step and the status board: every Psoxy connector application (the wizard's, found by
 * uniqueName or tags, and those Psoxy's Terraform made, found by display name), with its owners,
 * federated credentials, service principal and the app roles granted to it.
 *
 * Two sequential round trips, whatever the number of connectors:
 *  1. one $batch: Microsoft Graph's service principal and three listings (uniqueName prefix, wizard tag,
 *     Psoxy display-name prefix), plus direct uniqueName lookups when the caller names apps;
 *  2. one $batch (chunks of 20 go out in parallel): per app its owners, federated credentials and service
 *     principal with `$expand=appRoleAssignments`.
 * Only a listing longer than one page, an app with more owners than a page, or a service principal with
 * more than 20 grants (the `$expand` cap) costs extra round trips.
 *
 * Everything read back is validated like typed input: an environment id, connector id or tag that fails
 * is dropped with a note on the app (`dropped`), never used to build names, links or files.
 */

/** One Psoxy connector application with everything hanging off it, as the tenant holds it. */
export interface SnapshotApp {
  /** Includes passwordCredentials and keyCredentials. */
  application: Application;
  /** Environment id ("" = none), from the uniqueName, the wizard's env tag or Psoxy's display name, validated. */
  environmentId: string;
  /** Connectors this app serves (one, or several for a shared app). */
  connectorIds: ConnectorId[];
  shared: boolean;
  /** "wizard" when found by the wizard's uniqueName or tags; "terraform" when only Psoxy's display name matched. */
  managedBy: "wizard" | "terraform";
  foundBy: FoundBy;
  owners: DirectoryObjectRef[];
  credentials: FederatedCredential[];
  servicePrincipal: ServicePrincipal | null;
  /** The service principal's app role assignments (empty without a service principal). */
  grants: AppRoleAssignment[];
  /** Values read from the tenant that failed validation and were dropped (never interpolated). */
  dropped: string[];
}

export interface TenantSnapshot {
  /** ISO time the snapshot was read. */
  readAt: string;
  /** The tenant's Microsoft Graph service principal (its id is the resourceId of grants; its appRoles name them). */
  graphResource: ServicePrincipal;
  apps: SnapshotApp[];
}

interface SnapshotScope {
  /** Only apps of this environment ("" = no environment suffix); all environments when undefined. */
  environmentId?: string;
  /** uniqueNames to look up directly as well (alternate-key reads see the newest writes); these are kept whatever their environment. */
  uniqueNames?: readonly string[];
}

/** What an application is, from what it carries, before its details are read. Pure. */
type Classification = Pick<SnapshotApp, "environmentId" | "connectorIds" | "shared" | "managedBy" | "foundBy" | "dropped">;

const validEnvironment = (value: string): string | null => {
  const parsed = environmentIdSchema.safeParse(value);
  return parsed.success && parsed.data === value ? parsed.data : null;
};

/** Shown in place of a value that failed validation: its length and a hint, never the value itself. */
export function describeRejected(what: string, value: string): string {
  return `${what} read from the tenant was ignored: it is not valid (${value.length} characters${/[\u0000-\u001f\u007f-\u009f]/.test(value) ? ", with control characters" : ""})`;
}

/** Psoxy's display name "Psoxy Connector - <connector display name>[ <env>]" read back: connector and env. */
export function parsePsoxyDisplayName(displayName: string | null): { connectorId: ConnectorId; environmentId: string } | null {
  const name = (displayName ?? "").trim();
  if (!name.startsWith(CONNECTOR_APP_NAME_PREFIX)) return null;
  const rest = name.slice(CONNECTOR_APP_NAME_PREFIX.length);
  // Longest display name first, so "Microsoft Entra ID (former Azure AD)" wins over any shorter prefix.
  const byLength = [...CONNECTORS].sort((a, b) => b.displayName.length - a.displayName.length);
  for (const connector of byLength) {
    if (rest === connector.displayName) return { connectorId: connector.id, environmentId: "" };
    if (rest.startsWith(`${connector.displayName} `)) {
      const environmentId = validEnvironment(rest.slice(connector.displayName.length + 1).trim());
      return environmentId === null ? null : { connectorId: connector.id, environmentId };
    }
  }
  return null;
}

/**
 * Which connector application this is: the wizard's (uniqueName `psoxy.<env>.<connector|shared>` or its
 * tags) or Psoxy Terraform's (display name). Null for anything else. Pure.
 */
export function classifyApplication(app: Application): Classification | null {
  const dropped: string[] = [];
  const fromName = app.uniqueName ? uniqueNameEnvironment(app.uniqueName) : null;
  const managed = app.tags.includes(WIZARD_TAGS.managed);
  if (fromName || managed) {
    const tagEnvs = wizardTagValues(app.tags, WIZARD_TAGS.envPrefix);
    const tagEnv = tagEnvs.length ? tagEnvs[0]! : undefined;
    let environmentId = fromName?.environmentId;
    if (tagEnv !== undefined) {
      const valid = validEnvironment(tagEnv);
      if (valid === null) dropped.push(describeRejected("The environment tag", tagEnv));
      else if (environmentId === undefined || environmentId === uniqueNameSegment(valid)) environmentId = valid;
      else
        dropped.push(`The environment tag '${valid}' disagrees with the uniqueName (environment '${environmentId}'); the uniqueName wins`);
    }
    const tagConnectors: ConnectorId[] = [];
    for (const value of wizardTagValues(app.tags, WIZARD_TAGS.connectorPrefix)) {
      if (isConnectorId(value)) tagConnectors.push(value);
      else dropped.push(describeRejected("A connector tag", value));
    }
    const shared = fromName ? fromName.connector === "shared" : app.tags.includes(SHARED_TAG);
    const connectorIds = fromName && fromName.connector !== "shared" ? [fromName.connector] : [...new Set(tagConnectors)];
    if (environmentId !== undefined && connectorIds.length > 0) {
      return { environmentId, connectorIds, shared, managedBy: "wizard", foundBy: fromName ? "uniqueName" : "tags", dropped };
    }
    if (fromName) return null; // a psoxy.* uniqueName the catalog does not know
  }
  const psoxy = parsePsoxyDisplayName(app.displayName);
  if (!psoxy) return null;
  return {
    environmentId: psoxy.environmentId,
    connectorIds: [psoxy.connectorId],
    shared: false,
    managedBy: "terraform",
    foundBy: "displayName",
    dropped,
  };
}

/**
 * $expand returns at most 20 related objects (https://learn.microsoft.com/graph/query-parameters#expand-parameter):
 * a service principal with 20 expanded grants may have more, so those are listed in full.
 */
const EXPAND_LIMIT = 20;

/**
 * Reads the snapshot. `alongside` runs with the second round trip once the apps are known (the status board
 * reads sign-in evidence there), so it adds no sequential round trip.
 */
export async function readTenantSnapshot<T = undefined>(
  client: GraphClient,
  scope: SnapshotScope = {},
  alongside?: (applications: Application[]) => Promise<T>,
): Promise<TenantSnapshot & { alongside?: T }> {
  const listings = [
    calls.listApplications({ filter: "startswith(uniqueName,'psoxy.')" }),
    calls.listApplications({ filter: wizardTagFilter() }),
    calls.listApplications({ filter: `startswith(displayName,'${CONNECTOR_APP_NAME_PREFIX.replace(/'/g, "''")}')` }),
  ];
  const graphItem = toBatchItem(calls.getGraphResourceServicePrincipal(), "graph");
  const listItems = listings.map((call, i) => toBatchItem(call, `l${i}`));
  const uniqueItems = (scope.uniqueNames ?? []).map((name, i) => toBatchItem(calls.getApplicationByUniqueName(name), `u${i}`));
  const first = await client.batch([graphItem, ...listItems, ...uniqueItems]);

  const graphResource = readBatchItem(graphItem, first.get("graph"));
  const pages = await Promise.all(
    listItems.map((item, i) => withRestOfPages(client, listings[i]!, readBatchItem(item, first.get(item.id)))),
  );
  const direct = uniqueItems.map((item) => readBatchItem(item, first.get(item.id))).filter((app): app is Application => app !== null);

  const seen = new Map<string, Application>();
  // Direct reads first: they see writes the listings may not show yet.
  for (const app of [...direct, ...pages.flat()]) if (!seen.has(app.id)) seen.set(app.id, app);
  // An app read by one of the caller's uniqueNames is kept whatever its environment: Entra matches uniqueNames
  // without regard to case, so "psoxy.Prod.x" answers for "psoxy.prod.x" and the caller must see that clash.
  const directIds = new Set(direct.map((app) => app.id));
  const found = [...seen.values()].flatMap((application) => {
    const classification = classifyApplication(application);
    if (!classification) return [];
    if (scope.environmentId !== undefined && classification.environmentId !== scope.environmentId && !directIds.has(application.id))
      return [];
    return [{ application, classification }];
  });

  const details = found.map(({ application }, i) => ({
    owners: toBatchItem(calls.listApplicationOwners(application.id), `o${i}`),
    credentials: toBatchItem(calls.listFederatedCredentials(application.id), `f${i}`),
    servicePrincipal: toBatchItem(calls.getServicePrincipalWithGrants(application.appId), `s${i}`),
  }));
  const items: PreparedBatchItem<unknown>[] = details.flatMap(
    (d) => [d.owners, d.credentials, d.servicePrincipal] as PreparedBatchItem<unknown>[],
  );
  const [second, extra] = await Promise.all([
    items.length ? client.batch(items) : Promise.resolve(null),
    alongside ? alongside(found.map((f) => f.application)) : Promise.resolve(undefined),
  ]);

  const apps = await Promise.all(
    found.map(async ({ application, classification }, i): Promise<SnapshotApp> => {
      const d = details[i]!;
      const ownerPage = readBatchItem(d.owners, second?.get(d.owners.id)) as Page<DirectoryObjectRef>;
      const credentialPage = readBatchItem(d.credentials, second?.get(d.credentials.id)) as Page<FederatedCredential>;
      const servicePrincipal = readBatchItem(d.servicePrincipal, second?.get(d.servicePrincipal.id)) as ServicePrincipal | null;
      const expanded = servicePrincipal?.appRoleAssignments ?? [];
      const [owners, credentials, grants] = await Promise.all([
        withRestOfPages(client, calls.listApplicationOwners(application.id), ownerPage),
        withRestOfPages(client, calls.listFederatedCredentials(application.id), credentialPage),
        servicePrincipal && expanded.length >= EXPAND_LIMIT
          ? runPaged(client, calls.listAppRoleAssignments(servicePrincipal.id))
          : Promise.resolve(expanded),
      ]);
      return { application, ...classification, owners, credentials, servicePrincipal, grants };
    }),
  );
  return { readAt: new Date().toISOString(), graphResource, apps, ...(alongside ? { alongside: extra } : {}) };
}

/** Snapshot apps grouped by environment, environments sorted ("" first). */
export function appsByEnvironment(snapshot: Pick<TenantSnapshot, "apps">): { environmentId: string; apps: SnapshotApp[] }[] {
  const groups = new Map<string, SnapshotApp[]>();
  for (const app of snapshot.apps) groups.set(app.environmentId, [...(groups.get(app.environmentId) ?? []), app]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([environmentId, apps]) => ({ environmentId, apps }));
}
