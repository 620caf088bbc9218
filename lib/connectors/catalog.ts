/**
 * The Microsoft 365 Psoxy connectors, as data. Read by the UI, the planner and the exports; never
 * rewritten elsewhere.
 *
 * Every fact comes from Psoxy's own Terraform (Worklytics/psoxy at HEAD 5f92cb2, mainly
 * infra/modules/worklytics-connector-specs/msft-365.tf). Source keys in comments (`[spec]`, `[mod]`, …)
 * name those files; the URLs are in PSOXY_SOURCE below.
 */
import { DIRECTORY_ROLES, GRAPH_APP_ROLE_IDS, type DirectoryRoleKey, type GraphAppPermission } from "./microsoft-ids";

const PSOXY_TREE = "https://github.com/Worklytics/psoxy/blob/5f92cb2";

/** Where the psoxy facts come from (reference source keys -> URLs at psoxy HEAD 5f92cb2). */
export const PSOXY_SOURCE = {
  repo: "https://github.com/Worklytics/psoxy",
  commit: "5f92cb2",
  /** [spec] connector specs: display names, availability, app roles, example calls, Teams external_todo. */
  spec: `${PSOXY_TREE}/infra/modules/worklytics-connector-specs/msft-365.tf`,
  /** [specmain] apps are created only when msft_tenant_id is set. */
  specMain: `${PSOXY_TREE}/infra/modules/worklytics-connector-specs/main.tf`,
  /** [mod] app display name, owners, api_clients output, CLIENT_ID env. */
  module: `${PSOXY_TREE}/infra/modules/worklytics-connectors-msft-365/main.tf`,
  /** [conn] one Entra application per connector. */
  connection: `${PSOXY_TREE}/infra/modules/azuread-connection/main.tf`,
  /** [grant] consent TODO with the CallAnAPI portal link. */
  grant: `${PSOXY_TREE}/infra/modules/entra-grant-all-users/main.tf`,
  /** [aws] Cognito pool/identity, FIC `<env>AccessFromAWS`, AWS proxy env, Terraform import address. */
  awsExample: `${PSOXY_TREE}/infra/examples-dev/aws/msft-365.tf`,
  /** [gcp] FIC `GcpFederation`, GCP proxy env (AUDIENCE, DEVELOPER_NAME_ID). */
  gcpExample: `${PSOXY_TREE}/infra/examples-dev/gcp/msft-365.tf`,
  /** [cog] the CLI call that registers/reads a Cognito developer identity. */
  cognitoCli: `${PSOXY_TREE}/infra/modules/aws-cognito-identity-cli/addIdentity.sh`,
  /** [docs] psoxy's Microsoft 365 setup guide. */
  docs: `${PSOXY_TREE}/docs/sources/microsoft-365/README.md`,
  /** [CL] changelog (re-consent after MailboxSettings.Read was added, 0.4.57). */
  changelog: `${PSOXY_TREE}/CHANGELOG.md`,
} as const;

/** [aap] Microsoft's page for Teams application access policies. */
export const TEAMS_ACCESS_POLICY_DOC = "https://learn.microsoft.com/graph/cloud-communication-online-meeting-application-access-policy";
/** [tps] Teams PowerShell install guide. */
const TEAMS_POWERSHELL_INSTALL_DOC = "https://learn.microsoft.com/microsoftteams/teams-powershell-install";

/** Policy name and description psoxy's Teams external_todo uses [spec]. */
export const TEAMS_POLICY_NAME = "Teams-Policy-For-Worklytics";
export const TEAMS_POLICY_DESCRIPTION = "Policy for MSFT Teams used for Worklytics Psoxy connector";

export const CONNECTOR_AVAILABILITIES = ["ga", "beta", "alpha", "deprecated"] as const;
export type ConnectorAvailability = (typeof CONNECTOR_AVAILABILITIES)[number];

/** Something an administrator must do outside Graph, which the wizard can only explain or script. */
interface ManualStep {
  readonly id: string;
  readonly title: string;
  /** Directory role the person doing the step needs. */
  readonly requiredRole: DirectoryRoleKey;
  /** What to do, in order, for the UI. */
  readonly instructions: readonly string[];
  /** Commands with `<client id>` where the connector's client id goes; lib/exports builds the real script. */
  readonly commands: readonly string[];
  /** How long the change may take to apply, in minutes. */
  readonly propagationMinutes: number;
  /** Known failures and what to do about them. */
  readonly troubleshooting: readonly string[];
  readonly sources: readonly string[];
}

export interface ConnectorSpec {
  /** psoxy connector id (key of msft_365_connectors) [spec]. */
  readonly id: string;
  /** psoxy display_name, exactly [spec]. */
  readonly displayName: string;
  /** Short label for the UI (wizard's own wording). */
  readonly shortName: string;
  readonly availability: ConnectorAvailability;
  /** psoxy enable_by_default [spec]. */
  readonly enableByDefault: boolean;
  /** Not offered for new setups (still recognised on existing apps). */
  readonly hiddenFromNewSetups: boolean;
  /** Connector to use instead, for deprecated aliases. */
  readonly replacedBy?: string;
  /** psoxy worklytics_connector_id [spec]. */
  readonly worklyticsConnectorId: string;
  /** Microsoft Graph application permissions (app roles); psoxy asks for no delegated scopes [spec]. */
  readonly permissions: readonly GraphAppPermission[];
  /** psoxy example_api_calls with Terraform variables replaced by {PLACEHOLDERS} [spec]. */
  readonly exampleApiCalls: readonly string[];
  readonly manualSteps: readonly ManualStep[];
  /** One line for the UI (wizard's own wording). */
  readonly description: string;
  readonly source: string;
}

const ENTRA_ID_PERMISSIONS = ["User.Read.All", "Group.Read.All", "MailboxSettings.Read"] as const;

// [spec] entra_id_prototype.example_api_calls (azure-ad reuses the prototype).
const ENTRA_ID_EXAMPLE_CALLS = ["/v1.0/users", "/v1.0/users/{USER_ID}", "/v1.0/groups", "/v1.0/groups/{GROUP_ID}/members"] as const;

/** [spec] msft-teams external_todo, rewritten as data; role Teams Administrator per psoxy, ≤30 min per [aap]. */
const TEAMS_ACCESS_POLICY_STEP = {
  id: "teams-application-access-policy",
  title: "Allow the Teams app to read online meetings (application access policy)",
  requiredRole: "teamsAdministrator",
  instructions: [
    `Sign in as a user with the ${DIRECTORY_ROLES.teamsAdministrator.displayName} role.`,
    "Install the Microsoft Teams PowerShell module (PowerShell 5.1 or 7.2+).",
    "Run Connect-MicrosoftTeams and sign in in the browser window it opens.",
    `Create the policy ${TEAMS_POLICY_NAME} with the connector's client id (or add the client id to it if it exists).`,
    "Grant the policy to the whole tenant (-Global), not to one user or app.",
  ],
  commands: [
    "Install-Module -Name MicrosoftTeams",
    "Connect-MicrosoftTeams",
    `New-CsApplicationAccessPolicy -Identity ${TEAMS_POLICY_NAME} -AppIds "<client id>" -Description "${TEAMS_POLICY_DESCRIPTION}"`,
    `Grant-CsApplicationAccessPolicy -PolicyName ${TEAMS_POLICY_NAME} -Global`,
  ],
  propagationMinutes: 30,
  troubleshooting: [
    '"Access denied": the Teams role was not detected. Close and reopen PowerShell after the role is assigned, then run again.',
    'Until the policy applies, Graph answers 403 "No application access policy found for this app"; wait up to 30 minutes.',
    "A user has one application access policy; granting -Global replaces the tenant-wide one. If another app already relies on a global policy, add this client id to that policy instead.",
  ],
  sources: [PSOXY_SOURCE.spec, TEAMS_ACCESS_POLICY_DOC, TEAMS_POWERSHELL_INSTALL_DOC],
} as const satisfies ManualStep;

export const CONNECTORS = [
  {
    id: "msft-entra-id",
    displayName: "Microsoft Entra ID (former Azure AD)",
    shortName: "Entra ID",
    availability: "ga",
    enableByDefault: false,
    hiddenFromNewSetups: false,
    worklyticsConnectorId: "azure-ad-psoxy",
    permissions: ENTRA_ID_PERMISSIONS,
    exampleApiCalls: ENTRA_ID_EXAMPLE_CALLS,
    manualSteps: [],
    description: "Users, groups and group members from your directory.",
    source: PSOXY_SOURCE.spec,
  },
  {
    id: "azure-ad",
    displayName: "(Deprecated, use MSFT Entra Id instead) Azure Directory",
    shortName: "Azure AD (deprecated)",
    availability: "deprecated",
    enableByDefault: false,
    hiddenFromNewSetups: true,
    replacedBy: "msft-entra-id",
    worklyticsConnectorId: "azure-ad-psoxy",
    // [spec] merge(local.entra_id_prototype, {...}): same roles and calls as msft-entra-id.
    permissions: ENTRA_ID_PERMISSIONS,
    exampleApiCalls: ENTRA_ID_EXAMPLE_CALLS,
    manualSteps: [],
    description: "Legacy name of the Entra ID connector; existing setups only.",
    source: PSOXY_SOURCE.spec,
  },
  {
    id: "outlook-cal",
    displayName: "Outlook Calendar",
    shortName: "Calendar",
    availability: "ga",
    enableByDefault: true, // [spec] the only Microsoft connector enabled by default
    hiddenFromNewSetups: false,
    worklyticsConnectorId: "outlook-cal-psoxy",
    permissions: ["Calendars.Read", "MailboxSettings.Read", "Group.Read.All", "User.Read.All"],
    exampleApiCalls: [
      "/v1.0/users",
      "/v1.0/users?$select=id,mail,otherMails",
      "/v1.0/users/{USER_ID}/events",
      "/v1.0/users/{USER_ID}/calendarView?startDateTime={START_DATE_TIME}&endDateTime={END_DATE_TIME}",
      "/v1.0/users/{USER_ID}/mailboxSettings",
      "/v1.0/groups",
      "/v1.0/groups/{GROUP_ID}/members",
    ],
    manualSteps: [],
    description: "Calendar events and working hours, to measure meeting load.",
    source: PSOXY_SOURCE.spec,
  },
  {
    id: "outlook-mail",
    displayName: "Outlook Mail",
    shortName: "Mail",
    availability: "ga",
    enableByDefault: false,
    hiddenFromNewSetups: false,
    worklyticsConnectorId: "outlook-mail-psoxy",
    permissions: ["Mail.ReadBasic.All", "MailboxSettings.Read", "Group.Read.All", "User.Read.All"],
    exampleApiCalls: [
      "/v1.0/users",
      "/v1.0/users?$select=id,mail,otherMails",
      "/v1.0/users/{USER_ID}/mailboxSettings",
      "/v1.0/users/{USER_ID}/mailFolders/SentItems/messages",
      "/v1.0/groups",
      "/v1.0/groups/{GROUP_ID}/members",
    ],
    manualSteps: [],
    description: "Metadata of sent mail (no bodies), to measure collaboration by email.",
    source: PSOXY_SOURCE.spec,
  },
  {
    id: "msft-teams",
    displayName: "Microsoft Teams",
    shortName: "Teams",
    availability: "ga",
    enableByDefault: false,
    hiddenFromNewSetups: false,
    worklyticsConnectorId: "msft-teams-psoxy",
    permissions: [
      "User.Read.All",
      "Team.ReadBasic.All",
      "Channel.ReadBasic.All",
      "Chat.Read.All",
      "ChannelMessage.Read.All",
      "CallRecords.Read.All",
      "OnlineMeetings.Read.All",
      "OnlineMeetingArtifact.Read.All",
    ],
    exampleApiCalls: [
      "/v1.0/teams",
      "/v1.0/teams/{TEAM_ID}/allChannels",
      "/v1.0/users/{USER_ID}/chats",
      "/v1.0/teams/{TEAM_ID}/channels/{CHANNEL_ID}/messages",
      "/v1.0/teams/{TEAM_ID}/channels/{CHANNEL_ID}/messages/delta",
      "/v1.0/chats/{CHAT_ID}/messages",
      "/v1.0/communications/calls/{CALL_ID}",
      "/v1.0/communications/callRecords",
      "/v1.0/communications/callRecords/{CALL_RECORD_ID}",
      "/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime={FROM_DATE_TIME},toDateTime={TO_DATE_TIME})",
      "/v1.0/communications/callRecords/getPstnCalls(fromDateTime={FROM_DATE_TIME},toDateTime={TO_DATE_TIME})",
      "/v1.0/users/{USER_ID}/onlineMeetings?$filter=JoinWebUrl eq '{JOIN_WEB_URL}'",
    ],
    manualSteps: [TEAMS_ACCESS_POLICY_STEP],
    description: "Chats, channel messages, calls and online meetings metadata.",
    source: PSOXY_SOURCE.spec,
  },
  {
    id: "msft-onedrive",
    displayName: "Microsoft OneDrive",
    shortName: "OneDrive",
    availability: "beta",
    enableByDefault: false,
    hiddenFromNewSetups: false,
    worklyticsConnectorId: "msft-onedrive-psoxy",
    permissions: ["Files.Read.All", "User.Read.All", "Group.Read.All"],
    exampleApiCalls: [
      "/v1.0/users",
      "/v1.0/groups",
      "/v1.0/users/{USER_ID}/drives",
      "/v1.0/groups/{GROUP_ID}/drives",
      "/v1.0/drives/{DRIVE_ID}/root/delta",
      "/v1.0/drives/{DRIVE_ID}/items/{ITEM_ID}/activities",
      "/v1.0/drives/{DRIVE_ID}/activities",
    ],
    manualSteps: [],
    description: "File activity in users' and groups' drives (beta; needs the Entra ID connector too).",
    source: PSOXY_SOURCE.spec,
  },
  {
    id: "msft-copilot",
    displayName: "Microsoft 365 Copilot",
    shortName: "Copilot",
    availability: "alpha",
    enableByDefault: false,
    hiddenFromNewSetups: false,
    worklyticsConnectorId: "msft-copilot-psoxy",
    permissions: ["User.Read.All", "AiEnterpriseInteraction.Read.All"],
    exampleApiCalls: ["/v1.0/users", "/beta/copilot/users/{USER_ID}/interactionHistory/getAllEnterpriseInteractions"],
    manualSteps: [],
    description: "Copilot interaction history (alpha; uses a Graph beta endpoint).",
    source: PSOXY_SOURCE.spec,
  },
] as const satisfies readonly ConnectorSpec[];

/** A catalog entry; `replacedBy` is readable on every entry (set only on deprecated aliases). */
export type Connector = (typeof CONNECTORS)[number] & Pick<ConnectorSpec, "replacedBy">;
export type ConnectorId = (typeof CONNECTORS)[number]["id"];

export const CONNECTOR_IDS: readonly ConnectorId[] = CONNECTORS.map((c) => c.id);

export function isConnectorId(value: unknown): value is ConnectorId {
  return typeof value === "string" && (CONNECTOR_IDS as readonly string[]).includes(value);
}

/** The connector with this id. Use `findConnector` for ids that come from outside (tags, URLs). */
export function getConnector<Id extends ConnectorId>(id: Id): Extract<Connector, { id: Id }> {
  const connector = CONNECTORS.find((c) => c.id === id);
  if (!connector) throw new Error(`Unknown connector id: ${id}`);
  return connector as Extract<Connector, { id: Id }>;
}

export function findConnector(id: string): Connector | undefined {
  return CONNECTORS.find((c) => c.id === id);
}

/** Connectors offered for new setups, in catalog order (deprecated aliases left out). */
export function selectableConnectors(): Connector[] {
  return CONNECTORS.filter((c) => !c.hiddenFromNewSetups);
}

interface GraphAppRole {
  readonly permission: GraphAppPermission;
  /** Microsoft Graph app role id (appRoleAssignment.appRoleId). */
  readonly appRoleId: string;
}

/**
 * Union of the Graph app roles the given connectors need, deduplicated and sorted by permission
 * name. Also what a shared app (psoxy `msft_connector_app_object_id`) needs [mod].
 */
export function appRolesFor(connectorIds: Iterable<ConnectorId>): GraphAppRole[] {
  const permissions = new Set<GraphAppPermission>();
  for (const id of connectorIds) {
    for (const permission of getConnector(id).permissions) permissions.add(permission);
  }
  return [...permissions]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((permission) => ({ permission, appRoleId: GRAPH_APP_ROLE_IDS[permission] }));
}
