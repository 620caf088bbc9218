"use client";

import { useSession } from "@/components/auth/session-context";
import { useGraphClient } from "@/components/graph/use-graph";
import { useLiveRead } from "@/components/graph/use-live-read";
import { scopesForJob } from "@/lib/auth/jobs";
import type { ConnectorId } from "@/lib/connectors";
import { connectorUniqueName, sharedUniqueName } from "@/lib/tenant/naming";
import { readTenantSnapshot, type SnapshotApp } from "@/lib/tenant/snapshot";
import { teamsConnectorApps } from "@/lib/tenant/teams-policy";

const TEAMS_SCOPES = scopesForJob("teams");

type TeamsApps =
  | { status: "loading" }
  | { status: "error"; error: unknown; reload: () => void }
  | { status: "ready"; apps: SnapshotApp[]; readAt: Date | null; reading: boolean; reload: () => void };

/**
 * The connector's applications from the one tenant snapshot, read with the Teams job's read-only
 * scopes: one environment, or every environment when `environmentId` is null.
 */
export function useTeamsApps(environmentId: string | null, connectorId: ConnectorId): TeamsApps {
  const session = useSession();
  const client = useGraphClient(TEAMS_SCOPES);
  const read = useLiveRead(
    `teams:${session.account?.objectId ?? ""}:${environmentId ?? "*"}:${connectorId}`,
    async () => {
      // Direct reads by uniqueName see the newest writes, which listings may not show yet.
      const scope =
        environmentId === null
          ? {}
          : { environmentId, uniqueNames: [connectorUniqueName(connectorId, environmentId), sharedUniqueName(environmentId)] };
      return teamsConnectorApps((await readTenantSnapshot(client, scope)).apps, connectorId, environmentId);
    },
    { enabled: session.status === "signed-in" },
  );
  if (read.status === "loading") return { status: "loading" };
  if (read.status === "error") return { status: "error", error: read.error, reload: read.reload };
  return { status: "ready", apps: read.data ?? [], readAt: read.readAt, reading: read.reading, reload: read.reload };
}
