import { odataString, queryString, type GraphCall } from "./calls";
import type { GraphError } from "./errors";
import { mapDirectoryObject, mapPage } from "./mappers";
import type { DirectoryObjectRef, Page } from "./types";

/**
 * Directory reads beyond the signed-in user's own: who holds a directory role. Same `GraphCall` shape as `calls`,
 * so each goes into a v1.0 `$batch` with `toBatchItem(call, id)`.
 *
 * GET /directoryRoles(roleTemplateId='{id}')/members (https://learn.microsoft.com/graph/api/directoryrole-list-members):
 * the template id of a built-in role is the same in every tenant, so no lookup of the tenant's role object id is
 * needed. Delegated permissions, least privileged first: RoleManagement.Read.Directory, then Directory.Read.All
 * (what the wizard holds), RoleManagement.ReadWrite.Directory, Directory.ReadWrite.All. The answer is a directoryObject
 * collection: users, and possibly groups or service principals, told apart by `@odata.type`.
 */

/** What is read of each member: enough to name a person to contact. */
const ROLE_MEMBER_SELECT = ["id", "displayName", "userPrincipalName"] as const;

/**
 * Only activated roles exist as directoryRole objects ("This operation only returns roles that have been
 * activated", https://learn.microsoft.com/graph/api/directoryrole-list); a role nobody was ever assigned answers 404.
 */
const isNotFound = (e: GraphError) => e.status === 404;

export const directoryCalls = {
  /** Members of the built-in role with this template id; an empty page when the role is not activated in the tenant. */
  listRoleMembers: (roleTemplateId: string, options: { label?: string } = {}): GraphCall<Page<DirectoryObjectRef>> => ({
    method: "GET",
    url: `/directoryRoles(roleTemplateId=${encodeURIComponent(odataString(roleTemplateId))})/members${queryString({ $select: ROLE_MEMBER_SELECT })}`,
    operation: `List who holds the ${options.label ?? roleTemplateId} role`,
    action: "listRoleMembers",
    parse: (a) => mapPage(a.body, mapDirectoryObject),
    recover: (e) => (isNotFound(e) ? { value: { items: [], nextLink: null } } : undefined),
  }),
} as const;
