"use client";

import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { IdValue } from "@/components/ui/code-block";
import { getConnector } from "@/lib/connectors";
import type { AppPlan, PlanStep as PlanStepData } from "@/lib/tenant/model";
import { OBJECT_LABELS } from "@/lib/tenant/model";
import { isConverged, summarizePlan, type PlanSummary } from "@/lib/tenant/plan";
import { visibleText } from "@/lib/text/safe";
import { ActionBadge } from "./action-badge";
import { StepCard } from "./step-card";
import type { PlanState } from "./use-setup-flow";

function planSummaryText(summary: PlanSummary): string {
  const parts = [
    `${summary.create} to create`,
    `${summary.update} to update`,
    `${summary.adopt} to adopt`,
    `${summary.unchanged} unchanged`,
    `${summary.blocked} blocked`,
  ];
  if (summary.pending) parts.push(`${summary.pending} pending`);
  if (summary.decide) parts.push(`${summary.decide} waiting for your decision`);
  return parts.join(", ");
}

const FOUND_BY = { uniqueName: "its unique name", tags: "its wizard tags", displayName: "its Psoxy display name" } as const;

function ChangeTable({ step }: { step: PlanStepData }) {
  return (
    <div className="mt-2 overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full text-left text-xs">
        <caption className="sr-only">Changes to {OBJECT_LABELS[step.object]}</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">
              Field
            </th>
            <th scope="col" className="px-3 py-1.5 font-medium">
              From
            </th>
            <th scope="col" className="px-3 py-1.5 font-medium">
              To
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 font-mono">
          {step.changes.map((change) => (
            <tr key={`${change.field}:${change.to}`} className="align-top">
              <td className="px-3 py-1.5 font-sans font-medium text-slate-800">{change.field}</td>
              <td className="whitespace-pre-wrap px-3 py-1.5 text-red-800 wrap-anywhere">
                {change.from || <span className="font-sans text-slate-400">(none)</span>}
              </td>
              <td className="whitespace-pre-wrap px-3 py-1.5 text-green-800 wrap-anywhere">
                {change.to || <span className="font-sans text-slate-400">(none)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every owner the app has (read from the tenant), or the owners a new app will get. */
function OwnerList({ plan }: { plan: AppPlan }) {
  const owners = plan.actual
    ? plan.actual.owners.map((owner) => ({
        id: owner.id,
        text: `${visibleText(owner.displayName ?? owner.userPrincipalName ?? owner.id)}${owner.userPrincipalName && owner.displayName ? ` (${visibleText(owner.userPrincipalName)})` : ""}${owner.type && owner.type !== "user" ? ` · ${visibleText(owner.type, 40)}` : ""}`,
      }))
    : plan.desired.owners.map((owner) => ({ id: owner.id, text: `${owner.displayName} (${owner.userPrincipalName})` }));
  return (
    <div className="text-xs text-slate-700" data-testid={`plan-${plan.key}-owner-list`}>
      <span className="font-medium text-slate-900">{plan.actual ? `Owners now (${owners.length}):` : "Owners it will get:"}</span>{" "}
      {owners.length ? (
        <ul className="inline">
          {owners.map((owner, i) => (
            <li key={owner.id} className="inline">
              {owner.text}
              {i < owners.length - 1 ? "; " : ""}
            </li>
          ))}
        </ul>
      ) : (
        <span className="text-slate-500">none</span>
      )}
    </div>
  );
}

/**
 * "Needs your decision": what the existing app holds that the wizard did not make and would leave in place, and
 * an explicit per-app confirmation naming it. Unticked (the default), nothing is written to this app.
 */
function AdoptionDecisionPanel({ plan, onConfirm }: { plan: AppPlan; onConfirm: (key: string, token: string | null) => void }) {
  const decision = plan.decision;
  if (!decision) return null;
  const name = visibleText(plan.actual?.application.displayName ?? plan.displayName);
  const id = `decision-${plan.key}`;
  return (
    <div className="px-4 pt-3" data-testid={`plan-${plan.key}-decision`}>
      <Alert
        tone={decision.confirmed ? "info" : "warning"}
        title="Needs your decision: this application already exists and holds things the wizard did not make"
      >
        <p>
          The wizard would add Microsoft Graph permissions to “{name}”. These stay on it, and once an admin consents they can use those
          permissions:
        </p>
        <ul className="list-disc space-y-1 pl-5" aria-label={`What stays on ${name}`}>
          {decision.findings.map((finding) => (
            <li key={`${finding.kind}:${finding.id}`}>
              <span className="font-medium">{finding.label}</span>. {finding.risk}
            </li>
          ))}
        </ul>
        <p>
          {decision.confirmed
            ? "Confirmed: applying adopts this application as it is."
            : "Nothing is written to this application unless you confirm. If you do not know these, leave it and ask its owners, or remove them in the Entra admin center › App registrations first."}
        </p>
        <div className="mt-2 flex items-start gap-2">
          <input
            id={id}
            type="checkbox"
            checked={decision.confirmed}
            onChange={(event) => onConfirm(plan.key, event.target.checked ? decision.token : null)}
            className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 text-blue-700 focus:ring-blue-600"
          />
          <label htmlFor={id} className="text-sm font-medium">
            Adopt “{name}” and keep {decision.findings.map((finding) => finding.label).join("; ")}
          </label>
        </div>
      </Alert>
    </div>
  );
}

function AppPlanCard({ plan, onConfirmAdoption }: { plan: AppPlan; onConfirmAdoption: (key: string, token: string | null) => void }) {
  const app = plan.actual?.application;
  const dropped = plan.actual?.dropped ?? [];
  return (
    <article data-testid={`plan-${plan.key}`} aria-labelledby={`plan-${plan.key}-title`} className="rounded-md border border-slate-200">
      <header className="space-y-2 border-b border-slate-100 px-4 py-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 id={`plan-${plan.key}-title`} className="font-semibold text-slate-900">
            {plan.displayName}
          </h3>
          <div className="flex flex-wrap gap-1.5">
            {plan.connectorIds.map((id) => (
              <Badge key={id}>{getConnector(id).shortName}</Badge>
            ))}
          </div>
        </div>
        {app ? (
          <div className="space-y-1">
            <p className="text-xs text-slate-600">Exists in your tenant (found by {FOUND_BY[plan.actual?.foundBy ?? "uniqueName"]}).</p>
            <IdValue label="Client id" value={app.appId} />
            <IdValue label="Object id" value={app.id} />
          </div>
        ) : (
          <p className="text-xs text-slate-600">Not in your tenant yet.</p>
        )}
        <OwnerList plan={plan} />
        {dropped.length ? (
          <div className="text-xs text-amber-900" data-testid={`plan-${plan.key}-dropped`}>
            <p className="font-medium">Ignored values read from the tenant:</p>
            <ul className="list-disc pl-5">
              {dropped.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
            <p>
              <strong>Next step:</strong> nothing invalid is used: the plan below uses what you entered instead; review what it changes.
            </p>
          </div>
        ) : null}
      </header>
      <AdoptionDecisionPanel plan={plan} onConfirm={onConfirmAdoption} />
      {plan.blockedReason ? (
        <div className="px-4 pt-3">
          <Alert tone="warning" title="Blocked: you cannot change this application">
            <p>{plan.blockedReason}</p>
          </Alert>
        </div>
      ) : null}
      <ul className="divide-y divide-slate-100">
        {plan.steps.map((step) => (
          <li key={step.object} data-testid={`plan-${plan.key}-${step.object}`} className="px-4 py-3">
            <div className="grid gap-x-3 gap-y-1 sm:grid-cols-[7rem_10rem_1fr] sm:items-start">
              <div>
                <ActionBadge action={step.action} />
              </div>
              <div className="text-sm font-medium text-slate-800">{OBJECT_LABELS[step.object]}</div>
              <div className="min-w-0 break-words text-sm text-slate-700">{step.summary}</div>
            </div>
            {(step.action === "update" || step.action === "adopt" || step.action === "decide") && step.changes.length ? (
              <ChangeTable step={step} />
            ) : null}
          </li>
        ))}
      </ul>
    </article>
  );
}

export function PlanStep({
  plan,
  onBack,
  onRefresh,
  onApply,
  onShowResults,
  onConfirmAdoption,
  focusOnMount,
}: {
  plan: PlanState;
  onBack: () => void;
  onRefresh: () => void;
  onApply: () => void;
  onShowResults: () => void;
  onConfirmAdoption: (key: string, token: string | null) => void;
  focusOnMount: boolean;
}) {
  const ready = plan.status === "ready" ? plan : null;
  const summary = ready ? summarizePlan(ready.plans) : null;
  const writes = summary ? summary.create + summary.update + summary.adopt : 0;
  const converged = ready ? isConverged(ready.plans) : false;
  const undecided = ready ? ready.plans.filter((app) => app.decision && !app.decision.confirmed) : [];

  return (
    <StepCard
      testId="step-plan"
      title="Plan"
      focusOnMount={focusOnMount}
      description="What the wizard will do in your tenant, read live from it just now. Nothing has been changed yet."
      footer={
        <>
          <Button variant="secondary" onClick={onBack}>
            Back
          </Button>
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" onClick={onRefresh} disabled={plan.status === "loading"}>
              Refresh plan
            </Button>
            {ready && writes === 0 ? (
              <Button variant="secondary" onClick={onShowResults}>
                Show results
              </Button>
            ) : null}
            <Button onClick={onApply} disabled={!ready || writes === 0}>
              Apply
            </Button>
          </div>
        </>
      }
    >
      {plan.status === "loading" || plan.status === "idle" ? (
        <p role="status" className="text-sm text-slate-600">
          Reading your tenant…
        </p>
      ) : null}
      {plan.status === "error" ? <GraphErrorAlert error={plan.error} onRetry={onRefresh} /> : null}
      {ready && summary ? (
        <>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p data-testid="plan-summary" className="font-medium text-slate-900">
              {planSummaryText(summary)}
            </p>
            <p className="text-xs text-slate-500">Read from your tenant at {ready.readAt.toLocaleTimeString()}</p>
          </div>
          {converged ? (
            <Alert tone="success" title="Your tenant already matches: nothing to apply">
              {summary.pending ? <p>Steps marked pending wait for an input that comes later (see each application).</p> : null}
            </Alert>
          ) : writes === 0 && undecided.length === 0 ? (
            <Alert tone="warning" title="Nothing you can apply">
              <p>Every remaining change is blocked: see the reason in each application below.</p>
            </Alert>
          ) : null}
          {undecided.length ? (
            <Alert
              tone="warning"
              title={`${undecided.length} existing application${undecided.length === 1 ? " needs" : "s need"} your decision`}
            >
              <p>
                {undecided.map((app) => `“${visibleText(app.actual?.application.displayName ?? app.displayName)}”`).join(", ")}: nothing is
                written to {undecided.length === 1 ? "it" : "them"} unless you confirm below what stays. Applying now leaves{" "}
                {undecided.length === 1 ? "it" : "them"} untouched.
              </p>
            </Alert>
          ) : null}
          <div className="space-y-4">
            {ready.plans.map((app) => (
              <AppPlanCard key={app.key} plan={app} onConfirmAdoption={onConfirmAdoption} />
            ))}
          </div>
        </>
      ) : null}
    </StepCard>
  );
}
