"use client";

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ComponentType, type ReactNode } from "react";
import { browserMsalCacheNeedsLibrary } from "@/lib/auth/msal-cache";
import type { AuthProblem } from "@/lib/auth/problems";
import type { AuthSession } from "@/lib/auth/session";
import type { PublicConfig } from "@/lib/config";
import type { MsalSessionSourceProps } from "./msal-session";
import { SessionContext, SessionReadyContext } from "./session-context";

type Source = ComponentType<MsalSessionSourceProps>;

/** MSAL (msal-browser and msal-react) is its own chunk, fetched the first time a page needs it. */
const loadSource = (): Promise<Source> => import("./msal-session").then((m) => m.MsalSessionSource);

const noSubscription = () => () => undefined;

interface Waiter {
  resolve: (session: AuthSession) => void;
  reject: (error: unknown) => void;
}

function loadFailed(error: unknown): AuthProblem {
  return {
    kind: "other",
    title: "Sign-in could not start",
    detail: `The browser could not load the sign-in code: ${error instanceof Error ? error.message : String(error)}`,
    nextStep: "Check the connection to this site and press Sign in again, or reload the page.",
  };
}

/**
 * Tenant mode's session, light until it is needed: MSAL loads (a dynamic import) only when someone presses Sign in,
 * when a job page mounts (useSessionReady), or when MSAL's sessionStorage cache says this page load has sign-in work
 * (an account is cached, so a signed-in user sees their name, or a redirect is returning). Until then the session is
 * "signed-out" (on the server and while hydrating, "initializing": storage is unknown there), and its methods load MSAL
 * first and then act. Once loaded, MSAL's session is the one provided; the page under it is not re-mounted.
 */
export function LazyMsalSession({ config, children }: { config: PublicConfig; children: ReactNode }) {
  const cached = useSyncExternalStore(
    noSubscription,
    () => browserMsalCacheNeedsLibrary(config.clientId),
    () => null,
  );
  const [wanted, setWanted] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<AuthProblem | null>(null);
  const [Loaded, setLoaded] = useState<Source | null>(null);
  const [msal, setMsal] = useState<AuthSession | null>(null);
  const latest = useRef<AuthSession | null>(null);
  const waiters = useRef<Waiter[]>([]);

  const load = (cached === true || wanted) && !failure;
  useEffect(() => {
    if (!load || Loaded) return;
    let current = true;
    loadSource().then(
      (component) => {
        if (current) setLoaded(() => component);
      },
      (error: unknown) => {
        if (!current) return;
        setFailure(loadFailed(error));
        waiters.current.splice(0).forEach((waiter) => waiter.reject(error));
      },
    );
    return () => {
      current = false;
    };
  }, [load, Loaded, attempt]);

  const report = useCallback((session: AuthSession) => {
    latest.current = session;
    setMsal(session);
    if (session.status !== "initializing") waiters.current.splice(0).forEach((waiter) => waiter.resolve(session));
  }, []);

  const ready = useCallback(() => setWanted(true), []);

  /** MSAL's session once it has started (handled a returning redirect); loads MSAL first if need be. */
  const started = useCallback((): Promise<AuthSession> => {
    const current = latest.current;
    if (current && current.status !== "initializing") return Promise.resolve(current);
    setFailure(null);
    setAttempt((n) => n + 1);
    setWanted(true);
    return new Promise<AuthSession>((resolve, reject) => waiters.current.push({ resolve, reject }));
  }, []);

  const light = useMemo<AuthSession>(
    () => ({
      kind: "msal",
      status: failure || (cached === false && !wanted) ? "signed-out" : "initializing",
      account: null,
      problem: failure,
      clearProblem: () => setFailure(null),
      signIn: async (returnTo) => (await started()).signIn(returnTo),
      signOut: async () => (await started()).signOut(),
      getAccessToken: async (scopes, options) => (await started()).getAccessToken(scopes, options),
      signInAgain: async (options) => (await started()).signInAgain(options),
    }),
    [cached, wanted, failure, started],
  );

  // The same element while nothing changes, so MSAL re-renders only for its own events (it reports every render up).
  const source = useMemo(() => (Loaded ? <Loaded config={config} onSession={report} /> : null), [Loaded, config, report]);

  return (
    <SessionReadyContext.Provider value={ready}>
      <SessionContext.Provider value={msal ?? light}>{children}</SessionContext.Provider>
      {source}
    </SessionReadyContext.Provider>
  );
}
