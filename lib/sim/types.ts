import type { DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";

/** One HTTP request as the simulator sees it. `url` is absolute; header names may use any case. */
export interface SimRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface FaultConfig {
  /** Real wait (setTimeout) before answering each HTTP round trip. A `$batch` is one round trip. */
  latencyMs: number;
  /** Objects written less than this long ago (sim clock) are not yet visible to reads and references. */
  replicationDelayMs: number;
  /** 0..1 probability that a Graph request (or an inner `$batch` request) is throttled with 429. */
  throttleRate: number;
  /** `Retry-After` value (seconds) sent with 429 (and 503). */
  retryAfterSeconds: number;
  /** 0..1 probability of a transient 503 or 504. */
  transientRate: number;
}

/** A deterministic failure for the next Graph request(s) whose method and path match. */
export interface FailRule {
  method?: string;
  /** Substring of the request path (e.g. `/applications`, `$batch`, `appRoleAssignedTo`). */
  pathIncludes: string;
  status: number;
  code: string;
  message?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface SimOptions {
  /** Seeds the fault and id generators (default 1), so runs repeat. */
  seed?: number;
  /** The sim clock in epoch ms (default `Date.now`). Replication delay, token lifetimes and timestamps use it. */
  now?: () => number;
  faults?: Partial<FaultConfig>;
  /** Delegated Graph scopes the wizard app has been consented to (default: every scope in GRAPH_DELEGATED_SCOPE_IDS). */
  wizardConsentedScopes?: string[];
  /** Tenant setting "Users can register applications" (authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps). Default false. */
  allowedToCreateApps?: boolean;
  /**
   * The home tenant has a Microsoft Entra ID P1 or P2 licence (default true). Without one, sign-in logs and the
   * usage-and-insights reports answer 403 `Authentication_RequestFromNonPremiumTenantOrB2CTenant`.
   */
  premiumLicense?: boolean;
}

export type TenantKind = "home" | "other";

export interface Persona {
  readonly id: string;
  /** Object id of the persona's user in its home tenant. */
  readonly objectId: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly givenName: string;
  readonly surname: string;
  readonly roles: readonly DirectoryRoleKey[];
  readonly description: string;
  readonly tenant: TenantKind;
}

/** Matches the app's SignedInAccount, plus the MSAL-style ids. */
export interface SimAccount {
  name: string;
  username: string;
  tenantId: string;
  objectId: string;
  homeAccountId: string;
  localAccountId: string;
  environment: string;
}

export type WriteKind =
  "application" | "servicePrincipal" | "federatedIdentityCredential" | "owner" | "appRoleAssignment" | "oauth2PermissionGrant" | "other";

export type WriteAction = "create" | "update" | "delete" | "noop";

export interface WriteRecord {
  seq: number;
  /** Sim clock (epoch ms). */
  at: number;
  method: string;
  /** Path after the version, e.g. `/applications/{id}` (relative URL for requests inside `$batch`). */
  path: string;
  status: number;
  kind: WriteKind;
  /** `noop` for failed writes and for updates that changed nothing. */
  action: WriteAction;
  objectId?: string;
  /** Graph error code when status >= 400. */
  error?: string;
  inBatch: boolean;
  /** Tenant the write was made in (the caller's token tenant). */
  tenantId: string;
}

export interface RequestRecord {
  seq: number;
  at: number;
  method: string;
  url: string;
  service: "login" | "graph" | "other";
  status: number;
  /** Number of requests inside a `$batch`. */
  innerCount?: number;
  /** Signed-in persona (or user object id) for Graph requests with a valid token. */
  personaId?: string;
}

/** Thrown by `issueTokens` (and only there); `message` carries the AADSTS text. */
export class SimError extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
    this.name = "SimError";
  }
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: { id: string; type: string }[];
}

export interface ApplicationRecord {
  id: string;
  appId: string;
  displayName: string | null;
  uniqueName: string | null;
  description: string | null;
  notes: string | null;
  tags: string[];
  signInAudience: string;
  requiredResourceAccess: RequiredResourceAccess[];
  createdDateTime: string;
  publisherDomain: string;
  serviceManagementReference: string | null;
  /** Owner user object ids. */
  owners: string[];
  /** Other documented application properties the caller set (web, spa, api, identifierUris, …), kept verbatim. */
  extra: JsonObject;
}

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  origin: string;
}

export interface PermissionScope {
  id: string;
  value: string;
  type: "User" | "Admin";
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName: string;
  userConsentDescription: string;
  isEnabled: boolean;
}

export interface ServicePrincipalRecord {
  id: string;
  appId: string;
  displayName: string | null;
  appDisplayName: string | null;
  appOwnerOrganizationId: string;
  servicePrincipalType: string;
  accountEnabled: boolean;
  appRoleAssignmentRequired: boolean;
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  servicePrincipalNames: string[];
  signInAudience: string;
  tags: string[];
  description: string | null;
  notes: string | null;
  extra: JsonObject;
}

export interface FederatedIdentityCredentialRecord {
  id: string;
  /** Object id of the owning application. */
  applicationId: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
}

export interface AppRoleAssignmentRecord {
  id: string;
  appRoleId: string;
  createdDateTime: string;
  principalId: string;
  principalDisplayName: string | null;
  principalType: "ServicePrincipal" | "User";
  resourceId: string;
  resourceDisplayName: string | null;
}

/**
 * A delegated permission grant (https://learn.microsoft.com/graph/api/resources/oauth2permissiongrant): the client
 * service principal may call the resource on behalf of every user (AllPrincipals, tenant-wide admin consent) or of
 * one user (Principal), with these space-separated delegated scopes.
 */
export interface OAuth2PermissionGrantRecord {
  id: string;
  /** Object id of the client's service principal (not its appId). */
  clientId: string;
  consentType: "AllPrincipals" | "Principal";
  principalId: string | null;
  /** Object id of the resource's service principal (Microsoft Graph's in this tenant). */
  resourceId: string;
  scope: string;
}

export interface UserRecord {
  id: string;
  displayName: string;
  userPrincipalName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  jobTitle: string | null;
  roles: DirectoryRoleKey[];
  /** Persona id when the user is one of the sign-in personas. */
  personaId?: string;
}

export interface DirectoryRoleRecord {
  id: string;
  key: DirectoryRoleKey;
  roleTemplateId: string;
  displayName: string;
  description: string;
}

/** Read-only snapshot returned by `TenantSim.state()` (latest writes, no replication delay). */
export interface SimStateSnapshot {
  applications: ApplicationRecord[];
  servicePrincipals: ServicePrincipalRecord[];
  federatedIdentityCredentials: FederatedIdentityCredentialRecord[];
  appRoleAssignments: AppRoleAssignmentRecord[];
  oauth2PermissionGrants: OAuth2PermissionGrantRecord[];
  users: UserRecord[];
}

/**
 * One entry of the sign-in logs (beta `signIn`, https://learn.microsoft.com/graph/api/resources/signin?view=graph-rest-beta).
 * `errorCode` 0 is a success; otherwise the AADSTS number with Entra's `failureReason`.
 */
export interface SignInRecord {
  /** The sign-in's request id. */
  id: string;
  createdDateTime: string;
  appId: string;
  appDisplayName: string | null;
  /** Object id of the signing-in service principal ('' for user sign-ins). */
  servicePrincipalId: string;
  signInEventTypes: string[];
  /** Object id of the user for user sign-ins ('' for service principals). */
  userId: string;
  userPrincipalName: string | null;
  resourceId: string;
  resourceDisplayName: string;
  ipAddress: string;
  clientCredentialType: string;
  federatedCredentialId: string | null;
  errorCode: number;
  failureReason: string | null;
  additionalDetails: string | null;
}

/** One property change of an audited object: values as Graph reports them, JSON-encoded strings. */
export interface AuditModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

/**
 * One entry of the directory audit log (`directoryAudit`, https://learn.microsoft.com/graph/api/resources/directoryaudit):
 * written when an audited change is made through Graph (the simulator audits app role assignments to service principals).
 */
export interface DirectoryAuditRecord {
  id: string;
  category: string;
  correlationId: string;
  result: "success" | "failure";
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: { user: { id: string; displayName: string; userPrincipalName: string } };
  targetResources: { id: string; type: string; displayName: string | null; modifiedProperties: AuditModifiedProperty[] }[];
}
