"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { parseCognitoIdentityInput } from "@/lib/tenant/inputs";
import { Field, inputClass } from "./field";

/** What the user pasted, read by the domain's parser; only the IdentityId is kept. */
function cognitoOutputSchema(poolId: string) {
  return z.object({
    output: z.string().transform((text, ctx) => {
      const parsed = parseCognitoIdentityInput(text, poolId);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: parsed.message });
        return z.NEVER;
      }
      return parsed.identityId;
    }),
  });
}

const COGNITO_INPUT_LABEL = "Paste the IdentityId or the command's JSON output";

export function CognitoIdentityForm({ appKey, poolId, onSave }: { appKey: string; poolId: string; onSave: (identityId: string) => void }) {
  const schema = useMemo(() => cognitoOutputSchema(poolId), [poolId]);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { output: "" } });
  return (
    <form noValidate onSubmit={form.handleSubmit((values) => onSave(values.output))} className="space-y-3">
      <Field
        id={`cognito-output-${appKey}`}
        label={COGNITO_INPUT_LABEL}
        hint="Only the IdentityId is kept; the token in the output is discarded."
        error={form.formState.errors.output?.message}
      >
        {(control) => (
          <textarea
            {...control}
            {...form.register("output")}
            rows={3}
            spellCheck={false}
            placeholder={'{\n  "IdentityId": "us-east-1:…",\n  "Token": "…"\n}'}
            className={inputClass(control["aria-invalid"], "font-mono text-xs")}
          />
        )}
      </Field>
      <Button type="submit" variant="secondary">
        Save IdentityId and update the plan
      </Button>
    </form>
  );
}
