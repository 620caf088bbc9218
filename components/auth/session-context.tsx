"use client";

import { createContext, useContext, useLayoutEffect } from "react";
import type { PublicConfig } from "@/lib/config";
import type { AuthSession } from "@/lib/auth/session";

export const SessionContext = createContext<AuthSession | null>(null);
export const ConfigContext = createContext<PublicConfig | null>(null);
/** Asks the session to get ready to sign in and hand out tokens now (tenant mode loads MSAL); a no-op elsewhere. */
export const SessionReadyContext = createContext<() => void>(() => undefined);

export function useSession(): AuthSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside <SessionProvider>.");
  return session;
}

export function useConfig(): PublicConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error("useConfig must be used inside <SessionProvider>.");
  return config;
}

/**
 * For pages that sign in and read Graph (the job pages): the session gets ready as the page mounts instead of on the
 * first click. Before paint, so the page never shows "signed out" to someone MSAL is about to find signed in.
 */
export function useSessionReady(): void {
  const ready = useContext(SessionReadyContext);
  useLayoutEffect(() => ready(), [ready]);
}
