"use client";

import { JobGate } from "@/components/jobs/job-gate";
import type { BoardFilter } from "@/lib/tenant/board";
import { StatusBoard } from "./status-board";

/** Support's job page: sign-in with read-only scopes and the role check, then the board. */
export function StatusPage({ filter }: { filter: BoardFilter }) {
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Connector status</h1>
        <p className="max-w-3xl text-slate-700">
          The true state of every Psoxy connector application in your tenant, read live from Microsoft Graph: what is in place, what is wrong, and who
          must fix it. Read-only: this page never changes anything.
        </p>
      </div>
      <JobGate job="support">{() => <StatusBoard filter={filter} />}</JobGate>
    </div>
  );
}
