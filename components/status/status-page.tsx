"use client";

import dynamic from "next/dynamic";
import { JobGate } from "@/components/jobs/job-gate";
import { Alert } from "@/components/ui/alert";
import type { BoardFilter } from "@/lib/tenant/board";

// The board (the tenant snapshot, the status rules, the Graph client) loads once someone is signed in.
const loadBoard = () => import("./status-board");
const StatusBoard = dynamic(() => import("./status-board").then((m) => m.StatusBoard), {
  loading: () => <p className="text-slate-600">Loading the status board…</p>,
});

/** Support's job page: sign-in with read-only scopes and the role check, then the board. */
export function StatusPage({ filter }: { filter: BoardFilter }) {
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Connector status</h1>
        <p className="max-w-3xl text-slate-700">
          The true state of every Psoxy connector application in your tenant, read live from Microsoft Graph: what is in place, what is
          wrong, and who must fix it. Read-only: this page never changes anything.
        </p>
      </div>
      {filter.ignored?.length ? (
        <Alert tone="warning" title="Part of the link was not used">
          {filter.ignored.map((note) => (
            <p key={note}>{note}</p>
          ))}
        </Alert>
      ) : null}
      <JobGate job="support" prefetch={loadBoard}>
        {() => <StatusBoard filter={filter} />}
      </JobGate>
    </div>
  );
}
