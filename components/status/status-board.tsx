"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useSession } from "@/components/auth/session-context";
import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { useGraphClient } from "@/components/graph/use-graph";
import { useLiveRead } from "@/components/graph/use-live-read";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { downloadText } from "@/components/ui/download";
import { scopesForJob } from "@/lib/auth/jobs";
import { statusReportFileName, statusReportText } from "@/lib/exports/status-report";
import {
  connectorNames,
  filterStatuses,
  readStatusBoard,
  statusChanges,
  statusHref,
  type BoardFilter,
  type StatusBoard as Board,
} from "@/lib/tenant/board";
import { FIXERS, OVERALL_LABELS, type ConnectorStatus, type OverallState } from "@/lib/tenant/status";
import { ConnectorCard } from "./connector-card";
import { StateBadge } from "./state-badge";

const SUPPORT_SCOPES = scopesForJob("support");
/** Re-read every 20 s while open, backing off to 5 min while nothing changes; and on window focus. */
const POLL = {
  baseMs: 20_000,
  maxMs: 300_000,
  same: (a: unknown, b: unknown) => JSON.stringify((a as Board).statuses) === JSON.stringify((b as Board).statuses),
};

const time = (date: Date | null) => (date ? date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "");
const envTitle = (environmentId: string) => (environmentId ? `Environment “${environmentId}”` : "No environment suffix");

function groupByEnvironment(statuses: readonly ConnectorStatus[]) {
  const groups = new Map<string, ConnectorStatus[]>();
  for (const status of statuses) groups.set(status.environmentId, [...(groups.get(status.environmentId) ?? []), status]);
  return [...groups.entries()];
}

function counts(statuses: readonly ConnectorStatus[]) {
  const order: OverallState[] = ["broken", "needs-action", "needs-consent", "ready"];
  return order.map((state) => [state, statuses.filter((s) => s.state === state).length] as const).filter(([, n]) => n > 0);
}

/** Support's read-only board: every connector's true state, live. */
export function StatusBoard({ filter }: { filter: BoardFilter }) {
  const session = useSession();
  const client = useGraphClient(SUPPORT_SCOPES);
  const board = useLiveRead(`board:${session.account?.objectId ?? ""}`, () => readStatusBoard(client), {
    enabled: session.status === "signed-in",
    poll: POLL,
  });
  const changes = useMemo(
    () => (board.data && board.previous ? statusChanges(board.previous.statuses, board.data.statuses) : []),
    [board.data, board.previous],
  );
  const origin = typeof window === "undefined" ? "" : window.location.origin;

  if (board.status === "loading")
    return (
      <p className="text-slate-600" role="status">
        Reading every connector application in your tenant…
      </p>
    );
  if (board.status === "error" || !board.data) return <GraphErrorAlert error={board.error} onRetry={board.reload} />;

  const data = board.data;
  const shown = filterStatuses(data.statuses, filter);
  const filtered = filter.environmentId !== undefined || filter.connectorId !== undefined;
  const tenantId = session.account?.tenantId ?? "";

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm print:hidden">
        <p role="status" aria-live="polite" data-testid="last-checked">
          {board.reading ? "Checking now…" : `Last checked ${time(board.readAt)}`}
          {!board.reading && board.nextReadAt ? (
            <span className="text-slate-500">; next check at {time(board.nextReadAt)} (and when you come back to this window)</span>
          ) : null}
        </p>
        <div className="flex flex-wrap gap-2">
          {/* Never disabled, so a keyboard user's focus stays on it while the page reads; a press then adds nothing. */}
          <Button
            variant="secondary"
            onClick={() => {
              if (!board.reading) board.reload();
            }}
          >
            Check now
          </Button>
          <Button variant="secondary" onClick={() => downloadText(statusReportFileName(data.readAt), statusReportText(data, tenantId))}>
            Download JSON
          </Button>
          <Button variant="secondary" onClick={() => window.print()}>
            Print summary
          </Button>
        </div>
      </div>

      {board.error ? <GraphErrorAlert error={board.error} onRetry={board.reload} /> : null}

      {changes.length ? (
        <Alert tone="info" title="Changed since the last check">
          <ul className="list-disc pl-5" data-testid="status-changes">
            {changes.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
        </Alert>
      ) : null}

      {data.signIns.status === "unavailable" ? (
        <Alert tone="info" title="Sign-ins are not shown">
          <p>{data.signIns.message}</p>
        </Alert>
      ) : null}

      {filtered ? (
        <p className="text-sm print:hidden">
          Showing {filter.connectorId ? connectorNames([filter.connectorId]) : "every connector"}
          {filter.environmentId !== undefined ? ` in ${envTitle(filter.environmentId).toLowerCase()}` : ""}.{" "}
          <Link className="text-blue-800 underline" href="/status">
            Show all connectors
          </Link>
        </p>
      ) : null}

      {/* Printed first (hidden on screen): the one-page summary, then every card in detail. */}
      <PrintSummary statuses={shown} readAt={data.readAt} />

      {data.statuses.length === 0 ? (
        <Alert tone="info" title="No Psoxy connector applications in this tenant">
          <p>
            Nothing named “Psoxy Connector - …” or tagged by this wizard exists yet. The IT admin (Cloud Application Administrator) creates
            them with the setup wizard; this board then shows each one.
          </p>
        </Alert>
      ) : shown.length === 0 ? (
        <Alert tone="warning" title="Nothing matches this link">
          <p>
            No connector application matches it (it may have been deleted or renamed). Show all connectors to see what the tenant holds.
          </p>
        </Alert>
      ) : null}

      {groupByEnvironment(shown).map(([environmentId, statuses]) => (
        <section key={environmentId} aria-labelledby={`env-${environmentId || "none"}`} className="space-y-3">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={`env-${environmentId || "none"}`} className="text-lg font-semibold text-slate-900">
              {envTitle(environmentId)}
            </h2>
            {counts(statuses).map(([state, n]) => (
              <span key={state} className="inline-flex items-center gap-1 text-sm text-slate-600">
                <StateBadge state={state} /> {n}
              </span>
            ))}
            <Link className="text-sm text-blue-800 underline print:hidden" href={statusHref(environmentId)}>
              Link to this environment
            </Link>
          </div>
          <div className="grid grid-cols-1 gap-3">
            {statuses.map((status) => (
              <ConnectorCard
                key={status.app?.application.id ?? status.key}
                status={status}
                signIns={data.signIns}
                grantAudit={data.grantAudit}
                readAt={data.readAt}
                origin={origin}
                userGuid={session.account?.objectId}
              />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

/** What the printout shows: one line per connector with state, reason, next action and who. */
function PrintSummary({ statuses, readAt }: { statuses: readonly ConnectorStatus[]; readAt: string }) {
  return (
    <section className="hidden print:block" aria-hidden>
      <h2 className="text-lg font-semibold">Summary, read from the tenant {new Date(readAt).toLocaleString()}</h2>
      <table className="mt-2 w-full border-collapse text-left text-xs [&_td]:border [&_td]:border-slate-300 [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:border-slate-300 [&_th]:px-2 [&_th]:py-1">
        <thead>
          <tr>
            <th>Environment</th>
            <th>Connector</th>
            <th>State</th>
            <th>What is wrong / next action</th>
            <th>Who</th>
          </tr>
        </thead>
        <tbody>
          {statuses.map((status) => (
            <tr key={status.app?.application.id ?? status.key} className="align-top">
              <td>{status.environmentId || "(none)"}</td>
              <td>{connectorNames(status.connectorIds)}</td>
              <td>{OVERALL_LABELS[status.state]}</td>
              <td>{status.state === "ready" ? "" : `${status.reason} → ${status.nextAction}`}</td>
              <td>{status.who ? FIXERS[status.who].title : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
