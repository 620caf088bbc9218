import { z } from "zod";
import { authorizeAppRoleAssignment, authorizeManageServicePrincipal, requireScope, SCOPES } from "./authz";
import { auditAppRoleAssignment } from "./directory-audits";
import { guidSchema, invalidValue, nullableText, parseEntityBody, stringList, type BodySpec } from "./graph-body";
import {
  collection,
  entity,
  extraSegment,
  isoNow,
  jsonBody,
  noContent,
  noteWrite,
  prefersCreateIfMissing,
  type GraphCtx,
  type GraphResult,
  type Segment,
} from "./graph-common";
import { badRequest, SimGraphError, methodNotAllowed, notFound, segmentNotFound } from "./http";
import type { DirectoryView } from "./store";
import type { ApplicationRecord, AppRole, AppRoleAssignmentRecord, ServicePrincipalRecord } from "./types";

/**
 * /servicePrincipals (https://learn.microsoft.com/graph/api/resources/serviceprincipal):
 * list, get by id or appId, create (https://learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals),
 * upsert by appId (https://learn.microsoft.com/graph/api/serviceprincipal-upsert), update, delete;
 * app role assignments (https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto,
 * serviceprincipal-post-approleassignments, serviceprincipal-list-approleassignedto,
 * serviceprincipal-delete-approleassignedto).
 */

const SERVICE_PRINCIPAL_BODY: BodySpec = {
  resource: "ServicePrincipal",
  modelled: {
    appId: guidSchema,
    accountEnabled: z.boolean(),
    appRoleAssignmentRequired: z.boolean(),
    displayName: z.string().min(1).max(256).nullable(),
    tags: stringList(256),
    description: nullableText(1024),
    notes: nullableText(1024),
  },
  passthrough: [
    "alternativeNames",
    "homepage",
    "info",
    "keyCredentials",
    "loginUrl",
    "logoutUrl",
    "notificationEmailAddresses",
    "passwordCredentials",
    "preferredSingleSignOnMode",
    "preferredTokenSigningKeyThumbprint",
    "replyUrls",
    "samlSingleSignOnSettings",
    "servicePrincipalNames",
  ],
  readOnly: [
    "id",
    "appDisplayName",
    "appOwnerOrganizationId",
    "deletedDateTime",
    "servicePrincipalType",
    "signInAudience",
    "appRoles",
    "oauth2PermissionScopes",
  ],
};

const ASSIGNMENT_BODY: BodySpec = {
  resource: "AppRoleAssignment",
  modelled: { principalId: guidSchema, resourceId: guidSchema, appRoleId: guidSchema },
  passthrough: ["principalType", "principalDisplayName", "resourceDisplayName"],
  readOnly: ["id", "createdDateTime", "deletedDateTime"],
};

const SP_FILTERS = {
  id: ["eq", "ne", "in"],
  appId: ["eq", "ne", "in"],
  displayName: ["eq", "ne", "in", "startswith"],
  tags: ["any"],
  servicePrincipalNames: ["any"],
  servicePrincipalType: ["eq", "ne"],
  accountEnabled: ["eq", "ne"],
  appOwnerOrganizationId: ["eq", "ne"],
} as const;

const ASSIGNMENT_FILTERS = {
  principalId: ["eq"],
  resourceId: ["eq"],
  appRoleId: ["eq"],
  principalType: ["eq"],
} as const;

function servicePrincipalJson(sp: ServicePrincipalRecord): Record<string, unknown> {
  const { extra, ...fields } = sp;
  return {
    id: fields.id,
    deletedDateTime: null,
    accountEnabled: fields.accountEnabled,
    alternativeNames: [],
    appDisplayName: fields.appDisplayName,
    appDescription: null,
    appId: fields.appId,
    appOwnerOrganizationId: fields.appOwnerOrganizationId,
    appRoleAssignmentRequired: fields.appRoleAssignmentRequired,
    appRoles: fields.appRoles,
    description: fields.description,
    displayName: fields.displayName,
    keyCredentials: [],
    notes: fields.notes,
    oauth2PermissionScopes: fields.oauth2PermissionScopes,
    passwordCredentials: [],
    servicePrincipalNames: fields.servicePrincipalNames,
    servicePrincipalType: fields.servicePrincipalType,
    signInAudience: fields.signInAudience,
    tags: fields.tags,
    ...extra,
  };
}

function assignmentJson(a: AppRoleAssignmentRecord): Record<string, unknown> {
  return {
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: a.createdDateTime,
    principalDisplayName: a.principalDisplayName,
    principalId: a.principalId,
    principalType: a.principalType,
    resourceDisplayName: a.resourceDisplayName,
    resourceId: a.resourceId,
  };
}

type SpKey = { by: "id" | "appId"; value: string };

function spKeyOf(head: Segment, rest: readonly Segment[]): { key?: SpKey; rest: readonly Segment[] } {
  if (head.key) {
    const name = (head.key.name ?? "id").toLowerCase();
    if (name === "appid") return { key: { by: "appId", value: head.key.value }, rest };
    if (name === "id") return { key: { by: "id", value: head.key.value }, rest };
    throw badRequest(`'${head.key.name}' is not a key property of 'microsoft.graph.servicePrincipal'.`, "BadRequest");
  }
  const [idSeg, ...more] = rest;
  return idSeg ? { key: { by: "id", value: idSeg.name }, rest: more } : { rest };
}

function lookupSp(view: DirectoryView, key: SpKey): ServicePrincipalRecord | undefined {
  return key.by === "appId" ? view.servicePrincipalByAppId(key.value) : view.servicePrincipal(key.value);
}

/** Reads and id-addressed writes see the lagged view; appId-addressed writes see the latest state. */
function requireSp(ctx: GraphCtx, key: SpKey, forWrite: boolean): ServicePrincipalRecord {
  const sp = lookupSp(forWrite && key.by === "appId" ? ctx.latest : ctx.view, key);
  if (!sp) throw notFound(key.value);
  return forWrite ? (ctx.latest.servicePrincipal(sp.id) ?? sp) : sp;
}

function backingApplication(ctx: GraphCtx, sp: ServicePrincipalRecord): ApplicationRecord | undefined {
  return ctx.latest.applicationByAppId(sp.appId);
}

function appRolesOf(app: ApplicationRecord): AppRole[] {
  const declared = app.extra.appRoles;
  return Array.isArray(declared) ? (declared as unknown as AppRole[]) : [];
}

/** Shared by POST /servicePrincipals and the create branch of the upsert. */
function createServicePrincipal(
  ctx: GraphCtx,
  appId: string,
  fields: Record<string, unknown>,
  extra: ServicePrincipalRecord["extra"],
): ServicePrincipalRecord {
  const existing = ctx.latest.servicePrincipalByAppId(appId);
  // The backing application must be visible (replicated) — reference §5 "Just after create".
  const app = ctx.view.applicationByAppId(appId);
  if (!app && !existing) {
    throw badRequest(`The appId '${appId}' of the service principal does not reference a valid application object.`);
  }
  authorizeManageServicePrincipal(ctx.caller, app ? (ctx.latest.application(app.id) ?? app) : undefined);
  if (existing || !app) {
    throw new SimGraphError(
      409,
      "Request_MultipleObjectsWithSameKeyValue",
      `The service principal cannot be created, updated, or restored because the service principal name ${appId} is already in use.`,
    );
  }
  const sp: ServicePrincipalRecord = {
    id: ctx.env.objectIds.guid(),
    appId: app.appId,
    displayName: (fields.displayName as string | null | undefined) ?? app.displayName,
    appDisplayName: app.displayName,
    appOwnerOrganizationId: ctx.dir.info.tenantId,
    servicePrincipalType: "Application",
    accountEnabled: (fields.accountEnabled as boolean | undefined) ?? true,
    appRoleAssignmentRequired: (fields.appRoleAssignmentRequired as boolean | undefined) ?? false,
    appRoles: appRolesOf(app),
    oauth2PermissionScopes: [],
    servicePrincipalNames: [app.appId],
    signInAudience: app.signInAudience,
    tags: (fields.tags as string[] | undefined) ?? [],
    description: (fields.description as string | null | undefined) ?? null,
    notes: (fields.notes as string | null | undefined) ?? null,
    extra,
  };
  ctx.dir.servicePrincipals.put(sp, ctx.now);
  noteWrite(ctx, "create", sp.id);
  return sp;
}

function updateServicePrincipal(
  ctx: GraphCtx,
  sp: ServicePrincipalRecord,
  fields: Record<string, unknown>,
  extra: ServicePrincipalRecord["extra"],
): void {
  if (typeof fields.appId === "string" && fields.appId.toLowerCase() !== sp.appId)
    throw badRequest("Property 'appId' is read-only and cannot be changed.");
  authorizeManageServicePrincipal(ctx.caller, backingApplication(ctx, sp));
  const next: ServicePrincipalRecord = {
    ...sp,
    ...(fields as Partial<ServicePrincipalRecord>),
    appId: sp.appId,
    extra: { ...sp.extra, ...extra },
  };
  const changed = JSON.stringify(next) !== JSON.stringify(sp);
  if (changed) ctx.dir.servicePrincipals.put(next, ctx.now);
  noteWrite(ctx, changed ? "update" : "noop", sp.id);
}

function postServicePrincipal(ctx: GraphCtx): GraphResult {
  requireScope(ctx.caller, SCOPES.writeApps);
  const { fields, extra } = parseEntityBody(jsonBody(ctx), SERVICE_PRINCIPAL_BODY);
  if (typeof fields.appId !== "string") throw invalidValue("appId", "ServicePrincipal");
  const sp = createServicePrincipal(ctx, fields.appId.toLowerCase(), fields, extra);
  return entity(ctx, servicePrincipalJson(sp), "servicePrincipal", "servicePrincipals", 201);
}

function patchServicePrincipal(ctx: GraphCtx, key: SpKey): GraphResult {
  requireScope(ctx.caller, SCOPES.writeApps);
  const { fields, extra } = parseEntityBody(jsonBody(ctx), SERVICE_PRINCIPAL_BODY);
  const existing = lookupSp(key.by === "appId" ? ctx.latest : ctx.view, key);
  if (existing) {
    updateServicePrincipal(ctx, ctx.latest.servicePrincipal(existing.id) ?? existing, fields, extra);
    return noContent();
  }
  if (key.by !== "appId" || !prefersCreateIfMissing(ctx)) throw notFound(key.value);
  const sp = createServicePrincipal(ctx, key.value.toLowerCase(), fields, extra);
  return entity(ctx, servicePrincipalJson(sp), "servicePrincipal", "servicePrincipals", 201);
}

function deleteServicePrincipal(ctx: GraphCtx, key: SpKey): GraphResult {
  requireScope(ctx.caller, SCOPES.writeApps);
  const sp = requireSp(ctx, key, true);
  authorizeManageServicePrincipal(ctx.caller, backingApplication(ctx, sp));
  ctx.dir.deleteServicePrincipal(sp, ctx.now);
  noteWrite(ctx, "delete", sp.id);
  return noContent();
}

type Side = "appRoleAssignedTo" | "appRoleAssignments";

/**
 * `$expand` of a directory relationship returns at most 20 related objects
 * (https://learn.microsoft.com/graph/query-parameters#expand-parameter); callers page the relationship for more.
 */
const MAX_EXPANDED = 20;

/** `$expand=appRoleAssignments` or `appRoleAssignedTo` on a service principal (https://learn.microsoft.com/graph/api/serviceprincipal-get). */
function expandedSide(ctx: GraphCtx): Side | null {
  const raw = ctx.req.query.get("$expand") ?? ctx.req.query.get("expand");
  if (raw === null) return null;
  const side = (["appRoleAssignments", "appRoleAssignedTo"] as const).find((name) => name.toLowerCase() === raw.trim().toLowerCase());
  if (!side)
    throw badRequest(
      `Parsing OData Select and Expand failed: Could not find a property named '${raw}' on type 'microsoft.graph.servicePrincipal'.`,
    );
  return side;
}

function assignmentsOf(view: DirectoryView, sp: ServicePrincipalRecord, side: Side): AppRoleAssignmentRecord[] {
  return view.appRoleAssignments().filter((a) => (side === "appRoleAssignedTo" ? a.resourceId === sp.id : a.principalId === sp.id));
}

function principalOf(ctx: GraphCtx, principalId: string): { id: string; displayName: string | null; type: "ServicePrincipal" | "User" } {
  const sp = ctx.view.servicePrincipal(principalId);
  if (sp) return { id: sp.id, displayName: sp.displayName, type: "ServicePrincipal" };
  const user = ctx.view.users().find((u) => u.id === principalId.toLowerCase());
  if (user) return { id: user.id, displayName: user.displayName, type: "User" };
  throw notFound(principalId);
}

/** Scopes are checked by the caller, before the path's service principal is resolved. */
function postAssignment(ctx: GraphCtx, pathSp: ServicePrincipalRecord, side: Side): GraphResult {
  const { fields } = parseEntityBody(jsonBody(ctx), ASSIGNMENT_BODY);
  for (const property of ["principalId", "resourceId", "appRoleId"]) {
    if (typeof fields[property] !== "string") throw invalidValue(property, "AppRoleAssignment");
  }
  const principalId = String(fields.principalId).toLowerCase();
  const resourceId = String(fields.resourceId).toLowerCase();
  const appRoleId = String(fields.appRoleId).toLowerCase();
  if (side === "appRoleAssignedTo" && resourceId !== pathSp.id) {
    throw badRequest("The resourceId in the request body must match the service principal in the request URL.");
  }
  if (side === "appRoleAssignments" && principalId !== pathSp.id) {
    throw badRequest("The principalId in the request body must match the service principal in the request URL.");
  }
  const resource = side === "appRoleAssignedTo" ? pathSp : ctx.view.servicePrincipal(resourceId);
  if (!resource) throw notFound(resourceId);
  authorizeAppRoleAssignment(ctx.caller, resource);
  const principal = principalOf(ctx, principalId);
  const memberType = principal.type === "ServicePrincipal" ? "Application" : "User";
  const role = resource.appRoles.find((r) => r.id === appRoleId && r.isEnabled && r.allowedMemberTypes.includes(memberType));
  if (!role) throw badRequest(`Permission being assigned was not found on application '${resource.appId}'.`);
  const duplicate = ctx.latest
    .appRoleAssignments()
    .some((a) => a.principalId === principal.id && a.resourceId === resource.id && a.appRoleId === appRoleId);
  if (duplicate) throw badRequest("Permission being assigned already exists on the object");
  const assignment: AppRoleAssignmentRecord = {
    id: ctx.env.objectIds.token(43),
    appRoleId,
    createdDateTime: isoNow(ctx),
    principalId: principal.id,
    principalDisplayName: principal.displayName,
    principalType: principal.type,
    resourceId: resource.id,
    resourceDisplayName: resource.displayName,
  };
  ctx.dir.appRoleAssignments.put(assignment, ctx.now);
  noteWrite(ctx, "create", assignment.id);
  auditAppRoleAssignment(ctx, "add", assignment, resource);
  return entity(ctx, assignmentJson(assignment), "appRoleAssignment", `servicePrincipals('${pathSp.id}')/${side}`, 201);
}

function routeAssignments(ctx: GraphCtx, key: SpKey, side: Side, rest: readonly Segment[]): GraphResult {
  const [idSeg, ...more] = rest;
  if (more.length > 0) throw extraSegment(more);
  const method = ctx.req.method;
  if (!idSeg) {
    if (method === "POST") {
      requireScope(ctx.caller, SCOPES.assignRoles);
      requireScope(ctx.caller, SCOPES.readApps);
      return postAssignment(ctx, requireSp(ctx, key, false), side);
    }
    if (method !== "GET") throw methodNotAllowed();
    requireScope(ctx.caller, SCOPES.readApps);
    const sp = requireSp(ctx, key, false);
    return collection(ctx, assignmentsOf(ctx.view, sp, side).map(assignmentJson), {
      typeName: "appRoleAssignment",
      resourceType: "appRoleAssignment",
      contextFragment: `servicePrincipals('${sp.id}')/${side}`,
      filterSupport: ASSIGNMENT_FILTERS,
    });
  }
  const assignmentId = idSeg.key?.value ?? idSeg.name;
  if (method === "GET") {
    requireScope(ctx.caller, SCOPES.readApps);
    const sp = requireSp(ctx, key, false);
    const found = assignmentsOf(ctx.view, sp, side).find((a) => a.id === assignmentId);
    if (!found) throw notFound(assignmentId);
    return entity(ctx, assignmentJson(found), "appRoleAssignment", `servicePrincipals('${sp.id}')/${side}`);
  }
  if (method !== "DELETE") throw methodNotAllowed();
  requireScope(ctx.caller, SCOPES.assignRoles);
  const sp = requireSp(ctx, key, false);
  const found = assignmentsOf(ctx.view, sp, side).find((a) => a.id === assignmentId);
  if (!found) throw notFound(assignmentId);
  const resource = ctx.latest.servicePrincipal(found.resourceId);
  if (resource) authorizeAppRoleAssignment(ctx.caller, resource);
  ctx.dir.appRoleAssignments.remove(found.id, ctx.now);
  noteWrite(ctx, "delete", found.id);
  if (resource) auditAppRoleAssignment(ctx, "remove", found, resource);
  return noContent();
}

export function routeServicePrincipals(ctx: GraphCtx, head: Segment, tail: readonly Segment[]): GraphResult {
  const { key, rest } = spKeyOf(head, tail);
  const method = ctx.req.method;
  if (!key) {
    if (method === "POST") return postServicePrincipal(ctx);
    if (method !== "GET") throw methodNotAllowed();
    requireScope(ctx.caller, SCOPES.readApps);
    return collection(ctx, ctx.view.servicePrincipals().map(servicePrincipalJson), {
      typeName: "servicePrincipal",
      resourceType: "servicePrincipal",
      contextFragment: "servicePrincipals",
      filterSupport: SP_FILTERS,
    });
  }
  const [next, ...more] = rest;
  if (!next) {
    if (method === "GET") {
      requireScope(ctx.caller, SCOPES.readApps);
      const sp = requireSp(ctx, key, false);
      const answer = entity(ctx, servicePrincipalJson(sp), "servicePrincipal", "servicePrincipals");
      const expand = expandedSide(ctx);
      if (expand && answer.body && typeof answer.body === "object") {
        (answer.body as Record<string, unknown>)[expand] = assignmentsOf(ctx.view, sp, expand).slice(0, MAX_EXPANDED).map(assignmentJson);
      }
      return answer;
    }
    if (method === "PATCH") return patchServicePrincipal(ctx, key);
    if (method === "DELETE") return deleteServicePrincipal(ctx, key);
    throw methodNotAllowed();
  }
  if (next.lower === "approleassignedto") return routeAssignments(ctx, key, "appRoleAssignedTo", more);
  if (next.lower === "approleassignments") return routeAssignments(ctx, key, "appRoleAssignments", more);
  throw segmentNotFound(next.name);
}
