"use client";

import { useCallback, useEffect, useState } from "react";
import { createGraphVerbs } from "@/lib/graph";
import { directoryRoleByTemplateId, type DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import { useSession } from "@/components/auth/session-context";
import { useGraphClient } from "./use-graph";

export type MyRoles =
  | { status: "loading" }
  | { status: "error"; error: unknown; reload: () => void }
  | { status: "ready"; roles: DirectoryRoleKey[]; reload: () => void };

type Outcome = { ok: true; roles: DirectoryRoleKey[] } | { ok: false; error: unknown };

/**
 * The signed-in user's directory roles, read from Graph
 * (GET /me/transitiveMemberOf/microsoft.graph.directoryRole) with a job's scopes.
 */
export function useMyRoles(scopes: readonly string[]): MyRoles {
  const session = useSession();
  const client = useGraphClient(scopes);
  const [attempt, setAttempt] = useState(0);
  const [outcome, setOutcome] = useState<{ for: unknown; attempt: number; value: Outcome } | null>(null);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const signedIn = session.status === "signed-in";

  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    createGraphVerbs(client)
      .getMyDirectoryRoles()
      .then(
        (memberships): Outcome => ({
          ok: true,
          roles: memberships.flatMap((m) => {
            const key = m.roleTemplateId ? directoryRoleByTemplateId(m.roleTemplateId) : undefined;
            return key ? [key] : [];
          }),
        }),
        (error: unknown): Outcome => ({ ok: false, error }),
      )
      .then((value) => {
        if (!cancelled) setOutcome({ for: client, attempt, value });
      });
    return () => {
      cancelled = true;
    };
  }, [client, signedIn, attempt]);

  // An answer for another client (account, scopes) or an earlier attempt is stale: still loading.
  if (!outcome || outcome.for !== client || outcome.attempt !== attempt) return { status: "loading" };
  return outcome.value.ok ? { status: "ready", roles: outcome.value.roles, reload } : { status: "error", error: outcome.value.error, reload };
}
