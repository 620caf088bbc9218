import {
  DIRECTORY_ROLES,
  GRAPH_DELEGATED_SCOPE_IDS,
  MICROSOFT_GRAPH_APP_ID,
  type DirectoryRoleKey,
} from "@/lib/connectors/microsoft-ids";
import { randomBytes } from "./encoding";
import { FaultEngine, wait } from "./faults";
import { handleGraph } from "./graph";
import type { GraphEnv } from "./graph-common";
import { GRAPH_HOST, LOGIN_HOSTS, textResponse } from "./http";
import { LoginService } from "./login";
import {
  DEMO_CLIENT_ID,
  GRAPH_SP_ID_HOME,
  GRAPH_SP_ID_OTHER,
  HOME_DIRECTORY_ROLE_IDS,
  initialUsers,
  OTHER_TENANT_DOMAIN,
  OTHER_TENANT_ID,
  OTHER_TENANT_NAME,
  PERSONAS,
  SIM_TENANT_DOMAIN,
  SIM_TENANT_ID,
  SIM_TENANT_NAME,
} from "./personas";
import { seededIds } from "./random";
import { grantScopes, parseScopes } from "./scopes";
import { ALWAYS, TenantDirectory, type TenantSettings } from "./store";
import { ACCESS_TOKEN_LIFETIME_S, accessToken, simAccount, type TokenSubject } from "./tokens";
import {
  SimError,
  type ApplicationRecord,
  type AppRole,
  type FailRule,
  type FaultConfig,
  type Persona,
  type RequestRecord,
  type RequiredResourceAccess,
  type SimAccount,
  type SimOptions,
  type SimRequest,
  type SimResponse,
  type SimStateSnapshot,
  type UserRecord,
  type WriteRecord,
} from "./types";

/**
 * The offline tenant simulator: Microsoft Entra sign-in and the slice of
 * Microsoft Graph v1.0 the wizard uses, behind one `handle(request)`.
 * Pure TypeScript (Web Crypto for randomness), so unit tests, Playwright
 * routes and the demo-mode route handler share it.
 */

export { PERSONAS, SIM_TENANT_ID, SIM_TENANT_DOMAIN, SIM_TENANT_NAME, OTHER_TENANT_ID, OTHER_TENANT_DOMAIN, DEMO_CLIENT_ID } from "./personas";
export { SimError } from "./types";
export type {
  ApplicationRecord,
  AppRoleAssignmentRecord,
  FailRule,
  FaultConfig,
  FederatedIdentityCredentialRecord,
  Persona,
  RequestRecord,
  ServicePrincipalRecord,
  SimAccount,
  SimOptions,
  SimRequest,
  SimResponse,
  SimStateSnapshot,
  TenantKind,
  UserRecord,
  WriteAction,
  WriteKind,
  WriteRecord,
} from "./types";

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
}

export interface SimFaults {
  readonly config: Readonly<FaultConfig>;
  set(cfg: Partial<FaultConfig>): void;
  /** All faults back to zero and pending failNext rules dropped. */
  reset(): void;
  failNext(rule: FailRule): void;
}

export interface TenantSim {
  readonly tenantId: string;
  readonly tenantDomain: string;
  /** Object id of the Microsoft Graph service principal in the tenant. */
  readonly graphServicePrincipalId: string;
  readonly personas: readonly Persona[];
  /** Tenant settings; mutable (e.g. `sim.settings.allowedToCreateApps = true`). */
  readonly settings: TenantSettings;
  handle(req: SimRequest): Promise<SimResponse>;
  /**
   * Tokens without an OAuth round trip (demo mode). `personaId` may also be the
   * object id of a seeded user. Throws SimError (AADSTS65001 text) for unconsented scopes.
   */
  issueTokens(personaId: string, scopes: readonly string[]): { accessToken: string; expiresIn: number; account: SimAccount };
  readonly writes: readonly WriteRecord[];
  readonly requests: readonly RequestRecord[];
  readonly faults: SimFaults;
  readonly seed: SimSeeder;
  state(): SimStateSnapshot;
  clearLogs(): void;
}

const HOME_CREATED = "2021-03-15T09:30:00Z";
const ALL_DELEGATED_SCOPES = Object.keys(GRAPH_DELEGATED_SCOPE_IDS);

function otherTenantRoleIds(): Record<DirectoryRoleKey, string> {
  const ids = seededIds(0x0f0f);
  const out = {} as Record<DirectoryRoleKey, string>;
  for (const key of Object.keys(DIRECTORY_ROLES) as DirectoryRoleKey[]) out[key] = ids.guid();
  return out;
}

export function createTenantSim(options: SimOptions = {}): TenantSim {
  const seed = options.seed ?? 1;
  const now = options.now ?? (() => Date.now());
  const faults = new FaultEngine(seed, options.faults);
  const objectIds = seededIds(Math.imul(seed, 2654435761) ^ 0x1d5);
  const opaqueIds = seededIds(Math.imul(seed, 40503) ^ 0x7a3);
  const secret = randomBytes(32);
  const consented = [...(options.wizardConsentedScopes ?? ALL_DELEGATED_SCOPES)];
  const settings: TenantSettings = { allowedToCreateApps: options.allowedToCreateApps ?? false };

  const home = new TenantDirectory(
    { tenantId: SIM_TENANT_ID, domain: SIM_TENANT_DOMAIN, displayName: SIM_TENANT_NAME, graphServicePrincipalId: GRAPH_SP_ID_HOME, createdDateTime: HOME_CREATED },
    settings,
    initialUsers("home"),
    HOME_DIRECTORY_ROLE_IDS,
  );
  const other = new TenantDirectory(
    { tenantId: OTHER_TENANT_ID, domain: OTHER_TENANT_DOMAIN, displayName: OTHER_TENANT_NAME, graphServicePrincipalId: GRAPH_SP_ID_OTHER, createdDateTime: "2019-11-02T14:05:00Z" },
    { allowedToCreateApps: false },
    initialUsers("other"),
    otherTenantRoleIds(),
  );
  const tenants = [home, other] as const;

  let seq = 0;
  let writes: WriteRecord[] = [];
  let requests: RequestRecord[] = [];

  const graphEnv: GraphEnv = {
    tenants,
    now,
    faults,
    secret,
    objectIds,
    opaqueIds,
    recordWrite: (write) => {
      writes.push({ seq: ++seq, ...write });
    },
  };
  const login = new LoginService({ tenants, personas: PERSONAS, now, secret, ids: opaqueIds, consentedScopes: () => consented });

  function subjectFor(personaOrUserId: string): TokenSubject {
    const persona = PERSONAS.find((p) => p.id === personaOrUserId);
    const objectId = persona?.objectId ?? personaOrUserId.toLowerCase();
    for (const dir of tenants) {
      const user = dir.latest().user(objectId);
      if (user && (!persona || user.id === persona.objectId)) return { user, tenantId: dir.info.tenantId };
    }
    throw new SimError("invalid_request", `Unknown persona '${personaOrUserId}'.`);
  }

  function issueTokens(personaId: string, scopes: readonly string[]) {
    const subject = subjectFor(personaId);
    const parsed = parseScopes(scopes);
    if (parsed.foreign.length > 0) {
      throw new SimError("invalid_resource", `AADSTS500011: The resource principal named ${parsed.foreign[0]} was not found in the tenant named ${subject.tenantId}.`);
    }
    const grant = grantScopes(parsed, consented);
    if (grant.missing.length > 0) {
      throw new SimError(
        "consent_required",
        `AADSTS65001: The user or administrator has not consented to use the application with ID '${DEMO_CLIENT_ID}' named 'Psoxy setup wizard'. Send an interactive authorization request for this user and resource. (Not consented: ${grant.missing.join(", ")})`,
      );
    }
    const token = accessToken({ secret, ids: opaqueIds, nowMs: now() }, subject, DEMO_CLIENT_ID, grant.granted);
    return { accessToken: token, expiresIn: ACCESS_TOKEN_LIFETIME_S, account: simAccount(subject) };
  }

  async function handle(request: SimRequest): Promise<SimResponse> {
    await wait(faults.config.latencyMs);
    const method = request.method.toUpperCase();
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return textResponse(400, `Not an absolute URL: ${request.url}`);
    }
    const host = url.hostname.toLowerCase();
    let response: SimResponse;
    let service: RequestRecord["service"] = "other";
    let personaId: string | undefined;
    let innerCount: number | undefined;
    if (LOGIN_HOSTS.has(host)) {
      service = "login";
      response = login.handle(request, url);
    } else if (host === GRAPH_HOST) {
      service = "graph";
      const trip = handleGraph(graphEnv, request, url);
      ({ response, personaId, innerCount } = trip);
    } else {
      response = textResponse(404, `The tenant simulator does not serve ${host}.`);
    }
    requests.push({
      seq: ++seq,
      at: now(),
      method,
      url: request.url,
      service,
      status: response.status,
      ...(innerCount !== undefined ? { innerCount } : {}),
      ...(personaId ? { personaId } : {}),
    });
    return response;
  }

  function ownerIds(ids: readonly string[] | undefined): string[] {
    return (ids ?? []).map((id) => {
      const persona = PERSONAS.find((p) => p.id === id && p.tenant === "home");
      const user = home.latest().user(persona?.objectId ?? id);
      if (!user) throw new Error(`seed: no home-tenant user or persona '${id}'.`);
      return user.id;
    });
  }

  const seeder: SimSeeder = {
    application(input) {
      if (input.uniqueName && home.latest().applicationByUniqueName(input.uniqueName)) throw new Error(`seed: uniqueName '${input.uniqueName}' is taken.`);
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
        createdDateTime: new Date(now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
        publisherDomain: SIM_TENANT_DOMAIN,
        serviceManagementReference: null,
        owners: ownerIds(input.ownerPersonaIds),
        extra: input.appRoles ? { appRoles: structuredClone(input.appRoles) as unknown as ApplicationRecord["extra"][string] } : {},
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
      if (!resource.appRoles.some((r) => r.id === input.appRoleId.toLowerCase())) throw new Error(`seed: no app role '${input.appRoleId}' on ${resource.displayName}.`);
      const id = objectIds.token(43);
      home.appRoleAssignments.put(
        {
          id,
          appRoleId: input.appRoleId.toLowerCase(),
          createdDateTime: new Date(now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
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
  };

  return {
    tenantId: SIM_TENANT_ID,
    tenantDomain: SIM_TENANT_DOMAIN,
    graphServicePrincipalId: GRAPH_SP_ID_HOME,
    personas: PERSONAS,
    settings,
    handle,
    issueTokens,
    get writes() {
      return writes;
    },
    get requests() {
      return requests;
    },
    faults: {
      get config() {
        return faults.config;
      },
      set: (cfg) => faults.set(cfg),
      reset: () => faults.reset(),
      failNext: (rule) => faults.failNext(rule),
    },
    seed: seeder,
    state: () => home.snapshot(),
    clearLogs() {
      writes = [];
      requests = [];
    },
  };
}

/** appId of Microsoft Graph, re-exported for tests that look up its service principal. */
export { MICROSOFT_GRAPH_APP_ID };
