import { z } from "zod";
import type {
  AppRole,
  AppRoleAssignment,
  Application,
  ApplicationPatch,
  DirectoryObjectRef,
  DirectoryRoleMembership,
  FederatedCredential,
  FederatedCredentialInput,
  Me,
  Organization,
  Page,
  RequiredResourceAccess,
  SecretCredential,
  ServicePrincipal,
  User,
} from "./types";

/**
 * Wire JSON -> app types. Graph omits unselected properties and sends null
 * freely; mappers normalise that (arrays default to [], scalars to null) and
 * fail loudly (WireShapeError) when an id is missing or a type is wrong.
 */

export class WireShapeError extends Error {
  override readonly name = "WireShapeError";
}

/** Parses wire JSON with a schema; a mismatch is a WireShapeError naming the first bad path. Shared by every mapper. */
export function parseWith<S extends z.ZodType>(schema: S, json: unknown, what: string): z.output<S> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid";
    throw new WireShapeError(`Unexpected ${what} from Graph (${where})`);
  }
  return result.data;
}

const nstr = z.string().nullish();
const strList = z.array(z.string()).nullish();

const requiredResourceAccessWire = z.object({
  resourceAppId: z.string(),
  resourceAccess: z.array(z.object({ id: z.string(), type: z.enum(["Role", "Scope"]) })).nullish(),
});

const appRoleWire = z.object({
  id: z.string(),
  value: nstr,
  displayName: nstr,
  allowedMemberTypes: strList,
  isEnabled: z.boolean().nullish(),
});

/** passwordCredential / keyCredential as Graph lists them: never the secret itself, only its metadata. */
const secretCredentialWire = z.object({
  keyId: z.string(),
  displayName: nstr,
  startDateTime: nstr,
  endDateTime: nstr,
  hint: nstr,
});

/** Zod schemas of the wire JSON, exported for tests and for callers reading raw batch bodies. */
const wire = {
  user: z.object({ id: z.string(), displayName: nstr, userPrincipalName: nstr, mail: nstr }),
  directoryRole: z.object({ id: z.string(), displayName: nstr, roleTemplateId: nstr }),
  organization: z.object({
    id: z.string(),
    displayName: nstr,
    verifiedDomains: z.array(z.object({ name: z.string(), isDefault: z.boolean().nullish(), isInitial: z.boolean().nullish() })).nullish(),
  }),
  requiredResourceAccess: requiredResourceAccessWire,
  application: z.object({
    id: z.string(),
    appId: z.string(),
    displayName: nstr,
    uniqueName: nstr,
    description: nstr,
    notes: nstr,
    tags: strList,
    signInAudience: nstr,
    requiredResourceAccess: z.array(requiredResourceAccessWire).nullish(),
    createdDateTime: nstr,
    publisherDomain: nstr,
    passwordCredentials: z.array(secretCredentialWire).nullish(),
    keyCredentials: z.array(secretCredentialWire.extend({ type: nstr, usage: nstr })).nullish(),
  }),
  directoryObject: z.object({ id: z.string(), "@odata.type": nstr, displayName: nstr, userPrincipalName: nstr }),
  federatedCredential: z.object({
    id: z.string(),
    name: z.string(),
    issuer: z.string(),
    subject: z.string(),
    audiences: z.array(z.string()),
    description: nstr,
  }),
  servicePrincipal: z.object({
    id: z.string(),
    appId: z.string(),
    displayName: nstr,
    tags: strList,
    appRoles: z.array(appRoleWire).nullish(),
    accountEnabled: z.boolean().nullish(),
    appRoleAssignments: z.array(z.unknown()).nullish(),
  }),
  appRoleAssignment: z.object({
    id: z.string(),
    principalId: z.string(),
    resourceId: z.string(),
    appRoleId: z.string(),
    createdDateTime: nstr,
    principalDisplayName: nstr,
    resourceDisplayName: nstr,
  }),
  collection: z.object({ value: z.array(z.unknown()), "@odata.nextLink": nstr }),
};

export function mapMe(json: unknown): Me {
  return mapUser(json);
}

export function mapUser(json: unknown): User {
  const w = parseWith(wire.user, json, "user");
  return { id: w.id, displayName: w.displayName ?? null, userPrincipalName: w.userPrincipalName ?? null, mail: w.mail ?? null };
}

export function mapDirectoryRole(json: unknown): DirectoryRoleMembership {
  const w = parseWith(wire.directoryRole, json, "directory role");
  return { id: w.id, displayName: w.displayName ?? null, roleTemplateId: w.roleTemplateId ?? null };
}

export function mapOrganization(json: unknown): Organization {
  const w = parseWith(wire.organization, json, "organization");
  return {
    id: w.id,
    displayName: w.displayName ?? null,
    verifiedDomains: (w.verifiedDomains ?? []).map((d) => ({
      name: d.name,
      isDefault: d.isDefault ?? false,
      isInitial: d.isInitial ?? false,
    })),
  };
}

function mapRequiredResourceAccess(list: z.output<typeof requiredResourceAccessWire>[] | null | undefined): RequiredResourceAccess[] {
  return (list ?? []).map((r) => ({
    resourceAppId: r.resourceAppId,
    resourceAccess: (r.resourceAccess ?? []).map((a) => ({ id: a.id, type: a.type })),
  }));
}

export function mapApplication(json: unknown): Application {
  const w = parseWith(wire.application, json, "application");
  return {
    id: w.id,
    appId: w.appId,
    displayName: w.displayName ?? null,
    uniqueName: w.uniqueName ?? null,
    description: w.description ?? null,
    notes: w.notes ?? null,
    tags: w.tags ?? [],
    signInAudience: w.signInAudience ?? null,
    requiredResourceAccess: mapRequiredResourceAccess(w.requiredResourceAccess),
    createdDateTime: w.createdDateTime ?? null,
    publisherDomain: w.publisherDomain ?? null,
    passwordCredentials: (w.passwordCredentials ?? []).map((c) => mapSecretCredential(c, "password")),
    keyCredentials: (w.keyCredentials ?? []).map((c) => mapSecretCredential(c, "certificate")),
  };
}

function mapSecretCredential(c: z.output<typeof secretCredentialWire>, kind: SecretCredential["kind"]): SecretCredential {
  return {
    kind,
    keyId: c.keyId,
    displayName: c.displayName ?? null,
    startDateTime: c.startDateTime ?? null,
    endDateTime: c.endDateTime ?? null,
  };
}

export function mapDirectoryObject(json: unknown): DirectoryObjectRef {
  const w = parseWith(wire.directoryObject, json, "directory object");
  const odataType = w["@odata.type"];
  return {
    id: w.id,
    type: odataType ? odataType.replace(/^#?microsoft\.graph\./, "") : null,
    displayName: w.displayName ?? null,
    userPrincipalName: w.userPrincipalName ?? null,
  };
}

export function mapFederatedCredential(json: unknown): FederatedCredential {
  const w = parseWith(wire.federatedCredential, json, "federated identity credential");
  return {
    id: w.id,
    name: w.name,
    issuer: w.issuer,
    subject: w.subject,
    audiences: w.audiences,
    description: w.description ?? null,
  };
}

function toAppRole(w: z.output<typeof appRoleWire>): AppRole {
  return {
    id: w.id,
    value: w.value ?? null,
    displayName: w.displayName ?? null,
    allowedMemberTypes: w.allowedMemberTypes ?? [],
    isEnabled: w.isEnabled ?? true,
  };
}

export function mapServicePrincipal(json: unknown): ServicePrincipal {
  const w = parseWith(wire.servicePrincipal, json, "service principal");
  return {
    id: w.id,
    appId: w.appId,
    displayName: w.displayName ?? null,
    tags: w.tags ?? [],
    appRoles: (w.appRoles ?? []).map(toAppRole),
    accountEnabled: w.accountEnabled ?? null,
    ...(w.appRoleAssignments ? { appRoleAssignments: w.appRoleAssignments.map(mapAppRoleAssignment) } : {}),
  };
}

export function mapAppRoleAssignment(json: unknown): AppRoleAssignment {
  const w = parseWith(wire.appRoleAssignment, json, "app role assignment");
  return {
    id: w.id,
    principalId: w.principalId,
    resourceId: w.resourceId,
    appRoleId: w.appRoleId,
    createdDateTime: w.createdDateTime ?? null,
    principalDisplayName: w.principalDisplayName ?? null,
    resourceDisplayName: w.resourceDisplayName ?? null,
  };
}

/** `{ value: [...], "@odata.nextLink"? }` -> Page, mapping each item. */
export function mapPage<T>(json: unknown, mapItem: (item: unknown) => T): Page<T> {
  const w = parseWith(wire.collection, json, "collection");
  return { items: w.value.map(mapItem), nextLink: w["@odata.nextLink"] ?? null };
}

/** App input -> Graph JSON body: drops undefined keys so PATCH changes only what was given. */
export function toApplicationWire(input: ApplicationPatch): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (input.displayName !== undefined) body.displayName = input.displayName;
  if (input.uniqueName !== undefined) body.uniqueName = input.uniqueName;
  if (input.description !== undefined) body.description = input.description;
  if (input.notes !== undefined) body.notes = input.notes;
  if (input.tags !== undefined) body.tags = [...input.tags];
  if (input.signInAudience !== undefined) body.signInAudience = input.signInAudience;
  if (input.requiredResourceAccess !== undefined) {
    body.requiredResourceAccess = input.requiredResourceAccess.map((r) => ({
      resourceAppId: r.resourceAppId,
      resourceAccess: r.resourceAccess.map((a) => ({ id: a.id, type: a.type })),
    }));
  }
  return body;
}

export function toFederatedCredentialWire(name: string, input: FederatedCredentialInput): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name,
    issuer: input.issuer,
    subject: input.subject,
    audiences: [...input.audiences],
  };
  if (input.description !== undefined) body.description = input.description;
  return body;
}
