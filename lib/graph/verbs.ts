import type { BatchItem, BatchItemResult } from "./batch";
import { calls, type CallOptions, type GraphAnswer, type GraphCall } from "./calls";
import { GRAPH_ERROR_CODES, GraphError } from "./errors";
import type { GraphClient } from "./transport";
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
  GraphVersion,
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

/** Read a 2xx answer with the call's mapper; a shape mismatch becomes GraphError `UnexpectedResponse`. */
function readAnswer<T>(call: GraphCall<T>, answer: GraphAnswer, clientRequestId?: string): T {
  try {
    return call.parse(answer);
  } catch (err) {
    if (err instanceof GraphError) throw err;
    throw new GraphError({
      status: answer.status,
      code: GRAPH_ERROR_CODES.unexpectedResponse,
      graphMessage: err instanceof Error ? err.message : String(err),
      operation: call.operation,
      action: call.action,
      requestId: answer.headers["request-id"],
      clientRequestId: answer.headers["client-request-id"] ?? clientRequestId,
      cause: err,
    });
  }
}

/** Send one call: parse success, let `recover` turn expected errors into values, throw the rest. */
export async function runCall<T>(client: GraphClient, call: GraphCall<T>): Promise<T> {
  let response;
  try {
    response = await client.request(call);
  } catch (err) {
    if (err instanceof GraphError && call.recover) {
      const recovered = call.recover(err);
      if (recovered) return recovered.value;
    }
    throw err;
  }
  return readAnswer(call, response, response.clientRequestId);
}

/** Send a collection call and follow `@odata.nextLink` to the end. */
export async function runPaged<T>(client: GraphClient, call: GraphCall<Page<T>>, maxPages = 1000): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let next: GraphCall<Page<T>> | null = call;
  for (let page = 0; next; page++) {
    if (page >= maxPages) throw new Error(`${call.operation}: more than ${maxPages} pages, stopping`);
    const result: Page<T> = await runCall(client, next);
    items.push(...result.items);
    const link = result.nextLink;
    if (link === null) break;
    if (seen.has(link)) throw new Error(`${call.operation}: Graph returned the same nextLink twice`);
    seen.add(link);
    // Same headers (e.g. ConsistencyLevel), same parse; the link already carries the query.
    next = { ...call, url: link };
  }
  return items;
}

/** A $batch item that knows how to read its own result with the verb's rules. */
export interface PreparedBatchItem<T> extends BatchItem {
  /** Value on success (or recovered error, e.g. duplicate owner); throws the item's GraphError otherwise. */
  read(result: BatchItemResult): T;
}

/**
 * Turn a call into a $batch item; the URL, body and parse rules are the call's own. Item URLs are relative to the
 * batch's version, so a call goes only into a batch of its own version (`client.batch(items, { version: "beta" })`
 * for beta calls, with `batchVersion` "beta" here).
 */
export function toBatchItem<T>(
  call: GraphCall<T>,
  id: string,
  dependsOn?: string[],
  batchVersion: GraphVersion = "v1.0",
): PreparedBatchItem<T> {
  const version = call.version ?? "v1.0";
  if (version !== batchVersion) {
    throw new Error(`${call.operation}: ${version} calls cannot go into a ${batchVersion} $batch`);
  }
  return {
    id,
    method: call.method,
    url: call.url,
    ...(call.body !== undefined ? { body: call.body } : {}),
    ...(call.headers ? { headers: { ...call.headers } } : {}),
    ...(dependsOn && dependsOn.length > 0 ? { dependsOn: [...dependsOn] } : {}),
    operation: call.operation,
    action: call.action,
    retryOnReplication: call.retryOnReplication,
    read(result: BatchItemResult): T {
      if (result.ok) return readAnswer(call, result);
      const recovered = call.recover?.(result.error);
      if (recovered) return recovered.value;
      throw result.error;
    },
  };
}

/**
 * Reads one $batch item's answer: the value, a recovered error's value, or the item's GraphError. A missing
 * answer or a shape mismatch becomes a GraphError too, so callers handle one error type.
 */
export function readBatchItem<T>(item: PreparedBatchItem<T>, result: BatchItemResult | undefined): T {
  try {
    if (!result) throw new Error("the $batch answer had no response for this request");
    return item.read(result);
  } catch (error) {
    if (error instanceof GraphError) throw error;
    throw new GraphError({
      status: 0,
      code: GRAPH_ERROR_CODES.unexpectedResponse,
      graphMessage: error instanceof Error ? error.message : String(error),
      operation: item.operation ?? item.id,
      action: item.action,
      cause: error,
    });
  }
}

/** The items of a collection page read from a $batch, plus every further page (each a round trip; rare). */
export async function withRestOfPages<T>(client: GraphClient, call: GraphCall<Page<T>>, first: Page<T>): Promise<T[]> {
  if (!first.nextLink) return first.items;
  return [...first.items, ...(await runPaged(client, { ...call, url: first.nextLink }))];
}

/** The domain verbs, bound to one client. */
/** Result of looking an owner entry up (see GraphVerbs.lookUpUser). */
export type UserLookup = { status: "found"; user: User } | { status: "unknown" } | { status: "ambiguous"; users: User[] };

export interface GraphVerbs {
  readonly client: GraphClient;
  getMe(): Promise<Me>;
  getMyDirectoryRoles(): Promise<DirectoryRoleMembership[]>;
  getOrganization(): Promise<Organization>;
  /** By UPN, then by `mail`; null when neither matches. */
  findUser(upnOrEmail: string): Promise<User | null>;
  /**
   * An owner entry looked up as a UPN, then as a mail address: the one user, none (Graph's 404 and 400 both
   * mean "not a user"), or several users sharing that mail address (never guessed between).
   */
  lookUpUser(upnOrEmail: string): Promise<UserLookup>;
  listApplications(options?: { filter?: string; select?: readonly string[] }): Promise<Application[]>;
  findApplicationsByTag(tag: string): Promise<Application[]>;
  getApplication(objectId: string, options?: CallOptions): Promise<Application>;
  /** null when no application has this uniqueName. */
  getApplicationByUniqueName(uniqueName: string, options?: CallOptions): Promise<Application | null>;
  upsertApplication(uniqueName: string, body: ApplicationInput, options?: CallOptions): Promise<UpsertApplicationResult>;
  updateApplication(objectId: string, patch: ApplicationPatch, options?: CallOptions): Promise<void>;
  deleteApplication(objectId: string, options?: CallOptions): Promise<DeleteResult>;
  listApplicationOwners(objectId: string, options?: CallOptions): Promise<DirectoryObjectRef[]>;
  addApplicationOwner(objectId: string, userId: string, options?: CallOptions & { userLabel?: string }): Promise<AddOwnerResult>;
  listFederatedCredentials(objectId: string, options?: CallOptions): Promise<FederatedCredential[]>;
  upsertFederatedCredential(
    objectId: string,
    name: string,
    input: FederatedCredentialInput,
    options?: CallOptions,
  ): Promise<UpsertFederatedCredentialResult>;
  getServicePrincipalByAppId(appId: string, options?: CallOptions): Promise<ServicePrincipal | null>;
  upsertServicePrincipal(appId: string, body?: ServicePrincipalInput, options?: CallOptions): Promise<UpsertServicePrincipalResult>;
  getGraphResourceServicePrincipal(): Promise<ServicePrincipal>;
  listAppRoleAssignments(clientSpId: string, options?: CallOptions): Promise<AppRoleAssignment[]>;
  grantAppRole(grant: { clientSpId: string; resourceSpId: string; appRoleId: string }, options?: CallOptions): Promise<GrantAppRoleResult>;
  revokeAppRole(resourceSpId: string, assignmentId: string, options?: CallOptions): Promise<DeleteResult>;
}

export function createGraphVerbs(client: GraphClient): GraphVerbs {
  return {
    client,
    getMe: () => runCall(client, calls.getMe()),
    getMyDirectoryRoles: () => runPaged(client, calls.getMyDirectoryRoles()),
    async getOrganization() {
      const call = calls.getOrganization();
      const [org] = await runPaged(client, call);
      if (!org) {
        throw new GraphError({
          status: 200,
          code: GRAPH_ERROR_CODES.unexpectedResponse,
          graphMessage: "GET /organization returned no organization",
          operation: call.operation,
          action: call.action,
        });
      }
      return org;
    },
    async findUser(upnOrEmail) {
      const byUpn = await runCall(client, calls.getUser(upnOrEmail));
      if (byUpn) return byUpn;
      if (!upnOrEmail.includes("@")) return null;
      const byMail = await runCall(client, calls.findUsersByMail(upnOrEmail));
      return byMail.items[0] ?? null;
    },
    async lookUpUser(upnOrEmail) {
      const byUpn = await runCall(client, calls.getUser(upnOrEmail));
      if (byUpn) return { status: "found", user: byUpn };
      if (!upnOrEmail.includes("@")) return { status: "unknown" };
      const byMail = await runCall(client, calls.findUsersByMail(upnOrEmail));
      const [only, ...more] = byMail.items;
      if (!only) return { status: "unknown" };
      if (more.length || byMail.nextLink) return { status: "ambiguous", users: byMail.items };
      return { status: "found", user: only };
    },
    listApplications: (options) => runPaged(client, calls.listApplications(options)),
    findApplicationsByTag: (tag) => runPaged(client, calls.findApplicationsByTag(tag)),
    getApplication: (objectId, options) => runCall(client, calls.getApplication(objectId, options)),
    getApplicationByUniqueName: (uniqueName, options) => runCall(client, calls.getApplicationByUniqueName(uniqueName, options)),
    upsertApplication: (uniqueName, body, options) => runCall(client, calls.upsertApplication(uniqueName, body, options)),
    updateApplication: (objectId, patch, options) => runCall(client, calls.updateApplication(objectId, patch, options)),
    deleteApplication: (objectId, options) => runCall(client, calls.deleteApplication(objectId, options)),
    listApplicationOwners: (objectId, options) => runPaged(client, calls.listApplicationOwners(objectId, options)),
    addApplicationOwner: (objectId, userId, options) => runCall(client, calls.addApplicationOwner(objectId, userId, options)),
    listFederatedCredentials: (objectId, options) => runPaged(client, calls.listFederatedCredentials(objectId, options)),
    upsertFederatedCredential: (objectId, name, input, options) =>
      runCall(client, calls.upsertFederatedCredential(objectId, name, input, options)),
    getServicePrincipalByAppId: (appId, options) => runCall(client, calls.getServicePrincipalByAppId(appId, options)),
    upsertServicePrincipal: (appId, body, options) => runCall(client, calls.upsertServicePrincipal(appId, body, options)),
    getGraphResourceServicePrincipal: () => runCall(client, calls.getGraphResourceServicePrincipal()),
    listAppRoleAssignments: (clientSpId, options) => runPaged(client, calls.listAppRoleAssignments(clientSpId, options)),
    grantAppRole: (grant, options) => runCall(client, calls.grantAppRole(grant, options)),
    revokeAppRole: (resourceSpId, assignmentId, options) => runCall(client, calls.revokeAppRole(resourceSpId, assignmentId, options)),
  };
}
