"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { IdValue } from "@/components/ui/code-block";
import { useMemo } from "react";
import { connectorAppName, environmentsClash } from "@/lib/tenant/naming";
import { environmentIdPlatforms, environmentIdProblem, environmentIdSchema } from "@/lib/tenant/inputs";
import type { Organization } from "@/lib/graph";
import { Field, inputClass } from "./field";
import { useFormDraft } from "./form-draft";
import { StepCard } from "./step-card";
import { StepNav } from "./step-nav";
import type { Loadable } from "./use-setup-flow";
import { Button } from "@/components/ui/button";
import { getConnector } from "@/lib/connectors";
import type { ExistingSetup } from "@/lib/tenant/resume";

/** Setups this wizard made earlier in the tenant: continue one without retyping (the tenant is the store). */
function EarlierSetups({ setups, onContinue }: { setups: ExistingSetup[]; onContinue: (setup: ExistingSetup) => void }) {
  return (
    <section aria-labelledby="earlier-setups" className="rounded-md border border-blue-200 bg-blue-50 p-4" data-testid="earlier-setups">
      <h3 id="earlier-setups" className="text-sm font-semibold text-blue-950">
        Continue an earlier setup
      </h3>
      <p className="mt-0.5 text-sm text-blue-950">
        This tenant already has applications made by this wizard. Continue one to see what is left to do; nothing is changed until you
        apply.
      </p>
      <ul className="mt-3 space-y-2">
        {setups.map((setup) => (
          <li
            key={setup.environmentId}
            className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-blue-100 bg-white px-3 py-2 text-sm"
          >
            <div>
              <p className="font-medium text-slate-900">
                Environment <code className="font-mono">{setup.environmentId || "(none)"}</code> · {setup.appCount} application
                {setup.appCount === 1 ? "" : "s"}
                {setup.appMode === "shared" ? " (shared)" : ""}
              </p>
              <p className="text-slate-600">
                {setup.connectorIds.map((id) => getConnector(id).shortName).join(", ")}
                {setup.platform ? ` · ${setup.platform.platform.toUpperCase()}` : " · proxy identity to re-enter"}
              </p>
              {setup.dropped.length ? (
                <div className="mt-1 text-xs text-amber-900" data-testid={`earlier-setup-dropped-${setup.environmentId || "none"}`}>
                  <p className="font-medium">Ignored values read from the tenant:</p>
                  <ul className="list-disc pl-5">
                    {setup.dropped.map((note) => (
                      <li key={note}>{note}</li>
                    ))}
                  </ul>
                  <p>
                    <strong>Next step:</strong> continue this setup and enter the proxy&apos;s identity again; applying writes the valid
                    values back. Nothing invalid is used meanwhile.
                  </p>
                </div>
              ) : null}
            </div>
            <Button
              variant="secondary"
              onClick={() => onContinue(setup)}
              aria-label={`Continue environment ${setup.environmentId || "(none)"}`}
            >
              Continue
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The environment id, as at least one platform's Psoxy Terraform accepts it (the identity step checks the chosen
 * platform), and never one that Entra cannot tell apart from an environment already in the tenant.
 */
function environmentFormSchema(existing: readonly string[]) {
  return z.object({
    environmentId: environmentIdSchema.superRefine((value, ctx) => {
      const clash = existing.find((other) => environmentsClash(value, other));
      if (clash !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `This tenant already has environment “${clash}”, and Entra cannot tell “${value}” apart from it (application uniqueNames ignore letter case). Continue “${clash}” above, or choose another id.`,
        });
      }
    }),
  });
}

/** Which platforms' Psoxy Terraform accepts the id typed so far, and why not the other. */
function platformNote(value: string): string | null {
  const platforms = environmentIdPlatforms(value);
  if (platforms.length === 2) return "Valid for Psoxy on GCP and on AWS.";
  if (platforms.length === 1) {
    const other = platforms[0] === "gcp" ? "aws" : "gcp";
    return `Valid for Psoxy on ${platforms[0]!.toUpperCase()} only. ${environmentIdProblem(value, other)}`;
  }
  return null;
}

export function EnvironmentStep({
  environmentId,
  tenantId,
  organization,
  onRetryOrganization,
  onSubmit,
  focusOnMount,
  existing,
  onContinue,
  typedValues,
  onTyped,
}: {
  /** What was typed here and not submitted yet (kept across a reload or a Back). */
  typedValues?: { environmentId: string };
  onTyped: (values: { environmentId: string }) => void;
  existing: Loadable<ExistingSetup[]>;
  onContinue: (setup: ExistingSetup) => void;
  environmentId: string;
  tenantId: string;
  organization: Loadable<Organization>;
  onRetryOrganization: () => void;
  onSubmit: (environmentId: string) => void;
  focusOnMount: boolean;
}) {
  const existingIds = useMemo(() => (existing.status === "ready" ? existing.value.map((setup) => setup.environmentId) : []), [existing]);
  const schema = useMemo(() => environmentFormSchema(existingIds), [existingIds]);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { environmentId: typedValues?.environmentId ?? environmentId } });
  useFormDraft(form.control, (values) => onTyped({ environmentId: values.environmentId ?? "" }));
  const typed = useWatch({ control: form.control, name: "environmentId" });
  const preview = environmentIdSchema.safeParse(typed);
  const note = preview.success ? platformNote(preview.data) : null;
  const error = form.formState.errors.environmentId?.message;

  return (
    <form noValidate onSubmit={form.handleSubmit((values) => onSubmit(values.environmentId))}>
      <StepCard
        testId="step-environment"
        title="Environment"
        focusOnMount={focusOnMount}
        description="The Microsoft 365 tenant the connector applications go into, and the Psoxy environment they belong to."
        footer={<StepNav />}
      >
        {existing.status === "ready" && existing.value.length > 0 ? (
          <EarlierSetups setups={existing.value} onContinue={onContinue} />
        ) : null}
        <div className="rounded-md border border-slate-200 bg-slate-50 p-4">
          <h3 className="text-sm font-semibold text-slate-900">Tenant</h3>
          <p className="mt-0.5 text-sm text-slate-600">
            From your sign-in. To set up another tenant, sign in with an account of that tenant.
          </p>
          <dl className="mt-3 space-y-2 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <dt className="text-slate-600">Organization</dt>
              <dd className="font-medium text-slate-900" data-testid="organization-name">
                {organization.status === "ready"
                  ? (organization.value.displayName ?? "(no name)")
                  : organization.status === "loading"
                    ? "Reading…"
                    : "Not available"}
              </dd>
            </div>
            <div>
              <dt className="sr-only">Tenant id</dt>
              <dd>
                <IdValue label="Tenant id" value={tenantId} />
              </dd>
            </div>
          </dl>
          {organization.status === "error" ? (
            <div className="mt-3">
              <GraphErrorAlert error={organization.error} onRetry={onRetryOrganization} />
            </div>
          ) : null}
        </div>

        <Field
          id="environment-id"
          label="Environment id"
          error={error}
          hint={
            <>
              Psoxy&apos;s <code className="font-mono text-xs">environment_name</code>, added to every application name and written to the
              Terraform handoff. On GCP: up to 20 lowercase letters, digits and &apos;-&apos;, or empty for no suffix. On AWS: starts with a
              letter, up to 20 letters, digits, &apos;-&apos; or &apos;_&apos;, ends with a letter or digit, never starts with
              &apos;aws&apos; or &apos;ssm&apos;.
            </>
          }
        >
          {(control) => (
            <input
              {...control}
              {...form.register("environmentId")}
              type="text"
              autoComplete="off"
              spellCheck={false}
              className={inputClass(control["aria-invalid"], "max-w-xs font-mono")}
            />
          )}
        </Field>
        {preview.success ? (
          <p className="text-sm text-slate-600">
            Applications will be named like{" "}
            <span className="font-medium text-slate-900">“{connectorAppName("Outlook Mail", preview.data)}”</span>.
            {note ? <span data-testid="environment-platforms"> {note}</span> : null}
          </p>
        ) : null}
      </StepCard>
    </form>
  );
}
