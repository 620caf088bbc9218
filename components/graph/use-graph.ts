"use client";

import { useMemo } from "react";
import { createGraphClient, type GraphClient } from "@/lib/graph";
import { useConfig, useSession } from "@/components/auth/session-context";

/** Absolute Graph root: Microsoft's host, or the demo tenant's route on this origin. */
function absoluteBase(graphBaseUrl: string): string {
  if (!graphBaseUrl.startsWith("/")) return graphBaseUrl;
  // Server rendering sends no request (effects do not run there); the browser builds its own client.
  const origin = typeof window === "undefined" ? "http://localhost" : window.location.origin;
  return `${origin}${graphBaseUrl}`;
}

/** A Graph client whose tokens carry exactly these delegated scopes (asked for on first use). */
export function useGraphClient(scopes: readonly string[]): GraphClient {
  const session = useSession();
  const config = useConfig();
  const key = scopes.join(" ");
  return useMemo(
    // The transport asks again with `{ forceRefresh, claims }` once after Graph refused a token (401).
    () =>
      createGraphClient({
        baseUrl: absoluteBase(config.graphBaseUrl),
        getAccessToken: (options) => session.getAccessToken(key.split(" "), options),
      }),
    // session identity changes on every render of the provider; its token getter is stable in behaviour
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [config.graphBaseUrl, key, session.account?.objectId],
  );
}
