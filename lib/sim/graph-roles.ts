import { requireScope, SCOPES } from "./authz";
import { userJson } from "./graph-directory";
import { collection, entity, extraSegment, type GraphCtx, type GraphResult, type Segment } from "./graph-common";
import { badRequest, methodNotAllowed, notFound, segmentNotFound } from "./http";
import type { DirectoryRoleRecord } from "./types";

/**
 * /directoryRoles (https://learn.microsoft.com/graph/api/resources/directoryrole): list, get and list members
 * (https://learn.microsoft.com/graph/api/directoryrole-list-members). A role is addressed by its object id
 * (`/directoryRoles/{id}`) or by the template id of the built-in role, as `/directoryRoles(roleTemplateId='{id}')`
 * or the older documented form `/directoryRoles/roleTemplateId={id}`.
 *
 * Delegated permissions (least privileged first): RoleManagement.Read.Directory, Directory.Read.All,
 * RoleManagement.ReadWrite.Directory, Directory.ReadWrite.All (SCOPES.readRoleDetails); the wizard asks for
 * Directory.Read.All. Every member may read roles and their members (default user permissions), so no directory
 * role is checked. Every role the simulator knows is activated; members are the users holding it.
 */

const ROLE_FILTERS = { id: ["eq"], displayName: ["eq", "startswith"], roleTemplateId: ["eq", "in"] } as const;
const MEMBER_FILTERS = { id: ["eq", "in"], displayName: ["eq", "startswith"], userPrincipalName: ["eq", "startswith"] } as const;

function roleJson(role: DirectoryRoleRecord): Record<string, unknown> {
  return {
    id: role.id,
    deletedDateTime: null,
    description: role.description,
    displayName: role.displayName,
    roleTemplateId: role.roleTemplateId,
  };
}

type RoleKey = { by: "id" | "roleTemplateId"; value: string };

/** The role key and the segments after it, from `(roleTemplateId='…')`, `/{id}` or `/roleTemplateId={id}`. */
function roleKeyOf(head: Segment, rest: readonly Segment[]): { key?: RoleKey; rest: readonly Segment[] } {
  if (head.key) {
    const name = (head.key.name ?? "id").toLowerCase();
    if (name === "roletemplateid") return { key: { by: "roleTemplateId", value: head.key.value }, rest };
    if (name === "id") return { key: { by: "id", value: head.key.value }, rest };
    throw badRequest(`'${head.key.name}' is not a key property of 'microsoft.graph.directoryRole'.`, "BadRequest");
  }
  const [idSeg, ...more] = rest;
  if (!idSeg) return { rest };
  const templateForm = /^roleTemplateId=(.+)$/i.exec(idSeg.name);
  if (templateForm?.[1]) return { key: { by: "roleTemplateId", value: templateForm[1] }, rest: more };
  return { key: { by: "id", value: idSeg.key?.value ?? idSeg.name }, rest: more };
}

function findRole(ctx: GraphCtx, key: RoleKey): DirectoryRoleRecord {
  const wanted = key.value.toLowerCase();
  const role = ctx.dir.directoryRoles.find((r) => (key.by === "id" ? r.id : r.roleTemplateId).toLowerCase() === wanted);
  if (!role) throw notFound(key.value);
  return role;
}

export function routeDirectoryRoles(ctx: GraphCtx, head: Segment, tail: readonly Segment[]): GraphResult {
  if (ctx.req.method !== "GET") throw methodNotAllowed();
  requireScope(ctx.caller, SCOPES.readRoleDetails);
  const { key, rest } = roleKeyOf(head, tail);
  if (!key) {
    return collection(ctx, ctx.dir.directoryRoles.map(roleJson), {
      typeName: "directoryRole",
      resourceType: "directoryRole",
      contextFragment: "directoryRoles",
      filterSupport: ROLE_FILTERS,
    });
  }
  const role = findRole(ctx, key);
  const [next, ...more] = rest;
  if (!next) return entity(ctx, roleJson(role), "directoryRole", "directoryRoles");
  if (next.lower !== "members") throw segmentNotFound(next.name);
  if (more.length > 0) throw extraSegment(more);
  const members = ctx.view
    .users()
    .filter((u) => u.roles.includes(role.key))
    .map((u) => userJson(u, true));
  return collection(ctx, members, {
    typeName: "user",
    resourceType: "directoryObject",
    contextFragment: "directoryObjects",
    filterSupport: MEMBER_FILTERS,
  });
}
