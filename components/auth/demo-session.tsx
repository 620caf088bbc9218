"use client";

import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { demoAccessToken, demoAccount, demoSignOut } from "@/lib/auth/demo-session";
import type { AuthProblem } from "@/lib/auth/problems";
import type { AuthSession } from "@/lib/auth/session";
import { SessionContext } from "./session-context";

const listeners = new Set<() => void>();
export function notifyDemoSessionChanged(): void {
  listeners.forEach((listener) => listener());
}
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const snapshot = () => JSON.stringify(demoAccount(window.sessionStorage));

export function DemoSession({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [problem, setProblem] = useState<AuthProblem | null>(null);
  const raw = useSyncExternalStore(subscribe, snapshot, () => "init");
  const account = raw === "init" ? null : (JSON.parse(raw) as AuthSession["account"]);

  const signIn = useCallback(
    async (returnTo?: string) => {
      setProblem(null);
      const target = returnTo ?? window.location.pathname;
      router.push(`/demo?returnTo=${encodeURIComponent(target)}`);
    },
    [router],
  );

  const session = useMemo<AuthSession>(
    () => ({
      kind: "demo",
      status: raw === "init" ? "initializing" : account ? "signed-in" : "signed-out",
      account,
      problem,
      clearProblem: () => setProblem(null),
      signIn,
      signOut: async () => {
        demoSignOut(window.sessionStorage);
        notifyDemoSessionChanged();
        router.push("/");
      },
      getAccessToken: (scopes, options) => demoAccessToken(window.sessionStorage, scopes, options),
      // The persona picker stands in for Microsoft's sign-in page; it comes back to this page.
      signInAgain: async ({ returnTo } = {}) =>
        signIn(returnTo ?? `${window.location.pathname}${window.location.search}${window.location.hash}`),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- account is derived from raw
    [raw, problem, signIn, router],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
