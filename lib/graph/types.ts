/**
 * App-side types of the Graph module. Wire JSON is reshaped into these by the
 * mappers in `./mappers` so nothing outside `lib/graph` sees Graph's raw shapes
 * (nullable everywhere, `@odata.*` annotations, paging envelopes).
 */

export type GraphVersion = "v1.0" | "beta";
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Machine key of what a request was trying to do; drives role advice in `describeGraphError`. */
export type GraphAction =
  | "readProfile"
  | "readDirectoryRoles"
  | "readOrganization"
  | "findUser"
  | "listApplications"
  | "readApplication"
  | "upsertApplication"
  | "updateApplication"
  | "deleteApplication"
  | "listOwners"
  | "addOwner"
  | "listFederatedCredentials"
  | "upsertFederatedCredential"
  | "readServicePrincipal"
  | "upsertServicePrincipal"
  | "readGraphResource"
  | "listAppRoleAssignments"
  | "grantAppRole"
  | "revokeAppRole"
  | "readSignInActivity"
  | "listSignIns"
  | "listRoleMembers"
  | "listDirectoryAudits"
  | "batch"
  | "custom";

/** Signed-in user (GET /me). */
export interface Me {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
}

export interface User {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
}

/** An activated directory role the signed-in user holds (directly or through a group). */
export interface DirectoryRoleMembership {
  id: string;
  displayName: string | null;
  /** Null when the caller may only see the object type and id (bare User.Read). */
  roleTemplateId: string | null;
}

export interface VerifiedDomain {
  name: string;
  isDefault: boolean;
  isInitial: boolean;
}

export interface Organization {
  id: string;
  displayName: string | null;
  verifiedDomains: VerifiedDomain[];
}

export interface ResourceAccess {
  id: string;
  type: "Role" | "Scope";
}

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: ResourceAccess[];
}

/** App registration (Graph `application`). `id` is the object id, `appId` the client id. */
export interface Application {
  id: string;
  appId: string;
  displayName: string | null;
  uniqueName: string | null;
  description: string | null;
  notes: string | null;
  tags: string[];
  signInAudience: string | null;
  requiredResourceAccess: RequiredResourceAccess[];
  createdDateTime: string | null;
  publisherDomain: string | null;
  /** Client secrets (metadata only) and certificates; empty unless selected. */
  passwordCredentials: SecretCredential[];
  keyCredentials: SecretCredential[];
}

/**
 * A client secret (passwordCredential) or certificate (keyCredential) of an application: Graph lists
 * their metadata, never the secret (https://learn.microsoft.com/graph/api/resources/passwordcredential,
 * https://learn.microsoft.com/graph/api/resources/keycredential).
 */
export interface SecretCredential {
  kind: "password" | "certificate";
  keyId: string;
  displayName: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
}

/** Writable fields the wizard sets on an application. */
export interface ApplicationInput {
  displayName: string;
  description?: string | null;
  notes?: string | null;
  tags?: string[];
  signInAudience?: string;
  requiredResourceAccess?: RequiredResourceAccess[];
}

/**
 * Fields of an existing application to change. `uniqueName` can be given to an
 * app that has none (e.g. adopting a Terraform-made app); Graph documents it as
 * immutable once set.
 */
export type ApplicationPatch = Partial<ApplicationInput> & { uniqueName?: string };

/** A directory object as returned in owner lists (user, service principal, …). */
export interface DirectoryObjectRef {
  id: string;
  /** `user`, `servicePrincipal`, … from `@odata.type`; null when Graph does not say. */
  type: string | null;
  displayName: string | null;
  userPrincipalName: string | null;
}

export interface FederatedCredential {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
}

export interface FederatedCredentialInput {
  issuer: string;
  subject: string;
  audiences: string[];
  description?: string | null;
}

export interface AppRole {
  id: string;
  value: string | null;
  displayName: string | null;
  allowedMemberTypes: string[];
  isEnabled: boolean;
}

/** Enterprise application (Graph `servicePrincipal`). */
export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string | null;
  tags: string[];
  appRoles: AppRole[];
  accountEnabled: boolean | null;
  /** Present when read with `$expand=appRoleAssignments`: the app roles granted to this service principal. */
  appRoleAssignments?: AppRoleAssignment[];
}

export interface ServicePrincipalInput {
  displayName?: string;
  tags?: string[];
  accountEnabled?: boolean;
}

export interface AppRoleAssignment {
  id: string;
  principalId: string;
  resourceId: string;
  appRoleId: string;
  createdDateTime: string | null;
  principalDisplayName: string | null;
  resourceDisplayName: string | null;
}

export interface UpsertApplicationResult {
  created: boolean;
  /** Present on create (201); on update (204) Graph sends nothing, read back if needed. */
  application?: Application;
}

export interface UpsertFederatedCredentialResult {
  created: boolean;
  credential?: FederatedCredential;
}

export interface UpsertServicePrincipalResult {
  created: boolean;
  servicePrincipal?: ServicePrincipal;
}

export interface AddOwnerResult {
  /** False when the user already was an owner (Graph's duplicate-reference 400). */
  added: boolean;
}

export type GrantAppRoleResult =
  | { status: "granted"; assignment: AppRoleAssignment }
  /** Graph said "Permission being assigned already exists"; nothing changed. */
  | { status: "already-granted" };

export interface DeleteResult {
  /** False when the object was already gone (404). */
  deleted: boolean;
}

/** One page of a Graph collection. */
export interface Page<T> {
  items: T[];
  nextLink: string | null;
}

/** One `signInActivity` of the beta servicePrincipalSignInActivity report: when, and the sign-in's request id. */
export interface SignInActivityStamp {
  lastSignInDateTime: string | null;
  lastSignInRequestId: string | null;
}

/**
 * When a service principal was last used (beta report, successful sign-ins only), as a client or as a resource,
 * app-only or delegated (https://learn.microsoft.com/graph/api/resources/serviceprincipalsigninactivity?view=graph-rest-beta).
 */
export interface ServicePrincipalSignInActivity {
  id: string;
  appId: string;
  lastSignInActivity: SignInActivityStamp | null;
  /** App-only sign-ins where the app was the client: what a Psoxy proxy does. */
  applicationAuthenticationClientSignInActivity: SignInActivityStamp | null;
  applicationAuthenticationResourceSignInActivity: SignInActivityStamp | null;
  delegatedClientSignInActivity: SignInActivityStamp | null;
  delegatedResourceSignInActivity: SignInActivityStamp | null;
}

/** One entry of the sign-in logs (beta `signIn`), reduced to what the status board shows. */
export interface SignInEvent {
  /** The sign-in's request id. */
  id: string;
  createdDateTime: string;
  appId: string | null;
  appDisplayName: string | null;
  servicePrincipalId: string | null;
  signInEventTypes: string[];
  resourceDisplayName: string | null;
  /** 0 for a success, else the AADSTS number. */
  errorCode: number;
  failureReason: string | null;
  additionalDetails: string | null;
}
