import { MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import { calls, GraphError, GRAPH_ERROR_CODES, readBatchItem, toBatchItem, type GraphClient, type PreparedBatchItem } from "@/lib/graph";
import type { Application, ServicePrincipal } from "@/lib/graph/types";
import { appIdentities, desiredApps, type AppIdentity, type SetupAnswers } from "./desired";
import { isCleared } from "./adoption";
import type { ActualApp, AppObject, AppPlan, DesiredApp, OperatorCapabilities } from "./model";
import { applicationPatch, blockAmbiguous, blockEnvironmentClash, credentialChanges, isSettled, planApps } from "./plan";
import { readTenantSnapshot, type TenantSnapshot } from "./snapshot";

/**
 * The operator's flow against Graph: read the tenant, plan, apply, read back.
 * State lives in the tenant: every run starts by reading it, so re-running
 * after a closed tab plans only what is left. Independent requests go in one
 * $batch; the dependency chain (application → owners / service principal /
 * credential) sets the number of sequential round trips.
 */

/** The tenant as the operator's plan sees it: per wanted app the existing one (or none), and ambiguities. */
interface PlanReading {
  graphResource: ServicePrincipal;
  actual: Record<string, ActualApp | null>;
  /** Wanted apps with several existing candidates and no uniqueName match: not adopted, the plan blocks them. */
  ambiguous: Record<string, Application[]>;
  /** Wanted apps whose uniqueName another environment's app holds (ids differing only in case): the plan blocks them. */
  clashes: Record<string, { environmentId: string; application: Application }>;
}

const tagsMatch = (app: Application, identity: AppIdentity) => identity.tags.every((tag) => app.tags.includes(tag));
const nameMatch = (app: Application, identity: AppIdentity) => (app.displayName ?? "").trim() === identity.displayName;

type Match = Pick<ActualApp, "application" | "foundBy"> | { ambiguous: Application[] } | null;

/**
 * Which existing application stands for a wanted one: by uniqueName, then wizard tags, then
 * Psoxy's Terraform name. Two or more candidates of the same kind are ambiguous, never guessed.
 */
function matchApplication(identity: AppIdentity, byUniqueName: Application | null, candidates: readonly Application[]): Match {
  if (byUniqueName) return { application: byUniqueName, foundBy: "uniqueName" };
  const free = candidates.filter((app, i) => !app.uniqueName && candidates.findIndex((other) => other.id === app.id) === i);
  for (const [foundBy, matches] of [
    ["tags", free.filter((app) => tagsMatch(app, identity))],
    ["displayName", free.filter((app) => nameMatch(app, identity))],
  ] as const) {
    if (matches.length === 1) return { application: matches[0]!, foundBy };
    if (matches.length > 1) return { ambiguous: matches };
  }
  return null;
}

/** The wanted apps matched against one tenant snapshot; each existing app stands for one wanted app at most. Pure. */
function matchSnapshot(identities: readonly AppIdentity[], snapshot: TenantSnapshot): PlanReading {
  const claimed = new Set<string>();
  const actual: Record<string, ActualApp | null> = {};
  const ambiguous: Record<string, Application[]> = {};
  const clashes: PlanReading["clashes"] = {};
  const byId = new Map(snapshot.apps.map((app) => [app.application.id, app]));
  for (const identity of identities) {
    const unique = snapshot.apps.find((app) => app.application.uniqueName?.toLowerCase() === identity.uniqueName.toLowerCase());
    if (unique && unique.environmentId !== identity.environmentId) {
      actual[identity.key] = null;
      clashes[identity.key] = { environmentId: unique.environmentId, application: unique.application };
      continue;
    }
    const candidates = snapshot.apps
      .filter((app) => !claimed.has(app.application.id) && app.environmentId === identity.environmentId)
      .map((app) => app.application);
    const match = matchApplication(identity, unique?.application ?? null, candidates);
    actual[identity.key] = null;
    if (match && "ambiguous" in match) ambiguous[identity.key] = match.ambiguous;
    else if (match) {
      claimed.add(match.application.id);
      actual[identity.key] = { ...byId.get(match.application.id)!, foundBy: match.foundBy };
    }
  }
  return { graphResource: snapshot.graphResource, actual, ambiguous, clashes };
}

/** Reads the tenant (one snapshot of this environment, two round trips) and matches it to the wanted apps. */
async function readTenant(client: GraphClient, identities: readonly AppIdentity[]): Promise<PlanReading> {
  const snapshot = await readTenantSnapshot(client, {
    environmentId: identities[0]?.environmentId ?? "",
    uniqueNames: identities.map((identity) => identity.uniqueName),
  });
  return matchSnapshot(identities, snapshot);
}

interface SetupPlan {
  plans: AppPlan[];
  reading: PlanReading;
}

/**
 * Reads the tenant and plans. `confirmations` (app key → decision token) are the user's "adopt and keep what
 * stays" answers for apps that need a decision; a token that no longer matches what the app holds confirms nothing.
 */
export async function planSetup(
  client: GraphClient,
  answers: SetupAnswers,
  caps: OperatorCapabilities,
  confirmations: Readonly<Record<string, string>> = {},
): Promise<SetupPlan> {
  const reading = await readTenant(client, appIdentities(answers));
  const desired = desiredApps(answers, reading.graphResource.appRoles);
  const plans = planApps(desired, reading.actual, caps, confirmations).map((plan) => {
    const clash = reading.clashes[plan.key];
    if (clash) return blockEnvironmentClash(plan, answers.environmentId, clash.environmentId, clash.application);
    const candidates = reading.ambiguous[plan.key];
    return candidates ? blockAmbiguous(plan, candidates) : plan;
  });
  return { plans, reading };
}

// ─── Apply ──────────────────────────────────────────────────────────────────────────────────────

export type StepStatus = "waiting" | "running" | "done" | "unchanged" | "failed" | "skipped" | "blocked" | "pending";

export interface StepProgress {
  key: string;
  object: AppObject;
  status: StepStatus;
  error?: GraphError;
  /** Why a step was skipped: the step it depended on failed. */
  note?: string;
}

interface ApplyReport {
  progress: StepProgress[];
  failed: StepProgress[];
}

function applicationBody(desired: DesiredApp) {
  return {
    displayName: desired.displayName,
    tags: desired.tags,
    notes: desired.notes,
    signInAudience: "AzureADMyOrg",
    requiredResourceAccess: [
      { resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: desired.appRoles.map((role) => ({ id: role.id, type: "Role" as const })) },
    ],
  };
}

const WRITES = new Set(["create", "update", "adopt"]);

/**
 * Executes plans: one $batch for the applications, one for everything that
 * hangs off them (owners, service principals, credentials), retried through
 * replication delay. A failed application skips its dependants and nothing
 * else; the report says which steps failed with Graph's error.
 */
export async function applySetup(
  client: GraphClient,
  plans: readonly AppPlan[],
  onProgress: (progress: StepProgress[]) => void = () => undefined,
): Promise<ApplyReport> {
  const progress = new Map<string, StepProgress>();
  const id = (key: string, object: AppObject) => `${key}/${object}`;
  const set = (key: string, object: AppObject, status: StepStatus, extra: Partial<StepProgress> = {}) => {
    progress.set(id(key, object), { key, object, status, ...extra });
  };
  const emit = () => onProgress([...progress.values()]);

  // An app that needs the user's decision is written only once confirmed: its steps are "decide" until then,
  // and `isCleared` is checked here too, so no caller can apply an unconfirmed adoption.
  const live = plans.filter((plan) => !plan.blockedReason && isCleared(plan));
  for (const plan of plans) {
    const waits = !live.includes(plan);
    for (const s of plan.steps) {
      const status: StepStatus = waits
        ? s.action === "unchanged" || s.action === "pending"
          ? s.action
          : "blocked"
        : WRITES.has(s.action)
          ? "waiting"
          : s.action === "unchanged"
            ? "unchanged"
            : s.action === "pending"
              ? "pending"
              : "blocked";
      set(
        plan.key,
        s.object,
        status,
        plan.decision && !plan.decision.confirmed && status === "blocked"
          ? { note: "needs your decision about the existing application" }
          : {},
      );
    }
  }
  emit();

  const needs = (plan: AppPlan, object: AppObject) => WRITES.has(plan.steps.find((s) => s.object === object)?.action ?? "");

  // Round 1: the applications (with their Graph permissions).
  const appItems = new Map<string, PreparedBatchItem<unknown>>();
  for (const plan of live) {
    if (!needs(plan, "application") && !needs(plan, "permissions")) continue;
    const label = plan.desired.displayName;
    const item = plan.actual
      ? toBatchItem(
          calls.updateApplication(plan.actual.application.id, applicationPatch(plan.desired, plan.actual.application), {
            label,
            retryOnReplication: true,
          }),
          plan.key,
        )
      : toBatchItem(calls.upsertApplication(plan.desired.uniqueName, applicationBody(plan.desired), { label }), plan.key);
    appItems.set(plan.key, item as PreparedBatchItem<unknown>);
    set(plan.key, "application", needs(plan, "application") ? "running" : "unchanged");
    if (needs(plan, "permissions")) set(plan.key, "permissions", "running");
  }
  emit();

  const ids = new Map<string, { objectId: string; appId: string }>();
  for (const plan of live)
    if (plan.actual) ids.set(plan.key, { objectId: plan.actual.application.id, appId: plan.actual.application.appId });

  if (appItems.size) {
    const result = await client.batch([...appItems.values()]);
    const lookups: PreparedBatchItem<Application | null>[] = [];
    for (const [key, item] of appItems) {
      const plan = live.find((p) => p.key === key)!;
      try {
        const value = readBatchItem(item, result.get(key)) as { created?: boolean; application?: Application } | undefined;
        if (value?.application) ids.set(key, { objectId: value.application.id, appId: value.application.appId });
        else if (!ids.has(key))
          lookups.push(toBatchItem(calls.getApplicationByUniqueName(plan.desired.uniqueName, { retryOnReplication: true }), key));
        for (const object of ["application", "permissions"] as const) if (needs(plan, object)) set(key, object, "done");
      } catch (error) {
        for (const object of ["application", "permissions"] as const)
          if (needs(plan, object)) set(key, object, "failed", { error: error as GraphError });
      }
    }
    // An upsert that answered 204 (the app already existed) sends no body: read its ids once.
    if (lookups.length) {
      const found = await client.batch(lookups);
      for (const item of lookups) {
        try {
          const app = readBatchItem(item, found.get(item.id));
          if (!app)
            throw new GraphError({
              status: 404,
              code: GRAPH_ERROR_CODES.resourceNotFound,
              graphMessage: "The application was written but cannot be read back yet.",
              operation: item.operation ?? item.id,
              action: "readApplication",
            });
          ids.set(item.id, { objectId: app.id, appId: app.appId });
        } catch (error) {
          set(item.id, "application", "failed", { error: error as GraphError });
        }
      }
    }
    emit();
  }

  // Round 2: owners, service principal, federated credential — all independent of each other.
  const childItems: { key: string; object: AppObject; item: PreparedBatchItem<unknown> }[] = [];
  for (const plan of live) {
    const appIds = ids.get(plan.key);
    const label = plan.desired.displayName;
    const children: AppObject[] = ["owners", "servicePrincipal", "federatedCredential"];
    if (!appIds) {
      for (const object of children) if (needs(plan, object)) set(plan.key, object, "skipped", { note: "the application step failed" });
      continue;
    }
    if (needs(plan, "owners")) {
      const have = new Set(plan.actual?.owners.map((o) => o.id) ?? []);
      plan.desired.owners
        .filter((owner) => !have.has(owner.id))
        .forEach((owner, i) => {
          const call = calls.addApplicationOwner(appIds.objectId, owner.id, {
            label,
            userLabel: owner.userPrincipalName,
            retryOnReplication: true,
          });
          childItems.push({
            key: plan.key,
            object: "owners",
            item: toBatchItem(call, `${plan.key}/owner${i}`) as PreparedBatchItem<unknown>,
          });
        });
    }
    if (needs(plan, "servicePrincipal")) {
      // Tags replace the whole list: keep what others set on an existing service principal.
      const tags = [...new Set([...(plan.actual?.servicePrincipal?.tags ?? []), ...plan.desired.servicePrincipalTags])];
      const call = calls.upsertServicePrincipal(appIds.appId, { tags }, { label });
      childItems.push({
        key: plan.key,
        object: "servicePrincipal",
        item: toBatchItem(call, `${plan.key}/sp`) as PreparedBatchItem<unknown>,
      });
    }
    if (needs(plan, "federatedCredential")) {
      // One upsert per credential that is missing or differs (a shared GCP app has one per service account).
      credentialChanges(plan.desired, plan.actual)
        .filter((change) => change.action !== "unchanged")
        .forEach(({ credential }, i) => {
          const { name, ...input } = credential;
          const call = calls.upsertFederatedCredential(appIds.objectId, name, input, { label, retryOnReplication: true });
          childItems.push({
            key: plan.key,
            object: "federatedCredential",
            item: toBatchItem(call, `${plan.key}/fic${i}`) as PreparedBatchItem<unknown>,
          });
        });
    }
  }
  for (const child of childItems) set(child.key, child.object, "running");
  emit();

  if (childItems.length) {
    const result = await client.batch(childItems.map((child) => child.item));
    const failedObjects = new Set<string>();
    for (const child of childItems) {
      try {
        readBatchItem(child.item, result.get(child.item.id));
      } catch (error) {
        failedObjects.add(id(child.key, child.object));
        set(child.key, child.object, "failed", { error: error as GraphError });
      }
    }
    for (const child of childItems) if (!failedObjects.has(id(child.key, child.object))) set(child.key, child.object, "done");
    emit();
  }

  const all = [...progress.values()];
  return { progress: all, failed: all.filter((p) => p.status === "failed") };
}

// ─── Read back ──────────────────────────────────────────────────────────────────────────────────

interface ReadBackOptions {
  /** The user's adoption confirmations (app key → decision token), as given to planSetup. */
  confirmations?: Readonly<Record<string, string>>;
  attempts?: number;
  delayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Plans again after apply until the tenant shows everything that was written.
 * Entra replicates new objects with a delay (seconds, sometimes minutes:
 * https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto and
 * reference §5), so the first read may still miss them. Gives up after a few
 * tries and returns what it read: results then say what is still outstanding.
 */
export async function readBack(
  client: GraphClient,
  answers: SetupAnswers,
  caps: OperatorCapabilities,
  options: ReadBackOptions = {},
): Promise<SetupPlan & { converged: boolean; reads: number }> {
  const attempts = options.attempts ?? 8;
  const delayMs = options.delayMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const confirmations = options.confirmations ?? {};
  let result = await planSetup(client, answers, caps, confirmations);
  let reads = 1;
  // Blocked steps wait for someone else, not for replication: only what this user can write counts.
  while (!isSettled(result.plans) && reads < attempts) {
    await sleep(delayMs * reads);
    result = await planSetup(client, answers, caps, confirmations);
    reads += 1;
  }
  return { ...result, converged: isSettled(result.plans), reads };
}
