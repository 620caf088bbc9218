import { DIRECTORY_ROLES, GRAPH_DELEGATED_SCOPE_IDS, type DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import { AppRegistry } from "./app-registry";
import { randomBytes } from "./encoding";
import { FaultEngine, wait } from "./faults";
import { handleGraph } from "./graph";
import type { GraphEnv } from "./graph-common";
import { GRAPH_HOST, LOGIN_HOSTS, textResponse } from "./http";
import { LoginService } from "./login";
import {
  AZURE_CLI_CLIENT_ID,
  AZURE_CLI_SCOPES,
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
  WIZARD_CLIENT_ID,
  WIZARD_REDIRECT_URIS,
} from "./personas";
import { seededIds } from "./random";
import { createSeeder, type SimSeeder } from "./seed";
import { grantScopes, parseScopes } from "./scopes";
import { TenantDirectory, type TenantSettings } from "./store";
import { ACCESS_TOKEN_LIFETIME_S, accessToken, simAccount, TokenLedger, type TokenSubject } from "./tokens";
import {
  SimError,
  type FailRule,
  type FaultConfig,
  type Persona,
  type RequestRecord,
  type SimAccount,
  type SimOptions,
  type SimRequest,
  type SimResponse,
  type SimStateSnapshot,
  type WriteRecord,
} from "./types";

/**
 * The offline tenant simulator: Microsoft Entra sign-in and the slice of
 * Microsoft Graph v1.0 the wizard uses, behind one `handle(request)`.
 * Pure TypeScript (Web Crypto for randomness), so unit tests, Playwright
 * routes and the demo-mode route handler share it.
 */

export {
  PERSONAS,
  SIM_TENANT_ID,
  SIM_TENANT_DOMAIN,
  OTHER_TENANT_ID,
  WIZARD_CLIENT_ID,
  AZURE_CLI_CLIENT_ID,
  AZURE_CLI_SCOPES,
} from "./personas";
export type { TenantSettings } from "./store";
export type { SimSeeder } from "./seed";
export type { Persona, RequestRecord, SimAccount, SimOptions, SimRequest, SimResponse, SimStateSnapshot, WriteRecord } from "./types";

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
  /** Tenant settings; mutable (e.g. `sim.settings.allowedToCreateApps = true`, `sim.settings.premiumLicense = false`). */
  readonly settings: TenantSettings;
  handle(req: SimRequest): Promise<SimResponse>;
  /**
   * Tokens without an OAuth round trip (demo mode). `personaId` may also be the
   * object id of a seeded user. Throws SimError (AADSTS65001 text) for unconsented scopes.
   * `clientId` (default the demo wizard's) is the app the token is for, with that app's consent:
   * AZURE_CLI_CLIENT_ID for an admin's Azure CLI session.
   */
  issueTokens(
    personaId: string,
    scopes: readonly string[],
    options?: { clientId?: string },
  ): { accessToken: string; expiresIn: number; account: SimAccount };
  /**
   * Revokes every access token issued so far to this persona (or user object id): Graph answers them 401
   * InvalidAuthenticationToken with a WWW-Authenticate header, a continuous access evaluation claims challenge
   * with `claimsChallenge`. Refresh tokens keep working unless `sessions` is set, which also ends the persona's
   * refresh tokens and sign-in sessions (so renewing needs the user). Tokens issued afterwards are valid.
   */
  revokeTokens(personaId: string, options?: { claimsChallenge?: boolean; sessions?: boolean }): void;
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
  const settings: TenantSettings = {
    allowedToCreateApps: options.allowedToCreateApps ?? false,
    premiumLicense: options.premiumLicense ?? true,
  };

  const home = new TenantDirectory(
    {
      tenantId: SIM_TENANT_ID,
      domain: SIM_TENANT_DOMAIN,
      displayName: SIM_TENANT_NAME,
      graphServicePrincipalId: GRAPH_SP_ID_HOME,
      createdDateTime: HOME_CREATED,
    },
    settings,
    initialUsers("home"),
    HOME_DIRECTORY_ROLE_IDS,
  );
  const other = new TenantDirectory(
    {
      tenantId: OTHER_TENANT_ID,
      domain: OTHER_TENANT_DOMAIN,
      displayName: OTHER_TENANT_NAME,
      graphServicePrincipalId: GRAPH_SP_ID_OTHER,
      createdDateTime: "2019-11-02T14:05:00Z",
    },
    { allowedToCreateApps: false, premiumLicense: true },
    initialUsers("other"),
    otherTenantRoleIds(),
  );
  const tenants = [home, other] as const;

  let seq = 0;
  let writes: WriteRecord[] = [];
  let requests: RequestRecord[] = [];

  const ledger = new TokenLedger();
  const graphEnv: GraphEnv = {
    ledger,
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
  const apps = new AppRegistry({
    tenants,
    now,
    replicationDelayMs: () => faults.config.replicationDelayMs,
    preregistered: [
      {
        appId: WIZARD_CLIENT_ID,
        displayName: "Psoxy setup wizard",
        spaRedirectUris: WIZARD_REDIRECT_URIS,
        consentedScopes: () => consented,
      },
      { appId: DEMO_CLIENT_ID, displayName: "Psoxy setup wizard", consentedScopes: () => consented },
      { appId: AZURE_CLI_CLIENT_ID, displayName: "Microsoft Azure CLI", consentedScopes: () => AZURE_CLI_SCOPES },
    ],
  });
  const login = new LoginService({ tenants, personas: PERSONAS, now, secret, ids: opaqueIds, apps, ledger });

  function subjectFor(personaOrUserId: string): TokenSubject {
    const persona = PERSONAS.find((p) => p.id === personaOrUserId);
    const objectId = persona?.objectId ?? personaOrUserId.toLowerCase();
    for (const dir of tenants) {
      const user = dir.latest().user(objectId);
      if (user && (!persona || user.id === persona.objectId)) return { user, tenantId: dir.info.tenantId };
    }
    throw new SimError("invalid_request", `Unknown persona '${personaOrUserId}'.`);
  }

  function issueTokens(personaId: string, scopes: readonly string[], options: { clientId?: string } = {}) {
    const clientId = options.clientId ?? DEMO_CLIENT_ID;
    const app = apps.find(clientId);
    if (!app)
      throw new SimError("unauthorized_client", `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`);
    const subject = subjectFor(personaId);
    const parsed = parseScopes(scopes);
    if (parsed.foreign.length > 0) {
      throw new SimError(
        "invalid_resource",
        `AADSTS500011: The resource principal named ${parsed.foreign[0]} was not found in the tenant named ${subject.tenantId}.`,
      );
    }
    const grant = grantScopes(parsed, app.consentedScopes(subject.user.id));
    if (grant.missing.length > 0) {
      throw new SimError(
        "consent_required",
        `AADSTS65001: The user or administrator has not consented to use the application with ID '${app.appId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource. (Not consented: ${grant.missing.join(", ")})`,
      );
    }
    const token = accessToken({ secret, ids: opaqueIds, nowMs: now(), ledger }, subject, app.appId, grant.granted);
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

  const seeder = createSeeder(home, objectIds, now);

  return {
    tenantId: SIM_TENANT_ID,
    tenantDomain: SIM_TENANT_DOMAIN,
    graphServicePrincipalId: GRAPH_SP_ID_HOME,
    personas: PERSONAS,
    settings,
    handle,
    issueTokens,
    revokeTokens(personaId, options = {}) {
      const { user } = subjectFor(personaId);
      ledger.revoke(user.id, now(), options.claimsChallenge ?? false);
      if (options.sessions) login.revokeSessions(user.id);
    },
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
