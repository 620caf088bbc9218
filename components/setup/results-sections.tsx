"use client";

import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { DIRECTORY_ROLES, getConnector } from "@/lib/connectors";
import { resultsFileName, resultsJsonText, terraformImportBlocks, tfvars, type ConnectorAppResult } from "@/lib/exports";
import type { AppMode } from "@/lib/tenant/desired";
import type { HostPlatform } from "@/lib/tenant/inputs";
import type { SetupResults } from "@/lib/exports/setup-results";
import { PermissionList } from "./connector-badges";
import { downloadText } from "@/components/ui/download";

function Section({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${testId}-title`} data-testid={testId} className="space-y-3">
      <h3 id={`${testId}-title`} className="text-base font-semibold text-slate-900">
        {title}
      </h3>
      {children}
    </section>
  );
}

export function ConsentSection({ results }: { results: SetupResults }) {
  if (!results.apps.length) return null;
  const who = `${DIRECTORY_ROLES.privilegedRoleAdministrator.displayName} or ${DIRECTORY_ROLES.globalAdministrator.displayName}`;
  return (
    <Section title="Consent admin must do next" testId="results-consent">
      <p className="text-sm text-slate-700">
        A {who} grants admin consent to these Microsoft Graph application permissions. Until then the proxy&apos;s calls fail with
        Authorization_IdentityNotFound. Send them these links: each opens the application&apos;s API permissions in the Microsoft Entra admin center,
        where they click “Grant admin consent”.
      </p>
      <ul className="space-y-3">
        {results.apps.map((app) => (
          <li key={app.key} data-testid={`consent-${app.key}`} className="space-y-2 rounded-md border border-slate-200 p-3">
            <p className="text-sm font-medium text-slate-900">{app.displayName}</p>
            <PermissionList permissions={app.permissions} label={`Permissions to consent for ${app.displayName}`} />
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <a href={app.consentPortalUrl} target="_blank" rel="noopener noreferrer" className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
                Open API permissions in the Entra admin center
                <span className="sr-only"> for {app.displayName} (opens in a new tab)</span>
              </a>
              <CopyButton value={app.consentPortalUrl} label={`consent link for ${app.displayName}`} />
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function TeamsSection({ results }: { results: SetupResults }) {
  if (!results.teams) return null;
  const step = getConnector("msft-teams").manualSteps[0];
  return (
    <Section title="Microsoft Teams: application access policy" testId="results-teams">
      <p className="text-sm text-slate-700">
        Online meetings can only be read once a {DIRECTORY_ROLES.teamsAdministrator.displayName} allows the Teams application through an
        application access policy. Changes take up to {step?.propagationMinutes ?? 30} minutes to apply.
      </p>
      {step ? (
        <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
          {step.instructions.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
      ) : null}
      <CodeBlock label="Teams PowerShell script" code={results.teams.script} />
    </Section>
  );
}

function connectorApps(results: SetupResults): ConnectorAppResult[] {
  return results.apps.flatMap((app) =>
    app.connectors.map((connector) => ({
      connectorId: connector.connectorId,
      clientId: app.clientId,
      objectId: app.objectId,
      appDisplayName: app.displayName,
      ...(app.servicePrincipalId ? { servicePrincipalObjectId: app.servicePrincipalId } : {}),
    })),
  );
}


export function HandoffSection({
  results,
  platform,
  appMode,
  ownerEmails,
}: {
  results: SetupResults;
  platform: HostPlatform;
  appMode: AppMode;
  ownerEmails: string[];
}) {
  if (!results.apps.length) return null;
  const apps = connectorApps(results);
  const connectorIds = apps.map((app) => app.connectorId);
  const vars = tfvars({
    tenantId: results.tenantId,
    ownerEmails,
    sharedAppObjectId: appMode === "shared" ? results.apps[0]?.objectId : undefined,
    connectorIds,
    envId: results.environmentId,
  });
  const imports = appMode === "shared" ? null : terraformImportBlocks({ apps });
  return (
    <Section title="Downloads and Terraform handoff" testId="results-handoff">
      <div>
        <Button
          variant="secondary"
          onClick={() =>
            downloadText(
              resultsFileName(results.environmentId),
              resultsJsonText({ tenantId: results.tenantId, envId: results.environmentId, platform, apps, generatedAt: new Date().toISOString() }),
            )
          }
        >
          Download results (JSON)
        </Button>
        <p className="mt-1 text-xs text-slate-500">Ids and proxy settings per connector; no secrets, no tokens.</p>
      </div>
      <p className="text-sm text-slate-700">
        If Psoxy&apos;s own Terraform should manage these applications from now on, add these values to its configuration so it adopts them instead of
        creating duplicates.
      </p>
      <div className="space-y-1.5">
        <h4 className="text-sm font-semibold text-slate-800">terraform.tfvars</h4>
        <CodeBlock label="terraform.tfvars" code={vars} />
      </div>
      {imports ? (
        <div className="space-y-1.5">
          <h4 className="text-sm font-semibold text-slate-800">Terraform import blocks</h4>
          <CodeBlock label="Terraform import blocks" code={imports} />
        </div>
      ) : (
        <p className="text-sm text-slate-600">Shared application: Psoxy&apos;s Terraform creates no per-connector applications, so there is nothing to import.</p>
      )}
    </Section>
  );
}
