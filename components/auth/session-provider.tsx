"use client";

import dynamic from "next/dynamic";
import type { ReactNode } from "react";
import type { PublicConfig } from "@/lib/config";
import { DemoSession } from "./demo-session";
import { ConfigContext } from "./session-context";

// MSAL needs `window`: it is created in the browser only.
const MsalSession = dynamic(() => import("./msal-session").then((m) => m.MsalSession), { ssr: false });

export function SessionProvider({ config, children }: { config: PublicConfig; children: ReactNode }) {
  return (
    <ConfigContext.Provider value={config}>
      {config.mode === "demo" ? <DemoSession>{children}</DemoSession> : <MsalSession config={config}>{children}</MsalSession>}
    </ConfigContext.Provider>
  );
}
