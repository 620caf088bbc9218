"use client";

import { createGraphVerbs } from "@/lib/graph";
import { directoryRoleByTemplateId, type DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import { useSession } from "@/components/auth/session-context";
import { useGraphClient } from "./use-graph";
import { useLiveRead } from "./use-live-read";

type MyRoles =
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
  const read = useLiveRead(
    `roles:${session.account?.objectId ?? ""}:${scopes.join(" ")}`,
    async () =>
      (await createGraphVerbs(client).getMyDirectoryRoles()).flatMap((m) => {
        const key = m.roleTemplateId ? directoryRoleByTemplateId(m.roleTemplateId) : undefined;
        return key ? [key] : [];
      }),
    { enabled: session.status === "signed-in" },
  );
  if (read.status === "loading") return { status: "loading" };
  if (read.status === "error") return { status: "error", error: read.error, reload: read.reload };
  return { status: "ready", roles: read.data ?? [], reload: read.reload };
}
