import { connection } from "next/server";
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { SessionProvider } from "@/components/auth/session-provider";
import { readConfig } from "@/lib/config";

export default async function AppLayout({ children }: { children: ReactNode }) {
  await connection(); // configuration is read per request, so one build serves demo and tenant mode
  const config = readConfig();
  return (
    <SessionProvider config={config}>
      <AppShell>{children}</AppShell>
    </SessionProvider>
  );
}
