"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { GraphErrorAlert } from "@/components/graph/graph-error-alert";
import { ownerEmailsSchema } from "@/lib/tenant/inputs";
import type { Owner } from "@/lib/tenant/model";
import { Field, inputClass } from "./field";
import { useFormDraft } from "./form-draft";
import { StepCard } from "./step-card";
import { StepNav } from "./step-nav";
import type { Loadable } from "./use-setup-flow";

const ownersFormSchema = z.object({ extraOwners: ownerEmailsSchema });

function unknownOwnerMessage(entry: string): string {
  return `${entry} is not a user in this tenant: check the spelling or invite them first`;
}

function ambiguousOwnerMessage(entry: string, count: number): string {
  return `${entry} is the e-mail address of ${count} users in this tenant: enter the user principal name of the one you mean`;
}

type OwnerLookup = { owners: Owner[]; unknown: string[]; ambiguous: { entry: string; count: number }[] };

function OwnerChip({ owner, you }: { owner: Owner; you?: boolean }) {
  return (
    <span className="inline-flex max-w-full items-center gap-2 rounded-full border border-slate-200 bg-slate-50 py-1 pl-1 pr-3 text-sm">
      <span aria-hidden className="grid h-6 w-6 shrink-0 place-items-center rounded-full bg-blue-700 text-xs font-semibold text-white">
        {(owner.displayName || owner.userPrincipalName).slice(0, 1).toUpperCase()}
      </span>
      <span className="min-w-0 truncate">
        <span className="font-medium text-slate-900">{owner.displayName}</span>{" "}
        <span className="text-slate-600">{owner.userPrincipalName}</span>
      </span>
      {you ? <span className="text-xs font-medium text-blue-800">(you)</span> : null}
    </span>
  );
}

export function OwnersStep({
  ownerText,
  me,
  onRetryMe,
  resolveOwners,
  onBack,
  onSubmit,
  focusOnMount,
  typedValues,
  onTyped,
}: {
  ownerText: string;
  /** What was typed here and not submitted yet (kept across a reload or a Back). */
  typedValues?: { extraOwners: string };
  onTyped: (values: { extraOwners: string }) => void;
  me: Loadable<Owner>;
  onRetryMe: () => void;
  resolveOwners: (entries: readonly string[]) => Promise<OwnerLookup>;
  onBack: () => void;
  onSubmit: (ownerText: string, owners: Owner[]) => void;
  focusOnMount: boolean;
}) {
  const form = useForm({ resolver: zodResolver(ownersFormSchema), defaultValues: { extraOwners: typedValues?.extraOwners ?? ownerText } });
  useFormDraft(form.control, (values) => onTyped({ extraOwners: typeof values.extraOwners === "string" ? values.extraOwners : "" }));
  const [lookupError, setLookupError] = useState<unknown>(null);
  const error = form.formState.errors.extraOwners?.message;
  const busy = form.formState.isSubmitting;

  const submit = form.handleSubmit(async (values) => {
    setLookupError(null);
    let resolved: Awaited<ReturnType<typeof resolveOwners>>;
    try {
      resolved = await resolveOwners(values.extraOwners);
    } catch (caught) {
      setLookupError(caught);
      return;
    }
    if (resolved.unknown.length || resolved.ambiguous.length) {
      const message = [
        ...resolved.unknown.map(unknownOwnerMessage),
        ...resolved.ambiguous.map(({ entry, count }) => ambiguousOwnerMessage(entry, count)),
      ].join("\n");
      form.setError("extraOwners", { type: "unknown-user", message }, { shouldFocus: true });
      return;
    }
    const text = form.getValues("extraOwners");
    onSubmit(typeof text === "string" ? text : text.join("\n"), resolved.owners);
  });

  return (
    <form noValidate onSubmit={submit}>
      <StepCard
        testId="step-owners"
        title="Owners"
        focusOnMount={focusOnMount}
        description="Owners can manage the applications later without an admin role (e.g. to finish a setup or rotate the proxy identity). You are always an owner."
        footer={<StepNav onBack={onBack} busy={busy} busyLabel="Looking up owners…" nextDisabled={me.status !== "ready"} />}
      >
        <div>
          <h3 className="text-sm font-semibold text-slate-900">You</h3>
          <div className="mt-2" data-testid="owner-self">
            {me.status === "ready" ? <OwnerChip owner={me.value} you /> : null}
            {me.status === "loading" ? <p className="text-sm text-slate-600">Reading your account from Microsoft Graph…</p> : null}
          </div>
          {me.status === "error" ? (
            <div className="mt-2">
              <GraphErrorAlert error={me.error} onRetry={onRetryMe} />
            </div>
          ) : null}
        </div>

        <Field
          id="extra-owners"
          label="Additional owners (optional)"
          hint="Emails or user principal names of people in this tenant, separated by commas, spaces or new lines."
          error={error}
        >
          {(control) => (
            <textarea
              {...control}
              {...form.register("extraOwners")}
              rows={4}
              spellCheck={false}
              placeholder={"alex@contoso.com\nsam@contoso.com"}
              className={inputClass(control["aria-invalid"], "font-mono")}
            />
          )}
        </Field>

        {lookupError ? <GraphErrorAlert error={lookupError} onRetry={() => void submit()} /> : null}
      </StepCard>
    </form>
  );
}
