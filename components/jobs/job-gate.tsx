"use client";

import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { useConfig, useSession } from "@/components/auth/session-context";
import { useMyRoles } from "@/components/graph/use-my-roles";
import { JOBS, jobAccess, ROLE_SCOPES, type Job, type JobAccess } from "@/lib/auth/jobs";
import { wrongTenantProblem } from "@/lib/auth/problems";
import { isSingleTenant } from "@/lib/config";
import { DIRECTORY_ROLES, type DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import { isGuid } from "@/lib/text/guid";

export interface JobContext {
  access: JobAccess;
  roles: DirectoryRoleKey[];
}

/**
 * Gate for a job page: signed in, in the right tenant, with the directory roles
 * read from Graph. A missing role is explained (who must do what); a limited
 * job still renders so the page can offer what the user can do.
 */
export function JobGate({
  job,
  returnTo,
  children,
  denied,
}: {
  job: Job;
  /** Where sign-in lands (a path with its query, e.g. a link to one connector); the job's page by default. */
  returnTo?: string;
  children: (context: JobContext) => ReactNode;
  /** Shown under the "you cannot" message when the user's roles do not allow the job (e.g. who can). */
  denied?: () => ReactNode;
}) {
  const session = useSession();
  const config = useConfig();
  const spec = JOBS[job];
  const roles = useMyRoles(ROLE_SCOPES);

  if (session.status === "initializing") return <p className="text-slate-600">Checking sign-in…</p>;
  if (!session.account) {
    return (
      <Card title={spec.title}>
        <p className="mb-4 text-sm text-slate-700">
          Sign in as {spec.who}. This page will ask Microsoft for these delegated permissions, and no others:
        </p>
        <ul className="mb-4 space-y-1 text-sm">
          {spec.scopes.map((scope) => (
            <li key={scope}>
              <code className="font-mono text-xs">{scope}</code>: {spec.scopeReasons[scope as keyof typeof spec.scopeReasons]}
            </li>
          ))}
        </ul>
        <Button onClick={() => void session.signIn(returnTo ?? spec.path)}>Sign in</Button>
      </Card>
    );
  }
  if (config.mode === "tenant" && isSingleTenant(config) && isGuid(config.tenant) && session.account.tenantId !== config.tenant) {
    const problem = wrongTenantProblem(session.account.tenantId, config.tenant);
    return (
      <Alert tone="error" title={problem.title}>
        <p>{problem.detail}</p>
        <p>
          <strong>Next step:</strong> {problem.nextStep}
        </p>
      </Alert>
    );
  }
  if (roles.status === "loading") return <p className="text-slate-600">Reading your directory roles…</p>;
  // A sign-in problem (shown above every page) explains a failed token already; otherwise show Graph's answer.
  if (roles.status === "error") return session.problem ? null : <GraphErrorAlert error={roles.error} onRetry={roles.reload} />;

  const access = jobAccess(job, roles.roles);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="my-roles">
        <span>Your directory roles:</span>
        {roles.roles.length ? roles.roles.map((role) => <Badge key={role} tone="blue">{DIRECTORY_ROLES[role].displayName}</Badge>) : <Badge>None</Badge>}
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
