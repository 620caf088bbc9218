"use client";

import { Button } from "@/components/ui/button";
import { useSession } from "./session-context";

export function AccountMenu() {
  const session = useSession();
  if (session.status === "initializing") return <span className="text-sm text-slate-500">Checking sign-in…</span>;
  if (!session.account) {
    return (
      <Button variant="secondary" onClick={() => void session.signIn()}>
        Sign in
      </Button>
    );
  }
  return (
    <div className="flex items-center gap-3">
      <div className="text-right text-sm leading-tight">
        <p className="font-medium text-slate-900" data-testid="account-name">
          {session.account.name}
        </p>
        <p className="break-all text-xs text-slate-500 max-sm:sr-only">{session.account.username}</p>
      </div>
      <Button variant="ghost" className="whitespace-nowrap" onClick={() => void session.signOut()}>
        Sign out
      </Button>
    </div>
  );
}
