"use client";

import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { SignedInSummary } from "@/components/auth/signed-in-summary";
import { WizardRegistration } from "@/components/landing/wizard-registration";
import { useConfig } from "@/components/auth/session-context";
import { configProblems } from "@/lib/config";
import { JOBS, type Job } from "@/lib/auth/jobs";

const STEPS: Record<Job, string[]> = {
  operator: [
    "Sign in as a Cloud Application Administrator (or Application Administrator).",
    "Pick the connectors and enter your proxy's identity (GCP service accounts or AWS Cognito).",
    "Review the plan: every application, permission, owner and credential it will create or change.",
    "Apply, then share the consent link with your Privileged Role Administrator.",
  ],
  consent: [
    "Open the consent link the IT admin shared with you (it carries no secret).",
    "Read what you are asked to approve: every permission in plain words, all read-only.",
    "Sign in as a Privileged Role Administrator or Global Administrator, grant only what is missing, and watch it take effect.",
  ],
  support: [
    "Sign in with a read-only account (Global Reader shows everything); this page never changes anything.",
    "See every connector's state, grouped by environment: ready, needs consent, needs action or broken.",
    "Each problem says what is wrong, the next action and who must do it; share a link to one connector.",
  ],
  teams: [
    "Open the link from the status board or the IT admin's results, or start here.",
    "Run the PowerShell script as a Teams Administrator.",
    "Paste what it printed to verify the policy; an owner of the app or a Cloud Application Administrator records the verification.",
  ],
};

const ACTION: Record<Job, string> = {
  operator: "Start setup",
  consent: "Open consent page",
  support: "Open status board",
  teams: "Open Teams step",
};

export function Landing() {
  const config = useConfig();
  const problems = configProblems(config);
  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">Connect Microsoft 365 to Psoxy</h1>
        <p className="max-w-3xl text-slate-700">
          This wizard creates the Entra applications your Psoxy proxy uses to read Microsoft 365 data, with exactly the Microsoft Graph
          permissions each connector needs. It shows what it will change before changing anything, and checks the result live. It replaces
          Terraform, the Azure CLI and the hand-copied ids of the manual setup.
        </p>
      </div>

      {problems.length > 0 ? (
        <Alert tone="error" title="This wizard is not configured for a tenant yet">
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
          <p>
            To try it without a tenant, run <code className="font-mono">npm run demo</code>.
          </p>
        </Alert>
      ) : null}

      <WizardRegistration />

      <SignedInSummary />

      <div className="grid gap-5 md:grid-cols-2">
        {(Object.keys(JOBS) as Job[]).map((job) => (
          <Card key={job} title={JOBS[job].title} className="flex flex-col">
            <p className="mb-3 text-sm font-medium text-slate-600">For: {JOBS[job].who}</p>
            <ol className="mb-5 list-decimal space-y-1.5 pl-5 text-sm text-slate-700">
              {STEPS[job].map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
            <div className="mt-auto">
              <Link href={JOBS[job].path} className={buttonClass(job === "operator" ? "primary" : "secondary")}>
                {ACTION[job]}
              </Link>
            </div>
          </Card>
        ))}
      </div>

      <Card title="What changes in your tenant">
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
          <li>
            Per connector: one Entra application named “Psoxy Connector - &lt;name&gt; &lt;environment&gt;”, hidden from users, with its
            service principal.
          </li>
          <li>Microsoft Graph application permissions (read-only), granted by your consent admin.</li>
          <li>
            A federated identity credential that trusts only your proxy’s GCP service account or AWS Cognito identity: no client secrets.
          </li>
          <li>The wizard finds its objects again by their unique name and tags, so every step can be re-run safely.</li>
        </ul>
      </Card>
    </div>
  );
}
