"use client";

import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { useSession } from "@/components/auth/session-context";
import { useMyRoles } from "@/components/graph/use-my-roles";
import { JOBS, jobAccess, ROLE_SCOPES, type Job } from "@/lib/auth/jobs";
import { DIRECTORY_ROLES } from "@/lib/connectors/microsoft-ids";
import type { JobContext } from "./job-gate";

/**
 * The signed-in part of a job page's gate: the directory roles read from Graph, and what they allow. Its own chunk
 * (JobGate loads it once someone is signed in), so the Graph client is not part of a signed-out page.
 */
export function JobRoles({ job, children, denied }: { job: Job; children: (context: JobContext) => ReactNode; denied?: () => ReactNode }) {
  const session = useSession();
  const spec = JOBS[job];
  const roles = useMyRoles(ROLE_SCOPES);

  if (roles.status === "loading") return <p className="text-slate-600">Reading your directory roles…</p>;
  // A sign-in problem (shown above every page) explains a failed token already; otherwise show Graph's answer.
  if (roles.status === "error") return session.problem ? null : <GraphErrorAlert error={roles.error} onRetry={roles.reload} />;

  const access = jobAccess(job, roles.roles);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="my-roles">
        <span>Your directory roles:</span>
        {roles.roles.length ? (
          roles.roles.map((role) => (
            <Badge key={role} tone="blue">
              {DIRECTORY_ROLES[role].displayName}
            </Badge>
          ))
        ) : (
          <Badge>None</Badge>
        )}
      </div>
      {access.kind === "denied" ? (
        <>
          <Alert tone="error" title={`You cannot ${spec.title.toLowerCase()} with this account`}>
            <p>{access.message}</p>
          </Alert>
          {denied?.()}
        </>
      ) : null}
      {access.kind === "limited" ? (
        <Alert tone="warning" title="Your roles limit what you can do here">
          <p>{access.message}</p>
        </Alert>
      ) : null}
      {access.kind !== "denied" ? children({ access, roles: roles.roles }) : null}
    </div>
  );
}
