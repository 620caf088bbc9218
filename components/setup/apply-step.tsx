"use client";

import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { resumeApplyHref } from "./step-url";
import { APP_OBJECTS, OBJECT_LABELS, type AppObject } from "@/lib/tenant/model";
import type { StepProgress, StepStatus } from "@/lib/tenant/setup";
import { StatusIcon, STATUS_COLOR } from "./status-icon";
import { StepCard } from "./step-card";
import type { ApplyState } from "./use-setup-flow";

const FINAL: ReadonlySet<StepStatus> = new Set(["done", "unchanged", "failed", "skipped", "blocked", "pending"]);

/**
 * Narrower than `sm` the table is one block per application, each cell a line "<object> … <status>" (its
 * label from data-label); the explicit roles keep it a table for screen readers, which `display: block` would undo.
 */
const STACKED_CELL =
  "max-sm:flex max-sm:justify-between max-sm:gap-3 max-sm:py-1.5 max-sm:before:font-medium max-sm:before:text-slate-700 max-sm:before:content-[attr(data-label)]";

function ProgressCell({ appKey, object, progress }: { appKey: string; object: AppObject; progress: StepProgress | undefined }) {
  const status: StepStatus = progress?.status ?? "waiting";
  return (
    <td
      role="cell"
      data-testid={`progress-${appKey}-${object}`}
      data-status={status}
      data-label={OBJECT_LABELS[object]}
      title={progress?.note ? `Skipped: ${progress.note}` : undefined}
      className={`px-3 py-2.5 text-sm ${STATUS_COLOR[status]} ${STACKED_CELL}`}
    >
      <span className="inline-flex items-center gap-1.5">
        <StatusIcon status={status} />
        {status}
      </span>
    </td>
  );
}

export function ApplyStep({
  apply,
  onRetryFailed,
  onShowResultsAnyway,
  onBackToPlan,
  focusOnMount,
}: {
  apply: ApplyState;
  onRetryFailed: () => void;
  onShowResultsAnyway: () => void;
  onBackToPlan: () => void;
  focusOnMount: boolean;
}) {
  const find = (key: string, object: AppObject) => apply.progress.find((p) => p.key === key && p.object === object);
  const working = apply.phase === "running" || apply.phase === "planning";
  const total = apply.progress.length;
  const finished = apply.progress.filter((p) => FINAL.has(p.status)).length;
  const skipped = apply.progress.filter((p) => p.status === "skipped");
  const nameOf = (key: string) => apply.plans.find((plan) => plan.key === key)?.displayName ?? key;
  const stuck = apply.phase === "error" || (apply.phase === "finished" && apply.failed.length > 0);

  return (
    <StepCard
      testId="step-apply"
      title="Apply"
      focusOnMount={focusOnMount}
      description="The wizard writes the plan to your tenant, application by application. Each step is idempotent: running it again only does what is left."
      footer={
        stuck ? (
          <>
            <Button variant="secondary" onClick={onBackToPlan}>
              Back to plan
            </Button>
            <div className="flex flex-wrap items-center gap-3">
              <Button variant="secondary" onClick={onShowResultsAnyway}>
                Show results anyway
              </Button>
              <Button onClick={onRetryFailed}>Retry failed steps</Button>
            </div>
          </>
        ) : undefined
      }
    >
      <p role="status" aria-live="polite" className="text-sm text-slate-700" data-testid="apply-status">
        {apply.phase === "planning"
          ? "Reading your tenant again to see what is left…"
          : apply.phase === "running"
            ? total
              ? `Applying… ${finished} of ${total} steps finished.`
              : "Starting…"
            : apply.phase === "finished" && apply.failed.length === 0
              ? "All steps finished. Reading the result back from your tenant…"
              : apply.phase === "finished"
                ? `${apply.failed.length} step${apply.failed.length === 1 ? "" : "s"} failed; the others finished.`
                : apply.phase === "error"
                  ? "Applying stopped before every step finished."
                  : ""}
      </p>

      <div className="rounded-md border border-slate-200 sm:overflow-x-auto" aria-busy={working || undefined}>
        <table role="table" className="w-full text-left max-sm:block sm:min-w-[44rem]">
          <caption className="sr-only">Progress per application and step</caption>
          <thead role="rowgroup" className="bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-600 max-sm:sr-only">
            <tr role="row">
              <th role="columnheader" scope="col" className="px-3 py-2">
                Name
              </th>
              {APP_OBJECTS.map((object) => (
                <th key={object} role="columnheader" scope="col" className="px-3 py-2">
                  {OBJECT_LABELS[object]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody role="rowgroup" className="divide-y divide-slate-100 max-sm:block">
            {apply.plans.map((plan) => (
              <tr key={plan.key} role="row" className="max-sm:block max-sm:py-1.5">
                <th
                  role="rowheader"
                  scope="row"
                  className="px-3 py-2.5 text-sm font-medium text-slate-900 max-sm:block max-sm:pb-1 sm:max-w-[16rem]"
                >
                  {plan.displayName}
                </th>
                {APP_OBJECTS.map((object) => (
                  <ProgressCell key={object} appKey={plan.key} object={object} progress={find(plan.key, object)} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {apply.phase === "error" ? <GraphErrorAlert error={apply.error} signInReturnTo={resumeApplyHref(window.location.href)} /> : null}

      {apply.failed.length ? (
        <div className="space-y-3">
          <h3 className="text-sm font-semibold text-slate-900">What failed</h3>
          {apply.failed.map((failure) => (
            <div key={`${failure.key}/${failure.object}`} data-testid={`failure-${failure.key}-${failure.object}`} className="space-y-1.5">
              <p className="text-sm font-medium text-slate-800">
                {nameOf(failure.key)} · {OBJECT_LABELS[failure.object]}
              </p>
              <GraphErrorAlert
                error={failure.error ?? new Error(`${OBJECT_LABELS[failure.object]} failed without an error from Graph.`)}
                signInReturnTo={resumeApplyHref(window.location.href)}
              />
            </div>
          ))}
        </div>
      ) : null}

      {skipped.length && !working ? (
        <Alert tone="warning" title="Skipped because an earlier step failed">
          <ul className="list-disc pl-5">
            {skipped.map((p) => (
              <li key={`${p.key}/${p.object}`}>
                {nameOf(p.key)} · {OBJECT_LABELS[p.object]}
                {p.note ? `: ${p.note}` : ""}
              </li>
            ))}
          </ul>
          <p>“Retry failed steps” reads your tenant again and applies only what is still missing.</p>
        </Alert>
      ) : null}
    </StepCard>
  );
}
