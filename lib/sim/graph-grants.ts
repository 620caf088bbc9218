import { z } from "zod";
import { authorizePermissionGrantWrite, requireScope, SCOPES } from "./authz";
import { guidSchema, invalidValue, parseEntityBody, type BodySpec } from "./graph-body";
import {
  collection,
  entity,
  extraSegment,
  jsonBody,
  noContent,
  noteWrite,
  type GraphCtx,
  type GraphResult,
  type Segment,
} from "./graph-common";
import { badRequest, SimGraphError, methodNotAllowed, notFound } from "./http";
import type { OAuth2PermissionGrantRecord } from "./types";

/**
 * /oauth2PermissionGrants, delegated permission grants (https://learn.microsoft.com/graph/api/resources/oauth2permissiongrant):
 * list (https://learn.microsoft.com/graph/api/oauth2permissiongrant-list), get, create
 * (https://learn.microsoft.com/graph/api/oauth2permissiongrant-post), update the scope
 * (https://learn.microsoft.com/graph/api/oauth2permissiongrant-update), delete. An `AllPrincipals` grant is tenant-wide
 * admin consent for delegated permissions; the sign-in side (app-registry.ts) honours it.
 */

const GRANT_BODY: BodySpec = {
  resource: "OAuth2PermissionGrant",
  modelled: {
    clientId: guidSchema,
    consentType: z.enum(["AllPrincipals", "Principal"]),
    principalId: guidSchema.nullable(),
    resourceId: guidSchema,
    scope: z.string().max(3000),
  },
  passthrough: [],
  readOnly: ["id"],
};

const GRANT_FILTERS = {
  clientId: ["eq"],
  consentType: ["eq"],
  principalId: ["eq"],
  resourceId: ["eq"],
} as const;

function grantJson(grant: OAuth2PermissionGrantRecord): Record<string, unknown> {
  return {
    clientId: grant.clientId,
    consentType: grant.consentType,
    id: grant.id,
    principalId: grant.principalId,
    resourceId: grant.resourceId,
    scope: grant.scope,
  };
}

/** Scope values as Graph keeps them: space-separated, each once. */
function normalizeScope(scope: string): string {
  return [...new Set(scope.split(/\s+/).filter(Boolean))].join(" ");
}

/** Every scope must be a delegated permission the resource publishes. */
function checkScopes(ctx: GraphCtx, resourceId: string, scope: string): void {
  const resource = ctx.view.servicePrincipal(resourceId);
  if (!resource) throw notFound(resourceId);
  const published = new Set(resource.oauth2PermissionScopes.map((s) => s.value.toLowerCase()));
  const unknown = scope.split(" ").filter((value) => value && !published.has(value.toLowerCase()));
  if (published.size > 0 && unknown.length > 0) {
    throw badRequest(
      `Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'. Unknown delegated permission(s) of '${resource.appId}': ${unknown.join(", ")}.`,
    );
  }
}

function createGrant(ctx: GraphCtx): GraphResult {
  authorizePermissionGrantWrite(ctx.caller);
  const { fields } = parseEntityBody(jsonBody(ctx), GRANT_BODY);
  for (const property of ["clientId", "consentType", "resourceId"]) {
    if (fields[property] === undefined) throw invalidValue(property, "OAuth2PermissionGrant");
  }
  const clientId = String(fields.clientId).toLowerCase();
  const resourceId = String(fields.resourceId).toLowerCase();
  const consentType = fields.consentType as OAuth2PermissionGrantRecord["consentType"];
  const principalId = typeof fields.principalId === "string" ? fields.principalId.toLowerCase() : null;
  if (consentType === "Principal" ? !principalId : principalId) throw invalidValue("principalId", "OAuth2PermissionGrant");
  // Client and resource are service principals that must already be visible (replication delay applies).
  if (!ctx.view.servicePrincipal(clientId)) throw notFound(clientId);
  if (principalId && !ctx.view.user(principalId)) throw notFound(principalId);
  const scope = normalizeScope(String(fields.scope ?? ""));
  checkScopes(ctx, resourceId, scope);
  const duplicate = ctx.latest
    .oauth2PermissionGrants()
    .some((g) => g.clientId === clientId && g.resourceId === resourceId && g.consentType === consentType && g.principalId === principalId);
  if (duplicate) throw new SimGraphError(409, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists.");
  const grant: OAuth2PermissionGrantRecord = { id: ctx.env.objectIds.token(43), clientId, consentType, principalId, resourceId, scope };
  ctx.dir.oauth2PermissionGrants.put(grant, ctx.now);
  noteWrite(ctx, "create", grant.id);
  return entity(ctx, grantJson(grant), "oAuth2PermissionGrant", "oauth2PermissionGrants", 201);
}

function requireGrant(ctx: GraphCtx, id: string, forWrite: boolean): OAuth2PermissionGrantRecord {
  const found = (forWrite ? ctx.latest : ctx.view).oauth2PermissionGrants().find((g) => g.id === id);
  if (!found) throw notFound(id);
  return found;
}

export function routeOAuth2PermissionGrants(ctx: GraphCtx, head: Segment, rest: readonly Segment[]): GraphResult {
  const [idSeg, ...more] = rest;
  if (more.length > 0) throw extraSegment(more);
  const id = head.key?.value ?? idSeg?.name;
  const method = ctx.req.method;
  if (id === undefined) {
    if (method === "POST") return createGrant(ctx);
    if (method !== "GET") throw methodNotAllowed();
    requireScope(ctx.caller, SCOPES.readPermissionGrants);
    return collection(ctx, ctx.view.oauth2PermissionGrants().map(grantJson), {
      typeName: "oAuth2PermissionGrant",
      resourceType: "oAuth2PermissionGrant",
      contextFragment: "oauth2PermissionGrants",
      filterSupport: GRANT_FILTERS,
    });
  }
  if (method === "GET") {
    requireScope(ctx.caller, SCOPES.readPermissionGrants);
    return entity(ctx, grantJson(requireGrant(ctx, id, false)), "oAuth2PermissionGrant", "oauth2PermissionGrants");
  }
  authorizePermissionGrantWrite(ctx.caller);
  const grant = requireGrant(ctx, id, true);
  if (method === "DELETE") {
    ctx.dir.oauth2PermissionGrants.remove(grant.id, ctx.now);
    noteWrite(ctx, "delete", grant.id);
    return noContent();
  }
  if (method !== "PATCH") throw methodNotAllowed();
  const { fields } = parseEntityBody(jsonBody(ctx), GRANT_BODY);
  const changed = Object.keys(fields).filter((name) => name !== "scope");
  if (changed.length > 0) throw badRequest(`Property '${changed[0]}' is read-only and cannot be set.`);
  const scope = normalizeScope(String(fields.scope ?? grant.scope));
  checkScopes(ctx, grant.resourceId, scope);
  const next = { ...grant, scope };
  const updated = next.scope !== grant.scope;
  if (updated) ctx.dir.oauth2PermissionGrants.put(next, ctx.now);
  noteWrite(ctx, updated ? "update" : "noop", grant.id);
  return noContent();
}
