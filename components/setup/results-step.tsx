"use client";

import { useMemo } from "react";
import { useConfig } from "@/components/auth/session-context";
import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ConnectorId } from "@/lib/connectors";
import type { Owner } from "@/lib/tenant/model";
import { setupResults } from "@/lib/exports/setup-results";
import { AppResultCard } from "./app-result-card";
import { ConsentSection, HandoffSection, TeamsSection } from "./results-sections";
import { StepCard } from "./step-card";
import type { SetupDraft } from "./storage";
import type { PlanState } from "./use-setup-flow";

export function ResultsStep({
  plan,
  draft,
  tenantId,
  owners,
  onRefresh,
  onBackToPlan,
  onSaveIdentityId,
  onStartOver,
  focusOnMount,
}: {
  plan: PlanState;
  draft: SetupDraft;
  tenantId: string;
  owners: Owner[];
  onRefresh: () => void;
  onBackToPlan: () => void;
  onSaveIdentityId: (connectorIds: ConnectorId[], identityId: string) => void;
  onStartOver: () => void;
  focusOnMount: boolean;
}) {
  const config = useConfig();
  const platform = draft.platform;
  const ready = plan.status === "ready" ? plan : null;
  const results = useMemo(
    () => (ready && platform ? setupResults({ plans: ready.plans, tenantId, environmentId: draft.environmentId, platform }) : null),
    [ready, platform, tenantId, draft.environmentId],
  );
  const finished = results
    ? results.apps.length > 0 && results.missing.length === 0 && results.apps.every((app) => app.outstanding.length === 0)
    : false;
  // AWS: the credential waits for each application's Cognito IdentityId, which needs its client id.
  const awaitingIdentity =
    results && platform?.platform === "aws"
      ? results.apps.filter((app) => app.connectors.some((connector) => !platform.identityIds[connector.connectorId]))
      : [];

  return (
    <StepCard
      testId="step-results"
      title="Results"
      focusOnMount={focusOnMount}
      description="Read back from your tenant: what exists now, what your proxy needs, and what others must do next."
      footer={
        <>
          <Button variant="secondary" onClick={onBackToPlan}>
            Back to plan
          </Button>
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="ghost" onClick={onStartOver}>
              Start over
            </Button>
            <Button variant="secondary" onClick={onRefresh} disabled={plan.status === "loading"}>
              Refresh from tenant
            </Button>
          </div>
        </>
      }
    >
      {plan.status === "loading" || plan.status === "idle" ? (
        <p role="status" className="text-sm text-slate-600">
          Reading the applications back from your tenant…
        </p>
      ) : null}
      {plan.status === "error" ? <GraphErrorAlert error={plan.error} onRetry={onRefresh} /> : null}

      {ready && results && platform ? (
        <>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="text-sm text-slate-700" data-testid="results-summary">
              {results.apps.length} application{results.apps.length === 1 ? "" : "s"} in your tenant
              {results.missing.length ? `, ${results.missing.length} not created yet` : ""}.
            </p>
            <p className="text-xs text-slate-500">Read from your tenant at {ready.readAt.toLocaleTimeString()}</p>
          </div>
          {finished && awaitingIdentity.length ? (
            <Alert tone="info" title="One more step: the Cognito identity ids">
              <p>
                {awaitingIdentity.length === 1 ? "One application waits" : `${awaitingIdentity.length} applications wait`} for its Cognito
                IdentityId. Run the command shown in each application below and paste its output: the wizard then adds the federated
                credential.
              </p>
            </Alert>
          ) : finished ? (
            <Alert tone="success" title="The applications are set up">
              <p>
                Hand the proxy its settings below.{" "}
                {results.apps.some((app) => app.notGranted.length)
                  ? "Admin consent is still missing: send your consent admin the link below."
                  : "Admin consent is granted for every application."}
              </p>
            </Alert>
          ) : null}
          {results.missing.length ? (
            <Alert tone="warning" title="Not created yet">
              <ul className="list-disc pl-5">
                {results.missing.map((name) => (
                  <li key={name}>{name}</li>
                ))}
              </ul>
              <p>Go back to the plan to see why (blocked, failed, or an existing application waiting for your decision) and apply again.</p>
            </Alert>
          ) : null}

          <div className="space-y-4">
            {results.apps.map((app) => (
              <AppResultCard key={app.key} app={app} platform={platform} onSaveIdentityId={onSaveIdentityId} />
            ))}
          </div>

          <ConsentSection results={results} connectorIds={draft.connectorIds} showPortalLinks={config.mode === "tenant"} />
          <TeamsSection results={results} />
          <HandoffSection
            results={results}
            platform={platform}
            appMode={draft.appMode}
            ownerEmails={owners.map((owner) => owner.userPrincipalName)}
          />
        </>
      ) : null}
    </StepCard>
  );
}
