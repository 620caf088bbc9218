"use client";

import dynamic from "next/dynamic";
import { useEffect, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useConfig, useSession, useSessionReady } from "@/components/auth/session-context";
import { JOBS, type Job, type JobAccess } from "@/lib/auth/jobs";
import { wrongTenantProblem } from "@/lib/auth/problems";
import { isSingleTenant } from "@/lib/config";
import type { DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import { isGuid } from "@/lib/text/guid";

// The signed-in part (roles read through the Graph client) loads once someone is signed in.
const JobRoles = dynamic(() => import("./job-roles").then((m) => m.JobRoles), {
  loading: () => <p className="text-slate-600">Reading your directory roles…</p>,
});

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
  prefetch,
}: {
  job: Job;
  /** Where sign-in lands (a path with its query, e.g. a link to one connector); the job's page by default. */
  returnTo?: string;
  children: (context: JobContext) => ReactNode;
  /** Shown under the "you cannot" message when the user's roles do not allow the job (e.g. who can). */
  denied?: () => ReactNode;
  /** The page's signed-in code (a dynamic import), fetched as soon as someone is signed in, beside the roles. */
  prefetch?: () => Promise<unknown>;
}) {
  const session = useSession();
  const config = useConfig();
  const spec = JOBS[job];
  useSessionReady();
  const signedIn = session.status === "signed-in";
  useEffect(() => {
    // A failed fetch shows where the page renders the code (next/dynamic); nothing to do here.
    if (signedIn) prefetch?.().catch(() => undefined);
  }, [signedIn, prefetch]);

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
  return (
    <JobRoles job={job} denied={denied}>
      {children}
    </JobRoles>
  );
}
