"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { appRolesFor, selectableConnectors, type ConnectorId } from "@/lib/connectors";
import type { AppMode } from "@/lib/tenant/desired";
import { connectorSelectionSchema } from "@/lib/tenant/inputs";
import { AvailabilityBadge, PermissionList } from "./connector-badges";
import { FieldError } from "./field";
import { useFormDraft } from "./form-draft";
import { StepCard } from "./step-card";
import { StepNav } from "./step-nav";

const APP_MODES = ["per-connector", "shared"] as const satisfies readonly AppMode[];

const connectorsFormSchema = z.object({
  connectorIds: connectorSelectionSchema,
  appMode: z.enum(APP_MODES),
});

const MODE_TEXT: Record<AppMode, { label: string; detail: string }> = {
  "per-connector": {
    label: "One application per connector (recommended)",
    detail: "Each connector gets its own application with only the permissions it needs, as Psoxy's Terraform does.",
  },
  shared: {
    label: "One shared application for all connectors",
    detail:
      "A single application requests the union of all selected connectors' permissions, like Psoxy's msft_connector_app_object_id (beta). It trusts every connector's proxy: on GCP each connector's service account through a federated credential of its own, on AWS the one Cognito identity of the shared client id. Psoxy's Terraform then only reads it. Fewer objects to manage, but every proxy can read what any connector reads.",
  },
};

export function ConnectorsStep({
  connectorIds,
  appMode,
  onBack,
  onSubmit,
  focusOnMount,
  typedValues,
  onTyped,
}: {
  connectorIds: ConnectorId[];
  appMode: AppMode;
  /** What was chosen here and not submitted yet (kept across a reload or a Back). */
  typedValues?: { connectorIds: ConnectorId[]; appMode: AppMode };
  onTyped: (values: { connectorIds: ConnectorId[]; appMode: AppMode }) => void;
  onBack: () => void;
  onSubmit: (connectorIds: ConnectorId[], appMode: AppMode) => void;
  focusOnMount: boolean;
}) {
  const form = useForm({ resolver: zodResolver(connectorsFormSchema), defaultValues: typedValues ?? { connectorIds, appMode } });
  useFormDraft(form.control, (values) =>
    onTyped({
      connectorIds: Array.isArray(values.connectorIds) ? values.connectorIds.filter((id): id is ConnectorId => typeof id === "string") : [],
      appMode: values.appMode ?? "per-connector",
    }),
  );
  const selected = useWatch({ control: form.control, name: "connectorIds" }) ?? [];
  const mode = useWatch({ control: form.control, name: "appMode" });
  const error = form.formState.errors.connectorIds;
  const errorMessage = error?.message ?? error?.root?.message ?? (Array.isArray(error) ? error.find(Boolean)?.message : undefined);
  const union = mode === "shared" && selected.length > 1 ? appRolesFor(selected).map((role) => role.permission) : [];

  return (
    <form noValidate onSubmit={form.handleSubmit((values) => onSubmit(values.connectorIds, values.appMode))}>
      <StepCard
        testId="step-connectors"
        title="Connectors"
        focusOnMount={focusOnMount}
        description="Choose the Microsoft 365 data your Psoxy proxy will read. Each connector asks for read-only Microsoft Graph application permissions, which a consent admin grants later."
        footer={<StepNav onBack={onBack} />}
      >
        <fieldset aria-describedby={errorMessage ? "connectors-error" : undefined}>
          <legend className="text-sm font-semibold text-slate-900">Connectors</legend>
          <ul className="mt-3 grid gap-3 md:grid-cols-2">
            {selectableConnectors().map((connector) => {
              const id = `connector-${connector.id}`;
              const checked = selected.includes(connector.id);
              return (
                <li
                  key={connector.id}
                  className={`relative flex gap-3 rounded-md border p-4 transition-colors ${checked ? "border-blue-500 bg-blue-50/50" : "border-slate-200 bg-white hover:border-slate-300"}`}
                >
                  <input
                    id={id}
                    type="checkbox"
                    value={connector.id}
                    aria-describedby={`${id}-description`}
                    className="relative z-20 mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 text-blue-700 focus:ring-blue-600"
                    {...form.register("connectorIds")}
                  />
                  <div className="min-w-0 flex-1 space-y-2">
                    <div className="flex flex-wrap items-center gap-2">
                      <label htmlFor={id} className="font-medium text-slate-900 after:absolute after:inset-0 after:content-['']">
                        {connector.displayName}
                      </label>
                      <AvailabilityBadge availability={connector.availability} />
                    </div>
                    <p id={`${id}-description`} className="text-sm text-slate-600">
                      {connector.description}
                    </p>
                    <div className="relative z-10 space-y-1">
                      <p className="text-xs font-medium text-slate-500">Graph application permissions</p>
                      <PermissionList permissions={connector.permissions} label={`Permissions for ${connector.displayName}`} />
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
          <FieldError id="connectors-error" message={errorMessage} />
        </fieldset>

        <fieldset>
          <legend className="text-sm font-semibold text-slate-900">Applications</legend>
          <div className="mt-3 space-y-3">
            {APP_MODES.map((value) => (
              <div key={value} className="flex gap-3">
                <input
                  id={`app-mode-${value}`}
                  type="radio"
                  value={value}
                  aria-describedby={`app-mode-${value}-detail`}
                  className="mt-0.5 h-4 w-4 shrink-0 border-slate-300 text-blue-700 focus:ring-blue-600"
                  {...form.register("appMode")}
                />
                <div>
                  <label htmlFor={`app-mode-${value}`} className="text-sm font-medium text-slate-900">
                    {MODE_TEXT[value].label}
                  </label>
                  <p id={`app-mode-${value}-detail`} className="text-sm text-slate-600">
                    {MODE_TEXT[value].detail}
                  </p>
                </div>
              </div>
            ))}
          </div>
          {union.length ? (
            <div className="mt-4 space-y-1.5 rounded-md border border-slate-200 bg-slate-50 p-3">
              <p className="text-sm font-medium text-slate-800">The shared application will request all of these:</p>
              <PermissionList permissions={union} label="Permissions of the shared application" />
            </div>
          ) : null}
        </fieldset>
      </StepCard>
    </form>
  );
}
