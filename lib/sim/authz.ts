import { MICROSOFT_GRAPH_APP_ID, type DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import { denied, SimGraphError } from "./http";
import type { TenantDirectory } from "./store";
import type { ApplicationRecord, ServicePrincipalRecord, UserRecord } from "./types";

/**
 * Delegated access = the scope in the token AND the signed-in user's own
 * privilege (https://learn.microsoft.com/graph/auth/auth-concepts#delegated-access-access-on-behalf-of-a-user).
 * Scope lists come from each API's "Permissions" table; role rules from
 * https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference
 * (reference §3 and §5). Both failures are 403 Authorization_RequestDenied.
 */

export interface Caller {
  user: UserRecord;
  tenant: TenantDirectory;
  /** Delegated scopes from `scp`, lower-cased. */
  scopes: ReadonlySet<string>;
  roles: ReadonlySet<DirectoryRoleKey>;
  clientId: string;
}

/** Least-privileged first, then the higher ones the permissions tables accept. */
export const SCOPES = {
  readSelf: [
    "User.Read",
    "User.ReadWrite",
    "User.ReadBasic.All",
    "User.Read.All",
    "User.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  // https://learn.microsoft.com/graph/api/organization-get#permissions
  readOrganization: ["User.Read", "Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  // https://learn.microsoft.com/graph/api/user-get#permissions
  readUsers: ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  // https://learn.microsoft.com/graph/api/application-list#permissions
  readApps: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  // https://learn.microsoft.com/graph/api/application-post-applications#permissions
  createApp: ["AppRegistration.Create", "Application.ReadWrite.All"],
  // https://learn.microsoft.com/graph/api/application-upsert#permissions and application-update
  writeApps: ["Application.ReadWrite.All"],
  // https://learn.microsoft.com/graph/api/application-post-owners#permissions: Application.ReadWrite.All and Directory.Read.All
  ownerLookup: ["Directory.Read.All", "Directory.ReadWrite.All"],
  // https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto#permissions
  assignRoles: ["AppRoleAssignment.ReadWrite.All"],
  readRoleDetails: ["RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All"],
  // The permission tables of https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-beta and
  // reportroot-list-serviceprincipalsigninactivities also name Directory.Read.All, but Graph answers a token without
  // AuditLog.Read.All with Authentication_MSGraphPermissionMissing (microsoftgraph/microsoft-graph-docs-contrib#8997, #3196).
  readSignInLogs: ["AuditLog.Read.All"],
  // https://learn.microsoft.com/graph/api/oauth2permissiongrant-list#permissions
  readPermissionGrants: ["Directory.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"],
  // https://learn.microsoft.com/graph/api/oauth2permissiongrant-post#permissions (update and delete name the same)
  writePermissionGrants: ["DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"],
} as const;

export function hasScope(caller: Caller, anyOf: readonly string[]): boolean {
  return anyOf.some((s) => caller.scopes.has(s.toLowerCase()));
}

export function requireScope(caller: Caller, anyOf: readonly string[]): void {
  if (!hasScope(caller, anyOf)) throw denied();
}

function hasRole(caller: Caller, roles: readonly DirectoryRoleKey[]): boolean {
  return roles.some((r) => caller.roles.has(r));
}

const APP_ADMINS: readonly DirectoryRoleKey[] = ["globalAdministrator", "applicationAdministrator", "cloudApplicationAdministrator"];
const GRAPH_CONSENT_ADMINS: readonly DirectoryRoleKey[] = ["globalAdministrator", "privilegedRoleAdministrator"];
/** Azure AD Graph is treated like Microsoft Graph for consent. */
const AAD_GRAPH_APP_ID = "00000002-0000-0000-c000-000000000000";

function isAppAdmin(caller: Caller): boolean {
  return hasRole(caller, APP_ADMINS);
}

/** Who may register applications; returns whether the creator becomes an owner. */
export function authorizeCreateApplication(caller: Caller): { creatorBecomesOwner: boolean } {
  if (isAppAdmin(caller)) return { creatorBecomesOwner: false };
  if (hasRole(caller, ["applicationDeveloper"]) || caller.tenant.settings.allowedToCreateApps) return { creatorBecomesOwner: true };
  throw denied();
}

/** Update/delete an application, its owners, credentials and service principal. */
export function authorizeManageApplication(caller: Caller, app: ApplicationRecord): void {
  if (isAppAdmin(caller) || app.owners.includes(caller.user.id)) return;
  throw denied();
}

/** Service principal writes: admins, or owners of the backing application. */
export function authorizeManageServicePrincipal(caller: Caller, app: ApplicationRecord | undefined): void {
  if (isAppAdmin(caller) || (app && app.owners.includes(caller.user.id))) return;
  throw denied();
}

/**
 * Granting/revoking application permissions: Microsoft Graph (and Azure AD Graph)
 * app roles need Privileged Role Administrator or Global Administrator; Cloud
 * Application / Application Administrators may grant other resources' roles
 * (https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent#prerequisites).
 */
export function authorizeAppRoleAssignment(caller: Caller, resource: ServicePrincipalRecord): void {
  requireScope(caller, SCOPES.assignRoles);
  requireScope(caller, SCOPES.readApps);
  const isGraph = resource.appId === MICROSOFT_GRAPH_APP_ID || resource.appId === AAD_GRAPH_APP_ID;
  const allowed = isGraph ? GRAPH_CONSENT_ADMINS : [...GRAPH_CONSENT_ADMINS, ...APP_ADMINS];
  if (!hasRole(caller, allowed)) throw denied();
}

/**
 * Creating, changing or deleting a delegated permission grant (tenant-wide admin consent for delegated permissions):
 * the least privileged roles the API lists are Application Administrator, Application Developer, Cloud Application
 * Administrator, Directory Writers, Privileged Role Administrator and User Administrator
 * (https://learn.microsoft.com/graph/api/oauth2permissiongrant-post#permissions); Global Administrator holds them all.
 * The simulator has no Directory Writers or User Administrator. Unlike application permissions, delegated Microsoft
 * Graph permissions may be granted by application administrators
 * (https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent#prerequisites).
 */
export function authorizePermissionGrantWrite(caller: Caller): void {
  requireScope(caller, SCOPES.writePermissionGrants);
  if (!hasRole(caller, [...APP_ADMINS, "privilegedRoleAdministrator", "applicationDeveloper"])) throw denied();
}

/**
 * Delegated roles that may read sign-in logs, from the least-privileged list of
 * https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-beta#permissions (Global Administrator,
 * Global Reader, Reports Reader, Security Administrator, Security Operator, Security Reader; the simulator has
 * no Security Operator). The usage-and-insights report (servicePrincipalSignInActivities) names Reports Reader,
 * Security Reader, Security Administrator and Global Administrator
 * (https://learn.microsoft.com/entra/identity/monitoring-health/concept-usage-insights-report#prerequisites);
 * the simulator applies one list to both.
 */
const SIGN_IN_LOG_ROLES: readonly DirectoryRoleKey[] = [
  "globalAdministrator",
  "globalReader",
  "reportsReader",
  "securityAdministrator",
  "securityReader",
];

/**
 * Sign-in logs and the service principal sign-in activity report, checked in this order:
 * 1. the token's scope (403 Authentication_MSGraphPermissionMissing, the code Graph sends for a missing AuditLog.Read.All);
 * 2. the tenant's licence: reading sign-in logs through Graph needs Microsoft Entra ID P1 or P2, else 403
 *    Authentication_RequestFromNonPremiumTenantOrB2CTenant "Neither tenant is B2C or tenant doesn't have premium license"
 *    (https://learn.microsoft.com/entra/identity/monitoring-health/howto-configure-prerequisites-for-reporting-api#common-errors,
 *    https://learn.microsoft.com/graph/api/resources/signin?view=graph-rest-beta);
 * 3. the signed-in user's role (403 Authorization_RequestDenied).
 */
export function authorizeSignInLogs(caller: Caller): void {
  if (!hasScope(caller, SCOPES.readSignInLogs)) {
    throw new SimGraphError(
      403,
      "Authentication_MSGraphPermissionMissing",
      "Calling principal does not have required MSGraph permissions AuditLog.Read.All",
    );
  }
  if (!caller.tenant.settings.premiumLicense) {
    throw new SimGraphError(
      403,
      "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
      "Neither tenant is B2C or tenant doesn't have premium license",
    );
  }
  if (!hasRole(caller, SIGN_IN_LOG_ROLES)) throw denied();
}

/**
 * The directory audit log, GET /auditLogs/directoryAudits (https://learn.microsoft.com/graph/api/directoryaudit-list):
 * 1. the token's scopes: the permissions table asks for AuditLog.Read.All and Directory.Read.All together; a missing
 *    one is answered as for sign-in logs (403 Authentication_MSGraphPermissionMissing, see authorizeSignInLogs);
 * 2. no licence check: audit logs are available in all editions of Microsoft Entra ID
 *    (https://learn.microsoft.com/entra/identity/monitoring-health/concept-audit-logs, "License and role requirements");
 * 3. the signed-in user's role: the same roles as sign-in logs (Reports Reader, Security Reader, Security
 *    Administrator as least privileged, plus Global Reader and Global Administrator; SIGN_IN_LOG_ROLES), else 403
 *    Authorization_RequestDenied.
 */
export function authorizeDirectoryAudits(caller: Caller): void {
  for (const [name, anyOf] of [
    ["AuditLog.Read.All", SCOPES.readSignInLogs],
    ["Directory.Read.All", ["Directory.Read.All", "Directory.ReadWrite.All"]],
  ] as const) {
    if (!hasScope(caller, anyOf)) {
      throw new SimGraphError(
        403,
        "Authentication_MSGraphPermissionMissing",
        `Calling principal does not have required MSGraph permissions ${name}`,
      );
    }
  }
  if (!hasRole(caller, SIGN_IN_LOG_ROLES)) throw denied();
}
