"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { AccountMenu } from "@/components/auth/account-menu";
import { useConfig } from "@/components/auth/session-context";
import { SessionProblem } from "@/components/auth/session-problem";

export function AppShell({ children }: { children: ReactNode }) {
  const config = useConfig();
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-blue-800 shadow focus:not-sr-only focus:absolute focus:left-4 focus:top-2 focus:z-50"
      >
        Skip to content
      </a>
      {config.mode === "demo" ? (
        <div role="status" aria-label="Demo tenant" className="bg-amber-400 px-4 py-1.5 text-center text-sm font-medium text-amber-950">
          Demo tenant: everything here runs against a simulated Microsoft 365 tenant in this server. Nothing reaches Microsoft.
        </div>
      ) : null}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded bg-blue-700 text-xs font-bold text-white">
              Px
            </span>
            <span>
              Psoxy<span className="max-sm:sr-only"> · Microsoft 365 setup</span>
            </span>
          </Link>
          <AccountMenu />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 space-y-6 px-4 py-8 outline-none">
        <SessionProblem />
        {children}
      </main>
      <footer className="border-t border-slate-200 py-4 text-center text-xs text-slate-500">
        The tenant is the source of truth: nothing is stored on this server. Tokens stay in this browser tab.
      </footer>
    </div>
  );
}
