"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useSession } from "./session-context";

/** The last sign-in or token failure, with what to do next. Shown on every page. */
export function SessionProblem() {
  const session = useSession();
  const problem = session.problem;
  if (!problem) return null;
  return (
    <Alert tone={problem.kind === "cancelled" ? "warning" : "error"} title={problem.title}>
      <p>{problem.detail}</p>
      <p>
        <strong>Next step:</strong> {problem.nextStep}
      </p>
      {problem.code ? <p className="font-mono text-xs">Code: {problem.code}</p> : null}
      <div className="pt-2">
        <Button variant="secondary" onClick={session.clearProblem}>
          Dismiss
        </Button>
      </div>
    </Alert>
  );
}
