/**
 * `npm run bench`: sets up 1 and 6 connectors against the tenant simulator
 * with a fixed latency per request, for our client (plan → apply → read back,
 * with $batch and parallel connectors) and for a naive one-request-at-a-time
 * client doing the same work. Prints requests sent, sequential round trips and
 * wall time for each, and their ratio. Figures, not pass/fail. Then the fault
 * soak, and the page weight of every route (scripts/page-weight.ts: it reads
 * the existing production build and says which, or builds when there is none).
 */
import { scopesForJob } from "@/lib/auth/jobs";
import { CONNECTOR_IDS, type ConnectorId } from "@/lib/connectors";
import { createGraphClient, createGraphVerbs } from "@/lib/graph";
import { createTenantSim, type TenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import { appIdentities, desiredApps, type SetupAnswers } from "@/lib/tenant/desired";
import { readStatusBoard } from "@/lib/tenant/board";
import { applySetup, planSetup } from "@/lib/tenant/setup";
import { formatPageWeight, measurePageWeight } from "./page-weight";
import { soak, soakPassed } from "./soak";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

/** Counts round trips that had to wait for each other: a new one starts when nothing is in flight. */
function instrument(sim: TenantSim) {
  let inFlight = 0;
  let waves = 0;
  let requests = 0;
  const fetcher = simFetch(sim);
  const counted: typeof fetch = async (input, init) => {
    if (inFlight === 0) waves += 1;
    inFlight += 1;
    requests += 1;
    try {
      return await fetcher(input, init);
    } finally {
      inFlight -= 1;
    }
  };
  return { fetch: counted, figures: () => ({ requests, waves }) };
}

function setUp(connectorIds: ConnectorId[]) {
  const sim = createTenantSim({ seed: 11, faults: { latencyMs: LATENCY_MS } });
  const meter = instrument(sim);
  const { accessToken, account } = sim.issueTokens("cloud-app-admin", scopesForJob("operator"));
  const client = createGraphClient({ baseUrl: "https://graph.microsoft.com", getAccessToken: async () => accessToken, fetch: meter.fetch });
  const gcpIds = Object.fromEntries(connectorIds.map((id, i) => [id, `10000000000000000000${i}`]));
  const answers = (me: { id: string; userPrincipalName: string; displayName: string }): SetupAnswers => ({
    environmentId: "psoxy",
    connectorIds,
    appMode: "per-connector",
    platform: { platform: "gcp", serviceAccountUniqueIds: gcpIds },
    owners: [me],
  });
  const me = { id: account.objectId, userPrincipalName: account.username, displayName: account.name };
  return { sim, meter, client, answers: answers(me), caps: { userId: me.id, isAppAdmin: true } };
}

async function ours(connectorIds: ConnectorId[]) {
  const { sim, meter, client, answers, caps } = setUp(connectorIds);
  const started = performance.now();
  const { plans } = await planSetup(client, answers, caps);
  const report = await applySetup(client, plans);
  const after = await planSetup(client, answers, caps);
  const ms = performance.now() - started;
  if (report.failed.length) throw new Error(`apply failed: ${report.failed.map((f) => f.error?.message).join("; ")}`);
  return { ...meter.figures(), ms, apps: after.plans.filter((p) => p.actual).length, writes: sim.writes.length };
}

/** The same work, one request at a time, no $batch. */
async function naive(connectorIds: ConnectorId[]) {
  const { sim, meter, client, answers } = setUp(connectorIds);
  const verbs = createGraphVerbs(client);
  const started = performance.now();
  const readAll = async (identities: ReturnType<typeof appIdentities>) => {
    const found = [];
    for (const identity of identities) {
      const app = (await verbs.listApplications({ filter: `uniqueName eq '${identity.uniqueName}'` }))[0];
      if (app) {
        await verbs.listApplicationOwners(app.id);
        await verbs.listFederatedCredentials(app.id);
        await verbs.getServicePrincipalByAppId(app.appId);
      }
      found.push(app);
    }
    return found;
  };
  const graph = await verbs.getGraphResourceServicePrincipal();
  await readAll(appIdentities(answers));
  for (const desired of desiredApps(answers, graph.appRoles)) {
    const rra = [
      {
        resourceAppId: "00000003-0000-0000-c000-000000000000",
        resourceAccess: desired.appRoles.map((r) => ({ id: r.id, type: "Role" as const })),
      },
    ];
    const result = await verbs.upsertApplication(desired.uniqueName, {
      displayName: desired.displayName,
      tags: desired.tags,
      notes: desired.notes,
      requiredResourceAccess: rra,
    });
    const app = result.application!;
    for (const owner of desired.owners) await verbs.addApplicationOwner(app.id, owner.id, { retryOnReplication: true });
    await verbs.upsertServicePrincipal(app.appId, { tags: desired.servicePrincipalTags });
    for (const { name, ...input } of desired.credentials)
      await verbs.upsertFederatedCredential(app.id, name, input, { retryOnReplication: true });
  }
  await readAll(appIdentities(answers));
  const ms = performance.now() - started;
  return { ...meter.figures(), ms, writes: sim.writes.length };
}

/** One refresh of the status board (snapshot + status rules + sign-in evidence) as support, 6 connectors set up. */
async function boardRefresh(connectorIds: ConnectorId[]) {
  const { sim, client: operator, answers, caps } = setUp(connectorIds);
  const { plans } = await planSetup(operator, answers, caps);
  await applySetup(operator, plans);
  const meter = instrument(sim);
  const { accessToken } = sim.issueTokens("support", scopesForJob("support"));
  const client = createGraphClient({ baseUrl: "https://graph.microsoft.com", getAccessToken: async () => accessToken, fetch: meter.fetch });
  const started = performance.now();
  const board = await readStatusBoard(client);
  return { ...meter.figures(), ms: performance.now() - started, apps: board.statuses.length };
}

function row(label: string, f: { requests: number; waves: number; ms: number }) {
  return `${label.padEnd(28)} ${String(f.requests).padStart(8)} ${String(f.waves).padStart(12)} ${f.ms.toFixed(0).padStart(10)}`;
}

async function main() {
  const six = CONNECTOR_IDS.filter((id) => id !== "azure-ad");
  console.log(`Tenant simulator, ${LATENCY_MS} ms per request; after sign-in: read tenant, plan, apply, read back.\n`);
  console.log(`${"client / connectors".padEnd(28)} ${"requests".padStart(8)} ${"round trips".padStart(12)} ${"wall ms".padStart(10)}`);
  for (const ids of [six.slice(0, 1), six]) {
    const a = await ours(ids);
    const b = await naive(ids);
    console.log(row(`ours, ${ids.length} connector(s)`, a));
    console.log(row(`naive, ${ids.length} connector(s)`, b));
    console.log(
      `${"ratio naive/ours".padEnd(28)} ${(b.requests / a.requests).toFixed(1).padStart(8)} ${(b.waves / a.waves).toFixed(1).padStart(12)} ${(b.ms / a.ms).toFixed(1).padStart(10)}   (${a.apps} apps, ${a.writes} writes vs ${b.writes})\n`,
    );
  }
  const board = await boardRefresh(six);
  console.log(
    `${"status board refresh, 6".padEnd(28)} ${String(board.requests).padStart(8)} ${String(board.waves).padStart(12)} ${board.ms.toFixed(0).padStart(10)}   (${board.apps} apps; target: at most 2 round trips)`,
  );

  // The fault soak (`npm run soak`): 0 duplicates and 0 lost objects over at least 200 schedules.
  console.log("");
  const summary = await soak();
  if (!soakPassed(summary)) process.exitCode = 1;

  // JavaScript per route, gzip, beside the framework's floor (`npm run bench` after `npm run build`).
  console.log("");
  console.log(formatPageWeight(await measurePageWeight()));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
