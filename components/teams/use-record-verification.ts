"use client";

import { useCallback, useState } from "react";
import { useSession } from "@/components/auth/session-context";
import { useGraphClient } from "@/components/graph/use-graph";
import { TEAMS_RECORD_SCOPES } from "@/lib/auth/jobs";
import { isGraphError } from "@/lib/graph";
import { checkVerifierName, type TeamsVerification } from "@/lib/tenant/teams-policy";
import { recordTeamsVerification } from "@/lib/tenant/teams-record";
import { clearTeamsDraft, saveTeamsDraft } from "./storage";

type RecordState =
  | { status: "idle" }
  | { status: "recording" }
  /** `visible`: the read-back already shows the tag (otherwise replication is still catching up). */
  | { status: "recorded"; verification: TeamsVerification; visible: boolean }
  /** `denied`: Graph refused the write (403): only owners and application administrators may. */
  | { status: "error"; error: unknown; denied: boolean };

/**
 * Records the verification as a tag on the connector's application (lib/tenant/teams-record.ts).
 * Application.ReadWrite.All is asked for only here, when the user presses "Record verification": the
 * token is requested on the first call, which may send the browser to Microsoft and back, so the
 * pasted output is kept first.
 */
export function useRecordVerification(objectId: string, label: string, onRecorded?: () => void) {
  const session = useSession();
  const client = useGraphClient(TEAMS_RECORD_SCOPES);
  const [state, setState] = useState<RecordState>({ status: "idle" });

  const record = useCallback(
    async (output: string) => {
      const account = session.account;
      const name = [account?.name, account?.username].map((value) => checkVerifierName(value ?? "")).find((check) => check.ok);
      if (!name || !name.ok) {
        setState({
          status: "error",
          denied: false,
          error: new Error(
            "Neither your display name nor your user name can be stored in a tag (they are empty or hold control or invisible characters). Ask an administrator to fix your account's name.",
          ),
        });
        return;
      }
      saveTeamsDraft(objectId, output);
      setState({ status: "recording" });
      try {
        const recorded = await recordTeamsVerification(client, { objectId, label, by: name.value, at: new Date() });
        clearTeamsDraft(objectId);
        setState({ status: "recorded", ...recorded });
        onRecorded?.();
      } catch (error) {
        setState({ status: "error", error, denied: isGraphError(error) && error.status === 403 });
      }
    },
    [client, objectId, label, session.account, onRecorded],
  );

  return { state, record };
}
