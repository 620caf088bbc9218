/**
 * Every Microsoft Graph application permission the connector catalog asks for, in plain words for the consent
 * admin: what the connector's app can read once the permission is granted. All of them are read-only.
 *
 * Each sentence restates Microsoft's own description of the application permission in the permissions reference
 * (https://learn.microsoft.com/graph/permissions-reference, quoted in the comment above each entry); where that
 * description is terse, the comment names the Microsoft page the extra detail comes from.
 */
import { hasUnsafeText } from "@/lib/text/safe";
import { GRAPH_PERMISSIONS_SOURCE, type GraphAppPermission } from "./microsoft-ids";

interface PermissionWords {
  /** One sentence starting with "Read", saying what the connector's app can read. */
  readonly plain: string;
  /** Every permission the catalog uses only reads; the type keeps it that way. */
  readonly readOnly: true;
}

/** Where the descriptions come from. */
export const PERMISSION_WORDS_SOURCE = GRAPH_PERMISSIONS_SOURCE;

export const PERMISSION_WORDS: Record<GraphAppPermission, PermissionWords> = {
  // "Read all users' full profiles": "Allows the app to read user profiles without a signed in user."
  "User.Read.All": {
    plain:
      "Read the full profile of every user in the directory (name, email address, job title and other profile properties), without changing anything",
    readOnly: true,
  },
  // "Read all groups": "Allows the app to read group properties and memberships, and read conversations for all groups,
  // without a signed-in user."
  "Group.Read.All": {
    plain: "Read every group's properties and members, and the conversations of all groups",
    readOnly: true,
  },
  // "Read all user mailbox settings": "Allows the app to read user's mailbox settings in your organization without a
  // signed-in user. Does not include permission to send mail." The settings (time zone, language, working hours,
  // automatic replies) are those of https://learn.microsoft.com/graph/api/resources/mailboxsettings
  "MailboxSettings.Read": {
    plain:
      "Read every user's mailbox settings (time zone, language, working hours, automatic replies), not their mail; it cannot send mail",
    readOnly: true,
  },
  // "Read calendars in all mailboxes": "Allows the app to read events of all calendars without a signed-in user."
  "Calendars.Read": {
    plain: "Read the events in every user's calendar (subject, time, organizer, attendees), without changing them",
    readOnly: true,
  },
  // "Read basic mail in all mailboxes": "Allows the app to read basic mail properties in all mailboxes without a
  // signed-in user. Includes all properties except body, previewBody, attachments and any extended properties."
  "Mail.ReadBasic.All": {
    plain: "Read the basic properties of every user's mail (sender, recipients, subject, dates), not message bodies or attachments",
    readOnly: true,
  },
  // "Read files in all site collections": "Allows the app to read all files in all site collections without a signed
  // in user." (Each user's OneDrive is a site collection: https://learn.microsoft.com/graph/api/resources/onedrive)
  "Files.Read.All": {
    plain: "Read all files in every SharePoint site and every user's OneDrive, without changing them",
    readOnly: true,
  },
  // "Get a list of all teams": "Get a list of all teams, without a signed-in user."
  "Team.ReadBasic.All": {
    plain: "Read the list of all teams in Microsoft Teams (their names and descriptions), not their conversations",
    readOnly: true,
  },
  // "Read the names and descriptions of all channels": "Read all channel names and channel descriptions, without a
  // signed-in user."
  "Channel.ReadBasic.All": {
    plain: "Read the names and descriptions of all channels in every team, not their messages",
    readOnly: true,
  },
  // "Read all chat messages": "Allows the app to read all 1-to-1 or group chat messages in Microsoft Teams."
  "Chat.Read.All": {
    plain: "Read all one-to-one and group chat messages in Microsoft Teams",
    readOnly: true,
  },
  // "Read all channel messages": "Allows the app to read all channel messages in Microsoft Teams"
  "ChannelMessage.Read.All": {
    plain: "Read all messages posted in Microsoft Teams channels",
    readOnly: true,
  },
  // "Read all call records": "Allows the app to read call records for all calls and online meetings without a
  // signed-in user." (What a record holds: https://learn.microsoft.com/graph/api/resources/callrecords-callrecord)
  "CallRecords.Read.All": {
    plain: "Read the call records of all Teams calls and online meetings (who took part, when and for how long), not their audio or video",
    readOnly: true,
  },
  // "Read online meeting details": "Allows the app to read online meeting details in your organization, without a
  // signed-in user."
  "OnlineMeetings.Read.All": {
    plain: "Read the details of online meetings in the organization (subject, times, participants, join link)",
    readOnly: true,
  },
  // "Read online meeting artifacts": "Allows the app to read online meeting artifacts in your organization, without a
  // signed-in user." Artifacts are attendance reports and similar:
  // https://learn.microsoft.com/graph/cloud-communications-online-meeting-artifacts
  "OnlineMeetingArtifact.Read.All": {
    plain: "Read online meeting artifacts in the organization, such as meeting attendance reports",
    readOnly: true,
  },
  // "Read all AI enterprise interactions": "Allows the app to read all AI enterprise interactions." These are
  // Microsoft 365 Copilot prompts and responses:
  // https://learn.microsoft.com/microsoft-365/copilot/extensibility/api/ai-services/interaction-export/aiinteractionhistory-getallenterpriseinteractions
  "AiEnterpriseInteraction.Read.All": {
    plain: "Read all Microsoft 365 Copilot interactions in the organization: users' prompts to Copilot and Copilot's responses",
    readOnly: true,
  },
};

const BY_LOWER = new Map<string, PermissionWords>(
  (Object.keys(PERMISSION_WORDS) as GraphAppPermission[]).map((name) => [name.toLowerCase(), PERMISSION_WORDS[name]]),
);

/** A permission name as Graph spells them (`Resource.Operation[.Constraint]`), safe to show. */
const PERMISSION_NAME = /^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+){1,4}$/;

/**
 * Plain words for a Microsoft Graph application permission (case-insensitive). A permission the catalog does not
 * use gets a generic sentence naming it (or not naming it, when the name is not a permission name) and pointing
 * to Microsoft's permissions reference.
 */
export function permissionInPlainWords(permission: string): string {
  const known = BY_LOWER.get(permission.trim().toLowerCase());
  if (known) return known.plain;
  const name = permission.trim();
  if (name.length > 0 && name.length <= 120 && !hasUnsafeText(name) && PERMISSION_NAME.test(name)) {
    return `The Microsoft Graph permission ${name}: see Microsoft's permissions reference (${PERMISSION_WORDS_SOURCE}) for what it allows`;
  }
  return `A Microsoft Graph permission this wizard does not know: see Microsoft's permissions reference (${PERMISSION_WORDS_SOURCE}) for what it allows`;
}
