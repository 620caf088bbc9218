"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { CodeBlock } from "@/components/ui/code-block";
import type { ConnectorId } from "@/lib/connectors";
import type { AppMode } from "@/lib/tenant/desired";
import {
  COGNITO_PROXY_ACTION,
  cognitoCreatePoolCommand,
  cognitoProxyPolicyJson,
  defaultDeveloperProviderName,
  defaultIdentityPoolName,
  gcloudListUniqueIdsCommand,
  gcloudUniqueIdCommand,
  type HostPlatform,
} from "@/lib/tenant/inputs";
import { Field, FieldError, inputClass } from "./field";
import { generated } from "./generated";
import { useFormDraft } from "./form-draft";
import {
  gcpFieldWarnings,
  gcpFields,
  identityDefaults,
  identityFormSchema,
  withTypedIdentity,
  type IdentityFormValues,
} from "./identity-form";
import { StepCard } from "./step-card";
import { StepNav } from "./step-nav";

const PLATFORMS = [
  {
    value: "gcp",
    label: "GCP",
    detail: "Google Cloud: each connector's proxy runs as its own service account, trusted through its Unique ID.",
  },
  { value: "aws", label: "AWS", detail: "Amazon Web Services: the proxies get tokens from an Amazon Cognito identity pool." },
] as const;

export function IdentityStep({
  connectorIds,
  appMode,
  environmentId,
  platform,
  onBack,
  onSubmit,
  focusOnMount,
  typedValues,
  onTyped,
}: {
  connectorIds: ConnectorId[];
  appMode: AppMode;
  environmentId: string;
  /** What was typed here and not submitted yet (kept across a reload or a Back). */
  typedValues?: IdentityFormValues;
  onTyped: (values: IdentityFormValues) => void;
  platform: HostPlatform | null;
  onBack: () => void;
  onSubmit: (platform: HostPlatform) => void;
  focusOnMount: boolean;
}) {
  const fields = useMemo(() => gcpFields(connectorIds), [connectorIds]);
  const schema = useMemo(() => identityFormSchema({ fields, environmentId, previous: platform }), [fields, environmentId, platform]);
  const form = useForm({
    resolver: zodResolver(schema),
    defaultValues: withTypedIdentity(identityDefaults(platform, fields, environmentId), typedValues),
  });
  useFormDraft(form.control, (values) => onTyped(withTypedIdentity(identityDefaults(null, fields, environmentId), values)));
  const chosen = useWatch({ control: form.control, name: "platform" });
  const gcpValues = useWatch({ control: form.control, name: "gcp" });
  const awsValues = useWatch({ control: form.control, name: "aws" });
  const warnings = gcpFieldWarnings(fields, gcpValues ?? {});
  const errors = form.formState.errors;
  const shared = appMode === "shared";

  return (
    <form noValidate onSubmit={form.handleSubmit(onSubmit)}>
      <StepCard
        testId="step-identity"
        title="Proxy identity"
        focusOnMount={focusOnMount}
        description="Psoxy needs no client secret: each application trusts your proxy's cloud identity through a federated identity credential. Tell the wizard where the proxy runs."
        footer={<StepNav onBack={onBack} />}
      >
        <fieldset>
          <legend className="text-sm font-semibold text-slate-900">Where does the proxy run?</legend>
          <div className="mt-3 grid gap-3 sm:grid-cols-2">
            {PLATFORMS.map((option) => (
              <div
                key={option.value}
                className={`flex gap-3 rounded-md border p-4 ${chosen === option.value ? "border-blue-500 bg-blue-50/50" : "border-slate-200"}`}
              >
                <input
                  id={`platform-${option.value}`}
                  type="radio"
                  value={option.value}
                  aria-describedby={`platform-${option.value}-detail`}
                  className="mt-0.5 h-4 w-4 shrink-0 border-slate-300 text-blue-700 focus:ring-blue-600"
                  {...form.register("platform")}
                />
                <div>
                  <label htmlFor={`platform-${option.value}`} className="text-sm font-medium text-slate-900">
                    {option.label}
                  </label>
                  <p id={`platform-${option.value}-detail`} className="text-sm text-slate-600">
                    {option.detail}
                  </p>
                </div>
              </div>
            ))}
          </div>
          <FieldError id="platform-error" message={errors.platform?.message} />
        </fieldset>

        {chosen === "gcp" ? (
          <div className="space-y-5">
            <div className="space-y-2">
              <p className="text-sm text-slate-700">
                {shared
                  ? "Shared application: one application serves every connector, and it trusts each connector's service account through a federated credential of its own (GcpFederation-<connector>). Enter the Unique ID of the service account each connector's proxy runs as."
                  : "Enter the Unique ID of the service account each connector's proxy runs as."}{" "}
                Find it in Google Cloud under IAM &amp; Admin › Service Accounts › Unique ID, or print it with:
              </p>
              <CodeBlock label="gcloud command for the Unique ID" code={gcloudUniqueIdCommand()} />
              <p className="text-sm text-slate-700">
                Psoxy names each connector&apos;s service account after it; this lists them with their Unique IDs:
              </p>
              <CodeBlock label="gcloud command listing Unique IDs" code={gcloudListUniqueIdsCommand()} />
            </div>
            <div className="grid gap-5 md:grid-cols-2">
              {fields.map((field) => (
                <Field key={field.key} id={`gcp-${field.key}`} label={field.label} error={errors.gcp?.[field.key]?.message}>
                  {(control) => (
                    <input
                      {...control}
                      {...form.register(`gcp.${field.key}`)}
                      type="text"
                      inputMode="numeric"
                      autoComplete="off"
                      spellCheck={false}
                      placeholder="123456789012345678901"
                      className={inputClass(control["aria-invalid"], "font-mono")}
                    />
                  )}
                </Field>
              ))}
            </div>
            {Object.entries(warnings).length ? (
              <div data-testid="gcp-identity-warnings" className="space-y-1">
                {fields
                  .filter((field) => warnings[field.key])
                  .map((field) => (
                    <Alert
                      key={field.key}
                      tone="warning"
                      title={`Check the ${field.label.replace(/^Service account unique ID for /, "")} Unique ID`}
                    >
                      {warnings[field.key]!.map((warning) => (
                        <p key={warning}>{warning}</p>
                      ))}
                    </Alert>
                  ))}
              </div>
            ) : null}
          </div>
        ) : (
          <div className="space-y-5">
            <div className="grid gap-5 md:grid-cols-2">
              <Field
                id="aws-region"
                label="AWS region"
                hint="Where the Cognito identity pool is, e.g. us-east-1."
                error={errors.aws?.region?.message}
              >
                {(control) => (
                  <input
                    {...control}
                    {...form.register("aws.region")}
                    type="text"
                    autoComplete="off"
                    spellCheck={false}
                    placeholder="us-east-1"
                    className={inputClass(control["aria-invalid"], "font-mono")}
                  />
                )}
              </Field>
              <Field
                id="aws-identity-pool-id"
                label="Cognito identity pool id"
                hint={
                  <>
                    Amazon Cognito › Identity pools; psoxy names it{" "}
                    <code className="font-mono text-xs">{defaultIdentityPoolName(environmentId)}</code>.
                  </>
                }
                error={errors.aws?.identityPoolId?.message}
              >
                {(control) => (
                  <input
                    {...control}
                    {...form.register("aws.identityPoolId")}
                    type="text"
                    autoComplete="off"
                    spellCheck={false}
                    placeholder="us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0"
                    className={inputClass(control["aria-invalid"], "font-mono")}
                  />
                )}
              </Field>
              <Field
                id="aws-developer-provider-name"
                label="Developer provider name"
                hint={
                  <>
                    The pool&apos;s developer provider; psoxy uses{" "}
                    <code className="font-mono text-xs">{defaultDeveloperProviderName(environmentId)}</code>.
                  </>
                }
                error={errors.aws?.developerProviderName?.message}
              >
                {(control) => (
                  <input
                    {...control}
                    {...form.register("aws.developerProviderName")}
                    type="text"
                    autoComplete="off"
                    spellCheck={false}
                    className={inputClass(control["aria-invalid"], "font-mono")}
                  />
                )}
              </Field>
            </div>
            <details className="rounded-md border border-slate-200 p-3" data-testid="aws-prerequisites">
              <summary className="cursor-pointer text-sm font-medium text-slate-900">
                No identity pool yet? Create it as Psoxy&apos;s Terraform would
              </summary>
              <div className="mt-3 space-y-2 text-sm text-slate-700">
                <p>
                  With AWS credentials allowed to manage Cognito, run this. It creates the pool{" "}
                  <code className="font-mono text-xs">{defaultIdentityPoolName(environmentId)}</code> with the developer provider{" "}
                  <code className="font-mono text-xs">{defaultDeveloperProviderName(environmentId)}</code>, no unauthenticated identities
                  and no classic flow, as Psoxy&apos;s aws-cognito-pool module does; its output&apos;s IdentityPoolId goes into the field
                  above. The Results step adds an import block for it, so Psoxy&apos;s Terraform adopts the pool instead of creating
                  another.
                </p>
                <CodeBlock
                  label="AWS command creating the Cognito identity pool"
                  code={generated(() =>
                    cognitoCreatePoolCommand({
                      envId: environmentId,
                      region: (awsValues?.region ?? "").trim().toLowerCase(),
                      developerProviderName: awsValues?.developerProviderName?.trim() || undefined,
                    }),
                  )}
                />
                <p>
                  The proxy&apos;s execution role needs <code className="font-mono text-xs">{COGNITO_PROXY_ACTION}</code> on this pool, and
                  nothing else from Cognito. Psoxy&apos;s Terraform creates and attaches that policy itself; if you run the proxy another
                  way, attach this:
                </p>
                <CodeBlock
                  label="IAM policy for the proxy's role"
                  code={cognitoProxyPolicyJson({
                    region: (awsValues?.region ?? "").trim().toLowerCase(),
                    identityPoolId: awsValues?.identityPoolId?.trim().toLowerCase(),
                  })}
                />
              </div>
            </details>
            <Alert
              tone="info"
              title={
                shared ? "The shared application's Cognito identity id comes later" : "Each connector's Cognito identity id comes later"
              }
            >
              <p>
                {shared
                  ? 'Shared application: one application serves every connector, so Cognito gives it one IdentityId for its client id, which every connector\'s proxy uses (Psoxy keys it "shared").'
                  : "Cognito gives each connector an IdentityId for its application's client id."}{" "}
                It can only be read once the application exists: the Results step shows the command to run; paste its output there and the
                wizard adds the federated credential.
              </p>
            </Alert>
          </div>
        )}
      </StepCard>
    </form>
  );
}
