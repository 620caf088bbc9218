import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Psoxy Microsoft 365 setup",
  description: "Connect a Microsoft 365 tenant to Psoxy: create the connector applications, grant consent, check status.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
