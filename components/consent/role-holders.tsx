"use client";

import { useSession } from "@/components/auth/session-context";
import { useGraphClient } from "@/components/graph/use-graph";
import { useLiveRead } from "@/components/graph/use-live-read";
import { CopyButton } from "@/components/ui/copy-button";
import { scopesForJob } from "@/lib/auth/jobs";
import { DIRECTORY_ROLES } from "@/lib/connectors/microsoft-ids";
import { readRoleHolders } from "@/lib/tenant/role-holders";

const CONSENT_SCOPES = scopesForJob("consent");

/** Who in the tenant can grant, where the signed-in user may read it: the people to send the link to. */
export function RoleHolders() {
  const session = useSession();
  const client = useGraphClient(CONSENT_SCOPES);
  const read = useLiveRead(`holders:${session.account?.objectId ?? ""}`, () =>
    readRoleHolders(client, ["privilegedRoleAdministrator", "globalAdministrator"]),
  );
  if (read.status === "loading") return <p className="text-sm text-slate-600">Looking up who can grant consent…</p>;
  const result = read.data;
  if (!result || result.status !== "ok") {
    return (
      <p className="text-sm text-slate-600">
        {result?.message ?? "Who holds those roles could not be read with your account: ask your IT department."} Nothing was changed.
      </p>
    );
  }
  const people = result.holders.flatMap((holder) =>
    holder.users.map((user) => ({ ...user, role: DIRECTORY_ROLES[holder.role].displayName })),
  );
  return (
    <div className="rounded-md border border-slate-200 bg-white p-4 text-sm" data-testid="role-holders">
      <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
        Send this page&apos;s link to one of them (nothing was changed):
        <CopyButton value={window.location.href} label="this page's link" text="Copy link" />
      </p>
      {people.length ? (
        <ul className="mt-2 space-y-1">
          {people.map((person) => (
            <li key={`${person.role}:${person.userPrincipalName}`}>
              {person.displayName}{" "}
              <span className="text-slate-600">
                ({person.userPrincipalName}, {person.role})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-slate-600">
          Nobody in this tenant holds those roles right now (or they are assigned only through Privileged Identity Management).
        </p>
      )}
    </div>
  );
}
