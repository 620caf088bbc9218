"use client";

import Link from "next/link";
import { useState } from "react";
import { useSession } from "@/components/auth/session-context";
import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { useGraphClient } from "@/components/graph/use-graph";
import { useLiveRead } from "@/components/graph/use-live-read";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CONSENT_GRANT_SCOPES, scopesForJob } from "@/lib/auth/jobs";
import type { ConnectorId } from "@/lib/connectors";
import { permissionInPlainWords } from "@/lib/connectors/permission-words";
import { adminConsentPortalUrl } from "@/lib/exports/consent";
import { connectorNames } from "@/lib/tenant/board";
import {
  consentHref,
  extraGrants,
  grantPermissions,
  missingGrants,
  revokeGrant,
  type ExtraGrant,
  type GrantReport,
  type GrantTarget,
} from "@/lib/tenant/consent";
import { grantKey as key, readGrantAudit, type GrantAudit } from "@/lib/tenant/grant-audit";
import { readTenantSnapshot } from "@/lib/tenant/snapshot";
import { snapshotStatus, type ConnectorStatus } from "@/lib/tenant/status";

const READ_SCOPES = scopesForJob("consent");
/** Re-check every 10 s while open, backing off to 2 min while nothing changes; and on window focus. */
const POLL = { baseMs: 10_000, maxMs: 120_000 };

const time = (date: Date | null) => (date ? date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "");

interface Reading {
  graphResourceId: string;
  statuses: ConnectorStatus[];
  audit: GrantAudit;
}

/** What each connector application needs, what it has, and the buttons that grant exactly the difference. */
export function ConsentBoard({
  environmentId,
  connectorIds,
  showPortalLinks,
}: {
  environmentId?: string;
  connectorIds: ConnectorId[];
  showPortalLinks: boolean;
}) {
  const session = useSession();
  const readClient = useGraphClient(READ_SCOPES);
  const grantClient = useGraphClient(CONSENT_GRANT_SCOPES);
  const reading = useLiveRead(
    `consent:${session.account?.objectId ?? ""}:${environmentId ?? "*"}`,
    async (): Promise<Reading> => {
      const snapshot = await readTenantSnapshot(readClient, environmentId === undefined ? {} : { environmentId });
      const statuses = snapshotStatus(snapshot, new Date()).filter(
        (s) => connectorIds.length === 0 || s.connectorIds.some((id) => connectorIds.includes(id)),
      );
      const spIds = statuses.flatMap((s) => (s.app?.servicePrincipal ? [s.app.servicePrincipal.id] : []));
      // Who granted what comes from the directory audit log, where readable; a third round trip, after the grants are known.
      return {
        graphResourceId: snapshot.graphResource.id,
        statuses,
        audit: spIds.length ? await readGrantAudit(readClient, spIds) : { status: "ok", byAssignment: {} },
      };
    },
    { enabled: session.status === "signed-in", poll: POLL },
  );
  /** Grants written by this page that the tenant may not show yet (replication): never sent twice. */
  const [pending, setPending] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<GrantReport | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<ExtraGrant | null>(null);

  if (reading.status === "loading")
    return (
      <p role="status" className="text-slate-600">
        Reading the connector applications and what is granted…
      </p>
    );
  if (reading.status === "error" || !reading.data) return <GraphErrorAlert error={reading.error} onRetry={reading.reload} />;
  const data = reading.data;

  const shownAsGranted = (spId: string, appRoleId: string) => pending.has(key(spId, appRoleId));
  const stillMissing = (targets: GrantTarget[]) =>
    targets
      .map((target) => ({
        ...target,
        permissions: target.permissions.filter((p) => !shownAsGranted(target.clientServicePrincipalId, p.id)),
      }))
      .filter((target) => target.permissions.length > 0);
  const allMissing = stillMissing(missingGrants(data.statuses));
  const missingCount = allMissing.reduce((n, t) => n + t.permissions.length, 0);
  const withoutSp = data.statuses.filter((s) => !s.app?.servicePrincipal);

  async function grant(targets: GrantTarget[]) {
    setBusy(true);
    setReport(null);
    setFailure(null);
    try {
      const result = await grantPermissions(grantClient, data.graphResourceId, targets);
      const failed = new Set(result.failed.map((f) => `${f.label}/${f.permission}`));
      setPending((current) => {
        const next = new Set(current);
        for (const target of targets)
          for (const p of target.permissions)
            if (!failed.has(`${target.label}/${p.permission}`)) next.add(key(target.clientServicePrincipalId, p.id));
        return next;
      });
      setReport(result);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
      reading.reload();
    }
  }

  async function remove(grantToRemove: ExtraGrant) {
    setBusy(true);
    setFailure(null);
    try {
      await revokeGrant(grantClient, data.graphResourceId, grantToRemove);
      setConfirming(null);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
      reading.reload();
    }
  }

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm">
        <p role="status" aria-live="polite" data-testid="consent-last-checked">
          {reading.reading ? "Checking now…" : `Last checked ${time(reading.readAt)}`}
          {!reading.reading && reading.nextReadAt ? (
            <span className="text-slate-500">; next check at {time(reading.nextReadAt)}</span>
          ) : null}
        </p>
        <div className="flex flex-wrap gap-2">
          {/* Never disabled, so a keyboard user's focus stays on it while the page reads; a press then adds nothing. */}
          <Button
            variant="secondary"
            onClick={() => {
              if (!reading.reading) reading.reload();
            }}
          >
            Check now
          </Button>
          {/* One press grants what is missing in the environment the link names; across every environment, per card only. */}
          {environmentId !== undefined && (missingCount > 0 || busy) ? (
            <Button onClick={() => void grant(allMissing)} disabled={busy}>
              {busy ? "Granting…" : `Grant all missing (${missingCount})`}
            </Button>
          ) : null}
        </div>
      </div>

      {environmentId === undefined && data.statuses.length > 0 ? <EnvironmentLinks statuses={data.statuses} /> : null}

      {data.audit.status === "unavailable" && data.statuses.some((s) => s.grants.length) ? (
        <p className="text-xs text-slate-500">
          Grants show when they were made; who made them is not shown here:{" "}
          {data.audit.reason === "scope"
            ? "this page does not ask for the audit log permission (AuditLog.Read.All) it would take. The status board, read by support, shows who granted each permission."
            : data.audit.message}
        </p>
      ) : null}
      {failure ? <GraphErrorAlert error={failure} /> : null}
      {report ? <GrantResult report={report} /> : null}

      {data.statuses.length === 0 ? (
        <Alert tone="warning" title="No connector applications found">
          <p>
            Nothing to grant{environmentId !== undefined ? ` in environment “${environmentId || "(none)"}”` : ""}: the IT admin has not
            created the applications yet, or the link names another environment. Ask them for a fresh link from their results page.
          </p>
        </Alert>
      ) : missingCount === 0 && withoutSp.length === 0 ? (
        <Alert tone="success" title="Everything required is granted">
          <p>
            Consent can take a few minutes to reach the proxy. Meanwhile its Graph calls may fail with{" "}
            <code>Authorization_IdentityNotFound</code>, then with <code>Authorization_RequestDenied</code> while it still uses a token from
            before consent (tokens last about an hour). If <code>Authorization_RequestDenied</code> persists, Psoxy&apos;s docs advise
            redeploying the proxy so it gets a new token.
          </p>
        </Alert>
      ) : null}

      {data.statuses.map((status) => (
        <ConsentCard
          key={status.app?.application.id ?? status.key}
          status={status}
          audit={data.audit}
          pending={pending}
          busy={busy}
          onGrant={(target) => void grant(stillMissing([target]))}
          confirming={confirming}
          onAskRemove={setConfirming}
          onRemove={(g) => void remove(g)}
          showPortalLink={showPortalLinks}
        />
      ))}
    </div>
  );
}

/** Without an environment in the link, the page lists every one: each opens on its own, with its own "Grant all missing". */
function EnvironmentLinks({ statuses }: { statuses: readonly ConnectorStatus[] }) {
  const byEnvironment = new Map<string, ConnectorId[]>();
  for (const status of statuses)
    byEnvironment.set(status.environmentId, [...(byEnvironment.get(status.environmentId) ?? []), ...status.connectorIds]);
  return (
    <nav aria-label="Environments" className="rounded-md border border-slate-200 bg-white p-3 text-sm text-slate-700">
      <p>
        This page shows every environment in your tenant, so it grants per application only. To grant everything one environment is missing
        at once, open it (or the link your IT admin shared):
      </p>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
        {[...byEnvironment].map(([environment, ids]) => (
          <li key={environment || "(none)"}>
            <Link className="text-blue-800 underline" href={consentHref({ environmentId: environment, connectorIds: [...new Set(ids)] })}>
              {environment ? `Environment ${environment}` : "No environment suffix"}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function GrantResult({ report }: { report: GrantReport }) {
  return (
    <div className="space-y-3" data-testid="grant-result">
      {report.granted + report.alreadyGranted > 0 ? (
        <Alert tone="success" title={`Granted ${report.granted} permission${report.granted === 1 ? "" : "s"}`}>
          {report.alreadyGranted ? <p>{report.alreadyGranted} were granted already; nothing was written for them.</p> : null}
          <p>Entra can take a moment to show new grants; this page checks again on its own.</p>
        </Alert>
      ) : null}
      {report.failed.map((failure) => (
        <div key={`${failure.label}/${failure.permission}`}>
          <p className="mb-1 text-sm font-medium text-red-800">
            {failure.permission} for {failure.label} was not granted. Press the button again to grant only what is still missing.
          </p>
          <GraphErrorAlert error={failure.error} />
        </div>
      ))}
    </div>
  );
}

function ConsentCard({
  status,
  audit,
  pending,
  busy,
  onGrant,
  confirming,
  onAskRemove,
  onRemove,
  showPortalLink,
}: {
  status: ConnectorStatus;
  audit: GrantAudit;
  pending: Set<string>;
  busy: boolean;
  onGrant: (target: GrantTarget) => void;
  confirming: ExtraGrant | null;
  onAskRemove: (grant: ExtraGrant | null) => void;
  onRemove: (grant: ExtraGrant) => void;
  showPortalLink: boolean;
}) {
  const sp = status.app?.servicePrincipal;
  const app = status.app?.application;
  const headingId = `consent-${status.environmentId || "none"}-${status.key}`;
  const isPending = (id: string) => Boolean(sp && pending.has(key(sp.id, id)));
  const missing = status.granted.missing.filter((ref) => !isPending(ref.id));
  const extras = extraGrants(status);
  return (
    <article
      aria-labelledby={headingId}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
      data-testid="consent-app"
    >
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 id={headingId} className="text-base font-semibold text-slate-900">
            {connectorNames(status.connectorIds)}
          </h3>
          <p className="break-words text-sm text-slate-600">
            {status.displayName}
            {status.environmentId ? ` · environment ${status.environmentId}` : ""}
          </p>
        </div>
        {sp ? (
          <Button
            variant="secondary"
            disabled={busy || missing.length === 0}
            onClick={() => onGrant({ label: status.displayName, clientServicePrincipalId: sp.id, permissions: missing })}
          >
            {missing.length ? `Grant ${missing.length} missing` : "Nothing missing"}
          </Button>
        ) : null}
      </header>

      {!sp ? (
        <Alert tone="warning" title="Nothing can be granted yet">
          <p>
            This application has no service principal in your tenant. The IT admin (Cloud Application Administrator) must finish setup
            first; this page then shows it.
          </p>
        </Alert>
      ) : null}

      <ul className="mt-3 divide-y divide-slate-100 text-sm" aria-label={`Permissions of ${connectorNames(status.connectorIds)}`}>
        {[...status.granted.present, ...status.granted.missing]
          .sort((a, b) => a.permission.localeCompare(b.permission))
          .map((ref) => {
            const grant = status.grants.find((g) => g.appRoleId.toLowerCase() === ref.id.toLowerCase());
            const who = sp ? (audit.status === "ok" ? audit.byAssignment[key(sp.id, ref.id)] : undefined) : undefined;
            const state = grant ? "granted" : isPending(ref.id) ? "pending" : "missing";
            return (
              <li
                key={ref.id}
                className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2"
                data-permission={ref.permission}
                data-grant-state={state}
              >
                <span className="w-full shrink-0 break-all font-mono text-xs text-slate-900 sm:w-56">{ref.permission}</span>
                <span className="min-w-0 flex-1 text-slate-700">{permissionInPlainWords(ref.permission)}</span>
                <span className="shrink-0">
                  {state === "granted" ? (
                    <Badge tone="green">
                      Granted{grant?.createdDateTime ? ` ${grant.createdDateTime.slice(0, 10)}` : ""}
                      {who ? ` by ${who.by}` : ""}
                    </Badge>
                  ) : state === "pending" ? (
                    <Badge tone="blue">Granted just now</Badge>
                  ) : sp ? (
                    <Badge tone="amber">Missing</Badge>
                  ) : (
                    <Badge tone="amber">Missing: after setup</Badge>
                  )}
                </span>
              </li>
            );
          })}
        {extras.map((extra) => (
          <li
            key={extra.assignmentId}
            className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2"
            data-permission={extra.permission}
            data-grant-state="extra"
          >
            <span className="w-full shrink-0 break-all font-mono text-xs text-slate-900 sm:w-56">{extra.permission}</span>
            <span className="min-w-0 flex-1 text-slate-700">
              Granted but no longer required by this connector. Nothing removes it unless you do.
            </span>
            <span className="flex shrink-0 flex-wrap items-center gap-2">
              <Badge tone="purple">Not required</Badge>
              {confirming?.assignmentId === extra.assignmentId ? (
                <>
                  <Button variant="danger" disabled={busy} onClick={() => onRemove(extra)}>
                    Remove {extra.permission}
                  </Button>
                  <Button variant="ghost" onClick={() => onAskRemove(null)}>
                    Keep it
                  </Button>
                </>
              ) : (
                <Button variant="secondary" disabled={busy} onClick={() => onAskRemove(extra)}>
                  Remove…
                </Button>
              )}
            </span>
          </li>
        ))}
      </ul>

      {showPortalLink && app ? (
        <p className="mt-3 text-sm text-slate-600">
          Prefer Microsoft&apos;s own page?{" "}
          <a className="text-blue-800 underline" href={adminConsentPortalUrl(app.appId)} target="_blank" rel="noopener noreferrer">
            Open this app&apos;s API permissions in the Entra admin center
          </a>{" "}
          and choose “Grant admin consent”.
        </p>
      ) : null}
    </article>
  );
}
