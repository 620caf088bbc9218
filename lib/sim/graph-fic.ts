import { z } from "zod";
import { authorizeManageApplication, requireScope, SCOPES } from "./authz";
import { parseEntityBody, type BodySpec } from "./graph-body";
import {
  collection,
  entity,
  extraSegment,
  jsonBody,
  noContent,
  noteWrite,
  prefersCreateIfMissing,
  type GraphCtx,
  type GraphResult,
  type Segment,
} from "./graph-common";
import { SimGraphError, methodNotAllowed, notFound } from "./http";
import type { DirectoryView } from "./store";
import type { ApplicationRecord, FederatedIdentityCredentialRecord } from "./types";

/**
 * /applications/{id}/federatedIdentityCredentials
 * (https://learn.microsoft.com/graph/api/resources/federatedidentitycredential,
 * https://learn.microsoft.com/graph/api/federatedidentitycredential-upsert).
 * Rules from https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
 * (reference §4): ≤20 per app; name 3–120 chars of alphanumerics, '-', '_', starting alphanumeric,
 * immutable; issuer/subject/audience ≤600 chars; exactly one audience; issuer+subject unique per app.
 */

const MAX_FICS_PER_APP = 20;
const RESOURCE = "FederatedIdentityCredential";
const FIC_CODE = "InvalidFederatedIdentityCredentialValue";
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

const FIC_BODY: BodySpec = {
  resource: RESOURCE,
  modelled: {
    name: z.string().regex(NAME_PATTERN),
    issuer: z.string().min(1).max(600),
    subject: z.string().min(1).max(600),
    audiences: z.array(z.string().min(1).max(600)).length(1),
    description: z.string().max(600).nullable(),
  },
  passthrough: [],
  readOnly: ["id"],
};

function ficError(message: string): SimGraphError {
  return new SimGraphError(400, FIC_CODE, message);
}

function parseFicBody(ctx: GraphCtx): Record<string, unknown> {
  try {
    return parseEntityBody(jsonBody(ctx), FIC_BODY).fields;
  } catch (error) {
    if (error instanceof SimGraphError && error.message.startsWith("Invalid value")) throw ficError(error.message);
    throw error;
  }
}

function ficJson(fic: FederatedIdentityCredentialRecord): Record<string, unknown> {
  return { id: fic.id, audiences: fic.audiences, description: fic.description, issuer: fic.issuer, name: fic.name, subject: fic.subject };
}

function byIdOrName(view: DirectoryView, app: ApplicationRecord, idOrName: string): FederatedIdentityCredentialRecord | undefined {
  const key = idOrName.toLowerCase();
  return view.federatedIdentityCredentials(app.id).find((f) => f.id === key || f.name.toLowerCase() === key);
}

function assertUniqueIssuerSubject(ctx: GraphCtx, app: ApplicationRecord, issuer: string, subject: string, exceptId?: string): void {
  const clash = ctx.latest
    .federatedIdentityCredentials(app.id)
    .find((f) => f.id !== exceptId && f.issuer === issuer && f.subject === subject);
  if (clash) {
    throw ficError(
      `The combination of issuer and subject must be unique for the application. Issuer ${issuer} and Subject: ${subject} already exist.`,
    );
  }
}

function createFic(ctx: GraphCtx, app: ApplicationRecord, fields: Record<string, unknown>): FederatedIdentityCredentialRecord {
  const { name, issuer, subject, audiences } = fields;
  for (const [property, value] of Object.entries({ name, issuer, subject, audiences })) {
    if (value === undefined) throw ficError(`Invalid value specified for property '${property}' of resource '${RESOURCE}'.`);
  }
  if (!NAME_PATTERN.test(String(name))) throw ficError(`Invalid value specified for property 'name' of resource '${RESOURCE}'.`);
  const existing = ctx.latest.federatedIdentityCredentials(app.id);
  if (existing.some((f) => f.name.toLowerCase() === String(name).toLowerCase())) {
    throw new SimGraphError(
      409,
      "Request_MultipleObjectsWithSameKeyValue",
      `FederatedIdentityCredential with name ${String(name)} already exists.`,
    );
  }
  if (existing.length >= MAX_FICS_PER_APP) {
    throw ficError(`The number of federated identity credentials on the application has reached the limit of ${MAX_FICS_PER_APP}.`);
  }
  assertUniqueIssuerSubject(ctx, app, String(issuer), String(subject));
  const fic: FederatedIdentityCredentialRecord = {
    id: ctx.env.objectIds.guid(),
    applicationId: app.id,
    name: String(name),
    issuer: String(issuer),
    subject: String(subject),
    audiences: audiences as string[],
    description: (fields.description as string | null | undefined) ?? null,
  };
  ctx.dir.federatedIdentityCredentials.put(fic, ctx.now);
  noteWrite(ctx, "create", fic.id);
  return fic;
}

function updateFic(ctx: GraphCtx, app: ApplicationRecord, fic: FederatedIdentityCredentialRecord, fields: Record<string, unknown>): void {
  if (typeof fields.name === "string" && fields.name.toLowerCase() !== fic.name.toLowerCase()) {
    throw ficError("Property 'name' is immutable.");
  }
  const next: FederatedIdentityCredentialRecord = { ...fic, ...(fields as Partial<FederatedIdentityCredentialRecord>), name: fic.name };
  if (next.issuer !== fic.issuer || next.subject !== fic.subject) assertUniqueIssuerSubject(ctx, app, next.issuer, next.subject, fic.id);
  const changed = JSON.stringify(next) !== JSON.stringify(fic);
  if (changed) ctx.dir.federatedIdentityCredentials.put(next, ctx.now);
  noteWrite(ctx, changed ? "update" : "noop", fic.id);
}

function contextFragment(app: ApplicationRecord): string {
  return `applications('${app.id}')/federatedIdentityCredentials`;
}

/**
 * `getApp(forWrite)` resolves the parent application (404 when not visible).
 * `head` is the `federatedIdentityCredentials` segment, possibly keyed `(name='n')`.
 */
export function routeFederatedIdentityCredentials(
  ctx: GraphCtx,
  getApp: (forWrite: boolean) => ApplicationRecord,
  head: Segment,
  rest: readonly Segment[],
): GraphResult {
  const method = ctx.req.method;
  const byName = head.key?.name?.toLowerCase() === "name";
  const target = head.key ? head.key.value : rest[0]?.name;
  const more = head.key ? rest : rest.slice(1);
  if (more.length > 0) throw extraSegment(more);

  if (target === undefined) {
    if (method === "GET") {
      requireScope(ctx.caller, SCOPES.readApps);
      const app = getApp(false);
      return collection(ctx, ctx.view.federatedIdentityCredentials(app.id).map(ficJson), {
        typeName: "federatedIdentityCredential",
        resourceType: RESOURCE,
        contextFragment: contextFragment(app),
        filterSupport: { name: ["eq", "startswith"], issuer: ["eq"], subject: ["eq"] },
      });
    }
    if (method !== "POST") throw methodNotAllowed();
    requireScope(ctx.caller, SCOPES.writeApps);
    const app = getApp(true);
    authorizeManageApplication(ctx.caller, app);
    const fic = createFic(ctx, app, parseFicBody(ctx));
    return entity(ctx, ficJson(fic), "federatedIdentityCredential", contextFragment(app), 201);
  }

  if (method === "GET") {
    requireScope(ctx.caller, SCOPES.readApps);
    const app = getApp(false);
    const fic = byIdOrName(ctx.view, app, target);
    if (!fic) throw notFound(target);
    return entity(ctx, ficJson(fic), "federatedIdentityCredential", contextFragment(app));
  }
  if (method !== "PATCH" && method !== "DELETE") throw methodNotAllowed();
  requireScope(ctx.caller, SCOPES.writeApps);
  const app = getApp(true);
  authorizeManageApplication(ctx.caller, app);
  // The name is an alternate key: upserts by name see the latest state.
  const fic = byIdOrName(byName ? ctx.latest : ctx.view, app, target);
  if (method === "DELETE") {
    if (!fic) throw notFound(target);
    ctx.dir.federatedIdentityCredentials.remove(fic.id, ctx.now);
    noteWrite(ctx, "delete", fic.id);
    return noContent();
  }
  const fields = parseFicBody(ctx);
  if (fic) {
    updateFic(ctx, app, ctx.latest.federatedIdentityCredentials(app.id).find((f) => f.id === fic.id) ?? fic, fields);
    return noContent();
  }
  if (!byName || !prefersCreateIfMissing(ctx)) throw notFound(target);
  if (typeof fields.name === "string" && fields.name.toLowerCase() !== target.toLowerCase())
    throw ficError("Property 'name' is immutable.");
  const created = createFic(ctx, app, { ...fields, name: target });
  return entity(ctx, ficJson(created), "federatedIdentityCredential", contextFragment(app), 201);
}
