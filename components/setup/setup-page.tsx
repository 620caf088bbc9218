"use client";

import { JobGate } from "@/components/jobs/job-gate";
import { SetupWizard } from "./setup-wizard";

/** The operator's job page: sign-in, tenant and role checks, then the wizard. */
export function SetupPage() {
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Set up Microsoft 365 connectors</h1>
        <p className="max-w-3xl text-slate-700">
          Create the Entra applications your Psoxy proxy uses to read Microsoft 365: one per connector, with its Microsoft Graph permissions, owners,
          service principal and a federated credential that trusts only your proxy. You review a plan before anything changes.
        </p>
      </div>
      <JobGate job="operator">{({ access }) => <SetupWizard isAppAdmin={access.kind === "allowed"} />}</JobGate>
    </div>
  );
}
