"use client";

import { Card } from "@/components/ui/card";
import { useSession } from "./session-context";

/** Who is signed in and to which tenant. Roles are read on each job's page, with that job's scopes. */
export function SignedInSummary() {
  const session = useSession();
  if (!session.account) return null;
  return (
    <Card title="Signed in">
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-600">Name</dt>
        <dd className="font-medium" data-testid="signed-in-name">
          {session.account.name}
        </dd>
        <dt className="text-slate-600">Account</dt>
        <dd>{session.account.username}</dd>
        <dt className="text-slate-600">Tenant</dt>
        <dd className="font-mono text-xs leading-5">{session.account.tenantId}</dd>
      </dl>
      <p className="mt-3 text-sm text-slate-600">
        Pick your job below: its page checks your directory roles and asks only for the permissions that job needs.
      </p>
    </Card>
  );
}
