"use client";

import dynamic from "next/dynamic";
import { useId, useState } from "react";
import { getConnector, type ConnectorId } from "@/lib/connectors";
import type { ProxyPlatform } from "@/lib/exports/test-calls";

/** Loaded when the section is first opened (https://nextjs.org/docs/app/guides/lazy-loading). */
const TestCallsForm = dynamic(() => import("./test-calls-form").then((module) => module.TestCallsForm), {
  loading: () => <p className="text-sm text-slate-600">Loading the test calls…</p>,
});

function PlatformChoice({
  name,
  value,
  onChange,
}: {
  name: string;
  value: ProxyPlatform | null;
  onChange: (platform: ProxyPlatform) => void;
}) {
  return (
    <fieldset className="text-sm">
      <legend className="font-medium text-slate-900">Where does the proxy run?</legend>
      <div className="mt-1 flex gap-4">
        {(["gcp", "aws"] as const).map((platform) => (
          <label key={platform} className="inline-flex items-center gap-1.5">
            <input type="radio" name={name} value={platform} checked={value === platform} onChange={() => onChange(platform)} />
            {platform.toUpperCase()}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * The connector's example API calls as commands for Psoxy's test tool, with the ids filled in that
 * are known. What is typed here stays in this component.
 */
export function TestCalls({
  connectorId,
  platform,
  userGuid,
}: {
  connectorId: ConnectorId;
  platform: ProxyPlatform | null;
  userGuid?: string;
}) {
  const [chosen, setChosen] = useState<ProxyPlatform | null>(null);
  const [opened, setOpened] = useState(false);
  const effective = platform ?? chosen;
  const choiceName = useId();
  return (
    <details
      className="rounded-md border border-slate-200 print:hidden"
      data-testid="test-calls"
      data-connector={connectorId}
      onToggle={(event) => {
        if (event.currentTarget.open) setOpened(true);
      }}
    >
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">
        Test calls through the proxy <span className="font-normal text-slate-600">({getConnector(connectorId).shortName})</span>
      </summary>
      <div className="space-y-3 border-t border-slate-200 px-3 py-3">
        {platform === null ? <PlatformChoice name={choiceName} value={chosen} onChange={setChosen} /> : null}
        {!opened ? null : effective ? (
          <TestCallsForm key={effective} connectorId={connectorId} platform={effective} userGuid={userGuid} />
        ) : (
          <p className="text-sm text-slate-600">Choose where the proxy runs to see the commands.</p>
        )}
      </div>
    </details>
  );
}
