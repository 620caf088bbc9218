"use client";

import Link from "next/link";
import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DIRECTORY_ROLES, getConnector, TEAMS_ACCESS_POLICY_DOC, type ConnectorId, type DirectoryRoleKey } from "@/lib/connectors";
import type { SnapshotApp } from "@/lib/tenant/snapshot";
import { TEAMS_POLICY_STEP_ID, readTeamsVerification, teamsStepHref } from "@/lib/tenant/teams-policy";
import { TeamsAppPanel } from "./teams-app-panel";
import { useTeamsApps } from "./use-teams-apps";

/** What the Teams Administrator must know before running anything: role, delay, who -Global misses. */
function AboutThePolicy({ connectorId }: { connectorId: ConnectorId }) {
  const connector = getConnector(connectorId);
  const step = connector.manualSteps.find((s) => s.id === TEAMS_POLICY_STEP_ID);
  const minutes = step?.propagationMinutes ?? 30;
  return (
    <Card title="Allow the connector to read online meetings">
      <div className="space-y-3 text-sm text-slate-700" data-testid="teams-about">
        <p>
          Microsoft Graph lets an application read online meetings only for users covered by a Teams <em>application access policy</em> that
          lists its client id. No Graph API reads these policies, so this wizard cannot check them itself: it gives you the PowerShell
          script, reads back what the script printed, and (for an owner of the application or an application administrator) records who
          verified it and when.
        </p>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            <strong>Role:</strong> run the script as a {DIRECTORY_ROLES.teamsAdministrator.displayName} (or{" "}
            {DIRECTORY_ROLES.globalAdministrator.displayName}).
          </li>
          <li>
            <strong>Delay:</strong> the policy takes up to {minutes} minutes to apply; until then Graph answers 403 “No application access
            policy found for this app”.
          </li>
          <li>
            <strong>Not everyone:</strong> granting with <code className="font-mono text-xs">-Global</code> covers every user who has no
            application access policy of their own. Users granted a per-user policy keep it, so the connector cannot read their meetings
            unless this client id is added to that policy too.
          </li>
        </ul>
        {step?.troubleshooting.length ? (
          <details>
            <summary className="cursor-pointer font-medium text-slate-900">If something goes wrong</summary>
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {step.troubleshooting.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </details>
        ) : null}
        <p>
          Microsoft&apos;s documentation:{" "}
          <a
            href={TEAMS_ACCESS_POLICY_DOC}
            target="_blank"
            rel="noopener noreferrer"
            className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900"
          >
            application access policies for online meetings
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
          .
        </p>
      </div>
    </Card>
  );
}

/** No environment in the link: every application serving the connector, each linking to its own step. */
function AppPicker({ apps, connectorId }: { apps: SnapshotApp[]; connectorId: ConnectorId }) {
  return (
    <Card title="Pick the application">
      <p className="mb-3 text-sm text-slate-700">
        The {getConnector(connectorId).shortName} connector has these applications in this tenant:
      </p>
      <ul className="space-y-2" data-testid="teams-app-picker">
        {apps.map((app) => {
          const verification = readTeamsVerification(app.application.tags);
          return (
            <li
              key={app.application.id}
              className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-slate-200 px-3 py-2 text-sm"
            >
              <div>
                <p className="font-medium text-slate-900">{app.application.displayName ?? app.application.appId}</p>
                <p className="text-slate-600">
                  Environment <code className="font-mono text-xs">{app.environmentId || "(none)"}</code> ·{" "}
                  {verification ? `verified on ${verification.at} by ${verification.by}` : "not verified"}
                </p>
              </div>
              <Link
                href={teamsStepHref(app.environmentId, connectorId)}
                className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900"
              >
                Open the Teams step<span className="sr-only"> for environment {app.environmentId || "(none)"}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

/** The Teams Administrator's step for one connector in one environment (or a picker without an environment). */
export function TeamsStep({
  environmentId,
  connectorId,
  roles,
  userObjectId,
}: {
  environmentId: string | null;
  connectorId: ConnectorId;
  roles: readonly DirectoryRoleKey[];
  userObjectId: string | undefined;
}) {
  const apps = useTeamsApps(environmentId, connectorId);
  const where = environmentId === null ? "this tenant" : `environment “${environmentId || "(none)"}”`;

  return (
    <div className="space-y-6">
      <AboutThePolicy connectorId={connectorId} />
      {apps.status === "loading" ? <p className="text-slate-600">Reading the connector&apos;s applications from the tenant…</p> : null}
      {apps.status === "error" ? <GraphErrorAlert error={apps.error} onRetry={apps.reload} /> : null}
      {apps.status === "ready" ? (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
            <span>
              {apps.readAt ? (
                <>
                  Read from the tenant at <time dateTime={apps.readAt.toISOString()}>{apps.readAt.toLocaleTimeString()}</time>.
                </>
              ) : null}
            </span>
            {/* Never disabled, so a keyboard user's focus stays on it while the page reads; a press then adds nothing. */}
            <Button
              variant="secondary"
              onClick={() => {
                if (!apps.reading) apps.reload();
              }}
            >
              {apps.reading ? "Reading…" : "Read again"}
            </Button>
          </div>
          {apps.apps.length === 0 ? (
            <Alert tone="warning" title={`No ${getConnector(connectorId).shortName} connector application in ${where}`}>
              <p>
                The policy needs the connector&apos;s client id, and there is no application for it yet. The IT admin creates it in{" "}
                <Link href="/setup" className="font-medium underline underline-offset-2">
                  Set up connectors
                </Link>
                ; then open this page again from their results or from the status board.
              </p>
            </Alert>
          ) : environmentId === null ? (
            <AppPicker apps={apps.apps} connectorId={connectorId} />
          ) : (
            apps.apps.map((app) => (
              <TeamsAppPanel key={app.application.id} app={app} userObjectId={userObjectId} roles={roles} onRecorded={apps.reload} />
            ))
          )}
        </>
      ) : null}
    </div>
  );
}
