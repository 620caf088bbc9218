import type { TenantDirectory } from "./store";
import type { ApplicationRecord } from "./types";

/**
 * The app registrations the sign-in service knows, as Entra looks them up on every /authorize and /token request:
 * by client id, with the redirect URIs registered per platform and the delegated permissions consented.
 *
 * Two kinds:
 * - applications created through the simulator's Graph (`POST /applications` with `spa.redirectUris`,
 *   `web.redirectUris` or `publicClient.redirectUris`, https://learn.microsoft.com/graph/api/resources/application),
 *   visible after the replication delay like every directory read; their consent is the tenant's
 *   oauth2PermissionGrants on the app's service principal;
 * - preregistered ones that are not directory objects (the e2e/demo wizard app, the Azure CLI): their consent is a
 *   fixed list, and they accept accounts of any tenant, so the wizard's own "wrong tenant" check stays reachable.
 */

export type RedirectPlatform = "spa" | "web" | "publicClient";

export interface RegisteredRedirectUri {
  platform: RedirectPlatform;
  uri: string;
}

export interface AppRegistration {
  appId: string;
  displayName: string;
  /** Tenant whose directory holds the application; null for a preregistered app. */
  homeTenantId: string | null;
  signInAudience: string;
  redirectUris: readonly RegisteredRedirectUri[];
  /** Delegated Microsoft Graph scopes this user may receive without being asked. */
  consentedScopes(userId: string): readonly string[];
}

interface PreregisteredApp {
  appId: string;
  displayName: string;
  spaRedirectUris?: readonly string[];
  webRedirectUris?: readonly string[];
  consentedScopes(): readonly string[];
}

interface AppRegistryEnv {
  tenants: readonly TenantDirectory[];
  preregistered: readonly PreregisteredApp[];
  now(): number;
  replicationDelayMs(): number;
}

const lower = (s: string) => s.toLowerCase();

function uriList(value: unknown): string[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const uris = (value as { redirectUris?: unknown }).redirectUris;
  return Array.isArray(uris) ? uris.filter((u): u is string => typeof u === "string") : [];
}

/** The redirect URIs of a directory application, per platform (application.spa / web / publicClient). */
function redirectUrisOf(app: ApplicationRecord): RegisteredRedirectUri[] {
  return (["spa", "web", "publicClient"] as const).flatMap((platform) => uriList(app.extra[platform]).map((uri) => ({ platform, uri })));
}

export class AppRegistry {
  constructor(private readonly env: AppRegistryEnv) {}

  find(clientId: string): AppRegistration | undefined {
    const id = lower(clientId);
    const pre = this.env.preregistered.find((app) => lower(app.appId) === id);
    if (pre) {
      return {
        appId: pre.appId,
        displayName: pre.displayName,
        homeTenantId: null,
        signInAudience: "AzureADMultipleOrgs",
        redirectUris: [
          ...(pre.spaRedirectUris ?? []).map((uri) => ({ platform: "spa" as const, uri })),
          ...(pre.webRedirectUris ?? []).map((uri) => ({ platform: "web" as const, uri })),
        ],
        consentedScopes: () => pre.consentedScopes(),
      };
    }
    const cutoff = this.env.now() - this.env.replicationDelayMs();
    for (const dir of this.env.tenants) {
      const app = dir.view(cutoff).applicationByAppId(id);
      if (app) return this.fromDirectory(dir, app, cutoff);
    }
    return undefined;
  }

  private fromDirectory(dir: TenantDirectory, app: ApplicationRecord, cutoff: number): AppRegistration {
    return {
      appId: app.appId,
      displayName: app.displayName ?? app.appId,
      homeTenantId: dir.info.tenantId,
      signInAudience: app.signInAudience,
      redirectUris: redirectUrisOf(app),
      consentedScopes: (userId) => {
        const view = dir.view(cutoff);
        const sp = view.servicePrincipalByAppId(app.appId);
        if (!sp || !sp.accountEnabled) return [];
        const grants = view
          .oauth2PermissionGrants()
          .filter((g) => g.clientId === sp.id && g.resourceId === dir.info.graphServicePrincipalId)
          .filter((g) => g.consentType === "AllPrincipals" || g.principalId === lower(userId));
        return [...new Set(grants.flatMap((g) => g.scope.split(" ").filter(Boolean)))];
      },
    };
  }
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

/**
 * The registered redirect URI a request's `redirect_uri` matches, or null (AADSTS50011). Exact match, except that
 * for loopback URIs (localhost, 127.0.0.1) the port is ignored, as Entra does per RFC 8252
 * (https://learn.microsoft.com/entra/identity-platform/reply-url#localhost-exceptions). Paths are case-sensitive.
 */
export function matchRedirectUri(app: AppRegistration, requested: string): RegisteredRedirectUri | null {
  let want: URL;
  try {
    want = new URL(requested);
  } catch {
    return null;
  }
  return (
    app.redirectUris.find(({ uri }) => {
      let have: URL;
      try {
        have = new URL(uri);
      } catch {
        return false;
      }
      const loopback = LOOPBACK_HOSTS.has(have.hostname) && have.hostname === want.hostname;
      return (
        have.protocol === want.protocol &&
        have.hostname === want.hostname &&
        (loopback || have.port === want.port) &&
        have.pathname === want.pathname &&
        have.search === want.search
      );
    }) ?? null
  );
}
