"use client";

import Link from "next/link";
import { IdValue } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { connectorNames, statusHref } from "@/lib/tenant/board";
import { consentHref } from "@/lib/tenant/consent";
import { grantKey, type GrantAudit } from "@/lib/tenant/grant-audit";
import type { AppSignInEvidence, SignInEvidence as Evidence } from "@/lib/tenant/sign-in-evidence";
import { FIXERS, type ConnectorStatus } from "@/lib/tenant/status";
import { teamsStepHref } from "@/lib/tenant/teams-policy";
import { SignInEvidence } from "./sign-in-evidence";
import { CheckMark, StateBadge } from "./state-badge";
import { TestCalls } from "./test-calls";

function platformOf(status: ConnectorStatus): "gcp" | "aws" | null {
  const issuer = status.app?.credentials[0]?.issuer ?? "";
  return issuer.includes("google") ? "gcp" : issuer.includes("cognito") ? "aws" : null;
}

/** One connector application on the board: its state, why, who fixes it, and every check. */
export function ConnectorCard({
  status,
  signIns,
  grantAudit,
  readAt,
  origin,
  userGuid,
}: {
  status: ConnectorStatus;
  signIns: Evidence;
  grantAudit: GrantAudit;
  readAt: string;
  origin: string;
  userGuid?: string;
}) {
  const app = status.app;
  const shareUrl = `${origin}${statusHref(status.environmentId, status.connectorIds[0])}`;
  const evidence: AppSignInEvidence | undefined = app && signIns.status === "ok" ? signIns.byAppId[app.application.appId] : undefined;
  const sp = app?.servicePrincipal;
  const by = (appRoleId: string) =>
    sp && grantAudit.status === "ok" ? grantAudit.byAssignment[grantKey(sp.id, appRoleId)]?.by : undefined;
  const warnings = status.checks.filter((check) => check.state === "warn");
  const headingId = `connector-${status.environmentId || "none"}-${status.key}`;
  return (
    <article
      aria-labelledby={headingId}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
      data-testid="connector-status"
      data-state={status.state}
    >
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 id={headingId} className="text-base font-semibold text-slate-900">
            {connectorNames(status.connectorIds)}
            {app?.shared ? <span className="ml-2 text-sm font-normal text-slate-600">(shared application)</span> : null}
          </h3>
          <p className="break-words text-sm text-slate-600">{status.displayName}</p>
        </div>
        <StateBadge state={status.state} />
      </header>

      {status.state !== "ready" ? (
        <dl className="mt-3 grid gap-x-3 gap-y-1 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="font-medium text-slate-700">What is wrong</dt>
          <dd data-testid="status-reason">{status.reason}</dd>
          <dt className="font-medium text-slate-700">Next action</dt>
          <dd data-testid="status-next">{status.nextAction}</dd>
          {status.who ? (
            <>
              <dt className="font-medium text-slate-700">Who</dt>
              <dd data-testid="status-who">
                {FIXERS[status.who].title} ({FIXERS[status.who].roles})
              </dd>
            </>
          ) : null}
          {status.alsoFailing.length ? (
            <>
              <dt className="font-medium text-slate-700">Also needed</dt>
              <dd>
                <ul className="space-y-1" data-testid="status-also">
                  {status.alsoFailing.map((check) => (
                    <li key={check.id} className="break-words">
                      <span className="font-medium">{check.label}:</span> {check.detail}
                      {check.fix ? ` (${FIXERS[check.fix.who].title}: ${check.fix.action})` : ""}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      ) : warnings.length === 0 ? (
        <p className="mt-3 text-sm text-green-900">Everything the wizard can check is in place.</p>
      ) : null}
      {warnings.length ? (
        <ul className="mt-3 space-y-1 text-sm" aria-label="Warnings" data-testid="status-warnings">
          {warnings.map((check) => (
            <li key={check.id} className="flex gap-2">
              <CheckMark state="warn" />
              <span className="min-w-0 break-words">
                <span className="font-medium">{check.label}:</span> {check.detail}
              </span>
            </li>
          ))}
        </ul>
      ) : null}

      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm print:hidden">
        {/* Consent needs the service principal: until setup made it, the card's own check says so instead. */}
        {status.app?.servicePrincipal && (status.granted.missing.length || status.granted.extra.length) ? (
          <span className="inline-flex items-center gap-2">
            <Link
              className="text-blue-800 underline"
              href={consentHref({ environmentId: status.environmentId, connectorIds: status.connectorIds })}
            >
              Consent page
            </Link>
            <CopyButton
              value={`${origin}${consentHref({ environmentId: status.environmentId, connectorIds: status.connectorIds })}`}
              label={`consent page link for ${connectorNames(status.connectorIds)}`}
            />
          </span>
        ) : null}
        {status.connectorIds.includes("msft-teams") ? (
          <Link className="text-blue-800 underline" href={teamsStepHref(status.environmentId)}>
            Open the Teams step
          </Link>
        ) : null}
        <span className="inline-flex items-center gap-2">
          <Link className="text-blue-800 underline" href={statusHref(status.environmentId, status.connectorIds[0])}>
            Link to this connector
          </Link>
          <CopyButton value={shareUrl} label={`link to ${connectorNames(status.connectorIds)} status`} />
        </span>
      </div>

      <details className="mt-3 print:hidden">
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Checks, ids and sign-ins</summary>
        <ul className="mt-2 space-y-1.5 text-sm" aria-label="Checks">
          {status.checks.map((check) => (
            <li key={check.id} className="flex gap-2" data-check={check.id} data-check-state={check.state}>
              <CheckMark state={check.state} />
              <span className="min-w-0 break-words">
                <span className="font-medium">{check.label}:</span> {check.detail}
                {check.state !== "ok" && check.fix ? (
                  <span className="block text-slate-600">
                    → {check.fix.action} ({FIXERS[check.fix.who].title})
                  </span>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
        {app ? (
          <div className="mt-3 space-y-1">
            <IdValue label="Client id" value={app.application.appId} />
            <IdValue label="Object id" value={app.application.id} />
            {app.servicePrincipal ? <IdValue label="Service principal id" value={app.servicePrincipal.id} /> : null}
          </div>
        ) : null}
        {status.grants.length ? (
          <div className="mt-3 text-sm">
            <h4 className="font-medium text-slate-800">Grants</h4>
            <ul className="mt-1 list-disc pl-5 text-slate-700">
              {status.granted.present.map((ref) => {
                const grant = status.grants.find((g) => g.appRoleId.toLowerCase() === ref.id.toLowerCase());
                return (
                  <li key={ref.id}>
                    {ref.permission}
                    {grant?.createdDateTime ? (
                      <span className="text-slate-500">
                        {" "}
                        (granted {grant.createdDateTime}
                        {by(ref.id) ? ` by ${by(ref.id)}` : ""})
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
        <div className="mt-3">
          <h4 className="mb-1 text-sm font-medium text-slate-800">Sign-ins</h4>
          <SignInEvidence
            evidence={evidence}
            unavailable={signIns.status === "unavailable" ? signIns : undefined}
            now={Date.parse(readAt)}
          />
        </div>
        <div className="mt-3 space-y-3">
          {status.connectorIds.map((connectorId) => (
            <TestCalls key={connectorId} connectorId={connectorId} platform={platformOf(status)} userGuid={userGuid} />
          ))}
        </div>
      </details>
    </article>
  );
}
