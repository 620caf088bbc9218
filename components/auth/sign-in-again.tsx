"use client";

import { useContext, useState } from "react";
import { Button } from "@/components/ui/button";
import { isGraphError, isSignInExpired } from "@/lib/graph/errors";
import { SessionContext } from "./session-context";

/**
 * "Sign in again and continue": the one action for a session that outlived its tokens (Graph refused the token
 * and renewing it silently did not work). Signs the same account in again, answering a claims challenge's claims
 * (https://learn.microsoft.com/entra/identity-platform/claims-challenge), and comes back to this page, which reads
 * the tenant again and continues with what is left. Renders nothing for any other error.
 */
/** `returnTo` is where to come back to (this page by default), e.g. a step that continues by itself. */
export function SignInAgainButton({ error, returnTo }: { error: unknown; returnTo?: string }) {
  const session = useContext(SessionContext);
  const [busy, setBusy] = useState(false);
  if (!session || !isSignInExpired(error)) return null;
  const claims = isGraphError(error) ? error.claims : undefined;
  return (
    <Button
      disabled={busy}
      data-testid="sign-in-again"
      onClick={() => {
        setBusy(true);
        void session.signInAgain({ ...(claims ? { claims } : {}), ...(returnTo ? { returnTo } : {}) }).finally(() => setBusy(false));
      }}
    >
      Sign in again and continue
    </Button>
  );
}
