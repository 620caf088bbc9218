"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field, inputClass } from "@/components/setup/field";
import { CodeBlock } from "@/components/ui/code-block";
import { getConnector, type ConnectorId } from "@/lib/connectors";
import {
  PLACEHOLDER_SPECS,
  TEST_TOOL_AUTH_NOTE,
  TEST_TOOL_INSTALL_NOTE,
  proxyHealthCheckCommand,
  proxyTestCalls,
  testCallsFormSchema,
  type Placeholder,
  type ProxyPlatform,
} from "@/lib/exports/test-calls";

/*
 * The test-call form, loaded only when someone opens "Test calls through the proxy" (test-calls.tsx): the board
 * itself needs neither react-hook-form nor these generators.
 */

/** Today at 00:00 UTC: Psoxy seeds its example dates with the deployment time, rotated yearly. */
function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function TestCallsForm({
  connectorId,
  platform,
  userGuid,
}: {
  connectorId: ConnectorId;
  platform: ProxyPlatform;
  userGuid?: string;
}) {
  const id = useId();
  const schema = useMemo(() => testCallsFormSchema(platform), [platform]);
  const form = useForm({
    resolver: zodResolver(schema),
    mode: "onTouched",
    defaultValues: { proxyUrl: "", roleArn: "" },
  });
  const [proxyUrl, roleArn] = useWatch({ control: form.control, name: ["proxyUrl", "roleArn"] });
  const [sampleDate] = useState(() => startOfUtcDay(new Date()));
  const errors = form.formState.errors;

  const input = {
    connectorId,
    platform,
    proxyUrl,
    awsRoleArn: roleArn,
    ids: userGuid ? { EXAMPLE_MSFT_USER_GUID: userGuid } : {},
    sampleDate,
  };
  const calls = proxyTestCalls(input);
  const healthCheck = proxyHealthCheckCommand(input);
  const unresolved = [...new Set(calls.flatMap((call) => call.unresolved))];
  const name = getConnector(connectorId).shortName;

  return (
    <div className="space-y-3">
      <form noValidate onSubmit={(event) => event.preventDefault()} className="grid gap-3 sm:grid-cols-2">
        <Field
          id={`${id}-url`}
          label="Proxy URL"
          hint={`Optional: the ${name} connector's endpoint_url (terraform output api_connector_instances).`}
          error={errors.proxyUrl?.message}
        >
          {(control) => (
            <input
              {...control}
              {...form.register("proxyUrl")}
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder={platform === "aws" ? "https://….lambda-url.us-east-1.on.aws/" : "https://….run.app"}
              className={inputClass(control["aria-invalid"], "font-mono text-xs")}
            />
          )}
        </Field>
        {platform === "aws" ? (
          <Field id={`${id}-arn`} label="Role ARN" hint="Optional: terraform output caller_role_arn." error={errors.roleArn?.message}>
            {(control) => (
              <input
                {...control}
                {...form.register("roleArn")}
                autoComplete="off"
                spellCheck={false}
                placeholder="arn:aws:iam::123456789012:role/PsoxyCaller"
                className={inputClass(control["aria-invalid"], "font-mono text-xs")}
              />
            )}
          </Field>
        ) : null}
      </form>

      <p className="text-xs text-slate-600">
        {TEST_TOOL_INSTALL_NOTE} {TEST_TOOL_AUTH_NOTE[platform]}
      </p>

      <ol className="space-y-2" aria-label={`${name} test commands`}>
        <li>
          <p className="mb-1 text-xs text-slate-700">Health check</p>
          <CodeBlock code={healthCheck} label={`${name} health check command`} />
        </li>
        {calls.map((call, index) => (
          <li key={`${index}-${call.path}`}>
            <p className="mb-1 break-all font-mono text-xs text-slate-700">GET {call.path}</p>
            <CodeBlock code={call.command} label={`${name} test command for ${call.path}`} />
          </li>
        ))}
      </ol>

      {unresolved.length ? (
        <div className="text-sm">
          <p className="font-medium text-slate-800">Replace before running</p>
          <ul className="mt-1 space-y-1 text-slate-700">
            {unresolved.map((placeholder: Placeholder) => (
              <li key={placeholder}>
                <code className="font-mono text-xs">{`{${placeholder}}`}</code>: {PLACEHOLDER_SPECS[placeholder].hint}{" "}
                <span className="text-slate-500">
                  (Psoxy setting{" "}
                  <code className="break-all font-mono text-xs">
                    msft_365_connector_settings.{PLACEHOLDER_SPECS[placeholder].settingKey}
                  </code>
                  )
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
