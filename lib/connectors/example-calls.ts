/**
 * The ids and dates inside the catalog's example API calls (`exampleApiCalls`), as data: which
 * Psoxy placeholder each `{TOKEN}` stands for, what a valid value looks like, and where to find one.
 *
 * Psoxy renders its example calls from
 * https://github.com/Worklytics/psoxy/blob/main/infra/modules/worklytics-connector-specs/msft-365.tf
 * with ids from `msft_365_connector_settings`
 * (https://github.com/Worklytics/psoxy/blob/main/infra/modules/worklytics-connector-specs/variables.tf,
 * read in https://github.com/Worklytics/psoxy/blob/main/infra/modules/worklytics-connector-specs/main.tf).
 * Ids it is not given stay as `{EXAMPLE_MSFT_…}` placeholders "for you to substitute by hand"
 * (https://github.com/Worklytics/psoxy/blob/main/docs/sources/microsoft-365/README.md, "Example API Calls");
 * dates are always filled from `example_api_calls_sample_date`.
 */
import { z } from "zod";
import { GUID_PATTERN, GUID_RE } from "@/lib/text/guid";
import { plainAsciiProblem } from "@/lib/text/safe";

/** Psoxy's placeholder names, exactly as its Terraform leaves them in unfilled example calls. */
export const EXAMPLE_PLACEHOLDERS = [
  "EXAMPLE_MSFT_USER_GUID",
  "EXAMPLE_MSFT_GROUP_GUID",
  "EXAMPLE_MSFT_TEAMS_TEAM_GUID",
  "EXAMPLE_MSFT_TEAMS_CHANNEL_GUID",
  "EXAMPLE_MSFT_TEAMS_CHAT_GUID",
  "EXAMPLE_MSFT_TEAMS_CALL_GUID",
  "EXAMPLE_MSFT_TEAMS_CALL_RECORD_GUID",
  "EXAMPLE_MSFT_TEAMS_ONLINE_MEETING_URL",
  "EXAMPLE_MSFT_ONEDRIVE_DRIVE_ID",
  "EXAMPLE_MSFT_ONEDRIVE_ITEM_ID",
] as const;
export type Placeholder = (typeof EXAMPLE_PLACEHOLDERS)[number];

interface PlaceholderSpec {
  /** Key of Psoxy's `msft_365_connector_settings` that fills it in Terraform. */
  readonly settingKey: string;
  /** What the value is, in a few words. */
  readonly label: string;
  /** Where to find a value (from Psoxy's docs). */
  readonly hint: string;
  /** Accepted shapes of the value. */
  readonly pattern: RegExp;
  /** What to do when a value does not have that shape. */
  readonly message: string;
  /** Longest value accepted; PLACEHOLDER_MAX_LENGTH when absent. */
  readonly maxLength?: number;
}

/** Graph's ids are far shorter (a 1:1 chat id is about 90 characters; Psoxy's p~ tokens of them a little longer). */
const PLACEHOLDER_MAX_LENGTH = 512;

/**
 * Psoxy's reversible pseudonym (`p~` + URL-safe base64), which the proxy returns for ids when
 * PSEUDONYMIZE_APP_IDS is on (the default); Psoxy's docs say to use that `id` in the example calls:
 * https://github.com/Worklytics/psoxy/blob/main/docs/sources/microsoft-365/msft-teams/README.md
 * (prefix: https://github.com/Worklytics/psoxy/blob/main/java/gateway-core/src/main/java/com/avaulta/gateway/pseudonyms/impl/UrlSafeTokenPseudonymEncoder.java).
 */
const REVERSIBLE_TOKEN = String.raw`p~[A-Za-z0-9_-]+`;
const GUID_OR_TOKEN_RE = new RegExp(`^(?:${GUID_PATTERN}|${REVERSIBLE_TOKEN})$`);
/** Teams thread ids: `19:…@thread.tacv2` (channels), `19:…@thread.v2` / `19:…@unq.gbl.spaces` (chats). */
const THREAD_ID = String.raw`19:[A-Za-z0-9_.:-]+@(?:thread\.[a-z0-9]+|unq\.gbl\.spaces)`;

/** Example ids are Psoxy's own (docs/sources/microsoft-365/README.md and msft-onedrive/README.md). */
const EXAMPLE_GUID = "48d31887-5fad-4d73-a9f5-3c356e68a038";

export const PLACEHOLDER_SPECS: Readonly<Record<Placeholder, PlaceholderSpec>> = {
  EXAMPLE_MSFT_USER_GUID: {
    settingKey: "example_msft_user_guid",
    label: "user id",
    hint: "A user's object id (GUID), e.g. an id from the /v1.0/users call; if the proxy pseudonymizes app ids (the default), use the id exactly as the proxy returns it (p~…).",
    pattern: GUID_OR_TOKEN_RE,
    message: `Use a user's object id, a GUID such as ${EXAMPLE_GUID} (or the p~… id the proxy returns).`,
  },
  EXAMPLE_MSFT_GROUP_GUID: {
    settingKey: "example_msft_group_guid",
    label: "group id",
    hint: "A group's id (GUID) from the /v1.0/groups call (as the proxy returns it, p~… if it pseudonymizes app ids).",
    pattern: GUID_OR_TOKEN_RE,
    message: "Use a group's id, a GUID such as fbe2bf47-16c8-47cf-b4a5-4b9b187c508b (or the p~… id the proxy returns).",
  },
  EXAMPLE_MSFT_TEAMS_TEAM_GUID: {
    settingKey: "msft_teams_example_team_guid",
    label: "team id",
    hint: "A team's id (GUID) from the /v1.0/teams call.",
    pattern: GUID_RE,
    message: "Use a team's id, a GUID, from the /v1.0/teams call.",
  },
  EXAMPLE_MSFT_TEAMS_CHANNEL_GUID: {
    settingKey: "msft_teams_example_channel_guid",
    label: "channel id",
    hint: "A channel's id (19:…@thread.tacv2) from the /v1.0/teams/{team id}/allChannels call.",
    pattern: new RegExp(`^${THREAD_ID}$`),
    message: "Use a channel id such as 19:…@thread.tacv2, from the allChannels call.",
  },
  EXAMPLE_MSFT_TEAMS_CHAT_GUID: {
    settingKey: "msft_teams_example_chat_guid",
    label: "chat id",
    hint: "A chat's id (19:…@thread.v2) from the /v1.0/users/{user id}/chats call (as the proxy returns it, p~… if it pseudonymizes app ids).",
    pattern: new RegExp(`^(?:${THREAD_ID}|${REVERSIBLE_TOKEN})$`),
    message: "Use a chat id such as 19:…@thread.v2 from the chats call (or the p~… id the proxy returns).",
  },
  EXAMPLE_MSFT_TEAMS_CALL_GUID: {
    settingKey: "msft_teams_example_call_guid",
    label: "call id",
    hint: "The id (GUID) of a Teams call.",
    pattern: GUID_RE,
    message: "Use a call id, a GUID.",
  },
  EXAMPLE_MSFT_TEAMS_CALL_RECORD_GUID: {
    settingKey: "msft_teams_example_call_record_guid",
    label: "call record id",
    hint: "A call record's id (GUID) from the /v1.0/communications/callRecords call.",
    pattern: GUID_RE,
    message: "Use a call record id, a GUID, from the callRecords call.",
  },
  EXAMPLE_MSFT_TEAMS_ONLINE_MEETING_URL: {
    settingKey: "msft_teams_example_online_meeting_join_url",
    label: "meeting join URL",
    hint: "The join URL (https://teams.microsoft.com/l/meetup-join/…) of an online meeting, from its invitation.",
    // Inside an OData string literal in the query: no quote, space, '&' or '#' (they would end it).
    pattern: /^https:\/\/[^\s'&#]+$/,
    message: "Use the meeting's https:// join URL as Teams gives it (no spaces, quotes, '&' or '#').",
    maxLength: 2048,
  },
  EXAMPLE_MSFT_ONEDRIVE_DRIVE_ID: {
    settingKey: "msft_onedrive_example_drive_id",
    label: "drive id",
    hint: "A drive id (b!…) from the /v1.0/users/{user id}/drives or /v1.0/groups/{group id}/drives call.",
    pattern: /^b![A-Za-z0-9_-]+$/,
    message: "Use a drive id such as b!-RIj2DuyvEyV1T4NlOaMHk8X…, from a …/drives call.",
  },
  EXAMPLE_MSFT_ONEDRIVE_ITEM_ID: {
    settingKey: "msft_onedrive_example_item_id",
    label: "drive item id",
    hint: "A driveItem id (e.g. 01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K) from the /v1.0/drives/{drive id}/root/delta call.",
    pattern: /^[A-Za-z0-9][A-Za-z0-9!_-]*$/,
    message: "Use a driveItem id such as 01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K, from the root/delta call.",
  },
};

/**
 * The catalog's `{TOKEN}`s → Psoxy's placeholders. The catalog's `{GROUP_ID}` is Psoxy's literal
 * `{GROUP_ID}` in `/v1.0/groups/{GROUP_ID}/members` and `example_msft_group_guid` in OneDrive's
 * `/v1.0/groups/…/drives`; both are a group id, so one value fills both.
 */
export const CATALOG_ID_TOKENS: Readonly<Record<string, Placeholder>> = {
  USER_ID: "EXAMPLE_MSFT_USER_GUID",
  GROUP_ID: "EXAMPLE_MSFT_GROUP_GUID",
  TEAM_ID: "EXAMPLE_MSFT_TEAMS_TEAM_GUID",
  CHANNEL_ID: "EXAMPLE_MSFT_TEAMS_CHANNEL_GUID",
  CHAT_ID: "EXAMPLE_MSFT_TEAMS_CHAT_GUID",
  CALL_ID: "EXAMPLE_MSFT_TEAMS_CALL_GUID",
  CALL_RECORD_ID: "EXAMPLE_MSFT_TEAMS_CALL_RECORD_GUID",
  JOIN_WEB_URL: "EXAMPLE_MSFT_TEAMS_ONLINE_MEETING_URL",
  DRIVE_ID: "EXAMPLE_MSFT_ONEDRIVE_DRIVE_ID",
  ITEM_ID: "EXAMPLE_MSFT_ONEDRIVE_ITEM_ID",
};

export interface ExampleDateSpec {
  /** Hours added to the sample date (Terraform `timeadd`). */
  readonly offsetHours: number;
  /** Whether Psoxy wraps it in `urlencode(…)`. */
  readonly urlEncoded: boolean;
}

/**
 * The catalog's date `{TOKEN}`s, as msft-365.tf computes them from `example_api_calls_sample_date`:
 * Outlook calendarView spans the 180 days (-4320h) before it, Teams direct-routing/PSTN calls the
 * 90 days (-2160h) before it, URL-encoded.
 */
export const CATALOG_DATE_TOKENS: Readonly<Record<string, ExampleDateSpec>> = {
  START_DATE_TIME: { offsetHours: -4320, urlEncoded: false },
  END_DATE_TIME: { offsetHours: 0, urlEncoded: false },
  FROM_DATE_TIME: { offsetHours: -2160, urlEncoded: true },
  TO_DATE_TIME: { offsetHours: 0, urlEncoded: true },
};

/** Default of Psoxy's `example_api_calls_sample_date` (worklytics-connector-specs/variables.tf). */
export const PSOXY_DEFAULT_SAMPLE_DATE = "2025-08-01T00:00:00Z";

/** Line breaks, tabs and other control characters (C0, DEL, C1, Unicode line/paragraph separators). */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Leading/trailing spaces only: a control character anywhere is refused, not trimmed away. */
export function trimSpaces(value: string): string {
  return value.replace(/^ +| +$/g, "");
}

/** A placeholder's value, validated like typed input. */
export function placeholderValueSchema(name: Placeholder) {
  const spec = PLACEHOLDER_SPECS[name];
  return z.string().transform((raw, ctx) => {
    if (CONTROL_CHARACTERS.test(raw)) {
      ctx.addIssue({ code: "custom", message: `Paste the ${spec.label} on one line, without line breaks or tabs. ${spec.message}` });
      return z.NEVER;
    }
    const value = trimSpaces(raw);
    if (value === "") {
      ctx.addIssue({ code: "custom", message: `Paste the ${spec.label}. ${spec.hint}` });
      return z.NEVER;
    }
    const maxLength = spec.maxLength ?? PLACEHOLDER_MAX_LENGTH;
    if (value.length > maxLength) {
      ctx.addIssue({
        code: "custom",
        message: `That is ${value.length} characters; a ${spec.label} has at most ${maxLength}: paste only the ${spec.label}. ${spec.message}`,
      });
      return z.NEVER;
    }
    // Invisible and look-alike characters (a zero-width space, a Cyrillic 'е', a fullwidth '１'): Graph's ids and
    // Teams' join URLs are plain ASCII.
    const lookAlike = plainAsciiProblem(spec.label, value);
    if (lookAlike) {
      ctx.addIssue({ code: "custom", message: `${lookAlike} ${spec.message}` });
      return z.NEVER;
    }
    if (!spec.pattern.test(value)) {
      ctx.addIssue({ code: "custom", message: spec.message });
      return z.NEVER;
    }
    return value;
  });
}

export function isPlaceholder(value: unknown): value is Placeholder {
  return typeof value === "string" && (EXAMPLE_PLACEHOLDERS as readonly string[]).includes(value);
}
