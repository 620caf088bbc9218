import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Psoxy Microsoft 365 setup",
  description: "Connect a Microsoft 365 tenant to Psoxy: create the connector applications, grant consent, check status.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry that request's CSP nonce (proxy.ts), which a page
  // rendered at build time cannot (https://nextjs.org/docs/app/guides/content-security-policy#forcing-dynamic-rendering).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
