import { scopesForJob } from "@/lib/auth/jobs";
import { CONNECTOR_IDS, type ConnectorId } from "@/lib/connectors";
import { createGraphClient, GraphError, isSignInExpired, type GraphClient, type TokenRequestOptions } from "@/lib/graph";
import { createTenantSim, type TenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import { mulberry32 } from "@/lib/sim/random";
import { MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import type { SetupAnswers } from "./desired";
import type { AppObject, AppPlan, OperatorCapabilities, Owner } from "./model";
import { isConverged } from "./plan";
import { applySetup, planSetup, readBack, type StepProgress } from "./setup";

/**
 * Fault soak (test and bench helper, not app code): six connectors planned, applied and read back against the
 * tenant simulator under seeded fault schedules, then the tenant is checked. A schedule mixes:
 *
 * - 429 bursts (random throttling with Retry-After plus deterministic bursts on the $batch POST and inner writes),
 * - 503/504 (random, deterministic on inner writes, and a 504 whose write already happened: the answer is lost),
 * - replication delay (objects invisible to reads for up to 10 s of simulated time),
 * - a page reload at a random step: after N Graph requests the tab is dead (the Nth request may or may not have
 *   reached Graph, its answer never arrives, nothing else is sent) and a new tab starts over from the tenant,
 * - a token that stops working mid-apply: revoked (plain 401, or a continuous access evaluation claims challenge),
 *   expired, or revoked with the sign-in sessions so that renewing needs the user, who then signs in again and
 *   continues from the tenant.
 *
 * End state of every schedule: either every object exactly once and configured as planned (a fresh plan is all
 * unchanged), or a clear error (a GraphError with a code) with nothing duplicated. Duplicates (two apps for one
 * connector, two credentials with one name, two service principals for one app, an owner twice) and lost objects
 * (a step the wizard showed as done whose object is not in the tenant) must both be 0. No real waits: the
 * simulator has no latency and retries sleep on a simulated clock.
 */

export const SOAK_CONNECTORS: readonly ConnectorId[] = CONNECTOR_IDS.filter((id) => id !== "azure-ad");

export type TokenFault = "revoked" | "claims-challenge" | "expired" | "needs-sign-in";

export interface SoakSchedule {
  seed: number;
  appMode: SetupAnswers["appMode"];
  throttleRate: number;
  transientRate: number;
  retryAfterSeconds: number;
  replicationDelayMs: number;
  /** Deterministic bursts: [pathIncludes, status, times]. */
  bursts: { method?: string; pathIncludes: string; status: 429 | 503 | 504; times: number }[];
  /** Graph request numbers (counted across tabs) after which the page reloads; `delivered`: that request reached Graph. */
  reloads: { after: number; delivered: boolean }[];
  /** At this Graph request number the write goes through but the answer is a 504. */
  lostAnswerAt?: number;
  token?: { kind: TokenFault; at: number };
}

export type ScheduleOutcome = "converged" | "clear-error" | "unclear-error" | "not-converged";

export interface ScheduleResult {
  schedule: SoakSchedule;
  outcome: ScheduleOutcome;
  /** Code of the error the last run ended with (clear-error), or the message (unclear-error). */
  error?: string;
  duplicates: string[];
  lost: string[];
  tabs: number;
  reloads: number;
  /** Silent token renewals after a 401, and how many of them carried claims. */
  renewals: number;
  claimsRenewals: number;
  /** "Sign in again and continue": runs that ended with the one SignInExpired error. */
  signInsAgain: number;
  /** Errors shown per interrupted run when the session needed the user (must be 1, never one per step). */
  signInAlerts: number[];
  /** Faults Graph answered (429, 503, 504, 401), top level and inside $batch. */
  injected: Record<"429" | "503" | "504" | "401" | "lostAnswer", number>;
}

export interface SoakSummary {
  schedules: number;
  converged: number;
  clearErrors: number;
  unclearErrors: number;
  notConverged: number;
  duplicates: number;
  lost: number;
  reloads: number;
  renewals: number;
  claimsRenewals: number;
  signInsAgain: number;
  /** Interrupted runs that showed more than one error for an expired session. */
  repeatedSignInAlerts: number;
  injected: ScheduleResult["injected"];
  errorCodes: Record<string, number>;
  ms: number;
  failures: ScheduleResult[];
}

/** The schedule for a seed: every fault kind drawn from one seeded generator. */
export function soakSchedule(seed: number): SoakSchedule {
  const rng = mulberry32(Math.imul(seed, 0x9e3779b1) ^ 0x50a4);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(rng() * values.length)]!;
  const chance = (p: number) => rng() < p;
  const between = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

  const bursts: SoakSchedule["bursts"] = [];
  if (chance(0.5)) bursts.push({ method: "POST", pathIncludes: "$batch", status: 429, times: between(1, 4) });
  if (chance(0.35))
    bursts.push({
      method: "PATCH",
      pathIncludes: "/applications(uniqueName=",
      status: pick([429, 503, 504] as const),
      times: between(1, 3),
    });
  if (chance(0.35))
    bursts.push({
      method: "PATCH",
      pathIncludes: "/servicePrincipals(appId=",
      status: pick([429, 503, 504] as const),
      times: between(1, 3),
    });
  if (chance(0.3))
    bursts.push({
      method: "PATCH",
      pathIncludes: "/federatedIdentityCredentials(name=",
      status: pick([429, 503] as const),
      times: between(1, 3),
    });
  if (chance(0.3))
    bursts.push({ method: "POST", pathIncludes: "/owners/$ref", status: pick([429, 503, 504] as const), times: between(1, 2) });

  const reloads: SoakSchedule["reloads"] = [];
  if (chance(0.45)) {
    let after = between(1, 14);
    reloads.push({ after, delivered: chance(0.5) });
    if (chance(0.3)) {
      after += between(1, 12);
      reloads.push({ after, delivered: chance(0.5) });
    }
  }
  const token = chance(0.5)
    ? { kind: pick(["revoked", "claims-challenge", "expired", "needs-sign-in"] as const), at: between(1, 16) }
    : undefined;
  return {
    seed,
    appMode: chance(0.15) ? "shared" : "per-connector",
    throttleRate: chance(0.6) ? Math.round((0.05 + rng() * 0.3) * 100) / 100 : 0,
    transientRate: chance(0.5) ? Math.round((0.02 + rng() * 0.1) * 100) / 100 : 0,
    retryAfterSeconds: between(0, 5),
    replicationDelayMs: chance(0.6) ? between(0, 10) * 1000 : 0,
    bursts,
    reloads,
    ...(chance(0.25) ? { lostAnswerAt: between(2, 14) } : {}),
    ...(token ? { token } : {}),
  };
}

class PageReloaded extends TypeError {
  constructor() {
    super("Failed to fetch (the page was reloaded)");
  }
}

function answersFor(schedule: SoakSchedule, me: Owner, colleague: Owner): SetupAnswers {
  return {
    environmentId: "psoxy",
    connectorIds: [...SOAK_CONNECTORS],
    appMode: schedule.appMode,
    platform: {
      platform: "gcp",
      serviceAccountUniqueIds: Object.fromEntries(SOAK_CONNECTORS.map((id, i) => [id, `1${String(i + 1).padStart(20, "0")}`])),
    },
    owners: [me, colleague],
  };
}

/** Counts what Graph answered with a fault, top level and inside $batch, from the sim's request and write logs. */
function countInjected(sim: TenantSim, result: ScheduleResult): void {
  for (const request of sim.requests) {
    if (request.service !== "graph") continue;
    const key = String(request.status);
    if (key === "429" || key === "503" || key === "504" || key === "401") result.injected[key] += 1;
  }
  for (const write of sim.writes) {
    if (!write.inBatch) continue;
    const key = String(write.status);
    if (key === "429" || key === "503" || key === "504" || key === "401") result.injected[key] += 1;
  }
}

/** Duplicated objects of the wizard in the tenant, described. */
export function findDuplicates(sim: TenantSim, environmentId = "psoxy"): string[] {
  const state = sim.state();
  const out: string[] = [];
  const countBy = <T>(items: readonly T[], key: (item: T) => string | null, label: string) => {
    const counts = new Map<string, number>();
    for (const item of items) {
      const k = key(item);
      if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const [k, n] of counts) if (n > 1) out.push(`${n} ${label} ${k}`);
  };
  const wizardApps = state.applications.filter(
    (app) => app.tags.includes("psoxy-wizard") || (app.displayName ?? "").startsWith("Psoxy Connector"),
  );
  countBy(wizardApps, (app) => app.uniqueName?.toLowerCase() ?? null, "applications with uniqueName");
  countBy(
    wizardApps,
    (app) =>
      app.tags
        .filter((t) => t.startsWith("psoxy-connector:") || t === "psoxy-shared")
        .sort()
        .join(",") || null,
    "applications tagged",
  );
  countBy(wizardApps, (app) => (app.displayName ?? "").trim() || null, "applications named");
  countBy(state.servicePrincipals, (sp) => sp.appId, "service principals for appId");
  countBy(state.federatedIdentityCredentials, (fic) => `${fic.applicationId}/${fic.name.toLowerCase()}`, "federated credentials named");
  for (const app of wizardApps) {
    const owners = new Set(app.owners);
    if (owners.size !== app.owners.length) out.push(`an owner twice on ${app.uniqueName ?? app.id}`);
    if (!app.tags.includes(`psoxy-env:${environmentId}`) && app.tags.includes("psoxy-wizard"))
      out.push(`an app of another environment: ${app.id}`);
  }
  return out;
}

/** Steps the wizard showed as done whose object is not in the tenant as planned. */
export function findLost(sim: TenantSim, plans: readonly AppPlan[], done: ReadonlySet<string>): string[] {
  const state = sim.state();
  const lost: string[] = [];
  for (const entry of done) {
    const [key, object] = entry.split("/") as [string, AppObject];
    const desired = plans.find((plan) => plan.key === key)?.desired;
    const app = desired ? state.applications.find((a) => a.uniqueName?.toLowerCase() === desired.uniqueName.toLowerCase()) : undefined;
    if (!desired || !app) {
      lost.push(`${entry}: no application`);
      continue;
    }
    const present = (() => {
      switch (object) {
        case "application":
          return true;
        case "permissions": {
          const granted = new Set(
            app.requiredResourceAccess
              .filter((r) => r.resourceAppId === MICROSOFT_GRAPH_APP_ID)
              .flatMap((r) => r.resourceAccess.map((a) => a.id)),
          );
          return desired.appRoles.every((role) => granted.has(role.id));
        }
        case "owners":
          return desired.owners.every((owner) => app.owners.includes(owner.id));
        case "servicePrincipal":
          return state.servicePrincipals.some((sp) => sp.appId === app.appId);
        case "federatedCredential":
          return desired.credentials.every((c) =>
            state.federatedIdentityCredentials.some((f) => f.applicationId === app.id && f.name === c.name),
          );
      }
    })();
    if (!present) lost.push(entry);
  }
  return lost;
}

/** Runs one schedule to its end state and checks the tenant. */
export async function runSchedule(schedule: SoakSchedule): Promise<ScheduleResult> {
  let now = Date.parse("2026-12-01T09:00:00Z");
  const sim = createTenantSim({
    seed: schedule.seed,
    now: () => now,
    faults: {
      latencyMs: 0,
      throttleRate: schedule.throttleRate,
      transientRate: schedule.transientRate,
      retryAfterSeconds: schedule.retryAfterSeconds,
      replicationDelayMs: schedule.replicationDelayMs,
    },
  });
  for (const burst of schedule.bursts) {
    const code = burst.status === 429 ? "TooManyRequests" : burst.status === 503 ? "serviceNotAvailable" : "gatewayTimeout";
    sim.faults.failNext({ ...burst, code });
  }
  const persona = "cloud-app-admin";
  const scopes = scopesForJob("operator");
  const sleep = async (ms: number) => {
    now += ms;
  };
  const deliver = simFetch(sim);
  const result: ScheduleResult = {
    schedule,
    outcome: "unclear-error",
    duplicates: [],
    lost: [],
    tabs: 0,
    reloads: 0,
    renewals: 0,
    claimsRenewals: 0,
    signInsAgain: 0,
    signInAlerts: [],
    injected: { "429": 0, "503": 0, "504": 0, "401": 0, lostAnswer: 0 },
  };

  const meAccount = sim.issueTokens(persona, scopes).account;
  const me: Owner = { id: meAccount.objectId, userPrincipalName: meAccount.username, displayName: meAccount.name };
  const other = sim.personas.find((p) => p.id === "app-admin")!;
  const colleague: Owner = { id: other.objectId, userPrincipalName: other.userPrincipalName, displayName: other.displayName };
  const answers = answersFor(schedule, me, colleague);
  const caps: OperatorCapabilities = { userId: me.id, isAppAdmin: true };

  let sent = 0;
  const pendingReloads = [...schedule.reloads];
  let tokenFaultFired = false;
  let lostAnswerFired = false;
  const done = new Set<string>();

  /** The user signed in again after renewing needed them ("Sign in again and continue"). */
  let signedInAgain = false;

  /** One browser tab: its own session (token cache) and Graph client; dead after a reload. */
  function openTab(): { client: GraphClient; reloaded: () => boolean } {
    let dead = false;
    let token = sim.issueTokens(persona, scopes).accessToken;
    const renewalNeedsUser = () => schedule.token?.kind === "needs-sign-in" && tokenFaultFired && !signedInAgain;
    const getAccessToken = async (options?: TokenRequestOptions) => {
      if (options?.forceRefresh || options?.claims) {
        result.renewals += 1;
        if (options.claims) result.claimsRenewals += 1;
        // MSAL: the refresh token was revoked with the sessions, so renewing needs an interactive sign-in.
        if (renewalNeedsUser())
          throw new Error("interaction_required: AADSTS50173: The provided grant has expired due to it being revoked.");
        token = sim.issueTokens(persona, scopes).accessToken;
      }
      return token;
    };
    const fetchImpl: typeof fetch = async (input, init) => {
      if (dead) throw new PageReloaded();
      sent += 1;
      const n = sent;
      if (schedule.token && !tokenFaultFired && n >= schedule.token.at) {
        tokenFaultFired = true;
        const kind = schedule.token.kind;
        if (kind === "expired") now += 3_600_000 + 301_000;
        else sim.revokeTokens(persona, { claimsChallenge: kind === "claims-challenge", sessions: kind === "needs-sign-in" });
      }
      const reload = pendingReloads[0];
      if (reload && n >= reload.after) {
        pendingReloads.shift();
        dead = true;
        if (reload.delivered) await deliver(input, init);
        throw new PageReloaded();
      }
      const response = await deliver(input, init);
      if (schedule.lostAnswerAt !== undefined && !lostAnswerFired && n >= schedule.lostAnswerAt && response.ok) {
        lostAnswerFired = true;
        result.injected.lostAnswer += 1;
        const body = {
          error: {
            code: "gatewayTimeout",
            message: "The server did not receive a timely response from an upstream server.",
            innerError: { date: new Date(now).toISOString() },
          },
        };
        return new Response(JSON.stringify(body), { status: 504, headers: { "Content-Type": "application/json" } });
      }
      return response;
    };
    const client = createGraphClient({
      baseUrl: "https://graph.microsoft.com",
      getAccessToken,
      fetch: fetchImpl,
      sleep,
      random: mulberry32(schedule.seed ^ (result.tabs + 1)),
    });
    return { client, reloaded: () => dead };
  }

  let lastError: unknown = undefined;
  let finished = false;
  for (let tab = 0; tab < 8 && !finished; tab++) {
    result.tabs += 1;
    const { client, reloaded } = openTab();
    lastError = undefined;
    try {
      const { plans } = await planSetup(client, answers, caps);
      const onProgress = (progress: StepProgress[]) => {
        if (reloaded()) return; // a dead tab shows nothing
        for (const p of progress) if (p.status === "done") done.add(`${p.key}/${p.object}`);
      };
      const report = await applySetup(client, plans, onProgress);
      if (reloaded()) {
        result.reloads += 1;
        continue;
      }
      if (report.failed.length > 0) {
        // The run shows its failed steps, each with Graph's error; the soak stops here (the user has not retried).
        lastError = report.failed[0]!.error ?? new Error(`${report.failed[0]!.key}/${report.failed[0]!.object} failed without an error`);
        if (report.failed.some((f) => f.error?.status === 401)) result.signInAlerts.push(report.failed.length);
        finished = true;
        break;
      }
      await readBack(client, answers, caps, { sleep });
      if (reloaded()) {
        result.reloads += 1;
        continue;
      }
      finished = true;
    } catch (error) {
      if (reloaded()) {
        result.reloads += 1;
        continue;
      }
      if (isSignInExpired(error)) {
        // One alert, "Sign in again and continue": a new sign-in, and the page reads the tenant again.
        result.signInAlerts.push(1);
        result.signInsAgain += 1;
        signedInAgain = true;
        continue;
      }
      lastError = error;
      finished = true;
    }
  }

  // Check the end state with the faults off and replication settled.
  countInjected(sim, result);
  sim.faults.reset();
  now += 3_600_000;
  const verifier = createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => sim.issueTokens(persona, scopes).accessToken,
    fetch: deliver,
    sleep,
  });
  const final = await planSetup(verifier, answers, caps);
  result.duplicates = findDuplicates(sim, answers.environmentId);
  result.lost = findLost(sim, final.plans, done);
  if (!finished) {
    result.outcome = "unclear-error";
    result.error = "did not finish in 8 tabs";
  } else if (lastError === undefined) {
    result.outcome = isConverged(final.plans) ? "converged" : "not-converged";
  } else if (lastError instanceof GraphError && lastError.code) {
    result.outcome = "clear-error";
    result.error = lastError.code;
  } else {
    result.outcome = "unclear-error";
    result.error = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
  }
  return result;
}

/** Runs `schedules` seeded schedules (seeds firstSeed, firstSeed+1, …) one after the other. */
export async function runSoak(options: {
  schedules: number;
  firstSeed?: number;
  onSchedule?: (result: ScheduleResult) => void;
}): Promise<SoakSummary> {
  const started = performance.now();
  const first = options.firstSeed ?? 1;
  const summary: SoakSummary = {
    schedules: 0,
    converged: 0,
    clearErrors: 0,
    unclearErrors: 0,
    notConverged: 0,
    duplicates: 0,
    lost: 0,
    reloads: 0,
    renewals: 0,
    claimsRenewals: 0,
    signInsAgain: 0,
    repeatedSignInAlerts: 0,
    injected: { "429": 0, "503": 0, "504": 0, "401": 0, lostAnswer: 0 },
    errorCodes: {},
    ms: 0,
    failures: [],
  };
  for (let seed = first; seed < first + options.schedules; seed++) {
    const result = await runSchedule(soakSchedule(seed));
    options.onSchedule?.(result);
    summary.schedules += 1;
    if (result.outcome === "converged") summary.converged += 1;
    if (result.outcome === "clear-error") summary.clearErrors += 1;
    if (result.outcome === "unclear-error") summary.unclearErrors += 1;
    if (result.outcome === "not-converged") summary.notConverged += 1;
    if (result.error && result.outcome === "clear-error") summary.errorCodes[result.error] = (summary.errorCodes[result.error] ?? 0) + 1;
    summary.duplicates += result.duplicates.length;
    summary.lost += result.lost.length;
    summary.reloads += result.reloads;
    summary.renewals += result.renewals;
    summary.claimsRenewals += result.claimsRenewals;
    summary.signInsAgain += result.signInsAgain;
    summary.repeatedSignInAlerts += result.signInAlerts.filter((n) => n !== 1).length;
    for (const key of Object.keys(summary.injected) as (keyof ScheduleResult["injected"])[]) summary.injected[key] += result.injected[key];
    const bad =
      result.duplicates.length > 0 ||
      result.lost.length > 0 ||
      result.outcome === "unclear-error" ||
      result.outcome === "not-converged" ||
      result.signInAlerts.some((n) => n !== 1);
    if (bad) summary.failures.push(result);
  }
  summary.ms = performance.now() - started;
  return summary;
}

/** The soak printout. */
export function formatSoak(summary: SoakSummary): string {
  const codes = Object.entries(summary.errorCodes)
    .map(([code, n]) => `${code} ×${n}`)
    .join(", ");
  const lines = [
    `Fault soak: ${SOAK_CONNECTORS.length} connectors, seeded schedules of 429 bursts, 503/504, lost answers, replication delay, page reloads and tokens that stop working mid-apply`,
    `schedules run                 ${summary.schedules}`,
    `converged                     ${summary.converged}`,
    `failed with a clear error     ${summary.clearErrors}${codes ? `   (${codes})` : ""}`,
    `unclear error / not converged ${summary.unclearErrors} / ${summary.notConverged}`,
    `duplicates                    ${summary.duplicates}`,
    `lost objects                  ${summary.lost}`,
    `faults answered               429 ×${summary.injected["429"]}, 503 ×${summary.injected["503"]}, 504 ×${summary.injected["504"]} (+${summary.injected.lostAnswer} after the write), 401 ×${summary.injected["401"]}`,
    `page reloads                  ${summary.reloads}`,
    `token renewals after 401      ${summary.renewals} (${summary.claimsRenewals} with claims)`,
    `"Sign in again and continue"  ${summary.signInsAgain} (runs showing more than one sign-in error: ${summary.repeatedSignInAlerts})`,
    `wall time                     ${summary.ms.toFixed(0)} ms`,
  ];
  for (const failure of summary.failures.slice(0, 10)) {
    lines.push(
      `  seed ${failure.schedule.seed}: ${failure.outcome}${failure.error ? ` (${failure.error})` : ""}${failure.duplicates.length ? `; duplicates: ${failure.duplicates.join("; ")}` : ""}${failure.lost.length ? `; lost: ${failure.lost.join("; ")}` : ""}`,
    );
  }
  return lines.join("\n");
}
