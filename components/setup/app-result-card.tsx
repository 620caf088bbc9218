"use client";

import { Alert } from "@/components/ui/alert";
import { CodeBlock, IdValue } from "@/components/ui/code-block";
import type { ConnectorId } from "@/lib/connectors";
import type { HostPlatform } from "@/lib/tenant/inputs";
import type { AppResult } from "@/lib/exports/setup-results";
import { proxyEnvironmentText } from "@/lib/exports/identity";
import { generated } from "./generated";
import { CognitoIdentityForm } from "./cognito-identity-form";

export function AppResultCard({
  app,
  platform,
  onSaveIdentityId,
}: {
  app: AppResult;
  platform: HostPlatform;
  onSaveIdentityId: (connectorIds: ConnectorId[], identityId: string) => void;
}) {
  const first = app.connectors[0];
  const identityId = platform.platform === "aws" && first ? platform.identityIds[first.connectorId] : undefined;
  return (
    <article data-testid={`result-${app.key}`} aria-labelledby={`result-${app.key}-title`} className="rounded-md border border-slate-200">
      <header className="border-b border-slate-100 px-4 py-3">
        <h3 id={`result-${app.key}-title`} className="font-semibold text-slate-900">
          {app.displayName}
        </h3>
      </header>
      <div className="space-y-4 px-4 py-4">
        <div className="space-y-1.5">
          <IdValue label="Client id" value={app.clientId} />
          <IdValue label="Object id" value={app.objectId} />
          <IdValue label="Tenant id" value={app.tenantId} />
          {app.servicePrincipalId ? <IdValue label="Service principal id" value={app.servicePrincipalId} /> : null}
        </div>

        {app.outstanding.length ? (
          <Alert tone="warning" title="Not finished in your tenant">
            <ul className="list-disc pl-5">
              {app.outstanding.map((summary) => (
                <li key={summary}>{summary}</li>
              ))}
            </ul>
            <p>
              Right after apply this can be Entra still replicating what was written: use “Refresh from tenant” in a minute. If it stays, go
              back to the plan to finish these steps.
            </p>
          </Alert>
        ) : null}

        {app.connectors.map((connector) => (
          <div key={connector.connectorId} className="space-y-1.5">
            <h4 className="text-sm font-semibold text-slate-800">Proxy environment for {connector.connectorName}</h4>
            <CodeBlock
              label={`Proxy environment for ${connector.connectorName}`}
              code={generated(() => proxyEnvironmentText(connector.proxyEnvironment))}
            />
          </div>
        ))}

        {platform.platform === "aws" && first?.cognitoCommand ? (
          <div className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3">
            <h4 className="text-sm font-semibold text-slate-800">Cognito identity</h4>
            {identityId ? (
              <>
                <IdValue label="Cognito IdentityId" value={identityId} />
                <p className="text-sm text-slate-600">
                  The federated credential trusts this identity; IDENTITY_ID above carries it to the proxy.
                </p>
              </>
            ) : (
              <>
                <p className="text-sm text-slate-700">
                  With AWS credentials that may use the pool, run this once. It registers the proxy&apos;s developer identity for this
                  application&apos;s client id and prints its IdentityId. Then paste the output below: the wizard adds the federated
                  credential.
                </p>
                <CodeBlock label={`Cognito command for ${app.displayName}`} code={first.cognitoCommand} />
                <CognitoIdentityForm
                  appKey={app.key}
                  poolId={platform.identityPoolId}
                  onSave={(id) =>
                    onSaveIdentityId(
                      app.connectors.map((c) => c.connectorId),
                      id,
                    )
                  }
                />
              </>
            )}
          </div>
        ) : null}
      </div>
    </article>
  );
}
