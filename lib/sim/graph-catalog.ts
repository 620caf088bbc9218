import {
  GRAPH_APP_ROLE_IDS,
  GRAPH_DELEGATED_SCOPE_IDS,
  MICROSOFT_GRAPH_APP_ID,
  type GraphAppPermission,
  type GraphDelegatedScope,
} from "@/lib/connectors/microsoft-ids";
import type { AppRole, PermissionScope, ServicePrincipalRecord } from "./types";
import { MICROSOFT_SERVICES_TENANT_ID } from "./personas";

/**
 * The Microsoft Graph service principal as it appears in every tenant.
 * Ids come from microsoft-ids.ts; display names and descriptions follow
 * https://learn.microsoft.com/graph/permissions-reference.
 */

const APP_ROLE_TEXT: Record<GraphAppPermission, [string, string]> = {
  "User.Read.All": ["Read all users' full profiles", "Allows the app to read user profiles without a signed in user."],
  "Group.Read.All": [
    "Read all groups",
    "Allows the app to read group properties and memberships, and read conversations for all groups, without a signed-in user.",
  ],
  "MailboxSettings.Read": [
    "Read all user mailbox settings",
    "Allows the app to read user's mailbox settings in your organization without a signed-in user. Does not include permission to send mail.",
  ],
  "Calendars.Read": ["Read calendars in all mailboxes", "Allows the app to read events of all calendars without a signed-in user."],
  "Mail.ReadBasic.All": [
    "Read basic mail in all mailboxes",
    "Allows the app to read basic mail properties in all mailboxes without a signed-in user. Includes all properties except body, previewBody, attachments and any extended properties.",
  ],
  "Files.Read.All": [
    "Read files in all site collections",
    "Allows the app to read all files in all site collections without a signed in user.",
  ],
  "Team.ReadBasic.All": ["Get a list of all teams", "Get a list of all teams, without a signed-in user."],
  "Channel.ReadBasic.All": [
    "Read the names and descriptions of all channels",
    "Read all channel names and channel descriptions, without a signed-in user.",
  ],
  "Chat.Read.All": ["Read all chat messages", "Allows the app to read all 1-to-1 or group chat messages in Microsoft Teams."],
  "ChannelMessage.Read.All": ["Read all channel messages", "Allows the app to read all channel messages in Microsoft Teams"],
  "CallRecords.Read.All": [
    "Read all call records",
    "Allows the app to read call records for all calls and online meetings without a signed-in user.",
  ],
  "OnlineMeetings.Read.All": [
    "Read online meeting details",
    "Allows the app to read online meeting details in your organization, without a signed-in user.",
  ],
  "OnlineMeetingArtifact.Read.All": [
    "Read online meeting artifacts",
    "Allows the app to read online meeting artifacts in your organization, without a signed-in user.",
  ],
  "AiEnterpriseInteraction.Read.All": [
    "Read all AI enterprise interactions",
    "Allows the app to read all AI enterprise interactions in your organization, without a signed-in user.",
  ],
};

/** A few more real Graph app roles, so the resource does not only hold what the connectors need. */
const OTHER_APP_ROLES: readonly [string, string, string, string][] = [
  [
    "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
    "Application.ReadWrite.All",
    "Read and write all applications",
    "Allows the app to create, read, update and delete applications and service principals without a signed-in user. Does not allow management of consent grants.",
  ],
  [
    "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
    "Directory.Read.All",
    "Read directory data",
    "Allows the app to read data in your organization's directory, such as users, groups and apps, without a signed-in user.",
  ],
];

const SCOPE_TEXT: Record<GraphDelegatedScope, { type: "User" | "Admin"; admin: [string, string]; user: [string, string] }> = {
  "User.Read": {
    type: "User",
    admin: [
      "Sign in and read user profile",
      "Allows users to sign-in to the app, and allows the app to read the profile of signed-in users.",
    ],
    user: [
      "Sign you in and read your profile",
      "Allows you to sign in to the app with your organizational account and let the app read your profile.",
    ],
  },
  "Application.Read.All": {
    type: "Admin",
    admin: ["Read applications", "Allows the app to read applications and service principals on behalf of the signed-in user."],
    user: ["Read applications", "Allows the app to read applications and service principals on your behalf."],
  },
  "Application.ReadWrite.All": {
    type: "Admin",
    admin: [
      "Read and write all applications",
      "Allows the app to create, read, update and delete applications and service principals on behalf of the signed-in user.",
    ],
    user: [
      "Read and write applications",
      "Allows the app to create, read, update and delete applications and service principals on your behalf.",
    ],
  },
  "AppRoleAssignment.ReadWrite.All": {
    type: "Admin",
    admin: [
      "Manage app permission grants and app role assignments",
      "Allows the app to manage permission grants for application permissions to any API (including Microsoft Graph) and application assignments for any app, on behalf of the signed-in user.",
    ],
    user: [
      "Manage app permission grants and app role assignments",
      "Allows the app to manage permission grants for application permissions to any API and application assignments for any app, on your behalf.",
    ],
  },
  "Directory.Read.All": {
    type: "Admin",
    admin: ["Read directory data", "Allows the app to read data in your organization's directory, such as users, groups and apps."],
    user: ["Read directory data", "Allows the app to read data in your organization's directory."],
  },
  "AuditLog.Read.All": {
    type: "Admin",
    admin: ["Read audit log data", "Allows the app to read and query your audit log activities, on behalf of the signed-in user."],
    user: ["Read audit log data", "Allows the app to read and query your audit log activities, on your behalf."],
  },
};

/** An application permission of Microsoft Graph as its service principal publishes it. */
function applicationRole(id: string, value: string, displayName: string, description: string): AppRole {
  return { id, value, displayName, description, allowedMemberTypes: ["Application"], isEnabled: true, origin: "Application" };
}

function graphAppRoles(): AppRole[] {
  const connectorRoles = (Object.keys(GRAPH_APP_ROLE_IDS) as GraphAppPermission[]).map((value) =>
    applicationRole(GRAPH_APP_ROLE_IDS[value], value, ...APP_ROLE_TEXT[value]),
  );
  const others = OTHER_APP_ROLES.map(([id, value, displayName, description]) => applicationRole(id, value, displayName, description));
  return [...connectorRoles, ...others];
}

function graphPermissionScopes(): PermissionScope[] {
  return (Object.keys(GRAPH_DELEGATED_SCOPE_IDS) as GraphDelegatedScope[]).map((value): PermissionScope => {
    const text = SCOPE_TEXT[value];
    return {
      id: GRAPH_DELEGATED_SCOPE_IDS[value],
      value,
      type: text.type,
      adminConsentDisplayName: text.admin[0],
      adminConsentDescription: text.admin[1],
      userConsentDisplayName: text.user[0],
      userConsentDescription: text.user[1],
      isEnabled: true,
    };
  });
}

export function microsoftGraphServicePrincipal(id: string): ServicePrincipalRecord {
  return {
    id,
    appId: MICROSOFT_GRAPH_APP_ID,
    displayName: "Microsoft Graph",
    appDisplayName: "Microsoft Graph",
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    servicePrincipalType: "Application",
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appRoles: graphAppRoles(),
    oauth2PermissionScopes: graphPermissionScopes(),
    servicePrincipalNames: [
      MICROSOFT_GRAPH_APP_ID,
      "https://graph.microsoft.com",
      "https://graph.microsoft.com/",
      "https://canary.graph.microsoft.com",
    ],
    signInAudience: "AzureADMultipleOrgs",
    tags: [],
    description: null,
    notes: null,
    extra: {},
  };
}
