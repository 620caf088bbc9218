"use client";

import { useState, useSyncExternalStore } from "react";
import { useConfig, useSession } from "@/components/auth/session-context";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import type { EntraCloudId } from "@/lib/clouds";
import { needsRegistration } from "@/lib/config";
import { GRAPH_DELEGATED_SCOPE_IDS } from "@/lib/connectors/microsoft-ids";
import { JOBS, type Job } from "@/lib/auth/jobs";
import { describeAuthError, type AuthProblem } from "@/lib/auth/problems";
import {
  azureCliRegistration,
  cloudShellLink,
  graphPowerShellRegistration,
  RegistrationInputError,
  registrationFix,
  settingsAfterRegistration,
  WIZARD_DELEGATED_SCOPES,
  wizardOrigin,
  wizardRedirectUri,
  type RegistrationFixKind,
} from "@/lib/auth/registration";

/**
 * The start page's help for a wizard that is not (correctly) registered yet, for the address this page is served
 * at: the commands that register it (Azure CLI, Microsoft Graph PowerShell, Cloud Shell), what to set next, the fix
 * for a sign-in that failed with a misregistration error, and a box for the error text Microsoft's own page showed
 * (AADSTS50011, 700016 and 50020 never come back to the wizard). Tenant mode only.
 */

const noSubscription = () => () => undefined;

/** window.location.origin once in the browser (the server does not know the address the admin opened). */
function useOrigin(): string | null {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => null,
  );
}

function checkedOrigin(origin: string): { origin: string } | { error: string } {
  try {
    return { origin: wizardOrigin(origin) };
  } catch (error) {
    if (error instanceof RegistrationInputError) return { error: error.message };
    throw error;
  }
}

const JOB_NAMES = Object.keys(JOBS) as Job[];

function usedBy(scope: string): string {
  const jobs = JOB_NAMES.filter((job) => (JOBS[job].scopes as readonly string[]).includes(scope)).map((job) =>
    JOBS[job].title.toLowerCase(),
  );
  if (scope === "User.Read") return "sign-in, every page";
  if (scope === "AppRoleAssignment.ReadWrite.All") return "grant admin consent (asked for on demand)";
  return jobs.length > 0 ? jobs.join(", ") : "on demand";
}

function Scripts({ label, azureCli, powerShell, cloud }: { label: string; azureCli: string; powerShell: string; cloud: EntraCloudId }) {
  const shell = cloudShellLink(cloud);
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        Run either one as a Cloud Application Administrator or Application Administrator.{" "}
        <a className="font-medium text-blue-700 underline" href={shell.href} target="_blank" rel="noreferrer">
          {shell.label}
        </a>{" "}
        (Azure CLI and Microsoft Graph PowerShell are signed in there already).
      </p>
      <h3 className="text-sm font-semibold text-slate-900">Azure CLI (Bash)</h3>
      <CodeBlock code={azureCli} label={`Azure CLI ${label}`} />
      <h3 className="text-sm font-semibold text-slate-900">Microsoft Graph PowerShell</h3>
      <CodeBlock code={powerShell} label={`Microsoft Graph PowerShell ${label}`} />
    </div>
  );
}

function RegistrationCommands({ origin, cloud }: { origin: string; cloud: EntraCloudId }) {
  return (
    <Card title="Register the wizard in your tenant">
      <div className="space-y-4 text-sm text-slate-700">
        <p>
          These commands register the wizard for <strong>this address</strong>: one single-page application with the redirect URI{" "}
          <code className="font-mono text-xs">{wizardRedirectUri(origin)}</code>, no secret, accounts of your tenant only, its service
          principal, and admin consent for the delegated Microsoft Graph permissions below (each user type is still asked only for its own,
          when its page opens). Running them again updates that same application, service principal and consent: never a second one.
        </p>
        <Scripts
          label="registration command"
          azureCli={azureCliRegistration(origin, cloud)}
          powerShell={graphPowerShellRegistration(origin, cloud)}
          cloud={cloud}
        />
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Then set, and restart the wizard</h3>
          <ul className="mt-1 list-disc space-y-1 pl-5" aria-label="What to set next">
            {settingsAfterRegistration(cloud).map((setting) => (
              <li key={setting.name}>
                <code className="font-mono text-xs">
                  {setting.name}={setting.value}
                </code>
                : {setting.meaning}
              </li>
            ))}
          </ul>
          <p className="mt-1">
            For example <code className="font-mono text-xs">ENTRA_CLIENT_ID=… ENTRA_TENANT=… npm run serve</code>. The script has granted
            admin consent already; otherwise a Cloud Application Administrator grants it in Entra admin center › App registrations › Psoxy
            setup wizard › API permissions › Grant admin consent.
          </p>
        </div>
        <details>
          <summary className="cursor-pointer font-medium text-slate-900">The delegated permissions it requests</summary>
          <table className="mt-2 w-full text-left text-xs">
            <thead>
              <tr className="text-slate-600">
                <th className="py-1 pr-3 font-medium">Permission</th>
                <th className="py-1 pr-3 font-medium">Id</th>
                <th className="py-1 font-medium">Used by</th>
              </tr>
            </thead>
            <tbody>
              {WIZARD_DELEGATED_SCOPES.map((scope) => (
                <tr key={scope} className="border-t border-slate-100">
                  <td className="py-1 pr-3 font-mono">{scope}</td>
                  <td className="py-1 pr-3 font-mono">{GRAPH_DELEGATED_SCOPE_IDS[scope]}</td>
                  <td className="py-1">{usedBy(scope)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
    </Card>
  );
}

function FixCommands({
  kind,
  origin,
  clientId,
  cloud,
}: {
  kind: RegistrationFixKind;
  origin: string;
  clientId: string;
  cloud: EntraCloudId;
}) {
  let fix;
  try {
    fix = registrationFix(kind, { origin, clientId, cloud });
  } catch (error) {
    if (error instanceof RegistrationInputError)
      return (
        <Alert tone="error" title="No fix command for this configuration">
          {error.message}
        </Alert>
      );
    throw error;
  }
  return (
    <Card title="Fix the wizard's app registration">
      <div className="space-y-3 text-sm text-slate-700">
        <p>{fix.summary}</p>
        <Scripts label="fix command" azureCli={fix.azureCli} powerShell={fix.powerShell} cloud={cloud} />
        <p>Then sign in again; nothing needs to restart.</p>
      </div>
    </Card>
  );
}

/** The fix a problem names, for this address. */
function ProblemFix({ problem, origin, clientId, cloud }: { problem: AuthProblem; origin: string; clientId: string; cloud: EntraCloudId }) {
  if (problem.fix === "register") return <RegistrationCommands origin={origin} cloud={cloud} />;
  if (problem.fix && clientId) return <FixCommands kind={problem.fix} origin={origin} clientId={clientId} cloud={cloud} />;
  return null;
}

/** Text pasted from Microsoft's error page, explained with the fix for this address. */
function ErrorDiagnosis({ origin, cloud }: { origin: string; cloud: EntraCloudId }) {
  const config = useConfig();
  const [text, setText] = useState("");
  const problem = /AADSTS\d+/.test(text) ? describeAuthError({ message: text }, { ...config, origin }) : null;
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <summary className="cursor-pointer text-sm font-semibold text-slate-900">
        Did Microsoft&apos;s sign-in page show an error (AADSTS…)?
      </summary>
      <div className="mt-3 space-y-3 text-sm">
        <label className="block">
          <span className="text-slate-700">Paste the error text from Microsoft&apos;s page</span>
          <textarea
            className="mt-1 block w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
            rows={3}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        {text && !problem ? <p className="text-slate-600">No AADSTS code in that text yet.</p> : null}
        {problem ? (
          <div className="space-y-3" aria-label="Diagnosis">
            <Alert tone={problem.kind === "other" ? "warning" : "error"} title={problem.title}>
              <p>{problem.detail}</p>
              <p>
                <strong>Next step:</strong> {problem.nextStep}
              </p>
              {problem.code ? <p className="font-mono text-xs">Code: {problem.code}</p> : null}
            </Alert>
            <ProblemFix problem={problem} origin={origin} clientId={config.clientId} cloud={cloud} />
          </div>
        ) : null}
      </div>
    </details>
  );
}

export function WizardRegistration() {
  const config = useConfig();
  const session = useSession();
  const pageOrigin = useOrigin();
  if (config.mode !== "tenant" || pageOrigin === null) return null;
  const checked = checkedOrigin(pageOrigin);
  if ("error" in checked) {
    return (
      <Alert tone="error" title="The wizard cannot be registered for this address">
        <p>{checked.error}</p>
      </Alert>
    );
  }
  const { origin } = checked;
  const cloud = config.cloud ?? "global";
  const problem = session.problem;
  return (
    <div className="space-y-5">
      {needsRegistration(config) ? (
        <RegistrationCommands origin={origin} cloud={cloud} />
      ) : problem?.fix ? (
        <ProblemFix problem={problem} origin={origin} clientId={config.clientId} cloud={cloud} />
      ) : null}
      {session.status === "signed-in" ? null : <ErrorDiagnosis origin={origin} cloud={cloud} />}
    </div>
  );
}
