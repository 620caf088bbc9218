"use client";

import { useMemo } from "react";
import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { CodeBlock, IdValue } from "@/components/ui/code-block";
import { DIRECTORY_ROLES, type DirectoryRoleKey } from "@/lib/connectors";
import { teamsAccessPolicyScript } from "@/lib/exports/teams";
import type { SnapshotApp } from "@/lib/tenant/snapshot";
import { mayRecordVerification, readTeamsVerification, type TeamsVerification } from "@/lib/tenant/teams-policy";
import { useRecordVerification } from "./use-record-verification";
import { VerificationForm } from "./verification-form";

function VerifiedLine({ verification }: { verification: TeamsVerification | null }) {
  return verification ? (
    <p className="text-sm text-slate-800" data-testid="teams-verified">
      <Badge tone="green">Verified</Badge> on <time dateTime={verification.at}>{verification.at}</time> by{" "}
      <span className="font-medium">{verification.by}</span>
    </p>
  ) : (
    <p className="text-sm text-slate-800" data-testid="teams-verified">
      <Badge tone="amber">Not verified</Badge> Nobody has recorded that the policy is in place for this application yet.
    </p>
  );
}

function scriptFor(clientId: string): { ok: true; script: string } | { ok: false; message: string } {
  try {
    return { ok: true, script: teamsAccessPolicyScript({ clientIds: [clientId] }) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** One Teams connector application: its script, its verification and the form to record a new one. */
export function TeamsAppPanel({
  app,
  userObjectId,
  roles,
  onRecorded,
}: {
  app: SnapshotApp;
  userObjectId: string | undefined;
  roles: readonly DirectoryRoleKey[];
  /** Called once a verification is recorded (to read the tenant again). */
  onRecorded: () => void;
}) {
  const { application } = app;
  const label = application.displayName ?? application.appId;
  const { state, record } = useRecordVerification(application.id, label, onRecorded);
  const script = useMemo(() => scriptFor(application.appId), [application.appId]);
  const recorded = readTeamsVerification(application.tags);
  const current = state.status === "recorded" ? state.verification : recorded;
  const writers = `${DIRECTORY_ROLES.cloudApplicationAdministrator.displayName} (or an owner of the application)`;

  return (
    <section
      aria-labelledby={`teams-app-${application.id}`}
      data-testid={`teams-app-${application.id}`}
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <div className="space-y-2">
        <h2 id={`teams-app-${application.id}`} className="text-lg font-semibold text-slate-900">
          {label}
        </h2>
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span>
            Environment <code className="font-mono text-xs">{app.environmentId || "(none)"}</code>
          </span>
          {app.shared ? <Badge tone="purple">Shared application</Badge> : null}
          {app.managedBy === "terraform" ? <Badge>Made by Psoxy&apos;s Terraform</Badge> : null}
        </div>
        <IdValue label="Client id" value={application.appId} />
        <VerifiedLine verification={current} />
      </div>

      <div className="space-y-2">
        <h3 className="text-base font-semibold text-slate-900">1. Run this script in PowerShell</h3>
        {script.ok ? (
          <CodeBlock label={`Teams PowerShell script for ${label}`} code={script.script} />
        ) : (
          <Alert tone="error" title="The script cannot be generated for this application">
            <p>{script.message}</p>
            <p>
              <strong>Next step:</strong> ask the IT admin to check the application in the Entra admin center.
            </p>
          </Alert>
        )}
      </div>

      <div className="space-y-3">
        <h3 className="text-base font-semibold text-slate-900">2. Paste what it printed to verify</h3>
        <VerificationForm
          objectId={application.id}
          clientId={application.appId}
          canRecordHint={mayRecordVerification(app, userObjectId, roles)}
          recording={state.status === "recording"}
          onRecord={(output) => void record(output)}
        />
        {state.status === "recorded" ? (
          <Alert tone="success" title="Verification recorded on the application">
            <p>
              Verified on {state.verification.at} by {state.verification.by}.{" "}
              {state.visible
                ? "Read back from the tenant."
                : "Entra is still replicating the change; the status board shows it within a few minutes."}
            </p>
          </Alert>
        ) : null}
        {state.status === "error" ? (
          <GraphErrorAlert
            error={state.error}
            nextStep={
              state.denied ? (
                <>
                  the policy is verified, but recording it writes a tag on the application, which only a {writers} may do. Send this
                  page&apos;s link to one of them: they paste the same output and press Record verification.{" "}
                  <CopyButton value={window.location.href} label="this page's link" text="Copy link" />
                </>
              ) : undefined
            }
          />
        ) : null}
      </div>
    </section>
  );
}
