"use client";

import { Stepper } from "@/components/ui/stepper";
import type { Owner } from "@/lib/tenant/model";
import { ApplyStep } from "./apply-step";
import { ConnectorsStep } from "./connectors-step";
import { EnvironmentStep } from "./environment-step";
import { IdentityStep } from "./identity-step";
import { OwnersStep } from "./owners-step";
import { PlanStep } from "./plan-step";
import { ResultsStep } from "./results-step";
import { SETUP_STEPS, stepIndex } from "./steps";
import { useSetupFlow } from "./use-setup-flow";

/** The operator's wizard: the stepper and the current step's card. */
export function SetupWizard({ isAppAdmin }: { isAppAdmin: boolean }) {
  const flow = useSetupFlow({ isAppAdmin });
  const { draft, step } = flow;
  const focus = flow.navigated;
  const owners: Owner[] =
    flow.me.status === "ready"
      ? [flow.me.value, ...draft.owners.filter((o) => flow.me.status === "ready" && o.id !== flow.me.value.id)]
      : draft.owners;

  return (
    <div className="space-y-6">
      <div className="rounded-lg border border-slate-200 bg-white px-3 py-4 shadow-sm sm:px-5">
        <Stepper steps={SETUP_STEPS} current={stepIndex(step)} label="Setup steps" />
      </div>

      {step === "environment" ? (
        <EnvironmentStep
          environmentId={draft.environmentId}
          tenantId={flow.tenantId}
          organization={flow.organization}
          onRetryOrganization={flow.reloadOrganization}
          onSubmit={flow.saveEnvironment}
          existing={flow.existing}
          onContinue={flow.continueSetup}
          typedValues={flow.forms.environment}
          onTyped={(values) => flow.saveFormDraft("environment", values)}
          focusOnMount={focus}
        />
      ) : null}
      {step === "connectors" ? (
        <ConnectorsStep
          connectorIds={draft.connectorIds}
          appMode={draft.appMode}
          typedValues={flow.forms.connectors}
          onTyped={(values) => flow.saveFormDraft("connectors", values)}
          onBack={flow.back}
          onSubmit={flow.saveConnectors}
          focusOnMount={focus}
        />
      ) : null}
      {step === "identity" ? (
        <IdentityStep
          connectorIds={draft.connectorIds}
          appMode={draft.appMode}
          environmentId={draft.environmentId}
          platform={draft.platform}
          typedValues={flow.forms.identity}
          onTyped={(values) => flow.saveFormDraft("identity", values)}
          onBack={flow.back}
          onSubmit={flow.savePlatform}
          focusOnMount={focus}
        />
      ) : null}
      {step === "owners" ? (
        <OwnersStep
          ownerText={draft.ownerText}
          typedValues={flow.forms.owners}
          onTyped={(values) => flow.saveFormDraft("owners", values)}
          me={flow.me}
          onRetryMe={flow.reloadMe}
          resolveOwners={flow.resolveOwners}
          onBack={flow.back}
          onSubmit={flow.saveOwners}
          focusOnMount={focus}
        />
      ) : null}
      {step === "plan" ? (
        <PlanStep
          plan={flow.plan}
          onBack={flow.back}
          onRefresh={flow.refreshPlan}
          onApply={flow.startApply}
          onShowResults={() => flow.showResults(false)}
          onConfirmAdoption={flow.confirmAdoption}
          focusOnMount={focus}
        />
      ) : null}
      {step === "apply" ? (
        <ApplyStep
          apply={flow.apply}
          onRetryFailed={flow.retryFailed}
          onShowResultsAnyway={() => flow.showResults(true)}
          onBackToPlan={flow.backToPlan}
          focusOnMount={focus}
        />
      ) : null}
      {step === "results" ? (
        <ResultsStep
          plan={flow.plan}
          draft={draft}
          tenantId={flow.tenantId}
          owners={owners}
          onRefresh={flow.refreshPlan}
          onBackToPlan={flow.backToPlan}
          onSaveIdentityId={flow.saveIdentityId}
          onStartOver={flow.startOver}
          focusOnMount={focus}
        />
      ) : null}
    </div>
  );
}
