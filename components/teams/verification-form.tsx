"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field, inputClass } from "@/components/setup/field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DIRECTORY_ROLES } from "@/lib/connectors";
import { parseTeamsPolicyOutput, teamsOutputFormSchema, TEAMS_OUTPUT_MAX_CHARS } from "@/lib/tenant/teams-policy";
import { loadTeamsDraft, saveTeamsDraft } from "./storage";

const APP_WRITERS = `an owner of the application, a ${DIRECTORY_ROLES.cloudApplicationAdministrator.displayName} or an ${DIRECTORY_ROLES.applicationAdministrator.displayName}`;

/** What the parser read from the paste, shown as the user pastes. */
function ParseResult({ output, clientId, fieldShowsError }: { output: string; clientId: string; fieldShowsError: boolean }) {
  const parsed = useMemo(() => parseTeamsPolicyOutput(output, clientId), [output, clientId]);
  if (output.trim() === "") return null;
  if (!parsed.ok) {
    // The field already says the same under itself (after Record verification): once is enough.
    if (fieldShowsError) return null;
    return (
      <Alert tone="warning" title="The wizard could not read this output">
        <p>{parsed.message}</p>
      </Alert>
    );
  }
  return (
    <div data-testid="teams-parse-result">
      <Alert
        tone={parsed.verified ? "success" : "warning"}
        title={parsed.verified ? "The output shows the policy is in place" : "The output does not show the policy in place yet"}
      >
        <ul className="space-y-0.5">
          <li>
            Policy: <code className="font-mono text-xs">{parsed.policyName || "(no name)"}</code>
          </li>
          <li>
            {parsed.clientIdListed ? "✓" : "✗"} Client id <code className="font-mono text-xs">{clientId}</code>{" "}
            {parsed.clientIdListed ? "is" : "is not"} listed in its AppIds ({parsed.appIds.length} app id
            {parsed.appIds.length === 1 ? "" : "s"})
          </li>
          <li>
            {parsed.grantedGlobally ? "✓" : "✗"} Granted globally (Grant-CsApplicationAccessPolicy -Global){" "}
            {parsed.grantedGlobally ? "succeeded" : "not shown"}
          </li>
        </ul>
        {parsed.problems.map((problem) => (
          <p key={problem}>
            <strong>To do:</strong> {problem}
          </p>
        ))}
      </Alert>
    </div>
  );
}

/**
 * Paste what the script printed; the wizard reads it as it is pasted, and a verified output can be
 * recorded on the application. `canRecordHint` only warns: Graph decides who may write.
 */
export function VerificationForm({
  objectId,
  clientId,
  canRecordHint,
  recording,
  onRecord,
}: {
  objectId: string;
  clientId: string;
  canRecordHint: boolean;
  recording: boolean;
  onRecord: (output: string) => void;
}) {
  const schema = useMemo(() => teamsOutputFormSchema(clientId), [clientId]);
  const [initial] = useState(() => loadTeamsDraft(objectId));
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { output: initial } });
  const output = useWatch({ control: form.control, name: "output" }) ?? "";
  const error = form.formState.errors.output?.message;
  const fieldId = `teams-output-${objectId}`;

  useEffect(() => saveTeamsDraft(objectId, output), [objectId, output]);

  return (
    <form noValidate className="space-y-4" onSubmit={form.handleSubmit((values) => onRecord(values.output))}>
      <Field
        id={fieldId}
        label="What the script printed"
        error={error}
        hint={
          <>
            Paste everything after <code className="font-mono text-xs">Connect-MicrosoftTeams</code>: the line starting{" "}
            <code className="font-mono text-xs">PSOXY-TEAMS-GLOBAL-GRANT</code> and the policy&apos;s{" "}
            <code className="font-mono text-xs">Identity</code> and <code className="font-mono text-xs">AppIds</code>. Nothing pasted here
            leaves this browser until you record the verification, and then only your name and today&apos;s date are written.
          </>
        }
      >
        {(control) => (
          <textarea
            {...control}
            {...form.register("output")}
            rows={8}
            maxLength={TEAMS_OUTPUT_MAX_CHARS}
            spellCheck={false}
            autoComplete="off"
            placeholder={
              "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics\n\nIdentity    : Tag:Teams-Policy-For-Worklytics\nAppIds      : {<client id>}\nDescription : …"
            }
            className={inputClass(control["aria-invalid"], "font-mono text-xs")}
          />
        )}
      </Field>
      <ParseResult output={output} clientId={clientId} fieldShowsError={error !== undefined} />
      {!canRecordHint ? (
        <p className="text-sm text-slate-600">
          Recording writes a tag on the application, and Microsoft Graph lets only {APP_WRITERS} do that. You do not seem to be one: you can
          still try, or send this page&apos;s link to one of them and they paste the same output.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={recording}>
          {recording ? "Recording…" : "Record verification"}
        </Button>
        <span className="text-sm text-slate-600">
          Asks Microsoft for permission to update applications (Application.ReadWrite.All) if you have not granted it yet.
        </span>
      </div>
    </form>
  );
}
