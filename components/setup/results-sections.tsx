"use client";

import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { DIRECTORY_ROLES, getConnector, type ConnectorId } from "@/lib/connectors";
import { Badge } from "@/components/ui/badge";
import { consentHref, consentMessage } from "@/lib/tenant/consent";
import { teamsStepHref } from "@/lib/tenant/teams-policy";
import {
  resultsFileName,
  resultsJsonText,
  terraformConfigChanges,
  terraformImportBlocks,
  terraformOwnership,
  tfvars,
  type ConnectorAppResult,
  type ImportCredential,
} from "@/lib/exports";
import { generated } from "./generated";
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

export function ConsentSection({
  results,
  connectorIds,
  showPortalLinks,
}: {
  results: SetupResults;
  connectorIds: ConnectorId[];
  showPortalLinks: boolean;
}) {
  if (!results.apps.length) return null;
  const who = `${DIRECTORY_ROLES.privilegedRoleAdministrator.displayName} or ${DIRECTORY_ROLES.globalAdministrator.displayName}`;
  const target = { environmentId: results.environmentId, connectorIds };
  const url = `${typeof window === "undefined" ? "" : window.location.origin}${consentHref(target)}`;
  const missing = results.apps.reduce((n, app) => n + app.notGranted.length, 0);
  return (
    <Section title={missing ? "Consent admin must do next" : "Admin consent"} testId="results-consent">
      {missing ? (
        <p className="text-sm text-slate-700">
          A {who} grants admin consent to the Microsoft Graph application permissions below ({missing} not granted yet, read from your
          tenant). Until then the proxy&apos;s calls fail with Authorization_IdentityNotFound. Send them this link: it opens a page that
          explains each permission, grants exactly what is missing and shows when it took effect. It carries no secret; they sign in with
          their own account.
        </p>
      ) : (
        <p className="text-sm text-green-900">Every permission these applications need is granted (read from your tenant).</p>
      )}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <a
          href={consentHref(target)}
          className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900"
          data-testid="consent-link"
        >
          Consent page for {results.environmentId ? `environment ${results.environmentId}` : "these connectors"}
        </a>
        <CopyButton value={url} label="consent page link" text="Copy link" />
        <CopyButton
          value={consentMessage(url, target, connectorIds.map((id) => getConnector(id).displayName).join(", "))}
          label="a short message for the consent admin, to paste into an email or chat"
          text="Copy message"
        />
      </div>
      <ul className="space-y-3">
        {results.apps.map((app) => (
          <li key={app.key} data-testid={`consent-${app.key}`} className="space-y-2 rounded-md border border-slate-200 p-3">
            <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
              {app.displayName}
              {app.notGranted.length ? (
                <Badge tone="amber">{app.notGranted.length} not granted</Badge>
              ) : (
                <Badge tone="green">All granted</Badge>
              )}
            </p>
            <PermissionList permissions={app.permissions} label={`Permissions to consent for ${app.displayName}`} />
            {app.notGranted.length ? <p className="text-xs text-slate-600">Not granted yet: {app.notGranted.join(", ")}</p> : null}
            {showPortalLinks ? (
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <a
                  href={app.consentPortalUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="text-blue-700 underline underline-offset-2 hover:text-blue-900"
                >
                  Or Microsoft&apos;s own page: API permissions in the Entra admin center
                  <span className="sr-only"> for {app.displayName} (opens in a new tab)</span>
                </a>
                <CopyButton value={app.consentPortalUrl} label={`Entra admin center link for ${app.displayName}`} />
              </div>
            ) : null}
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
      <p className="text-sm">
        <a className="text-blue-700 underline underline-offset-2" href={teamsStepHref(results.environmentId)}>
          Open the Teams step
        </a>{" "}
        (send it to your Teams Administrator: it verifies what the script printed and records it).
      </p>
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
  const shared = appMode === "shared";
  const vars = generated(() =>
    tfvars({
      platform: platform.platform,
      tenantId: results.tenantId,
      ownerEmails,
      sharedAppObjectId: shared ? results.apps[0]?.objectId : undefined,
      connectorIds,
      envId: results.environmentId,
    }),
  );
  const credentials: ImportCredential[] = results.apps.flatMap((app) =>
    app.credentials.map((credential) => ({
      key: credential.key,
      objectId: app.objectId,
      credentialId: credential.credentialId,
      name: credential.name,
    })),
  );
  const imports = generated(() =>
    terraformImportBlocks({
      // Shared mode: Psoxy reads the shared app as data and manages none, so only credentials (and the pool) are imported.
      apps: shared ? [] : apps,
      platform: platform.platform,
      credentials,
      identityPoolId: platform.platform === "aws" ? platform.identityPoolId : undefined,
    }),
  );
  const changes = terraformConfigChanges(platform.platform, shared);
  return (
    <Section title="Downloads and Terraform handoff" testId="results-handoff">
      <div>
        <Button
          variant="secondary"
          onClick={() =>
            downloadText(
              resultsFileName(results.environmentId),
              resultsJsonText({
                tenantId: results.tenantId,
                envId: results.environmentId,
                platform,
                apps,
                shared,
                generatedAt: new Date().toISOString(),
              }),
            )
          }
        >
          Download results (JSON)
        </Button>
        <p className="mt-1 text-xs text-slate-500">Ids and proxy settings per connector; no secrets, no tokens.</p>
      </div>
      <p className="text-sm text-slate-700">
        If Psoxy&apos;s own Terraform ({platform.platform === "gcp" ? "infra/examples-dev/gcp" : "infra/examples-dev/aws"}) should manage
        these from now on, add these values to its configuration and the import blocks next to its msft-365.tf, so its first apply adopts
        what exists instead of creating it again (which Entra refuses for the federated credentials).
      </p>
      <div className="space-y-1.5">
        <h4 className="text-sm font-semibold text-slate-800">terraform.tfvars</h4>
        <CodeBlock label="terraform.tfvars" code={vars} />
      </div>
      <div className="space-y-1.5">
        <h4 className="text-sm font-semibold text-slate-800">Terraform import blocks</h4>
        {shared ? (
          <p className="text-sm text-slate-600">
            Shared application: Psoxy&apos;s Terraform manages no application here, only the federated credentials
            {platform.platform === "aws" ? " and the Cognito identity pool" : ""}.
          </p>
        ) : null}
        <CodeBlock label="Terraform import blocks" code={imports} />
      </div>
      {changes.length ? (
        <div className="space-y-1.5" data-testid="handoff-config-changes">
          <h4 className="text-sm font-semibold text-slate-800">Change in Psoxy&apos;s configuration</h4>
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            {changes.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="space-y-1.5" data-testid="handoff-ownership">
        <h4 className="text-sm font-semibold text-slate-800">Who owns what afterwards</h4>
        <dl className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
          {terraformOwnership(platform.platform, shared).map((row) => (
            <div key={row.what} className="grid gap-1 px-3 py-2 sm:grid-cols-[14rem_1fr]">
              <dt className="font-medium text-slate-900">{row.what}</dt>
              <dd className="text-slate-700">{row.owner}</dd>
            </div>
          ))}
        </dl>
      </div>
    </Section>
  );
}
