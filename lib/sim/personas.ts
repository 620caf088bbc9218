import type { DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import type { Persona, UserRecord } from "./types";

/** The simulated tenant (fixed, so tests and the e2e build can rely on it). */
export const SIM_TENANT_ID = "ba97a9e4-726a-4f27-894c-b0dfe89871f6";
export const SIM_TENANT_DOMAIN = "contoso-demo.onmicrosoft.com";
export const SIM_TENANT_NAME = "Contoso (demo tenant)";

/** A second tenant, home of `other-tenant-user` ("signed in with the wrong tenant"). */
export const OTHER_TENANT_ID = "928ddf1e-8f67-4451-aa9d-690271a5adb0";
export const OTHER_TENANT_DOMAIN = "fabrikam-demo.onmicrosoft.com";
export const OTHER_TENANT_NAME = "Fabrikam (another tenant)";

/** Tenant that owns Microsoft's first-party apps (appOwnerOrganizationId of Microsoft Graph). */
export const MICROSOFT_SERVICES_TENANT_ID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

/** Object id of the Microsoft Graph service principal in each simulated tenant. */
export const GRAPH_SP_ID_HOME = "d8de84dd-fae9-48ff-9d76-f68b7e237ed0";
export const GRAPH_SP_ID_OTHER = "3a17495e-9a50-46cf-94a8-a27997f7d0e8";

/** Client id used for tokens minted by `issueTokens` (demo mode has no OAuth client). */
export const DEMO_CLIENT_ID = "e121e4f4-986b-41ce-948e-41c9699207fa";

/**
 * The wizard's own single-page application as the simulator knows it without a directory object (app-registry.ts):
 * the client id the e2e servers run with, and its SPA redirect URIs (the e2e tenant server; a local try). Entra
 * ignores the port of loopback redirect URIs, so the wizard on any other 127.0.0.1 / localhost port matches too.
 */
export const WIZARD_CLIENT_ID = "5b1f0f0e-0a11-4c6b-9d2e-7a57e2e0c1d1";
export const WIZARD_REDIRECT_URIS = ["http://127.0.0.1:3210/auth/redirect", "http://localhost:3000/auth/redirect"] as const;

/**
 * The Azure CLI's client id, a Microsoft first-party public client present in every tenant
 * (https://learn.microsoft.com/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in), with the
 * delegated permissions an admin's `az rest` call to Graph carries. Tests sign in "as the Azure CLI" to replay the
 * wizard's registration commands.
 */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
export const AZURE_CLI_SCOPES = [
  "User.Read",
  "Application.Read.All",
  "Application.ReadWrite.All",
  "AppRoleAssignment.ReadWrite.All",
  "DelegatedPermissionGrant.ReadWrite.All",
  "Directory.Read.All",
] as const;

/** Activated directoryRole object ids in the home tenant (role instances differ from template ids). */
export const HOME_DIRECTORY_ROLE_IDS: Record<DirectoryRoleKey, string> = {
  globalAdministrator: "4e48de21-a870-4379-9d8e-4051e8b743d5",
  privilegedRoleAdministrator: "fcd80b16-d34e-4aa3-90a4-7fd4509a6df2",
  cloudApplicationAdministrator: "d8cdec2a-578f-453c-ab78-57488f3dbafd",
  applicationAdministrator: "cfef7b21-08e9-40f9-b00e-50f9ce2b7330",
  globalReader: "afba7bd4-ab06-430c-a084-0b0e36f8fe53",
  teamsAdministrator: "f0d778fe-1a39-4675-ad8e-17e1f01408d6",
  applicationDeveloper: "9b761536-e4dd-455f-9d5f-ed1b86747d01",
  reportsReader: "3f1c6a52-8d0e-4b7a-9c21-5e6d4f8a0b13",
  securityReader: "a7e2d9c4-1b5f-4e8a-b3c6-0d9f2e7a4c58",
  securityAdministrator: "6c4b8e1d-f2a3-4d7c-8e95-b1a0c3d2e4f6",
};

/** Role descriptions as Entra shows them (permissions reference). */
export const ROLE_DESCRIPTIONS: Record<DirectoryRoleKey, string> = {
  globalAdministrator: "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.",
  privilegedRoleAdministrator: "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.",
  cloudApplicationAdministrator: "Can create and manage all aspects of app registrations and enterprise apps except App Proxy.",
  applicationAdministrator: "Can create and manage all aspects of app registrations and enterprise apps.",
  globalReader: "Can read everything that a Global Administrator can, but not update anything.",
  teamsAdministrator: "Can manage the Microsoft Teams service.",
  applicationDeveloper: "Can create application registrations independent of the 'Users can register applications' setting.",
  reportsReader: "Can read sign-in and audit reports.",
  securityReader: "Can read security information and reports in Microsoft Entra ID and Office 365.",
  securityAdministrator: "Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.",
};

function persona(
  id: string,
  objectId: string,
  givenName: string,
  surname: string,
  roles: DirectoryRoleKey[],
  description: string,
  tenant: Persona["tenant"] = "home",
): Persona {
  const domain = tenant === "home" ? SIM_TENANT_DOMAIN : OTHER_TENANT_DOMAIN;
  return {
    id,
    objectId,
    displayName: `${givenName} ${surname}`,
    userPrincipalName: `${givenName}.${surname}@${domain}`.toLowerCase(),
    givenName,
    surname,
    roles,
    description,
    tenant,
  };
}

export const PERSONAS: readonly Persona[] = Object.freeze([
  persona(
    "cloud-app-admin",
    "c6f07a7c-93f7-4702-8500-569efe043155",
    "Avery",
    "Chen",
    ["cloudApplicationAdministrator"],
    "Cloud Application Administrator: creates app registrations and service principals, cannot grant Microsoft Graph application permissions.",
  ),
  persona(
    "app-admin",
    "d5a2bbcc-20f1-46f1-b25d-9d87494cae3b",
    "Jordan",
    "Patel",
    ["applicationAdministrator"],
    "Application Administrator: manages all app registrations, cannot grant Microsoft Graph application permissions.",
  ),
  persona(
    "priv-role-admin",
    "29bae9a1-cbd9-41c5-a871-f65a0bb7b363",
    "Morgan",
    "Rivera",
    ["privilegedRoleAdministrator"],
    "Privileged Role Administrator: grants application permissions (admin consent) for any API, including Microsoft Graph.",
  ),
  persona(
    "global-admin",
    "93ef24b8-60e3-4f8c-847c-162098633910",
    "Taylor",
    "Brooks",
    ["globalAdministrator"],
    "Global Administrator: can do everything the wizard needs.",
  ),
  persona(
    "plain-user",
    "cbd5c2ab-9b9f-4a6b-b4e6-e97840cc33da",
    "Sam",
    "Lee",
    [],
    "Member without an admin role; users may not register applications in this tenant.",
  ),
  persona(
    "support",
    "c83e9b79-0e36-412f-b21c-af39b4958c5a",
    "Riley",
    "Novak",
    ["globalReader"],
    "Global Reader (support): can read everything, change nothing.",
  ),
  persona(
    "teams-admin",
    "baa31694-92ac-4f5e-870e-d705318e344d",
    "Casey",
    "Nguyen",
    ["teamsAdministrator"],
    "Teams Administrator: runs the Teams application access policy step; no app-registration rights.",
  ),
  persona(
    "other-tenant-user",
    "ec7bd80f-d59d-4c00-979c-d2d8f869db71",
    "Drew",
    "Fischer",
    ["globalAdministrator"],
    "Global Administrator of a different tenant (Fabrikam): tokens carry that tenant's id.",
    "other",
  ),
]);

/** Members without roles, for owner look-ups by UPN. */
const EXTRA_USERS: readonly [string, string, string, string][] = [
  ["98811be3-90a9-4b5c-b466-89988851f7f0", "Alex", "Kim", "Security Engineer"],
  ["0aa848e6-5fb1-41ef-bff4-03e3544ef6a8", "Jamie", "Ortiz", "IT Operations"],
  ["080d8336-a051-4152-89f0-7b54cf2952e3", "Priya", "Raman", "People Analytics Lead"],
  ["83939615-8bbe-475e-a358-afeb09856549", "Chris", "Olsen", "Platform Engineer"],
];

function personaUser(p: Persona): UserRecord {
  return {
    id: p.objectId,
    displayName: p.displayName,
    userPrincipalName: p.userPrincipalName,
    givenName: p.givenName,
    surname: p.surname,
    mail: p.userPrincipalName,
    jobTitle: null,
    roles: [...p.roles],
    personaId: p.id,
  };
}

export function initialUsers(tenant: Persona["tenant"]): UserRecord[] {
  const personas = PERSONAS.filter((p) => p.tenant === tenant).map(personaUser);
  if (tenant !== "home") return personas;
  const extras = EXTRA_USERS.map(([id, givenName, surname, jobTitle]): UserRecord => {
    const upn = `${givenName}.${surname}@${SIM_TENANT_DOMAIN}`.toLowerCase();
    return { id, displayName: `${givenName} ${surname}`, userPrincipalName: upn, givenName, surname, mail: upn, jobTitle, roles: [] };
  });
  return [...personas, ...extras];
}
