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

/**
 * The signed-in user's directory roles, read from Graph
 * (GET /me/transitiveMemberOf/microsoft.graph.directoryRole) with a job's scopes.
 */
export function useMyRoles(scopes: readonly string[]): MyRoles {
  const session = useSession();
  const client = useGraphClient(scopes);
  const [state, setState] = useState<MyRoles>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const signedIn = session.status === "signed-in";

  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    setState({ status: "loading" });
    createGraphVerbs(client)
      .getMyDirectoryRoles()
      .then(
        (memberships) => {
          const roles = memberships.flatMap((m) => {
            const key = m.roleTemplateId ? directoryRoleByTemplateId(m.roleTemplateId) : undefined;
            return key ? [key] : [];
          });
          if (!cancelled) setState({ status: "ready", roles, reload });
        },
        (error: unknown) => {
          if (!cancelled) setState({ status: "error", error, reload });
        },
      );
    return () => {
      cancelled = true;
    };
  }, [client, signedIn, attempt, reload]);

  return state;
}
