/**
 * Well-known Microsoft identifiers, as data. Shared by the connector catalog,
 * the Graph module and the tenant simulator so an id is written once.
 *
 * Sources:
 * - Graph permission ids: https://learn.microsoft.com/graph/permissions-reference
 *   (microsoftgraph/microsoft-graph-docs-contrib: concepts/includes/permissions-ids.md)
 * - Directory role template ids: https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference
 */

/** appId of the Microsoft Graph resource application, the same in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export const GRAPH_PERMISSIONS_SOURCE = "https://learn.microsoft.com/graph/permissions-reference";

/** Microsoft Graph application permissions (app roles) the connectors need: value -> app role id. */
export const GRAPH_APP_ROLE_IDS = {
  "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
  "Group.Read.All": "5b567255-7703-4780-807c-7be8301ae99b",
  "MailboxSettings.Read": "40f97065-369a-49f4-947c-6a255697ae91",
  "Calendars.Read": "798ee544-9d2d-430c-a058-570e29e34338",
  "Mail.ReadBasic.All": "693c5e45-0940-467d-9b8a-1022fb9d42ef",
  "Files.Read.All": "01d4889c-1287-42c6-ac1f-5d1e02578ef6",
  "Team.ReadBasic.All": "2280dda6-0bfd-44ee-a2f4-cb867cfc4c1e",
  "Channel.ReadBasic.All": "59a6b24b-4225-4393-8165-ebaec5f55d7a",
  "Chat.Read.All": "6b7d71aa-70aa-4810-a8d9-5d9fb2830017",
  "ChannelMessage.Read.All": "7b2449af-6ccd-4f4d-9f78-e550c193f0d1",
  "CallRecords.Read.All": "45bbb07e-7321-4fd7-a8f6-3ff27e6a81c8",
  "OnlineMeetings.Read.All": "c1684f21-1984-47fa-9d61-2dc8c296bb70",
  "OnlineMeetingArtifact.Read.All": "df01ed3b-eb61-4eca-9965-6b3d789751b2",
  "AiEnterpriseInteraction.Read.All": "839c90ab-5771-41ee-aef8-a562e8487c1e",
} as const;

export type GraphAppPermission = keyof typeof GRAPH_APP_ROLE_IDS;

/** Microsoft Graph delegated permissions (oauth2PermissionScopes) the wizard itself uses: value -> scope id. */
export const GRAPH_DELEGATED_SCOPE_IDS = {
  "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
  "Application.Read.All": "c79f8feb-a9db-4090-85f9-90d820caa0eb",
  "Application.ReadWrite.All": "bdfbf15f-ee85-4955-8675-146e8e5296b5",
  "AppRoleAssignment.ReadWrite.All": "84bccea3-f856-4a8a-967b-dbe0a3d53a64",
  "Directory.Read.All": "06da0dbc-49e2-44d2-8312-53f166ab848a",
  "AuditLog.Read.All": "e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20",
} as const;

export type GraphDelegatedScope = keyof typeof GRAPH_DELEGATED_SCOPE_IDS;

/** Entra built-in directory roles the wizard reasons about: key -> template id and display name. */
export const DIRECTORY_ROLES = {
  globalAdministrator: { templateId: "62e90394-69f5-4237-9190-012177145e10", displayName: "Global Administrator" },
  privilegedRoleAdministrator: {
    templateId: "e8611ab8-c189-46e8-94e1-60213ab1f814",
    displayName: "Privileged Role Administrator",
  },
  cloudApplicationAdministrator: {
    templateId: "158c047a-c907-4556-b7ef-446551a6b5f7",
    displayName: "Cloud Application Administrator",
  },
  applicationAdministrator: {
    templateId: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    displayName: "Application Administrator",
  },
  globalReader: { templateId: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", displayName: "Global Reader" },
  teamsAdministrator: { templateId: "69091246-20e8-4a56-aa4d-066075b2a7a8", displayName: "Teams Administrator" },
  applicationDeveloper: { templateId: "cf1c38e5-3621-4004-a7cb-879624dced7c", displayName: "Application Developer" },
  // Roles that may read sign-in logs and the usage-and-insights reports
  // (https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-beta#permissions).
  reportsReader: { templateId: "4a5d8f65-41da-4de4-8968-e035b65339cf", displayName: "Reports Reader" },
  securityReader: { templateId: "5d6b6bb7-de71-4623-b4af-96380a352509", displayName: "Security Reader" },
  securityAdministrator: { templateId: "194ae4cb-b126-40b2-bd5b-6091b380977d", displayName: "Security Administrator" },
} as const;

export type DirectoryRoleKey = keyof typeof DIRECTORY_ROLES;

export function directoryRoleByTemplateId(templateId: string): DirectoryRoleKey | undefined {
  return (Object.keys(DIRECTORY_ROLES) as DirectoryRoleKey[]).find((key) => DIRECTORY_ROLES[key].templateId === templateId);
}
