"use client";

import { createContext, useContext } from "react";
import type { PublicConfig } from "@/lib/config";
import type { AuthSession } from "@/lib/auth/session";

export const SessionContext = createContext<AuthSession | null>(null);
export const ConfigContext = createContext<PublicConfig | null>(null);

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
