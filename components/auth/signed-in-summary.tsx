"use client";

import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { useMyRoles } from "@/components/graph/use-my-roles";
import { DIRECTORY_ROLES } from "@/lib/connectors/microsoft-ids";
import { useSession } from "./session-context";

/** Who is signed in, to which tenant, with which directory roles (read live from Graph). */
export function SignedInSummary() {
  const session = useSession();
  const roles = useMyRoles();
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
        <dt className="text-slate-600">Directory roles</dt>
        <dd className="flex flex-wrap gap-1" data-testid="signed-in-roles">
          {roles.status === "loading" ? <span className="text-slate-500">Reading from Microsoft Graph…</span> : null}
          {roles.status === "ready" && roles.roles.length === 0 ? <Badge>No directory role</Badge> : null}
          {roles.status === "ready"
            ? roles.roles.map((role) => (
                <Badge key={role} tone="blue">
                  {DIRECTORY_ROLES[role].displayName}
                </Badge>
              ))
            : null}
        </dd>
      </dl>
      {roles.status === "error" ? (
        <div className="mt-3">
          <GraphErrorAlert error={roles.error} onRetry={roles.reload} />
        </div>
      ) : null}
    </Card>
  );
}
