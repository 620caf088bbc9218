"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useSession } from "@/components/auth/session-context";
import { useGraphClient } from "@/components/graph/use-graph";
import { useLiveRead, type LiveRead } from "@/components/graph/use-live-read";
import { scopesForJob } from "@/lib/auth/jobs";
import type { ConnectorId } from "@/lib/connectors";
import { createGraphVerbs } from "@/lib/graph";
import type { AppMode, SetupAnswers } from "@/lib/tenant/desired";
import type { HostPlatform } from "@/lib/tenant/inputs";
import type { AppPlan, Owner } from "@/lib/tenant/model";
import { applyConfirmations } from "@/lib/tenant/adoption";
import { applySetup, planSetup, readBack, type StepProgress } from "@/lib/tenant/setup";
import { existingSetups, type ExistingSetup } from "@/lib/tenant/resume";
import { readTenantSnapshot } from "@/lib/tenant/snapshot";
import {
  clampStep,
  clearSetup,
  EMPTY_DRAFT,
  loadSetup,
  saveSetup,
  type FormDrafts,
  type FormStep,
  type SetupDraft,
  type StoredSetup,
} from "./storage";
import { stepFromSearch, stepHref, wantsResumedApply, withoutResume } from "./step-url";
import { STEP_IDS, stepIndex, type StepId } from "./steps";

/**
 * The wizard's state and every Graph call it makes. Step components render this state and call
 * its handlers; they never talk to Graph themselves. The tenant is the source of truth: plans and
 * results are always read from it, never echoed from what was sent.
 */

const OPERATOR_SCOPES = scopesForJob("operator");

export type Loadable<T> = { status: "loading" } | { status: "ready"; value: T } | { status: "error"; error: unknown };

function loadable<T>(read: LiveRead<T>): Loadable<T> {
  if (read.data !== undefined) return { status: "ready", value: read.data };
  return read.status === "error" ? { status: "error", error: read.error } : { status: "loading" };
}

export type PlanState =
  { status: "idle" } | { status: "loading" } | { status: "ready"; plans: AppPlan[]; readAt: Date } | { status: "error"; error: unknown };

export interface ApplyState {
  /** planning: reading the tenant again before a retry; error: the run itself failed (not one step). */
  phase: "idle" | "planning" | "running" | "finished" | "error";
  plans: AppPlan[];
  progress: StepProgress[];
  failed: StepProgress[];
  error?: unknown;
}

const IDLE_APPLY: ApplyState = { phase: "idle", plans: [], progress: [], failed: [] };

type PlanResult = { ok: true; plans: AppPlan[] } | { ok: false; error: unknown };

function storage(): Storage | undefined {
  return typeof window === "undefined" ? undefined : window.sessionStorage;
}

/** The answers the domain plans from; the signed-in user is always the first owner. */
function answersFrom(draft: SetupDraft, self: Owner): SetupAnswers {
  if (!draft.platform) throw new Error("Enter the proxy identity (step 3) before planning.");
  return {
    environmentId: draft.environmentId,
    connectorIds: draft.connectorIds,
    appMode: draft.appMode,
    platform: draft.platform,
    owners: [self, ...draft.owners.filter((owner) => owner.id !== self.id)],
  };
}

export function useSetupFlow({ isAppAdmin }: { isAppAdmin: boolean }) {
  const session = useSession();
  const account = session.account;
  const client = useGraphClient(OPERATOR_SCOPES);
  const verbs = useMemo(() => createGraphVerbs(client), [client]);

  const [initial] = useState((): StoredSetup => {
    const stored = loadSetup(storage());
    // The address bar names the step after a reload or a Back/Forward from another page; sessionStorage otherwise.
    const fromUrl = typeof window === "undefined" ? null : stepFromSearch(window.location.search);
    return fromUrl ? { ...stored, step: clampStep(fromUrl, stored.draft) } : stored;
  });
  const [step, setStep] = useState<StepId>(initial.step);
  const [draft, setDraft] = useState<SetupDraft>(initial.draft);
  const [forms, setForms] = useState<FormDrafts>(initial.forms ?? {});
  const [navigated, setNavigated] = useState(false);
  const needsPlanOnLoad = initial.step === "plan" || initial.step === "results";
  /** Back from "Sign in again and continue" during Apply: plan again, then apply what is left (step-url.ts). */
  const [resumeApply] = useState(() => typeof window !== "undefined" && needsPlanOnLoad && wantsResumedApply(window.location.search));
  const [plan, setPlan] = useState<PlanState>(needsPlanOnLoad ? { status: "loading" } : { status: "idle" });
  const [apply, setApply] = useState<ApplyState>(IDLE_APPLY);
  /**
   * The operator's "adopt and keep what stays" answers: app key → the decision token they confirmed. Kept in
   * memory only (a reload asks again); a token that no longer matches what the app holds confirms nothing.
   */
  const [confirmations, setConfirmations] = useState<Record<string, string>>({});
  const confirmationsRef = useRef(confirmations);
  useEffect(() => {
    confirmationsRef.current = confirmations;
  }, [confirmations]);

  /** What sessionStorage holds, kept current synchronously: a form's draft is written before a reload can lose it. */
  const stored = useRef<StoredSetup>({ step, draft, forms });
  useEffect(() => {
    stored.current = { step, draft, forms };
    saveSetup(storage(), stored.current);
  }, [step, draft, forms]);

  /** What a step's form holds while it is typed (see form-draft.ts). */
  const saveFormDraft = useCallback(<K extends FormStep>(key: K, values: NonNullable<FormDrafts[K]>) => {
    const next: FormDrafts = { ...stored.current.forms, [key]: values };
    stored.current = { ...stored.current, forms: next };
    saveSetup(storage(), stored.current);
    setForms(next);
  }, []);

  // The step is in the address bar: the initial one replaces the entry the page opened with (no extra Back).
  useEffect(() => {
    if (stepFromSearch(window.location.search) !== initial.step || wantsResumedApply(window.location.search))
      window.history.replaceState(null, "", stepHref(`${window.location.origin}${withoutResume(window.location.href)}`, initial.step));
  }, [initial.step]);

  /** Shows a step; a new history entry unless `replace` (e.g. Apply finishing into Results, so Back goes to the plan). */
  const goTo = useCallback((next: StepId, { replace = false }: { replace?: boolean } = {}) => {
    setStep(next);
    setNavigated(true);
    if (typeof window !== "undefined") {
      if (stepFromSearch(window.location.search) !== next) {
        const href = stepHref(window.location.href, next);
        if (replace) window.history.replaceState(null, "", href);
        else window.history.pushState(null, "", href);
      }
      window.scrollTo({ top: 0, behavior: "smooth" });
    }
  }, []);

  const back = useCallback(() => {
    const previous = STEP_IDS[Math.max(0, stepIndex(step) - 1)];
    if (previous) goTo(previous === "apply" ? "plan" : previous);
  }, [goTo, step]);

  // ─── The signed-in user (first owner, and the caller whose ownership the plan checks) ──────────
  const accountName = account?.name ?? "";
  const accountUsername = account?.username ?? "";
  const readMe = useCallback(async (): Promise<Owner> => {
    const m = await verbs.getMe();
    return { id: m.id, userPrincipalName: m.userPrincipalName ?? accountUsername, displayName: m.displayName ?? accountName };
  }, [verbs, accountName, accountUsername]);
  const meRead = useLiveRead(`me:${account?.objectId ?? ""}`, readMe);
  const me = loadable(meRead);
  const meValue = meRead.data;
  /** The signed-in user as an owner: read once per account by the live read, or now if that has not answered yet. */
  const ensureMe = useCallback(() => (meValue ? Promise.resolve(meValue) : readMe()), [meValue, readMe]);

  // ─── The organization's name, for the environment step (never blocks anything) ─────────────────
  const organizationRead = useLiveRead(`organization:${account?.objectId ?? ""}`, () => verbs.getOrganization());
  const organization = loadable(organizationRead);

  // ─── Owners ───────────────────────────────────────────────────────────────────────────────────
  /** Looks every entry up in the tenant, in parallel; unknown and ambiguous entries are returned, not thrown. */
  const resolveOwners = useCallback(
    async (entries: readonly string[]): Promise<{ owners: Owner[]; unknown: string[]; ambiguous: { entry: string; count: number }[] }> => {
      const lookups = await Promise.all(entries.map((entry) => verbs.lookUpUser(entry)));
      const owners: Owner[] = [];
      const unknown: string[] = [];
      const ambiguous: { entry: string; count: number }[] = [];
      lookups.forEach((lookup, i) => {
        const entry = entries[i] ?? "";
        if (lookup.status === "unknown") unknown.push(entry);
        else if (lookup.status === "ambiguous") ambiguous.push({ entry, count: lookup.users.length });
        else if (!owners.some((owner) => owner.id === lookup.user.id)) {
          const user = lookup.user;
          owners.push({ id: user.id, userPrincipalName: user.userPrincipalName ?? entry, displayName: user.displayName ?? entry });
        }
      });
      return { owners, unknown, ambiguous };
    },
    [verbs],
  );

  // ─── Plan ─────────────────────────────────────────────────────────────────────────────────────
  const planRun = useRef(0);
  /** Reads the tenant and plans; only the latest run updates the state. Callers set "loading" first. */
  const runPlan = useCallback(
    async (from: SetupDraft, options: { afterApply?: boolean } = {}): Promise<PlanResult> => {
      const run = ++planRun.current;
      try {
        const self = await ensureMe();
        const answers = answersFrom(from, self);
        const caps = { userId: self.id, isAppAdmin };
        // After apply, wait out Entra's replication delay so results show what was written.
        const confirmed = confirmationsRef.current;
        const result = options.afterApply
          ? await readBack(client, answers, caps, { confirmations: confirmed })
          : await planSetup(client, answers, caps, confirmed);
        if (run === planRun.current) setPlan({ status: "ready", plans: result.plans, readAt: new Date() });
        return { ok: true, plans: result.plans };
      } catch (error) {
        if (run === planRun.current) setPlan({ status: "error", error });
        return { ok: false, error };
      }
    },
    [client, ensureMe, isAppAdmin],
  );

  const replan = useCallback(
    (from: SetupDraft = draft, options: { afterApply?: boolean } = {}) => {
      setPlan({ status: "loading" });
      return runPlan(from, options);
    },
    [draft, runPlan],
  );

  // A reload on Plan or Results reads the tenant again (plans are never stored).
  const planOnLoad = useRef(needsPlanOnLoad);
  const resumeRef = useRef<((plans: AppPlan[]) => void) | null>(null);
  useEffect(() => {
    if (!planOnLoad.current) return;
    planOnLoad.current = false;
    void runPlan(initial.draft).then((result) => {
      if (resumeApply && result.ok) resumeRef.current?.(result.plans);
    });
  }, [runPlan, initial.draft, resumeApply]);

  // ─── Apply ────────────────────────────────────────────────────────────────────────────────────
  const runApply = useCallback(
    async (plans: AppPlan[]) => {
      setApply({ phase: "running", plans, progress: [], failed: [] });
      try {
        const report = await applySetup(client, plans, (progress) => setApply((current) => ({ ...current, progress })));
        setApply({ phase: "finished", plans, progress: report.progress, failed: report.failed });
        if (report.failed.length === 0) {
          // Results come from reading the tenant back, not from what was sent. Back from them goes to the plan.
          goTo("results", { replace: true });
          await replan(draft, { afterApply: true });
        }
      } catch (error) {
        setApply((current) => ({ ...current, phase: "error", error }));
      }
    },
    [client, draft, goTo, replan],
  );

  const startApply = useCallback(() => {
    if (plan.status !== "ready") return;
    goTo("apply");
    // Only what the operator confirmed right now is adopted; everything else that needs a decision stays untouched.
    void runApply(applyConfirmations(plan.plans, confirmationsRef.current));
  }, [goTo, plan, runApply]);

  // Confirmations live in memory only, so after the sign-in round trip an app that needs a decision is left alone.
  useEffect(() => {
    resumeRef.current = (plans) => {
      goTo("apply", { replace: true });
      void runApply(applyConfirmations(plans, confirmationsRef.current));
    };
  }, [goTo, runApply]);

  /** Reads the tenant again and applies what is still left: never re-sends what was sent. */
  const retryFailed = useCallback(async () => {
    setApply((current) => ({ ...current, phase: "planning", error: undefined }));
    const result = await replan();
    if (!result.ok) {
      setApply((current) => ({ ...current, phase: "error", error: result.error }));
      return;
    }
    await runApply(applyConfirmations(result.plans, confirmationsRef.current));
  }, [replan, runApply]);

  /** The operator's answer for one app that needs a decision: its token to adopt it, null to leave it alone. */
  const confirmAdoption = useCallback((key: string, token: string | null) => {
    setConfirmations((current) => {
      const next = { ...current };
      if (token) next[key] = token;
      else delete next[key];
      return next;
    });
  }, []);

  /** The plan as the operator's confirmations make it (recomputed without reading the tenant again). */
  const confirmedPlan = useMemo<PlanState>(
    () => (plan.status === "ready" ? { ...plan, plans: applyConfirmations(plan.plans, confirmations) } : plan),
    [plan, confirmations],
  );

  // ─── Step handlers ────────────────────────────────────────────────────────────────────────────
  const saveEnvironment = useCallback(
    (environmentId: string) => {
      setDraft((d) => ({ ...d, environmentId }));
      goTo("connectors");
    },
    [goTo],
  );

  const saveConnectors = useCallback(
    (connectorIds: ConnectorId[], appMode: AppMode) => {
      setDraft((d) => ({ ...d, connectorIds, appMode }));
      goTo("identity");
    },
    [goTo],
  );

  const savePlatform = useCallback(
    (platform: HostPlatform) => {
      setDraft((d) => ({ ...d, platform }));
      goTo("owners");
    },
    [goTo],
  );

  const saveOwners = useCallback(
    (ownerText: string, owners: Owner[]) => {
      const next = { ...draft, ownerText, owners };
      setDraft(next);
      goTo("plan");
      void replan(next);
    },
    [draft, goTo, replan],
  );

  /** AWS: the IdentityId the operator got from Cognito for these connectors; the plan then adds the credential. */
  const saveIdentityId = useCallback(
    (connectorIds: readonly ConnectorId[], identityId: string) => {
      const platform = draft.platform;
      if (platform?.platform !== "aws") return;
      const identityIds = { ...platform.identityIds };
      for (const id of connectorIds) identityIds[id] = identityId;
      const next: SetupDraft = { ...draft, platform: { ...platform, identityIds } };
      setDraft(next);
      goTo("plan");
      void replan(next);
    },
    [draft, goTo, replan],
  );

  const showResults = useCallback(
    (readAgain: boolean) => {
      goTo("results");
      if (readAgain) void replan();
    },
    [goTo, replan],
  );

  const backToPlan = useCallback(() => {
    goTo("plan");
    void replan();
  }, [goTo, replan]);

  const startOver = useCallback(() => {
    clearSetup(storage());
    setDraft(EMPTY_DRAFT);
    setForms({});
    setConfirmations({});
    setPlan({ status: "idle" });
    setApply(IDLE_APPLY);
    goTo("environment");
  }, [goTo]);

  // ─── Earlier setups in this tenant (the tenant is the store: a new tab continues from it) ───────
  const existing = loadable(
    useLiveRead(`existing:${account?.objectId ?? ""}`, async () => existingSetups(await readTenantSnapshot(client))),
  );

  /** Fills the answers from what the tenant holds and reads the plan; asks for the identity only if it could not be read back. */
  const continueSetup = useCallback(
    (setup: ExistingSetup) => {
      const next: SetupDraft = {
        ...draft,
        environmentId: setup.environmentId,
        connectorIds: setup.connectorIds,
        appMode: setup.appMode,
        platform: setup.platform,
      };
      setDraft(next);
      // What was typed before belongs to another setup: the forms start from this one's answers.
      setForms({});
      if (!setup.platform) {
        goTo("identity");
        return;
      }
      goTo("plan");
      void replan(next);
    },
    [draft, goTo, replan],
  );

  // ─── The browser's Back and Forward move between steps ─────────────────────────────────────────
  useEffect(() => {
    const onPopState = () => {
      const wanted = stepFromSearch(window.location.search);
      if (!wanted) return;
      // Applying is never left half-way: the entry is put back and the run goes on.
      if (apply.phase === "running" || apply.phase === "planning") {
        window.history.pushState(null, "", stepHref(window.location.href, "apply"));
        return;
      }
      const next = clampStep(wanted, draft, { applyRun: apply.phase !== "idle" });
      if (next !== wanted) window.history.replaceState(null, "", stepHref(window.location.href, next));
      setStep(next);
      setNavigated(true);
      window.scrollTo({ top: 0 });
      // The plan and the results are read from the tenant whenever they are shown.
      if (next === "plan" || next === "results") void replan();
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, [apply.phase, draft, replan]);

  return {
    step,
    navigated,
    forms,
    saveFormDraft,
    existing,
    continueSetup,
    draft,
    tenantId: account?.tenantId ?? "",
    isAppAdmin,
    me,
    reloadMe: meRead.reload,
    organization,
    reloadOrganization: organizationRead.reload,
    plan: confirmedPlan,
    confirmAdoption,
    apply,
    back,
    saveEnvironment,
    saveConnectors,
    savePlatform,
    resolveOwners,
    saveOwners,
    refreshPlan: () => void replan(),
    startApply,
    retryFailed: () => void retryFailed(),
    showResults,
    backToPlan,
    saveIdentityId,
    startOver,
  };
}
