"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useSession } from "@/components/auth/session-context";
import { JobGate } from "@/components/jobs/job-gate";
import { Alert } from "@/components/ui/alert";
import { teamsStepHref } from "@/lib/tenant/links";
import type { TeamsStepParams } from "@/lib/tenant/teams-policy";

// The step (the tenant snapshot, the verification form, the Graph client) loads once someone is signed in.
const loadStep = () => import("./teams-step");
const TeamsStep = dynamic(() => import("./teams-step").then((m) => m.TeamsStep), {
  loading: () => <p className="text-slate-600">Loading the Teams step…</p>,
});

/**
 * The Teams Administrator's own page, opened from a link on the status board or the operator's
 * results (`/teams?env=<env>&connector=msft-teams`): sign-in and the Teams role check, then the step.
 * It does not go through the operator's setup or its role checks.
 */
export function TeamsPage({ params }: { params: TeamsStepParams }) {
  const session = useSession();
  const returnTo = params.ok && params.environmentId !== null ? teamsStepHref(params.environmentId, params.connectorId) : "/teams";
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Microsoft Teams: application access policy</h1>
        <p className="max-w-3xl text-slate-700">
          For the Teams Administrator: allow the Psoxy Microsoft Teams connector to read online meetings and check that it worked. An owner
          of the application or a Cloud Application Administrator then records the check, so the status board shows who verified it and
          when.
        </p>
      </div>
      {params.ok ? (
        <JobGate job="teams" returnTo={returnTo} prefetch={loadStep}>
          {({ roles }) => (
            <TeamsStep
              environmentId={params.environmentId}
              connectorId={params.connectorId}
              roles={roles}
              userObjectId={session.account?.objectId}
            />
          )}
        </JobGate>
      ) : (
        <Alert tone="error" title="This link does not name a Teams connector application">
          <p>{params.message}</p>
          <p>
            <strong>Next step:</strong> open the link again from the status board or the IT admin&apos;s results, or{" "}
            <Link href="/teams" className="font-medium underline underline-offset-2">
              list every Teams connector application
            </Link>
            .
          </p>
        </Alert>
      )}
    </div>
  );
}
