"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { JobGate } from "@/components/jobs/job-gate";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { isReadOnlyReader } from "@/lib/auth/jobs";

// The wizard (its forms, the plan, the Graph client) loads once someone is signed in.
const loadWizard = () => import("./setup-wizard");
const SetupWizard = dynamic(() => import("./setup-wizard").then((m) => m.SetupWizard), {
  loading: () => <p className="text-slate-600">Loading the setup wizard…</p>,
});

/** The operator's job page: sign-in, tenant and role checks, then the wizard. */
export function SetupPage() {
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Set up Microsoft 365 connectors</h1>
        <p className="max-w-3xl text-slate-700">
          Create the Entra applications your Psoxy proxy uses to read Microsoft 365: one per connector, with its Microsoft Graph
          permissions, owners, service principal and a federated credential that trusts only your proxy. You review a plan before anything
          changes.
        </p>
      </div>
      <JobGate job="operator" prefetch={loadWizard}>
        {({ access, roles }) =>
          isReadOnlyReader(roles) ? (
            <Card title="Nothing to set up with a read-only role">
              <p className="mb-4 text-sm text-slate-700">
                The status board reads every connector application and says what is wrong and who must fix it.
              </p>
              <Link href="/status" className={buttonClass("primary")}>
                Open the status board
              </Link>
            </Card>
          ) : (
            <SetupWizard isAppAdmin={access.kind === "allowed"} />
          )
        }
      </JobGate>
    </div>
  );
}
