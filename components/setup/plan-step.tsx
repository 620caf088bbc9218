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
import { ActionBadge } from "./action-badge";
import { StepCard } from "./step-card";
import type { PlanState } from "./use-setup-flow";

export function planSummaryText(summary: PlanSummary): string {
  const parts = [
    `${summary.create} to create`,
    `${summary.update} to update`,
    `${summary.adopt} to adopt`,
    `${summary.unchanged} unchanged`,
    `${summary.blocked} blocked`,
  ];
  if (summary.pending) parts.push(`${summary.pending} pending`);
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
              <td className="whitespace-pre-wrap break-words px-3 py-1.5 text-red-800">{change.from || <span className="font-sans text-slate-400">(none)</span>}</td>
              <td className="whitespace-pre-wrap break-words px-3 py-1.5 text-green-800">{change.to || <span className="font-sans text-slate-400">(none)</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AppPlanCard({ plan }: { plan: AppPlan }) {
  const app = plan.actual?.application;
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
      </header>
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
            {(step.action === "update" || step.action === "adopt") && step.changes.length ? <ChangeTable step={step} /> : null}
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
  focusOnMount,
}: {
  plan: PlanState;
  onBack: () => void;
  onRefresh: () => void;
  onApply: () => void;
  onShowResults: () => void;
  focusOnMount: boolean;
}) {
  const ready = plan.status === "ready" ? plan : null;
  const summary = ready ? summarizePlan(ready.plans) : null;
  const writes = summary ? summary.create + summary.update + summary.adopt : 0;
  const converged = ready ? isConverged(ready.plans) : false;

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
          ) : writes === 0 ? (
            <Alert tone="warning" title="Nothing you can apply">
              <p>Every remaining change is blocked: see the reason in each application below.</p>
            </Alert>
          ) : null}
          <div className="space-y-4">
            {ready.plans.map((app) => (
              <AppPlanCard key={app.key} plan={app} />
            ))}
          </div>
        </>
      ) : null}
    </StepCard>
  );
}
