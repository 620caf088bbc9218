/**
 * The Teams application access policy step, as pure functions: read back what the wizard's
 * PowerShell script printed, record the verification as an application tag, and link to the step.
 *
 * No Microsoft Graph API reads Teams application access policies; only the Teams PowerShell module
 * does (https://learn.microsoft.com/graph/cloud-communication-online-meeting-application-access-policy).
 * - Get-CsApplicationAccessPolicy prints Identity (`Tag:<name>`), AppIds and Description
 *   (https://learn.microsoft.com/powershell/module/teams/get-csapplicationaccesspolicy); a policy's
 *   PolicyName is its Identity without the `tag:` prefix
 *   (https://learn.microsoft.com/powershell/module/teams/grant-csapplicationaccesspolicy).
 * - Where a policy is granted is not part of that output, so the script prints
 *   `PSOXY-TEAMS-GLOBAL-GRANT OK: <name>` once `Grant-CsApplicationAccessPolicy -Global` succeeded
 *   (lib/exports/teams.ts).
 * - PowerShell lists collections as `{a, b}`, cut after $FormatEnumerationLimit (4) items with `...`
 *   (5.1) or `…` (6.2+); Format-List wraps long values onto indented lines; Format-Table cuts cells
 *   (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables).
 *
 * The parser is tolerant of formatting and strict about what it confirms: a client id counts only as a
 * whole GUID inside the AppIds of the policy the global-grant line names.
 */
import { z } from "zod";
import { CONNECTORS, isConnectorId, type ConnectorId, type DirectoryRoleKey } from "@/lib/connectors";
import { TEAMS_GLOBAL_GRANT_MARKER } from "@/lib/exports/teams";
import { GUID_PATTERN, isGuid } from "@/lib/text/guid";
import { unsafeCharacters } from "@/lib/text/safe";
import { environmentIdSchema } from "./inputs";
import type { SnapshotApp } from "./snapshot";

// ─── Parsing the script's output ────────────────────────────────────────────────────────────────

/** Longer pastes are refused: the script prints a few hundred characters. */
export const TEAMS_OUTPUT_MAX_CHARS = 20_000;

type TeamsPolicyParse =
  | {
      ok: true;
      /** The policy's name without the `Tag:` prefix. */
      policyName: string;
      /** Whole GUIDs listed in the policy's AppIds, lower-cased, in order. */
      appIds: string[];
      clientIdListed: boolean;
      grantedGlobally: boolean;
      /** Client id listed and granted globally. */
      verified: boolean;
      /** Why it is not verified, each with what to do; empty when verified. */
      problems: string[];
    }
  | { ok: false; message: string };

const EXPECTED =
  `Expected what the wizard's script prints at its end: the line "${TEAMS_GLOBAL_GRANT_MARKER} OK: <policy name>" and the policy as ` +
  'Get-CsApplicationAccessPolicy lists it, e.g. "Identity : Tag:Teams-Policy-For-Worklytics" and "AppIds : {<client id>}". ' +
  "Paste everything the script printed after Connect-MicrosoftTeams.";

/** A whole GUID: not part of a longer run of hex digits and dashes (a cut-off id never matches). */
const WHOLE_GUID_RE = new RegExp(`(?<![0-9a-fA-F-])${GUID_PATTERN}(?![0-9a-fA-F-])`, "g");

const ESC = String.fromCharCode(27);
/** ANSI CSI and OSC sequences (PowerShell 7.2+ colours Format-List labels with $PSStyle). */
const ANSI_RE = new RegExp(`${ESC}\\[[0-?]*[ -/]*[@-~]|${ESC}\\][^${ESC}\\u0007]*(?:\\u0007|${ESC}\\\\)`, "g");
const CUT_RE = /\.\.\.|…/;

function normalizeOutput(text: string): string[] {
  return text
    .replace(/^\uFEFF/, "")
    .replace(ANSI_RE, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\t\u00A0\u2007\u202F]/g, " ")
    .split("\n")
    .map((line) => line.replace(/\s+$/, ""));
}

/** `Tag:Name` → `Name`; also PowerShell's `Global\Name` scope spelling. */
export function teamsPolicyName(identity: string): string {
  return identity
    .trim()
    .replace(/^(?:tag:|global\\)/i, "")
    .trim();
}

const sameName = (a: string, b: string) => teamsPolicyName(a).toLowerCase() === teamsPolicyName(b).toLowerCase();

/** Text from the paste shown back in a message: printable, one line, short. */
function echo(value: string, max = 160): string {
  const clean = value
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

interface PolicyRecord {
  identity: string;
  appIdsText: string;
  /** The Identity cell was cut short (Format-Table). */
  identityCut: boolean;
}

/** Format-List: `Label : value` lines, continuation lines indented further, objects separated by blank lines. */
function listRecords(lines: readonly string[]): PolicyRecord[] {
  const LABEL_RE = /^( *)([A-Za-z][A-Za-z0-9_.]*) *:(?: +(.*))?$/;
  const records: PolicyRecord[] = [];
  type Open = { props: Map<string, string[]>; baseIndent: number; lastKey: string };
  let open: Open | null = null;
  const close = (record: Open | null) => {
    const identity = record?.props.get("identity");
    const appIds = record?.props.get("appids");
    if (identity && appIds) records.push({ identity: identity.join(""), appIdsText: appIds.join(""), identityCut: false });
    return null;
  };
  for (const line of lines) {
    if (line.trim() === "") {
      open = close(open);
      continue;
    }
    const indent = line.length - line.trimStart().length;
    const label = LABEL_RE.exec(line);
    if (label && (open === null || label[1]!.length <= open.baseIndent)) {
      const key = label[2]!.toLowerCase();
      if (open !== null && key === "identity" && open.props.has("identity")) open = close(open);
      open ??= { props: new Map(), baseIndent: label[1]!.length, lastKey: key };
      open.props.set(key, [(label[3] ?? "").trim()]);
      open.lastKey = key;
    } else if (open !== null && indent > open.baseIndent) {
      open.props.get(open.lastKey)!.push(line.trim());
    } else {
      open = close(open);
    }
  }
  close(open);
  return records;
}

/** Format-Table: a header with Identity and AppIds, a line of dashes whose groups start each column, rows until a blank line. */
function tableRecords(lines: readonly string[]): PolicyRecord[] {
  const records: PolicyRecord[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const header = lines[i]!;
    const dashes = lines[i + 1]!;
    if (!/\bIdentity\b/i.test(header) || !/\bAppIds\b/i.test(header) || !/^ *-+( +-+)* *$/.test(dashes)) continue;
    const starts = [...dashes.matchAll(/-+/g)].map((m) => m.index);
    const cell = (line: string, k: number) => line.slice(starts[k], starts[k + 1]).trim();
    const names = starts.map((_, k) => cell(header, k).toLowerCase());
    const idCol = names.indexOf("identity");
    const appCol = names.indexOf("appids");
    if (idCol < 0 || appCol < 0) continue;
    for (let j = i + 2; j < lines.length && lines[j]!.trim() !== ""; j++) {
      const identity = cell(lines[j]!, idCol);
      const appIds = cell(lines[j]!, appCol);
      const previous = records[records.length - 1];
      if (identity === "" && previous && j > i + 2)
        previous.appIdsText += appIds; // Format-Table -Wrap continuation
      else records.push({ identity, appIdsText: appIds, identityCut: CUT_RE.test(identity) });
    }
  }
  return records;
}

interface Marker {
  ok: boolean;
  text: string;
}

function markers(lines: readonly string[]): Marker[] {
  const re = new RegExp(`^\\s*${TEAMS_GLOBAL_GRANT_MARKER}\\s+(OK|FAILED)\\s*:\\s*(.*)$`, "i");
  return lines.flatMap((line) => {
    const m = re.exec(line);
    return m ? [{ ok: m[1]!.toUpperCase() === "OK", text: m[2]!.trim() }] : [];
  });
}

/** Well-known failures the script can print instead of a policy, and what to do about each. */
function knownFailure(text: string): string | null {
  if (/is not recognized as (?:the |a )?name of a cmdlet|CommandNotFoundException/i.test(text)) {
    return "PowerShell did not find the Teams cmdlets: the MicrosoftTeams module is not installed or not imported. Run the whole script again: it installs and imports the module.";
  }
  if (/must call the Connect-MicrosoftTeams/i.test(text)) {
    return "PowerShell is not connected to Teams. Run the whole script again and sign in when Connect-MicrosoftTeams asks.";
  }
  if (/access ?denied|forbidden|unauthori[sz]ed/i.test(text)) {
    return 'Teams answered "access denied": the account that ran the script is not a Teams Administrator, or PowerShell was opened before the role was assigned. Close and reopen PowerShell, then run the script again as a Teams Administrator.';
  }
  return null;
}

/**
 * Reads what the Teams script printed and says whether it shows `clientId` listed in the policy and
 * the policy granted globally. Anything it cannot read gets `{ ok: false }` with what it expected.
 */
export function parseTeamsPolicyOutput(text: string, clientId: string): TeamsPolicyParse {
  const id = clientId.trim().toLowerCase();
  if (!isGuid(id))
    return { ok: false, message: "The Teams connector's client id is not a GUID, so there is nothing to look for. Reload the page." };
  if (typeof text !== "string" || text.trim() === "") return { ok: false, message: `Nothing pasted yet. ${EXPECTED}` };
  if (text.length > TEAMS_OUTPUT_MAX_CHARS) {
    return {
      ok: false,
      message: `That is ${text.length.toLocaleString("en-US")} characters; the script prints far less (at most ${TEAMS_OUTPUT_MAX_CHARS.toLocaleString("en-US")} are read). Paste only what it printed from the "${TEAMS_GLOBAL_GRANT_MARKER}" line down.`,
    };
  }

  const lines = normalizeOutput(text);
  // What is left after the BOM, colour codes, tabs and line breaks are normalised was not printed by PowerShell.
  const unsafe = unsafeCharacters(lines.join(""));
  if (unsafe.length) {
    return {
      ok: false,
      message: `The pasted text contains a control or invisible character (${unsafe.join(", ")}) that the script does not print: copy the output again from the PowerShell window and paste it as plain text.`,
    };
  }
  const grants = markers(lines);
  const records = [...listRecords(lines), ...tableRecords(lines)];
  const last = grants[grants.length - 1];

  if (records.length === 0) {
    const failure = knownFailure(text);
    if (last && !last.ok)
      return {
        ok: false,
        message: `Granting the policy globally failed: "${echo(last.text)}". ${failure ?? "Fix that, then run the script again."}`,
      };
    if (failure) return { ok: false, message: failure };
    if (last?.ok) {
      return {
        ok: false,
        message: `Found the line "${TEAMS_GLOBAL_GRANT_MARKER} OK: ${echo(last.text)}" but not the policy itself (its "Identity :" and "AppIds :" lines). Paste the script's output down to its last line.`,
      };
    }
    return { ok: false, message: `This does not look like the script's output. ${EXPECTED}` };
  }

  const withIds = records.map((record) => ({
    ...record,
    appIds: [...new Set([...record.appIdsText.matchAll(WHOLE_GUID_RE)].map((m) => m[0].toLowerCase()))],
  }));
  const named = last?.ok ? withIds.find((record) => !record.identityCut && sameName(record.identity, last.text)) : undefined;
  const chosen = named ?? withIds.find((record) => record.appIds.includes(id)) ?? withIds[0]!;
  const policyName = teamsPolicyName(chosen.identity);
  const clientIdListed = chosen.appIds.includes(id);
  const grantedGlobally = Boolean(last?.ok && !chosen.identityCut && sameName(chosen.identity, last.text));

  const problems: string[] = [];
  if (!clientIdListed) {
    problems.push(
      CUT_RE.test(chosen.appIdsText) || chosen.identityCut
        ? `The AppIds of ${policyName || "the policy"} are cut short ("..."), so the client id ${id} may be hidden. Paste the script's own output: it prints every app id in full.`
        : `The policy ${policyName || "(no name)"} does not list the client id ${id}. Run the script again: it adds the client id to the policy.`,
    );
  }
  if (!grantedGlobally) {
    if (chosen.identityCut)
      problems.push('The policy name is cut short ("..."). Paste the script\'s own output (Format-List), not a table.');
    else if (last && !last.ok)
      problems.push(
        `Granting the policy globally failed: "${echo(last.text)}". ${knownFailure(last.text) ?? "Fix that, then run the script again."}`,
      );
    else if (last?.ok)
      problems.push(
        `The global grant line names the policy "${echo(last.text)}", but the policy printed is "${policyName}". Paste the output of one run of the script.`,
      );
    else {
      problems.push(
        `There is no "${TEAMS_GLOBAL_GRANT_MARKER} OK: ${policyName}" line. Get-CsApplicationAccessPolicy does not show where a policy is granted; the script prints that line after Grant-CsApplicationAccessPolicy -Global succeeds, so paste its whole output.`,
      );
    }
  }
  return {
    ok: true,
    policyName,
    appIds: chosen.appIds,
    clientIdListed,
    grantedGlobally,
    verified: clientIdListed && grantedGlobally,
    problems,
  };
}

/**
 * The verification form: the pasted output must parse and show the client id listed and granted
 * globally; otherwise the field's error says what was found and what to do.
 */
export function teamsOutputFormSchema(clientId: string) {
  return z.object({
    output: z.string().superRefine((value, ctx) => {
      const parsed = parseTeamsPolicyOutput(value, clientId);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
      else if (!parsed.verified) ctx.addIssue({ code: "custom", message: parsed.problems.join("\n") });
    }),
  });
}

// ─── The verification, recorded as an application tag ──────────────────────────────────────────

/**
 * `psoxy-teams-verified:<YYYY-MM-DD>:<name>` on the connector's application. Tags are custom strings
 * on the application (https://learn.microsoft.com/graph/api/resources/application); a PATCH replaces
 * the whole list, so the wizard sends every existing tag back. Not a wizard tag (lib/tenant/naming.ts
 * isWizardTag), so the operator's re-runs keep it.
 */
export const TEAMS_VERIFIED_TAG_PREFIX = "psoxy-teams-verified:";
/** Graph keeps application tags to 256 characters each. */
export const TAG_MAX_LENGTH = 256;
const DATE_LENGTH = 10;
/** Room left for the name: prefix, date and ':' take the rest. */
export const VERIFIER_NAME_MAX_LENGTH = TAG_MAX_LENGTH - TEAMS_VERIFIED_TAG_PREFIX.length - DATE_LENGTH - 1;

export interface TeamsVerification {
  /** UTC date, YYYY-MM-DD. */
  at: string;
  by: string;
}

/** Control, format (zero-width, bidi), private-use and lone surrogate code points, line/paragraph separators, blank letters. */
const INVISIBLE_RE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029\u115F\u1160\u3164\uFFA0\u2800]/u;

type NameCheck = { ok: true; value: string } | { ok: false; message: string };

const LOOK_ALIKE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];

/**
 * A word mixing Latin, Cyrillic and Greek letters ("Adа" with a Cyrillic 'а'): how look-alike names are made
 * (Unicode TS #39 §5, mixed-script detection: https://www.unicode.org/reports/tr39/#Mixed_Script_Detection).
 * Names written in one script, whichever, pass.
 */
function mixedScriptWord(value: string): string | undefined {
  return value.split(" ").find((word) => LOOK_ALIKE_SCRIPTS.filter((script) => script.test(word)).length > 1);
}

const FIX_NAME = "fix the account's display name in Entra, or record the verification with an account whose name is plain text.";

/**
 * A verifier's name as it may stand in a tag: NFC, runs of spaces as one, trimmed, 1…VERIFIER_NAME_MAX_LENGTH
 * characters; control or invisible characters are refused, never stripped.
 */
export function checkVerifierName(name: string): NameCheck {
  if (typeof name !== "string") return { ok: false, message: "The name is missing." };
  if (INVISIBLE_RE.test(name)) return { ok: false, message: `The name contains a line break, control or invisible character: ${FIX_NAME}` };
  const value = name.normalize("NFC").replace(/\s+/gu, " ").trim();
  if (value === "") return { ok: false, message: `The name is empty: ${FIX_NAME}` };
  if (value.length > VERIFIER_NAME_MAX_LENGTH)
    return { ok: false, message: `The name is longer than ${VERIFIER_NAME_MAX_LENGTH} characters: ${FIX_NAME}` };
  const mixed = mixedScriptWord(value);
  if (mixed !== undefined) {
    return {
      ok: false,
      message: `The word “${mixed}” in the name mixes Latin letters with Cyrillic or Greek ones that look alike: ${FIX_NAME}`,
    };
  }
  return { ok: true, value };
}

function isoDate(at: Date): string | null {
  return at instanceof Date && !Number.isNaN(at.getTime()) ? at.toISOString().slice(0, DATE_LENGTH) : null;
}

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return isoDate(date) === value;
}

/** The tag recording a verification; throws on an invalid date or a name that cannot be stored. */
export function teamsVerificationTag({ at, by }: { at: Date; by: string }): string {
  const date = isoDate(at);
  if (!date) throw new Error("teamsVerificationTag: the date is not valid.");
  const name = checkVerifierName(by);
  if (!name.ok) throw new Error(`teamsVerificationTag: ${name.message}`);
  return `${TEAMS_VERIFIED_TAG_PREFIX}${date}:${name.value}`;
}

/** One tag read back, validated exactly like typed input; null for anything else. */
function readTag(tag: string): TeamsVerification | null {
  if (typeof tag !== "string" || !tag.startsWith(TEAMS_VERIFIED_TAG_PREFIX) || tag.length > TAG_MAX_LENGTH) return null;
  const rest = tag.slice(TEAMS_VERIFIED_TAG_PREFIX.length);
  const at = rest.slice(0, DATE_LENGTH);
  if (rest.charAt(DATE_LENGTH) !== ":" || !isRealDate(at)) return null;
  const by = rest.slice(DATE_LENGTH + 1);
  const name = checkVerifierName(by);
  return name.ok && name.value === by ? { at, by } : null;
}

/** The latest valid verification among an application's tags; malformed ones are ignored, never shown. */
export function readTeamsVerification(tags: readonly string[] | null | undefined): TeamsVerification | null {
  let latest: TeamsVerification | null = null;
  for (const tag of tags ?? []) {
    const found = readTag(tag);
    if (found && (!latest || found.at >= latest.at)) latest = found;
  }
  return latest;
}

/** Every existing tag kept, in order; earlier verification tags (valid or not) replaced by `tag`. */
export function withTeamsVerificationTag(tags: readonly string[], tag: string): string[] {
  if (!readTag(tag)) throw new Error("withTeamsVerificationTag: not a valid verification tag.");
  return [...tags.filter((t) => !t.startsWith(TEAMS_VERIFIED_TAG_PREFIX)), tag];
}

/**
 * Who Graph lets update an application with delegated Application.ReadWrite.All: its owners and
 * application administrators (https://learn.microsoft.com/graph/api/application-update#permissions,
 * https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference).
 * A hint for the UI only; Graph decides.
 */
export function mayRecordVerification(
  app: Pick<SnapshotApp, "owners">,
  userObjectId: string | undefined,
  roles: readonly DirectoryRoleKey[],
): boolean {
  const admins: readonly DirectoryRoleKey[] = ["cloudApplicationAdministrator", "applicationAdministrator", "globalAdministrator"];
  return (
    roles.some((role) => admins.includes(role)) || (userObjectId !== undefined && app.owners.some((owner) => owner.id === userObjectId))
  );
}

// ─── Links to the step ──────────────────────────────────────────────────────────────────────────

/** The catalog's id of the Teams manual step. */
export const TEAMS_POLICY_STEP_ID = "teams-application-access-policy";

/** Connectors whose catalog entry has the Teams application access policy step. */
function hasTeamsPolicyStep(connectorId: string): connectorId is ConnectorId {
  return CONNECTORS.some((c) => c.id === connectorId && c.manualSteps.some((step) => step.id === TEAMS_POLICY_STEP_ID));
}

export { teamsStepHref } from "./links";

/**
 * The snapshot's applications serving this connector, in one environment (null = every environment):
 * environments sorted, wizard-managed before Terraform-made.
 */
export function teamsConnectorApps(apps: readonly SnapshotApp[], connectorId: ConnectorId, environmentId: string | null): SnapshotApp[] {
  return apps
    .filter((app) => app.connectorIds.includes(connectorId) && (environmentId === null || app.environmentId === environmentId))
    .sort(
      (a, b) => a.environmentId.localeCompare(b.environmentId) || (a.managedBy === b.managedBy ? 0 : a.managedBy === "wizard" ? -1 : 1),
    );
}

export type TeamsStepParams =
  /** environmentId null: no env given, list every Teams connector app to pick from. */
  { ok: true; environmentId: string | null; connectorId: ConnectorId } | { ok: false; message: string };

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The page's search params, validated like typed input. */
export function parseTeamsStepParams(params: { env?: string | string[]; connector?: string | string[] }): TeamsStepParams {
  const connector = single(params.connector) ?? "msft-teams";
  if (!isConnectorId(connector) || !hasTeamsPolicyStep(connector)) {
    return {
      ok: false,
      message: `"${echo(connector, 60)}" is not a connector with a Teams application access policy step. Open this page with connector=msft-teams.`,
    };
  }
  const env = single(params.env);
  if (env === undefined) return { ok: true, environmentId: null, connectorId: connector };
  const parsed = environmentIdSchema.safeParse(env);
  if (!parsed.success)
    return {
      ok: false,
      message: `The environment "${echo(env, 60)}" in the link is not valid: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    };
  return { ok: true, environmentId: parsed.data, connectorId: connector };
}
