import { describe, expect, it } from "vitest";
import { createTenantSim } from "@/lib/sim";
import { signedInOperator } from "./operator.testing";
import { planSetup } from "./setup";
import { findDuplicates, findLost, formatSoak, runSchedule, runSoak, soakSchedule } from "./soak.testing";

/** The short fault soak (`npm run soak` runs 200+ schedules): every end state converged or a clear error, never duplicated or lost. */
describe("fault soak", () => {
  it("20 seeded schedules: 0 duplicates, 0 lost, each converged or failed with a clear error", async () => {
    const summary = await runSoak({ schedules: 20 });
    expect(summary.failures, formatSoak(summary)).toEqual([]);
    expect(summary.duplicates).toBe(0);
    expect(summary.lost).toBe(0);
    expect(summary.converged + summary.clearErrors).toBe(20);
    expect(summary.converged).toBeGreaterThan(10);
    // The schedules did inject what they claim.
    expect(summary.injected["429"]).toBeGreaterThan(0);
    expect(summary.injected["503"] + summary.injected["504"]).toBeGreaterThan(0);
    expect(summary.injected["401"]).toBeGreaterThan(0);
    expect(summary.reloads).toBeGreaterThan(0);
    expect(summary.renewals).toBeGreaterThan(0);
  }, 60_000);

  it("covers each token fault: a revoked or expired token is renewed silently; one that needs the user ends the run with one SignInExpired and resumes", async () => {
    const base = soakSchedule(1);
    const plain = {
      ...base,
      throttleRate: 0,
      transientRate: 0,
      bursts: [],
      reloads: [],
      lostAnswerAt: undefined,
      replicationDelayMs: 2000,
    };
    for (const kind of ["revoked", "claims-challenge", "expired"] as const) {
      const result = await runSchedule({ ...plain, token: { kind, at: 6 } });
      expect(result.outcome, kind).toBe("converged");
      expect(result.renewals, kind).toBeGreaterThanOrEqual(1);
      expect(result.signInsAgain, kind).toBe(0);
      if (kind === "claims-challenge") expect(result.claimsRenewals).toBeGreaterThanOrEqual(1);
    }
    const needsUser = await runSchedule({ ...plain, token: { kind: "needs-sign-in", at: 6 } });
    expect(needsUser.outcome).toBe("converged");
    expect(needsUser.signInsAgain).toBe(1);
    expect(needsUser.signInAlerts).toEqual([1]);
    expect(needsUser.duplicates).toEqual([]);
    expect(needsUser.lost).toEqual([]);
  });

  it("a reload whose last request reached Graph starts over from the tenant without duplicates", async () => {
    const base = soakSchedule(2);
    const plain = { ...base, throttleRate: 0, transientRate: 0, bursts: [], token: undefined, lostAnswerAt: undefined };
    for (const after of [3, 4, 5, 6]) {
      const result = await runSchedule({ ...plain, reloads: [{ after, delivered: true }] });
      expect(result.reloads, `reload after ${after}`).toBe(1);
      expect(result.outcome, `reload after ${after}`).toBe("converged");
      expect(result.duplicates).toEqual([]);
      expect(result.lost).toEqual([]);
    }
  });

  it("the lost check can fail: a step shown as done whose object is missing is counted", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = signedInOperator(sim);
    const answers = {
      environmentId: "psoxy",
      connectorIds: ["outlook-mail" as const],
      appMode: "per-connector" as const,
      platform: { platform: "gcp" as const, serviceAccountUniqueIds: { "outlook-mail": "111111111111111111111" } },
      owners: [me],
    };
    const { plans } = await planSetup(client, answers, caps);
    expect(findLost(sim, plans, new Set(["outlook-mail/application", "outlook-mail/servicePrincipal"]))).toHaveLength(2);
    expect(findLost(sim, plans, new Set())).toEqual([]);
  });

  it("the duplicate check can fail: two apps for one connector are counted", () => {
    const sim = createTenantSim();
    sim.seed.application({
      displayName: "Psoxy Connector - Outlook Mail psoxy",
      tags: ["psoxy-wizard", "psoxy-env:psoxy", "psoxy-connector:outlook-mail"],
    });
    sim.seed.application({
      displayName: "Psoxy Connector - Outlook Mail psoxy",
      tags: ["psoxy-wizard", "psoxy-env:psoxy", "psoxy-connector:outlook-mail"],
    });
    expect(findDuplicates(sim).length).toBeGreaterThan(0);
  });
});
