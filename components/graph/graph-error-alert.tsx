"use client";

import type { ReactNode } from "react";
import { SignInAgainButton } from "@/components/auth/sign-in-again";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { describeGraphError, formatGraphError, isGraphError, isSignInExpired } from "@/lib/graph/errors";

/**
 * A failed Graph call as the user sees it: what failed, Graph's code and request-id, and the next step. `nextStep`
 * replaces the generic next step when the page knows a better one for this failure; `signInReturnTo` is where
 * "Sign in again and continue" comes back to.
 */
export function GraphErrorAlert({
  error,
  onRetry,
  nextStep,
  signInReturnTo,
}: {
  error: unknown;
  onRetry?: () => void;
  nextStep?: ReactNode;
  signInReturnTo?: string;
}) {
  const description = describeGraphError(error);
  const line = isGraphError(error) ? formatGraphError(error) : error instanceof Error ? error.message : String(error);
  return (
    <Alert tone="error" title={description.title}>
      {isGraphError(error) ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
          <dt className="font-medium">What failed</dt>
          <dd>{error.operation}</dd>
          <dt className="font-medium">Graph said</dt>
          <dd>
            <code className="font-mono text-xs">{error.code}</code>
            {error.status ? ` (HTTP ${error.status})` : ""}: {error.graphMessage}
          </dd>
          {error.requestId ? (
            <>
              <dt className="font-medium">request-id</dt>
              <dd className="flex items-center gap-2">
                <code className="font-mono text-xs">{error.requestId}</code>
                <CopyButton value={line} label="error details" />
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>{line}</p>
      )}
      <p>
        <strong>Next step:</strong> {nextStep ?? description.nextStep}
      </p>
      {isSignInExpired(error) ? (
        // Retrying with the refused token would fail again: the one way on is signing in again.
        <div className="pt-2">
          <SignInAgainButton error={error} returnTo={signInReturnTo} />
        </div>
      ) : onRetry ? (
        <div className="pt-2">
          <Button variant="secondary" onClick={onRetry}>
            Retry
          </Button>
        </div>
      ) : null}
    </Alert>
  );
}
