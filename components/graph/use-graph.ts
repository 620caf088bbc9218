"use client";

import { useMemo } from "react";
import { createGraphClient, type GraphClient } from "@/lib/graph";
import { useConfig, useSession } from "@/components/auth/session-context";

/** Absolute Graph root: Microsoft's host, or the demo tenant's route on this origin. */
function absoluteBase(graphBaseUrl: string): string {
  return graphBaseUrl.startsWith("/") ? `${window.location.origin}${graphBaseUrl}` : graphBaseUrl;
}

/** A Graph client whose tokens carry exactly these delegated scopes (asked for on first use). */
export function useGraphClient(scopes: readonly string[]): GraphClient {
  const session = useSession();
  const config = useConfig();
  const key = scopes.join(" ");
  return useMemo(
    () => createGraphClient({ baseUrl: absoluteBase(config.graphBaseUrl), getAccessToken: () => session.getAccessToken(key.split(" ")) }),
    // session identity changes on every render of the provider; its token getter is stable in behaviour
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [config.graphBaseUrl, key, session.account?.objectId],
  );
}
