import { z } from "zod";
import { GUID_PATTERN } from "@/lib/text/guid";
import { authorizeCreateApplication, authorizeManageApplication, requireScope, SCOPES } from "./authz";
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
import { userJson } from "./graph-directory";
import { routeFederatedIdentityCredentials } from "./graph-fic";
import { badRequest, SimGraphError, methodNotAllowed, notFound, segmentNotFound } from "./http";
import type { DirectoryView } from "./store";
import type { ApplicationRecord, RequiredResourceAccess } from "./types";

/**
 * /applications (https://learn.microsoft.com/graph/api/resources/application):
 * list, get (by id, appId or uniqueName), create, upsert by uniqueName
 * (https://learn.microsoft.com/graph/api/application-upsert), update, delete, owners.
 */

const APPLICATION_BODY: BodySpec = {
  resource: "Application",
  modelled: {
    displayName: z.string().min(1).max(256).nullable(),
    uniqueName: z.string().min(1).max(256),
    description: nullableText(1024),
    notes: nullableText(1024),
    tags: stringList(256),
    signInAudience: z.enum(["AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"]),
    requiredResourceAccess: z.array(
      z.object({
        resourceAppId: guidSchema,
        resourceAccess: z.array(z.object({ id: guidSchema, type: z.enum(["Role", "Scope"]) })),
      }),
    ),
    serviceManagementReference: nullableText(256),
  },
  passthrough: [
    "addIns",
    "api",
    "appRoles",
    "defaultRedirectUri",
    "groupMembershipClaims",
    "identifierUris",
    "info",
    "isDeviceOnlyAuthSupported",
    "isFallbackPublicClient",
    "keyCredentials",
    "logo",
    "oauth2RequirePostResponse",
    "optionalClaims",
    "parentalControlSettings",
    "passwordCredentials",
    "publicClient",
    "servicePrincipalLockConfiguration",
    "spa",
    "tokenEncryptionKeyId",
    "web",
  ],
  readOnly: [
    "id",
    "appId",
    "createdDateTime",
    "deletedDateTime",
    "publisherDomain",
    "disabledByMicrosoftStatus",
    "certification",
    "verifiedPublisher",
  ],
};

const APPLICATION_FILTERS = {
  id: ["eq", "ne", "in"],
  appId: ["eq", "ne", "in"],
  displayName: ["eq", "ne", "in", "startswith"],
  uniqueName: ["eq", "in", "startswith"],
  tags: ["any"],
  publisherDomain: ["eq", "startswith"],
  signInAudience: ["eq", "ne"],
} as const;

function applicationJson(app: ApplicationRecord): Record<string, unknown> {
  return {
    id: app.id,
    deletedDateTime: null,
    appId: app.appId,
    createdDateTime: app.createdDateTime,
    description: app.description,
    displayName: app.displayName,
    identifierUris: [],
    keyCredentials: [],
    notes: app.notes,
    passwordCredentials: [],
    publisherDomain: app.publisherDomain,
    requiredResourceAccess: app.requiredResourceAccess,
    serviceManagementReference: app.serviceManagementReference,
    signInAudience: app.signInAudience,
    tags: app.tags,
    uniqueName: app.uniqueName,
    ...app.extra,
  };
}

/** How a route named the application. */
type AppKey = { by: "id" | "appId" | "uniqueName"; value: string };

function appKeyOf(head: Segment, rest: readonly Segment[]): { key?: AppKey; rest: readonly Segment[] } {
  if (head.key) {
    const name = (head.key.name ?? "id").toLowerCase();
    if (name === "appid") return { key: { by: "appId", value: head.key.value }, rest };
    if (name === "uniquename") return { key: { by: "uniqueName", value: head.key.value }, rest };
    if (name === "id") return { key: { by: "id", value: head.key.value }, rest };
    throw badRequest(`'${head.key.name}' is not a key property of 'microsoft.graph.application'.`, "BadRequest");
  }
  const [idSeg, ...more] = rest;
  return idSeg ? { key: { by: "id", value: idSeg.name }, rest: more } : { rest };
}

function lookup(view: DirectoryView, key: AppKey): ApplicationRecord | undefined {
  if (key.by === "appId") return view.applicationByAppId(key.value);
  if (key.by === "uniqueName") return view.applicationByUniqueName(key.value);
  return view.application(key.value);
}

/**
 * Reads and writes by object id go through the lagged view; writes by an
 * alternate key (appId, uniqueName) see the latest state, so upserts never duplicate.
 */
function findApplication(ctx: GraphCtx, key: AppKey, forWrite: boolean): ApplicationRecord | undefined {
  return lookup(forWrite && key.by !== "id" ? ctx.latest : ctx.view, key);
}

function requireApplication(ctx: GraphCtx, key: AppKey, forWrite: boolean): ApplicationRecord {
  const app = findApplication(ctx, key, forWrite);
  if (!app) throw notFound(key.value);
  // Mutations start from the newest version of the object.
  return forWrite ? (ctx.latest.application(app.id) ?? app) : app;
}

function assertUniqueNameFree(ctx: GraphCtx, uniqueName: string, exceptId?: string): void {
  const holder = ctx.latest.applicationByUniqueName(uniqueName);
  if (holder && holder.id !== exceptId) {
    throw new SimGraphError(
      409,
      "Request_MultipleObjectsWithSameKeyValue",
      "Another object with the same value for property uniqueName already exists.",
    );
  }
}

function createApplication(ctx: GraphCtx, fields: Record<string, unknown>, extra: ApplicationRecord["extra"]): ApplicationRecord {
  const { creatorBecomesOwner } = authorizeCreateApplication(ctx.caller);
  const displayName = fields.displayName;
  if (typeof displayName !== "string") throw invalidValue("displayName", "Application");
  const uniqueName = typeof fields.uniqueName === "string" ? fields.uniqueName : null;
  if (uniqueName) assertUniqueNameFree(ctx, uniqueName);
  const app: ApplicationRecord = {
    id: ctx.env.objectIds.guid(),
    appId: ctx.env.objectIds.guid(),
    displayName,
    uniqueName,
    description: (fields.description as string | null | undefined) ?? null,
    notes: (fields.notes as string | null | undefined) ?? null,
    tags: (fields.tags as string[] | undefined) ?? [],
    signInAudience: (fields.signInAudience as string | undefined) ?? "AzureADMyOrg",
    requiredResourceAccess: (fields.requiredResourceAccess as RequiredResourceAccess[] | undefined) ?? [],
    createdDateTime: isoNow(ctx),
    publisherDomain: ctx.dir.info.domain,
    serviceManagementReference: (fields.serviceManagementReference as string | null | undefined) ?? null,
    owners: creatorBecomesOwner ? [ctx.caller.user.id] : [],
    extra,
  };
  ctx.dir.applications.put(app, ctx.now);
  noteWrite(ctx, "create", app.id);
  return app;
}

function updateApplication(
  ctx: GraphCtx,
  app: ApplicationRecord,
  fields: Record<string, unknown>,
  extra: ApplicationRecord["extra"],
): void {
  const uniqueName = fields.uniqueName;
  if (typeof uniqueName === "string" && uniqueName !== app.uniqueName) {
    if (app.uniqueName !== null) throw badRequest("Property 'uniqueName' is immutable once set.");
    assertUniqueNameFree(ctx, uniqueName, app.id);
  }
  const next: ApplicationRecord = { ...app, ...(fields as Partial<ApplicationRecord>), extra: { ...app.extra, ...extra } };
  const changed = JSON.stringify(next) !== JSON.stringify(app);
  if (changed) ctx.dir.applications.put(next, ctx.now);
  noteWrite(ctx, changed ? "update" : "noop", app.id);
}

function listApplications(ctx: GraphCtx): GraphResult {
  requireScope(ctx.caller, SCOPES.readApps);
  return collection(ctx, ctx.view.applications().map(applicationJson), {
    typeName: "application",
    resourceType: "application",
    contextFragment: "applications",
    filterSupport: APPLICATION_FILTERS,
  });
}

function postApplication(ctx: GraphCtx): GraphResult {
  requireScope(ctx.caller, SCOPES.createApp);
  const { fields, extra } = parseEntityBody(jsonBody(ctx), APPLICATION_BODY);
  const app = createApplication(ctx, fields, extra);
  return {
    ...entity(ctx, applicationJson(app), "application", "applications", 201),
    headers: {
      Location: `${ctx.req.origin}/v2/${ctx.dir.info.tenantId}/directoryObjects/${app.id}/Microsoft.DirectoryServices.Application`,
    },
  };
}

/** PATCH by id/appId (update) or by uniqueName (upsert with `Prefer: create-if-missing`). */
function patchApplication(ctx: GraphCtx, key: AppKey): GraphResult {
  requireScope(ctx.caller, SCOPES.writeApps);
  const { fields, extra } = parseEntityBody(jsonBody(ctx), APPLICATION_BODY);
  const existing = findApplication(ctx, key, true);
  if (existing) {
    const current = ctx.latest.application(existing.id) ?? existing;
    authorizeManageApplication(ctx.caller, current);
    if (key.by === "uniqueName" && typeof fields.uniqueName === "string" && fields.uniqueName.toLowerCase() !== key.value.toLowerCase()) {
      throw badRequest("Property 'uniqueName' is immutable once set.");
    }
    updateApplication(ctx, current, fields, extra);
    return noContent();
  }
  if (key.by !== "uniqueName" || !prefersCreateIfMissing(ctx)) throw notFound(key.value);
  const app = createApplication(ctx, { ...fields, uniqueName: key.value }, extra);
  return entity(ctx, applicationJson(app), "application", "applications", 201);
}

function deleteApplication(ctx: GraphCtx, key: AppKey): GraphResult {
  requireScope(ctx.caller, SCOPES.writeApps);
  const app = requireApplication(ctx, key, true);
  authorizeManageApplication(ctx.caller, app);
  ctx.dir.deleteApplication(app, ctx.now);
  noteWrite(ctx, "delete", app.id);
  return noContent();
}

const REFERENCE_RE = new RegExp(String.raw`/(?:directoryObjects|users)(?:/|\(')(${GUID_PATTERN})(?:'\))?/?$`);

/** `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}` → the id. */
function referencedId(body: Record<string, unknown>): string {
  const ref = body["@odata.id"];
  if (typeof ref !== "string") throw badRequest("Missing '@odata.id' in the reference payload.", "BadRequest");
  const match = REFERENCE_RE.exec(ref);
  if (!match?.[1]) throw badRequest(`Invalid object identifier '${ref}'.`);
  return match[1].toLowerCase();
}

/** https://learn.microsoft.com/graph/api/application-post-owners, application-list-owners, application-delete-owners */
function routeOwners(ctx: GraphCtx, key: AppKey, rest: readonly Segment[]): GraphResult {
  const [first, second, ...more] = rest;
  if (more.length > 0) throw extraSegment(more);
  if (!first) {
    if (ctx.req.method !== "GET") throw methodNotAllowed();
    requireScope(ctx.caller, SCOPES.readApps);
    const app = requireApplication(ctx, key, false);
    const owners = app.owners.map((id) => ctx.view.user(id)).filter((u) => u !== undefined);
    return collection(
      ctx,
      owners.map((u) => userJson(u, true)),
      { typeName: "directoryObject", resourceType: "directoryObject", contextFragment: "directoryObjects", filterSupport: { id: ["eq"] } },
    );
  }
  if (first.name === "$ref" && !second) {
    if (ctx.req.method !== "POST") throw methodNotAllowed();
    requireScope(ctx.caller, SCOPES.writeApps);
    requireScope(ctx.caller, SCOPES.ownerLookup);
    const current = requireApplication(ctx, key, true);
    authorizeManageApplication(ctx.caller, current);
    const userId = referencedId(jsonBody(ctx));
    const user = ctx.view.user(userId);
    if (!user) throw notFound(userId);
    if (current.owners.includes(user.id)) {
      throw badRequest("One or more added object references already exist for the following modified properties: 'owners'.");
    }
    ctx.dir.applications.put({ ...current, owners: [...current.owners, user.id] }, ctx.now);
    noteWrite(ctx, "create", user.id);
    return noContent();
  }
  if (second?.name === "$ref") {
    if (ctx.req.method !== "DELETE") throw methodNotAllowed();
    requireScope(ctx.caller, SCOPES.writeApps);
    const app = requireApplication(ctx, key, true);
    authorizeManageApplication(ctx.caller, app);
    const userId = first.name.toLowerCase();
    if (!app.owners.includes(userId)) throw notFound(first.name);
    ctx.dir.applications.put({ ...app, owners: app.owners.filter((o) => o !== userId) }, ctx.now);
    noteWrite(ctx, "delete", userId);
    return noContent();
  }
  throw segmentNotFound((second ?? first).name);
}

export function routeApplications(ctx: GraphCtx, head: Segment, tail: readonly Segment[]): GraphResult {
  const { key, rest } = appKeyOf(head, tail);
  const method = ctx.req.method;
  if (!key) {
    if (method === "GET") return listApplications(ctx);
    if (method === "POST") return postApplication(ctx);
    throw methodNotAllowed();
  }
  const [next, ...more] = rest;
  if (!next) {
    if (method === "GET") {
      requireScope(ctx.caller, SCOPES.readApps);
      return entity(ctx, applicationJson(requireApplication(ctx, key, false)), "application", "applications");
    }
    if (method === "PATCH") return patchApplication(ctx, key);
    if (method === "DELETE") return deleteApplication(ctx, key);
    throw methodNotAllowed();
  }
  if (next.lower === "owners") return routeOwners(ctx, key, more);
  if (next.lower === "federatedidentitycredentials") {
    return routeFederatedIdentityCredentials(ctx, (forWrite) => requireApplication(ctx, key, forWrite), next, more);
  }
  throw segmentNotFound(next.name);
}
