import { GRAPH_APP_ROLE_IDS, MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import type { GraphError } from "./errors";
import {
  mapAppRoleAssignment,
  mapApplication,
  mapDirectoryObject,
  mapDirectoryRole,
  mapFederatedCredential,
  mapMe,
  mapOrganization,
  mapPage,
  mapServicePrincipal,
  mapUser,
  toApplicationWire,
  toFederatedCredentialWire,
} from "./mappers";
import type { GraphRequest } from "./transport";
import type {
  AddOwnerResult,
  AppRoleAssignment,
  Application,
  ApplicationInput,
  ApplicationPatch,
  DeleteResult,
  DirectoryObjectRef,
  DirectoryRoleMembership,
  FederatedCredential,
  FederatedCredentialInput,
  GrantAppRoleResult,
  Me,
  Organization,
  Page,
  ServicePrincipal,
  ServicePrincipalInput,
  UpsertApplicationResult,
  UpsertFederatedCredentialResult,
  UpsertServicePrincipalResult,
  User,
} from "./types";

/**
 * The single definition of every Graph request the wizard makes: URL, method,
 * headers, body, how to read the answer and which errors count as success.
 * Verbs send a call directly; `toBatchItem(call, id)` turns the same call into a $batch item.
 */

export interface GraphAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface GraphCall<T> extends GraphRequest {
  /** Read a 2xx answer into the app type. */
  parse(answer: GraphAnswer): T;
  /** Turn an expected error into a value (idempotent writes, "not found" lookups); undefined = real error. */
  recover?(error: GraphError): { value: T } | undefined;
}

/** Optional context for error messages and replication handling. */
export interface CallOptions {
  /** Human name of the target object, used in GraphError.operation (e.g. the app's display name). */
  label?: string;
  /** Retry the "just created, not replicated yet" answers. */
  retryOnReplication?: boolean;
}

const SELECT = {
  user: ["id", "displayName", "userPrincipalName", "mail"],
  directoryRole: ["id", "displayName", "roleTemplateId"],
  organization: ["id", "displayName", "verifiedDomains"],
  application: [
    "id",
    "appId",
    "displayName",
    "uniqueName",
    "description",
    "notes",
    "tags",
    "signInAudience",
    "requiredResourceAccess",
    "createdDateTime",
    "publisherDomain",
    "passwordCredentials",
    "keyCredentials",
  ],
  owner: ["id", "displayName", "userPrincipalName"],
  servicePrincipal: ["id", "appId", "displayName", "tags", "appRoles", "accountEnabled"],
  graphResource: ["id", "appId", "displayName", "appRoles"],
  appRoleAssignment: ["id", "principalId", "resourceId", "appRoleId", "createdDateTime", "principalDisplayName", "resourceDisplayName"],
} as const;

/** The `@odata.id` Graph expects when adding a reference; always the public Graph URL, even in demo mode. */
function directoryObjectRef(id: string): string {
  return `https://graph.microsoft.com/v1.0/directoryObjects/${encodeURIComponent(id)}`;
}

/** Encode a query value for the URL; commas stay readable in $select. */
function q(value: string): string {
  return encodeURIComponent(value).replace(/%2C/g, ",");
}

/** `?$select=a,b&$filter=…` from an ordered list of pairs; undefined values are skipped. */
export function queryString(params: Record<string, string | readonly string[] | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const text = typeof value === "string" ? value : value.join(",");
    parts.push(`${key}=${q(text)}`);
  }
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

/** OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Alternate-key path segment, e.g. `(uniqueName='psoxy-outlook-mail')`. */
function altKey(name: string, value: string): string {
  return `(${name}=${encodeURIComponent(odataString(value))})`;
}

function seg(id: string): string {
  return encodeURIComponent(id);
}

const isDuplicateReference = (e: GraphError) => e.status === 400 && /added object references already exist/i.test(e.graphMessage);
const isDuplicateGrant = (e: GraphError) => e.status === 400 && /already exists/i.test(e.graphMessage);
const isNotFound = (e: GraphError) => e.status === 404;

const ROLE_NAMES = new Map<string, string>(Object.entries(GRAPH_APP_ROLE_IDS).map(([name, id]) => [id, name]));

export const calls = {
  getMe: (): GraphCall<Me> => ({
    method: "GET",
    url: `/me${queryString({ $select: SELECT.user })}`,
    operation: "Read your profile",
    action: "readProfile",
    parse: (a) => mapMe(a.body),
  }),

  /** Directory roles, direct or via groups. The cast needs ConsistencyLevel: eventual + $count. */
  getMyDirectoryRoles: (): GraphCall<Page<DirectoryRoleMembership>> => ({
    method: "GET",
    url: `/me/transitiveMemberOf/microsoft.graph.directoryRole${queryString({ $count: "true", $select: SELECT.directoryRole })}`,
    headers: { ConsistencyLevel: "eventual" },
    operation: "Read your directory roles",
    action: "readDirectoryRoles",
    parse: (a) => mapPage(a.body, mapDirectoryRole),
  }),

  getOrganization: (): GraphCall<Page<Organization>> => ({
    method: "GET",
    url: `/organization${queryString({ $select: SELECT.organization })}`,
    operation: "Read organization details",
    action: "readOrganization",
    parse: (a) => mapPage(a.body, mapOrganization),
  }),

  /** GET /users/{upn}; null when there is no such user. */
  getUser: (upnOrId: string): GraphCall<User | null> => ({
    method: "GET",
    url: `/users/${seg(upnOrId)}${queryString({ $select: SELECT.user })}`,
    operation: `Look up user ${upnOrId}`,
    action: "findUser",
    parse: (a) => mapUser(a.body),
    // 400: Graph refuses the key itself (e.g. "Invalid object identifier"), which no user has either.
    recover: (e) => (isNotFound(e) || e.status === 400 ? { value: null } : undefined),
  }),

  findUsersByMail: (mail: string): GraphCall<Page<User>> => ({
    method: "GET",
    url: `/users${queryString({ $filter: `mail eq ${odataString(mail)}`, $select: SELECT.user })}`,
    operation: `Look up user with e-mail ${mail}`,
    action: "findUser",
    parse: (a) => mapPage(a.body, mapUser),
    recover: (e) => (e.status === 400 ? { value: { items: [], nextLink: null } } : undefined),
  }),

  listApplications: (options: { filter?: string; select?: readonly string[] } = {}): GraphCall<Page<Application>> => {
    const select = options.select ? [...new Set(["id", "appId", ...options.select])] : SELECT.application;
    return {
      method: "GET",
      url: `/applications${queryString({ $filter: options.filter, $select: select })}`,
      operation: options.filter ? `List applications matching ${options.filter}` : "List applications",
      action: "listApplications",
      parse: (a) => mapPage(a.body, mapApplication),
    };
  },

  findApplicationsByTag: (tag: string): GraphCall<Page<Application>> => ({
    ...calls.listApplications({ filter: `tags/any(t:t eq ${odataString(tag)})` }),
    operation: `Find applications tagged '${tag}'`,
  }),

  getApplication: (objectId: string, options: CallOptions = {}): GraphCall<Application> => ({
    method: "GET",
    url: `/applications/${seg(objectId)}${queryString({ $select: SELECT.application })}`,
    operation: `Read application ${options.label ?? objectId}`,
    action: "readApplication",
    retryOnReplication: options.retryOnReplication,
    parse: (a) => mapApplication(a.body),
  }),

  /** GET /applications(uniqueName='…'); null when no app has that unique name (after replication retries, if asked). */
  getApplicationByUniqueName: (uniqueName: string, options: CallOptions = {}): GraphCall<Application | null> => ({
    method: "GET",
    url: `/applications${altKey("uniqueName", uniqueName)}${queryString({ $select: SELECT.application })}`,
    operation: `Read application ${options.label ?? uniqueName}`,
    action: "readApplication",
    retryOnReplication: options.retryOnReplication,
    parse: (a) => mapApplication(a.body),
    recover: (e) => (isNotFound(e) ? { value: null } : undefined),
  }),

  /** PATCH /applications(uniqueName='…') + Prefer: create-if-missing: 201 with the app, 204 when it existed. */
  upsertApplication: (uniqueName: string, input: ApplicationInput, options: CallOptions = {}): GraphCall<UpsertApplicationResult> => ({
    method: "PATCH",
    url: `/applications${altKey("uniqueName", uniqueName)}`,
    headers: { Prefer: "create-if-missing" },
    body: toApplicationWire(input),
    operation: `Create or update application ${options.label ?? input.displayName} (${uniqueName})`,
    action: "upsertApplication",
    retryOnReplication: options.retryOnReplication,
    parse: (a) =>
      a.status === 201
        ? { created: true, application: mapApplication(a.body) }
        : a.body !== undefined && a.body !== null && a.body !== ""
          ? { created: false, application: mapApplication(a.body) }
          : { created: false },
  }),

  updateApplication: (objectId: string, patch: ApplicationPatch, options: CallOptions = {}): GraphCall<void> => ({
    method: "PATCH",
    url: `/applications/${seg(objectId)}`,
    body: toApplicationWire(patch),
    operation: `Update application ${options.label ?? objectId}`,
    action: "updateApplication",
    retryOnReplication: options.retryOnReplication,
    parse: () => undefined,
  }),

  deleteApplication: (objectId: string, options: CallOptions = {}): GraphCall<DeleteResult> => ({
    method: "DELETE",
    url: `/applications/${seg(objectId)}`,
    operation: `Delete application ${options.label ?? objectId}`,
    action: "deleteApplication",
    parse: () => ({ deleted: true }),
    recover: (e) => (isNotFound(e) ? { value: { deleted: false } } : undefined),
  }),

  listApplicationOwners: (objectId: string, options: CallOptions = {}): GraphCall<Page<DirectoryObjectRef>> => ({
    method: "GET",
    url: `/applications/${seg(objectId)}/owners${queryString({ $select: SELECT.owner })}`,
    operation: `List owners of application ${options.label ?? objectId}`,
    action: "listOwners",
    retryOnReplication: options.retryOnReplication,
    parse: (a) => mapPage(a.body, mapDirectoryObject),
  }),

  /** Idempotent: Graph's 400 "One or more added object references already exist" means already an owner. */
  addApplicationOwner: (
    objectId: string,
    userId: string,
    options: CallOptions & { userLabel?: string } = {},
  ): GraphCall<AddOwnerResult> => ({
    method: "POST",
    url: `/applications/${seg(objectId)}/owners/$ref`,
    body: { "@odata.id": directoryObjectRef(userId) },
    operation: `Add owner ${options.userLabel ?? userId} to application ${options.label ?? objectId}`,
    action: "addOwner",
    retryOnReplication: options.retryOnReplication,
    parse: () => ({ added: true }),
    recover: (e) => (isDuplicateReference(e) ? { value: { added: false } } : undefined),
  }),

  listFederatedCredentials: (objectId: string, options: CallOptions = {}): GraphCall<Page<FederatedCredential>> => ({
    method: "GET",
    url: `/applications/${seg(objectId)}/federatedIdentityCredentials`,
    operation: `List federated credentials of application ${options.label ?? objectId}`,
    action: "listFederatedCredentials",
    retryOnReplication: options.retryOnReplication,
    parse: (a) => mapPage(a.body, mapFederatedCredential),
  }),

  upsertFederatedCredential: (
    objectId: string,
    name: string,
    input: FederatedCredentialInput,
    options: CallOptions = {},
  ): GraphCall<UpsertFederatedCredentialResult> => ({
    method: "PATCH",
    url: `/applications/${seg(objectId)}/federatedIdentityCredentials${altKey("name", name)}`,
    headers: { Prefer: "create-if-missing" },
    body: toFederatedCredentialWire(name, input),
    operation: `Create or update federated credential ${name} on application ${options.label ?? objectId}`,
    action: "upsertFederatedCredential",
    retryOnReplication: options.retryOnReplication,
    parse: (a) => (a.status === 201 ? { created: true, credential: mapFederatedCredential(a.body) } : { created: false }),
  }),

  /** null when the app has no service principal in this tenant. */
  getServicePrincipalByAppId: (appId: string, options: CallOptions = {}): GraphCall<ServicePrincipal | null> => ({
    method: "GET",
    url: `/servicePrincipals${altKey("appId", appId)}${queryString({ $select: SELECT.servicePrincipal })}`,
    operation: `Read service principal of ${options.label ?? appId}`,
    action: "readServicePrincipal",
    parse: (a) => mapServicePrincipal(a.body),
    recover: (e) => (isNotFound(e) ? { value: null } : undefined),
  }),

  /** PATCH /servicePrincipals(appId='…') + Prefer: create-if-missing; retries replication lag unless told not to. */
  upsertServicePrincipal: (
    appId: string,
    input: ServicePrincipalInput = {},
    options: CallOptions = {},
  ): GraphCall<UpsertServicePrincipalResult> => ({
    method: "PATCH",
    url: `/servicePrincipals${altKey("appId", appId)}`,
    headers: { Prefer: "create-if-missing" },
    body: { ...input },
    operation: `Create service principal for ${options.label ?? input.displayName ?? appId}`,
    action: "upsertServicePrincipal",
    retryOnReplication: options.retryOnReplication ?? true,
    parse: (a) => (a.status === 201 ? { created: true, servicePrincipal: mapServicePrincipal(a.body) } : { created: false }),
  }),

  /**
   * The service principal with the app roles granted to it, in one request: servicePrincipal supports
   * `$expand=appRoleAssignments` (https://learn.microsoft.com/graph/api/serviceprincipal-get, "Optional query
   * parameters"). null when the app has no service principal in this tenant.
   */
  getServicePrincipalWithGrants: (appId: string, options: CallOptions = {}): GraphCall<ServicePrincipal | null> => ({
    method: "GET",
    url: `/servicePrincipals${altKey("appId", appId)}${queryString({ $select: SELECT.servicePrincipal, $expand: "appRoleAssignments" })}`,
    operation: `Read service principal and granted permissions of ${options.label ?? appId}`,
    action: "readServicePrincipal",
    parse: (a) => mapServicePrincipal(a.body),
    recover: (e) => (isNotFound(e) ? { value: null } : undefined),
  }),

  getGraphResourceServicePrincipal: (): GraphCall<ServicePrincipal> => ({
    method: "GET",
    url: `/servicePrincipals${altKey("appId", MICROSOFT_GRAPH_APP_ID)}${queryString({ $select: SELECT.graphResource })}`,
    operation: "Read the Microsoft Graph service principal",
    action: "readGraphResource",
    parse: (a) => mapServicePrincipal(a.body),
  }),

  listAppRoleAssignments: (clientSpId: string, options: CallOptions = {}): GraphCall<Page<AppRoleAssignment>> => ({
    method: "GET",
    url: `/servicePrincipals/${seg(clientSpId)}/appRoleAssignments${queryString({ $select: SELECT.appRoleAssignment })}`,
    operation: `List permissions granted to ${options.label ?? clientSpId}`,
    action: "listAppRoleAssignments",
    retryOnReplication: options.retryOnReplication,
    parse: (a) => mapPage(a.body, mapAppRoleAssignment),
  }),

  /** Duplicate 400 "Permission being assigned already exists" -> { status: 'already-granted' }. */
  grantAppRole: (
    grant: { clientSpId: string; resourceSpId: string; appRoleId: string },
    options: CallOptions = {},
  ): GraphCall<GrantAppRoleResult> => ({
    method: "POST",
    url: `/servicePrincipals/${seg(grant.resourceSpId)}/appRoleAssignedTo`,
    body: { principalId: grant.clientSpId, resourceId: grant.resourceSpId, appRoleId: grant.appRoleId },
    operation: `Grant ${ROLE_NAMES.get(grant.appRoleId) ?? `app role ${grant.appRoleId}`} to ${options.label ?? grant.clientSpId}`,
    action: "grantAppRole",
    retryOnReplication: options.retryOnReplication,
    parse: (a) => ({ status: "granted", assignment: mapAppRoleAssignment(a.body) }),
    recover: (e) => (isDuplicateGrant(e) ? { value: { status: "already-granted" } } : undefined),
  }),

  revokeAppRole: (resourceSpId: string, assignmentId: string, options: CallOptions = {}): GraphCall<DeleteResult> => ({
    method: "DELETE",
    url: `/servicePrincipals/${seg(resourceSpId)}/appRoleAssignedTo/${seg(assignmentId)}`,
    operation: `Revoke permission ${assignmentId}${options.label ? ` from ${options.label}` : ""}`,
    action: "revokeAppRole",
    parse: () => ({ deleted: true }),
    recover: (e) => (isNotFound(e) ? { value: { deleted: false } } : undefined),
  }),
} as const;
