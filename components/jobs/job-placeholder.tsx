"use client";

import { Card } from "@/components/ui/card";
import { JobGate } from "./job-gate";

const NEXT: Record<"consent", { title: string; body: string }> = {
  consent: {
    title: "Grant admin consent",
    body: "The shareable consent page is the next part to be built. Until then, open the Entra admin center link the IT admin's results page gives for each connector and choose “Grant admin consent”.",
  },
};

/** The consent job: sign-in, scopes and role checks are real; the job's own page comes next. */
export function JobPlaceholder({ job }: { job: "consent" }) {
  return (
    <JobGate job={job}>
      {() => (
        <Card title={NEXT[job].title}>
          <p className="text-sm text-slate-700">{NEXT[job].body}</p>
        </Card>
      )}
    </JobGate>
  );
}
