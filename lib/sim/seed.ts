import type { DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import { GRAPH_SP_ID_HOME, PERSONAS, SIM_TENANT_DOMAIN, SIM_TENANT_ID } from "./personas";
import type { IdSource } from "./random";
import { recordSignIn, type SeedSignInInput } from "./sign-ins";
import { ALWAYS, type TenantDirectory } from "./store";
import type { ApplicationRecord, AppRole, JsonObject, RequiredResourceAccess, UserRecord } from "./types";

/**
 * Test and demo set-up: objects written straight into the home tenant, already
 * replicated (visible at any cutoff) and not logged as Graph writes.
 */

export interface SeedApplicationInput {
  displayName: string;
  uniqueName?: string;
  tags?: string[];
  description?: string;
  notes?: string;
  /** Persona ids (or user object ids) of the owners. */
  ownerPersonaIds?: string[];
  requiredResourceAccess?: RequiredResourceAccess[];
  appRoles?: AppRole[];
  /**
   * Client secrets and certificates, as Graph lists them: metadata only, the secret text is never
   * returned after creation (https://learn.microsoft.com/graph/api/resources/passwordcredential).
   */
  passwordCredentials?: SeedSecretInput[];
  keyCredentials?: SeedSecretInput[];
}

interface SeedSecretInput {
  displayName: string;
  /** ISO date-time. */
  endDateTime: string;
  startDateTime?: string;
}

export interface SeedUserInput {
  displayName: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  mail?: string;
  jobTitle?: string;
  roles?: DirectoryRoleKey[];
}

export interface SeedFederatedCredentialInput {
  name: string;
  issuer: string;
  subject: string;
  audiences?: string[];
  description?: string;
}

/** Prepares adoption scenarios. Seeded objects are replicated immediately and not logged as writes. */
export interface SimSeeder {
  application(input: SeedApplicationInput): { id: string; appId: string };
  servicePrincipal(appId: string, options?: { tags?: string[] }): { id: string };
  user(input: SeedUserInput): { id: string; userPrincipalName: string };
  federatedIdentityCredential(applicationId: string, input: SeedFederatedCredentialInput): { id: string };
  /** Grants an app role; `resourceId` defaults to the Microsoft Graph service principal. */
  appRoleAssignment(input: { principalId: string; appRoleId: string; resourceId?: string }): { id: string };
  /**
   * Records a sign-in in the home tenant's sign-in log: by default an app-only (service principal) sign-in to
   * Microsoft Graph, a success unless `errorCode` (AADSTS number) is given. Successes feed the
   * servicePrincipalSignInActivities report.
   */
  signIn(input: SeedSignInInput): { id: string };
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function secretJson(input: SeedSecretInput, kind: "password" | "certificate"): JsonObject {
  const common = {
    keyId: stableGuid(input.displayName + input.endDateTime + kind),
    displayName: input.displayName,
    startDateTime: input.startDateTime ?? "2026-01-01T00:00:00Z",
    endDateTime: input.endDateTime,
  };
  return kind === "password"
    ? { ...common, hint: "abc", secretText: null, customKeyIdentifier: null }
    : { ...common, type: "AsymmetricX509Cert", usage: "Verify", customKeyIdentifier: null, key: null };
}

/** A stable GUID-shaped key id from text (seeded data must repeat run to run). */
function stableGuid(text: string): string {
  let h = 2166136261;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of text + round) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    hex.push(h.toString(16).padStart(8, "0"));
  }
  const all = hex.join("");
  return `${all.slice(0, 8)}-${all.slice(8, 12)}-4${all.slice(13, 16)}-8${all.slice(17, 20)}-${all.slice(20, 32)}`;
}

export function createSeeder(home: TenantDirectory, objectIds: IdSource, now: () => number): SimSeeder {
  function ownerIds(ids: readonly string[] | undefined): string[] {
    return (ids ?? []).map((id) => {
      const persona = PERSONAS.find((p) => p.id === id && p.tenant === "home");
      const user = home.latest().user(persona?.objectId ?? id);
      if (!user) throw new Error(`seed: no home-tenant user or persona '${id}'.`);
      return user.id;
    });
  }

  return {
    application(input) {
      if (input.uniqueName && home.latest().applicationByUniqueName(input.uniqueName))
        throw new Error(`seed: uniqueName '${input.uniqueName}' is taken.`);
      const app: ApplicationRecord = {
        id: objectIds.guid(),
        appId: objectIds.guid(),
        displayName: input.displayName,
        uniqueName: input.uniqueName ?? null,
        description: input.description ?? null,
        notes: input.notes ?? null,
        tags: [...(input.tags ?? [])],
        signInAudience: "AzureADMyOrg",
        requiredResourceAccess: structuredClone(input.requiredResourceAccess ?? []),
        createdDateTime: isoSeconds(now()),
        publisherDomain: SIM_TENANT_DOMAIN,
        serviceManagementReference: null,
        owners: ownerIds(input.ownerPersonaIds),
        extra: {
          ...(input.appRoles ? { appRoles: structuredClone(input.appRoles) as unknown as ApplicationRecord["extra"][string] } : {}),
          ...(input.passwordCredentials ? { passwordCredentials: input.passwordCredentials.map((c) => secretJson(c, "password")) } : {}),
          ...(input.keyCredentials ? { keyCredentials: input.keyCredentials.map((c) => secretJson(c, "certificate")) } : {}),
        },
      };
      home.applications.put(app, ALWAYS);
      return { id: app.id, appId: app.appId };
    },
    servicePrincipal(appId, spOptions) {
      const app = home.latest().applicationByAppId(appId);
      if (!app) throw new Error(`seed: no application with appId '${appId}'.`);
      if (home.latest().servicePrincipalByAppId(appId)) throw new Error(`seed: a service principal for '${appId}' exists.`);
      const id = objectIds.guid();
      const declared = app.extra.appRoles;
      home.servicePrincipals.put(
        {
          id,
          appId: app.appId,
          displayName: app.displayName,
          appDisplayName: app.displayName,
          appOwnerOrganizationId: SIM_TENANT_ID,
          servicePrincipalType: "Application",
          accountEnabled: true,
          appRoleAssignmentRequired: false,
          appRoles: Array.isArray(declared) ? (declared as unknown as AppRole[]) : [],
          oauth2PermissionScopes: [],
          servicePrincipalNames: [app.appId],
          signInAudience: app.signInAudience,
          tags: [...(spOptions?.tags ?? [])],
          description: null,
          notes: null,
          extra: {},
        },
        ALWAYS,
      );
      return { id };
    },
    user(input) {
      const [first = input.displayName, ...last] = input.displayName.split(" ");
      const userPrincipalName = (input.userPrincipalName ?? `${[first, ...last].join(".")}@${SIM_TENANT_DOMAIN}`).toLowerCase();
      if (home.latest().user(userPrincipalName)) throw new Error(`seed: userPrincipalName '${userPrincipalName}' is taken.`);
      const user: UserRecord = {
        id: objectIds.guid(),
        displayName: input.displayName,
        userPrincipalName,
        givenName: input.givenName ?? first,
        surname: input.surname ?? (last.join(" ") || null),
        mail: input.mail ?? userPrincipalName,
        jobTitle: input.jobTitle ?? null,
        roles: [...(input.roles ?? [])],
      };
      home.users.put(user, ALWAYS);
      return { id: user.id, userPrincipalName };
    },
    federatedIdentityCredential(applicationId, input) {
      const app = home.latest().application(applicationId);
      if (!app) throw new Error(`seed: no application '${applicationId}'.`);
      const id = objectIds.guid();
      home.federatedIdentityCredentials.put(
        {
          id,
          applicationId: app.id,
          name: input.name,
          issuer: input.issuer,
          subject: input.subject,
          audiences: [...(input.audiences ?? ["api://AzureADTokenExchange"])],
          description: input.description ?? null,
        },
        ALWAYS,
      );
      return { id };
    },
    appRoleAssignment(input) {
      const latest = home.latest();
      const resource = latest.servicePrincipal(input.resourceId ?? GRAPH_SP_ID_HOME);
      const principal = latest.servicePrincipal(input.principalId);
      if (!resource || !principal) throw new Error("seed: appRoleAssignment needs existing principal and resource service principals.");
      if (!resource.appRoles.some((r) => r.id === input.appRoleId.toLowerCase()))
        throw new Error(`seed: no app role '${input.appRoleId}' on ${resource.displayName}.`);
      const id = objectIds.token(43);
      home.appRoleAssignments.put(
        {
          id,
          appRoleId: input.appRoleId.toLowerCase(),
          createdDateTime: isoSeconds(now()),
          principalId: principal.id,
          principalDisplayName: principal.displayName,
          principalType: "ServicePrincipal",
          resourceId: resource.id,
          resourceDisplayName: resource.displayName,
        },
        ALWAYS,
      );
      return { id };
    },
    signIn: (input) => recordSignIn(home, objectIds, now, input),
  };
}
