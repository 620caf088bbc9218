"use client";

import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";
import Link from "next/link";
import { useEffect, useState } from "react";

export function RedirectBridge() {
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    broadcastResponseToMainFrame().catch((error: unknown) => {
      setFailed(error instanceof Error ? error.message : String(error));
    });
  }, []);
  return (
    <main className="mx-auto max-w-lg p-10 text-center">
      {failed ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950">
          <p className="font-semibold">The sign-in response could not be read</p>
          <p className="mt-1">{failed}</p>
          <Link className="mt-3 inline-block text-blue-700 underline" href="/">
            Back to the start page
          </Link>
        </div>
      ) : (
        <p className="text-slate-600">Finishing sign-in…</p>
      )}
    </main>
  );
}
