"use client";

import type { ReactNode } from "react";
import { configProblems, type PublicConfig } from "@/lib/config";
import type { AuthSession } from "@/lib/auth/session";
import { DemoSession } from "./demo-session";
import { LazyMsalSession } from "./lazy-msal-session";
import { ConfigContext, SessionContext } from "./session-context";

/** Without a usable configuration nobody can sign in; the start page says what is missing. */
function notConfigured(problems: string[]): AuthSession {
  const fail = async (): Promise<never> => {
    throw new Error(problems.join(" "));
  };
  return {
    kind: "msal",
    status: "signed-out",
    account: null,
    problem: {
      kind: "not-configured",
      title: "Sign-in is not configured",
      detail: problems.join(" "),
      nextStep: "Set the variables the README lists, or run npm run demo.",
    },
    signIn: fail,
    signOut: fail,
    getAccessToken: fail,
    signInAgain: fail,
    clearProblem: () => undefined,
  };
}

export function SessionProvider({ config, children }: { config: PublicConfig; children: ReactNode }) {
  const problems = configProblems(config);
  let session: ReactNode;
  if (config.mode === "demo") session = <DemoSession>{children}</DemoSession>;
  else if (problems.length) session = <SessionContext.Provider value={notConfigured(problems)}>{children}</SessionContext.Provider>;
  else session = <LazyMsalSession config={config}>{children}</LazyMsalSession>;
  return <ConfigContext.Provider value={config}>{session}</ConfigContext.Provider>;
}
