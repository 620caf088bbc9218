"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { notifyDemoSessionChanged } from "@/components/auth/demo-session";
import { SIGN_IN_SCOPES } from "@/lib/auth/jobs";
import { demoSignIn, listDemoPersonas, safeReturnTo, type DemoPersona } from "@/lib/auth/demo-session";

export function PersonaPicker() {
  const router = useRouter();
  const params = useSearchParams();
  const returnToParam = params.get("returnTo");
  const [personas, setPersonas] = useState<DemoPersona[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    listDemoPersonas().then(setPersonas, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  async function choose(persona: DemoPersona) {
    setBusy(persona.id);
    setError(null);
    try {
      await demoSignIn(window.sessionStorage, persona.id, SIGN_IN_SCOPES);
      notifyDemoSessionChanged();
      router.replace(safeReturnTo(returnToParam, window.location.origin));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(null);
    }
  }

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Sign in to the demo tenant</h1>
        <p className="mt-1 text-slate-700">
          Pick who you are. Each person has the directory roles a real tenant would give them, and the simulated Microsoft Graph enforces
          them: try the setup as a plain user to see what happens without the right role.
        </p>
      </div>
      {error ? (
        <Alert tone="error" title="The demo tenant did not answer">
          <p>{error}</p>
          <p>Reload the page; if the server was restarted, the demo tenant starts afresh.</p>
        </Alert>
      ) : null}
      {!personas && !error ? <p className="text-slate-600">Loading people…</p> : null}
      <ul className="grid gap-3 sm:grid-cols-2">
        {personas?.map((persona) => (
          <li key={persona.id}>
            <Card className="h-full">
              <div className="flex h-full flex-col gap-2">
                <div>
                  <p className="font-semibold text-slate-900">{persona.displayName}</p>
                  <p className="text-xs text-slate-500">{persona.userPrincipalName}</p>
                </div>
                <div className="flex flex-wrap gap-1">
                  {persona.roles.length ? (
                    persona.roles.map((role) => (
                      <Badge key={role} tone="blue">
                        {role}
                      </Badge>
                    ))
                  ) : (
                    <Badge>No directory role</Badge>
                  )}
                </div>
                <p className="text-sm text-slate-600">{persona.description}</p>
                <div className="mt-auto pt-1">
                  <Button disabled={busy !== null} aria-label={`Sign in as ${persona.displayName}`} onClick={() => void choose(persona)}>
                    {busy === persona.id ? "Signing in…" : "Sign in"}
                  </Button>
                </div>
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}
