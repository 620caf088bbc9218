"use client";

import dynamic from "next/dynamic";
import { useConfig, useSession } from "@/components/auth/session-context";
import { JobGate } from "@/components/jobs/job-gate";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { CONSENT_GRANT_REASON } from "@/lib/auth/jobs";
import { appRolesFor, CONNECTORS, getConnector } from "@/lib/connectors";
import { permissionInPlainWords } from "@/lib/connectors/permission-words";
import { consentHref, type ConsentLinkTarget } from "@/lib/tenant/links";

// The board and the role holders (the tenant snapshot, grants, the Graph client) load once someone is signed in.
const loadBoard = () => import("./consent-board");
const ConsentBoard = dynamic(() => import("./consent-board").then((m) => m.ConsentBoard), {
  loading: () => <p className="text-slate-600">Loading the consent board…</p>,
});
const RoleHolders = dynamic(() => import("./role-holders").then((m) => m.RoleHolders));

/**
 * The consent admin's page, opened from the link the IT admin shares: what will be asked before sign-in,
 * the role check first, then exactly what is missing, granted through Graph and shown to take effect.
 */
export function ConsentPage({ target }: { target: ConsentLinkTarget & { environmentGiven: boolean; ignored?: string[] } }) {
  const session = useSession();
  const config = useConfig();
  const connectorIds = target.connectorIds.length ? target.connectorIds : CONNECTORS.filter((c) => !c.hiddenFromNewSetups).map((c) => c.id);
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Grant admin consent for Psoxy connectors</h1>
        <p className="max-w-3xl text-slate-700">
          For a <strong>Privileged Role Administrator</strong> or <strong>Global Administrator</strong> of this tenant. Your IT admin
          created the connector applications
          {target.environmentGiven && target.environmentId ? ` for environment “${target.environmentId}”` : ""}; they need your consent to
          read Microsoft 365 data through Microsoft Graph. This page grants exactly the permissions that are missing, all read-only, and
          shows when the grant took effect.
        </p>
      </div>

      {target.ignored?.length ? (
        <Alert tone="warning" title="Part of the link was not used">
          {target.ignored.map((note) => (
            <p key={note}>{note}</p>
          ))}
        </Alert>
      ) : null}

      {session.status !== "signed-in" ? (
        <Card title="What you will be asked to approve">
          <p className="mb-3 text-sm text-slate-700">
            Microsoft Graph application permissions per connector: the proxy reads with them on its own, without a signed-in user.
            {target.connectorIds.length
              ? ""
              : " The link names no connectors, so every connector is listed; after sign-in you see only those your tenant has."}
          </p>
          <div className="space-y-4">
            {connectorIds.map((id) => (
              <section key={id} aria-label={getConnector(id).displayName}>
                <h3 className="text-sm font-semibold text-slate-900">{getConnector(id).displayName}</h3>
                <ul className="mt-1 space-y-1 text-sm text-slate-700">
                  {appRolesFor([id]).map(({ permission }) => (
                    <li key={permission}>
                      <code className="font-mono text-xs">{permission}</code> (read-only): {permissionInPlainWords(permission)}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
          <p className="mt-4 text-sm text-slate-600">
            When you press Grant, Microsoft asks you once more for the wizard&apos;s own permission to{" "}
            {CONSENT_GRANT_REASON.replace(/ \(asked.*\)$/, "")}.
          </p>
        </Card>
      ) : null}

      <JobGate
        job="consent"
        returnTo={target.environmentGiven ? consentHref(target) : "/consent"}
        denied={() => <RoleHolders />}
        prefetch={loadBoard}
      >
        {() => (
          <ConsentBoard
            environmentId={target.environmentGiven ? target.environmentId : undefined}
            connectorIds={target.connectorIds}
            showPortalLinks={config.mode === "tenant"}
          />
        )}
      </JobGate>
    </div>
  );
}
