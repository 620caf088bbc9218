import { hasScope, requireScope, SCOPES } from "./authz";
import { collection, entity, extraSegment, type GraphCtx, type GraphResult, type Segment } from "./graph-common";
import { methodNotAllowed, notFound, segmentNotFound } from "./http";
import type { DirectoryRoleRecord, UserRecord } from "./types";

/** /me, /users, /organization (https://learn.microsoft.com/graph/api/user-get, user-list, organization-get). */

/** `withType` adds `@odata.type`, as Graph does in directoryObject collections (owners). */
export function userJson(user: UserRecord, withType = false): Record<string, unknown> {
  return {
    ...(withType ? { "@odata.type": "#microsoft.graph.user" } : {}),
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: "en-US",
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
  };
}

const USER_FILTERS = {
  id: ["eq", "ne", "in"],
  userPrincipalName: ["eq", "ne", "in", "startswith"],
  mail: ["eq", "ne", "in", "startswith"],
  displayName: ["eq", "ne", "in", "startswith"],
  givenName: ["eq", "in", "startswith"],
  surname: ["eq", "in", "startswith"],
} as const;

function requireGet(ctx: GraphCtx): void {
  if (ctx.req.method !== "GET") throw methodNotAllowed();
}

/**
 * A directoryRole as the signed-in user may see it. Without a scope that can
 * read roles, Graph returns only type and id (reference §5; "Limited information
 * returned for inaccessible member objects", https://learn.microsoft.com/graph/permissions-overview).
 */
function directoryRoleJson(ctx: GraphCtx, role: DirectoryRoleRecord): Record<string, unknown> {
  const full = hasScope(ctx.caller, SCOPES.readRoleDetails);
  return {
    "@odata.type": "#microsoft.graph.directoryRole",
    id: role.id,
    deletedDateTime: null,
    description: full ? role.description : null,
    displayName: full ? role.displayName : null,
    roleTemplateId: full ? role.roleTemplateId : null,
  };
}

const ROLE_FILTERS = { id: ["eq"], displayName: ["eq", "startswith"], roleTemplateId: ["eq", "in"] } as const;

/**
 * GET /me/transitiveMemberOf[/microsoft.graph.directoryRole] and /me/memberOf
 * (https://learn.microsoft.com/graph/api/user-list-transitivememberof). The docs ask for
 * `ConsistencyLevel: eventual` + `$count` with the cast; the simulator does not insist.
 */
function myRoles(ctx: GraphCtx, rest: readonly Segment[]): GraphResult {
  const cast = rest[0];
  if (cast && cast.lower !== "microsoft.graph.directoryrole") {
    // Other casts (groups, administrative units): the simulated users belong to none.
    if (cast.lower === "microsoft.graph.group" || cast.lower === "microsoft.graph.administrativeunit") {
      return collection(ctx, [], {
        typeName: "directoryObject",
        resourceType: "directoryObject",
        contextFragment: "directoryObjects",
        filterSupport: {},
      });
    }
    throw segmentNotFound(cast.name);
  }
  if (rest.length > 1) throw extraSegment(rest.slice(1));
  const roles = ctx.dir.directoryRoles.filter((r) => ctx.caller.roles.has(r.key)).map((r) => directoryRoleJson(ctx, r));
  return collection(ctx, roles, {
    typeName: "directoryRole",
    resourceType: "directoryRole",
    contextFragment: cast ? "directoryRoles" : "directoryObjects",
    filterSupport: ROLE_FILTERS,
  });
}

export function routeMe(ctx: GraphCtx, rest: readonly Segment[]): GraphResult {
  requireGet(ctx);
  requireScope(ctx.caller, SCOPES.readSelf);
  const [next, ...more] = rest;
  if (!next) return entity(ctx, userJson(ctx.caller.user), "user", "users");
  if (next.lower === "transitivememberof" || next.lower === "memberof") return myRoles(ctx, more);
  throw segmentNotFound(next.name);
}

export function routeUsers(ctx: GraphCtx, rest: readonly Segment[]): GraphResult {
  requireGet(ctx);
  const [idSeg, ...more] = rest;
  if (!idSeg) {
    requireScope(ctx.caller, SCOPES.readUsers);
    return collection(
      ctx,
      ctx.view.users().map((u) => userJson(u)),
      {
        typeName: "user",
        resourceType: "User",
        contextFragment: "users",
        filterSupport: USER_FILTERS,
      },
    );
  }
  if (more.length > 0) throw extraSegment(more);
  const key = idSeg.key?.value ?? idSeg.name;
  const user = ctx.view.user(key);
  const self = user?.id === ctx.caller.user.id;
  requireScope(ctx.caller, self ? SCOPES.readSelf : SCOPES.readUsers);
  if (!user) throw notFound(key);
  return entity(ctx, userJson(user), "user", "users");
}

function organizationJson(ctx: GraphCtx): Record<string, unknown> {
  const info = ctx.dir.info;
  return {
    id: info.tenantId,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: "US",
    createdDateTime: info.createdDateTime,
    displayName: info.displayName,
    preferredLanguage: "en",
    tenantType: "AAD",
    technicalNotificationMails: [],
    verifiedDomains: [
      { capabilities: "Email, OfficeCommunicationsOnline", isDefault: true, isInitial: true, name: info.domain, type: "Managed" },
    ],
  };
}

export function routeOrganization(ctx: GraphCtx, rest: readonly Segment[]): GraphResult {
  requireGet(ctx);
  requireScope(ctx.caller, SCOPES.readOrganization);
  const [idSeg, ...more] = rest;
  const org = organizationJson(ctx);
  if (!idSeg) {
    return collection(ctx, [org], {
      typeName: "organization",
      resourceType: "organization",
      contextFragment: "organization",
      filterSupport: { id: ["eq"] },
    });
  }
  if (more.length > 0) throw extraSegment(more);
  const key = idSeg.key?.value ?? idSeg.name;
  if (key.toLowerCase() !== ctx.dir.info.tenantId) throw notFound(key);
  return entity(ctx, org, "organization", "organization");
}
