import { isGuid } from "@/lib/text/guid";
import { matchRedirectUri, type AppRegistration, type AppRegistry, type RedirectPlatform } from "./app-registry";
import { base64UrlEncode, randomBytes, utf8 } from "./encoding";
import {
  isoSeconds,
  jsonResponse,
  LOGIN_HOST,
  lowerHeaders,
  preflightResponse,
  redirectResponse,
  textResponse,
  type LowerHeaders,
} from "./http";
import { renderError, renderFormPost, renderPicker, renderSignedOut } from "./login-page";
import type { IdSource } from "./random";
import { grantScopes, parseScopes, splitScopeParam, type ScopeGrant } from "./scopes";
import { sha256 } from "./sha256";
import type { TenantDirectory } from "./store";
import { ACCESS_TOKEN_LIFETIME_S, accessToken, clientInfo, idToken, type TokenLedger, type TokenSubject } from "./tokens";
import type { Persona, SimRequest, SimResponse } from "./types";

/**
 * Microsoft Entra sign-in as MSAL.js drives it: instance discovery, OIDC
 * metadata, /authorize with a persona picker, /token (authorization_code with
 * PKCE, refresh_token), /logout. The client id, redirect URI, platform and consent
 * come from the app registrations (app-registry.ts); a misregistered app gets the
 * AADSTS error Entra gives, on Entra's own page where Entra cannot redirect back
 * (700016 unknown client, 50011 redirect URI, 50020 account of another tenant),
 * on the redirect (65001 consent, 50194 single-tenant app on /organizations) or
 * from the token endpoint (9002326 web platform redeemed from a browser).
 * Protocol: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 * Errors: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */

interface LoginEnv {
  /** Home tenant first. */
  tenants: readonly TenantDirectory[];
  personas: readonly Persona[];
  now(): number;
  secret: Uint8Array;
  ids: IdSource;
  /** The app registrations: client ids, redirect URIs per platform, consent. */
  apps: AppRegistry;
  /** Where minted access tokens are recorded (for revocation). */
  ledger?: TokenLedger;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  /** Platform of the registered redirect URI the code was sent to. */
  platform: RedirectPlatform;
  codeChallenge: string;
  codeChallengeMethod: string;
  scopes: string[];
  nonce?: string;
  subject: TokenSubject;
  sid: string;
  issuedAt: number;
  redeemed: boolean;
}

interface RefreshGrant {
  clientId: string;
  subject: TokenSubject;
  issuedAt: number;
}

interface Session {
  sid: string;
  subject: TokenSubject;
  at: number;
}

const CODE_LIFETIME_MS = 10 * 60 * 1000;
/** SPA refresh tokens have a fixed 24-hour lifetime (https://learn.microsoft.com/entra/identity-platform/refresh-tokens). */
const SPA_REFRESH_LIFETIME_MS = 24 * 60 * 60 * 1000;
const CORS = { "Access-Control-Allow-Origin": "*" };
const NO_STORE = { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" };

type TenantRef = { kind: "tenant"; dir: TenantDirectory } | { kind: "multi"; name: "common" | "organizations" };

interface AadErrorInput {
  error: string;
  code: number;
  description: string;
  /** e.g. `consent_required` on invalid_grant, which MSAL reads as "interaction required". */
  suberror?: string;
}

export class LoginService {
  private readonly codes = new Map<string, AuthCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly revokedRefreshTokens = new Set<string>();
  private sessions: Session[] = [];

  constructor(private readonly env: LoginEnv) {}

  /**
   * Invalidates the user's refresh tokens and sign-in sessions, as user: revokeSignInSessions does
   * (https://learn.microsoft.com/graph/api/user-revokesigninsessions): the next silent renewal needs the user.
   */
  revokeSessions(userId: string): void {
    const id = userId.toLowerCase();
    for (const [token, grant] of this.refreshTokens) {
      if (grant.subject.user.id.toLowerCase() !== id) continue;
      this.refreshTokens.delete(token);
      this.revokedRefreshTokens.add(token);
    }
    this.sessions = this.sessions.filter((s) => s.subject.user.id.toLowerCase() !== id);
  }

  handle(request: SimRequest, url: URL): SimResponse {
    const headers = lowerHeaders(request.headers);
    const method = request.method.toUpperCase();
    const parts = url.pathname.split("/").filter(Boolean);
    const [tenantSegment = "", ...rest] = parts;
    const route = rest.join("/").toLowerCase();
    if (route === "discovery/instance") return this.instanceDiscovery(url);
    const tenant = this.resolveTenant(tenantSegment);
    switch (route) {
      case "v2.0/.well-known/openid-configuration":
        return tenant ? jsonResponse(200, this.openIdConfiguration(tenant, url.origin), CORS) : this.invalidTenant(tenantSegment, headers);
      case "discovery/v2.0/keys":
        // Tokens are HS256 with a per-simulator secret; no public keys to publish.
        return tenant ? jsonResponse(200, { keys: [] }, CORS) : this.invalidTenant(tenantSegment, headers);
      case "oauth2/v2.0/authorize":
        return this.authorize(method, url, request.body, tenant, tenantSegment, headers);
      case "oauth2/v2.0/token":
        if (method === "OPTIONS") return preflightResponse(headers, "POST, OPTIONS");
        if (!tenant) return this.invalidTenant(tenantSegment, headers);
        if (method !== "POST") return textResponse(405, "Method not allowed");
        return this.token(new URLSearchParams(request.body ?? ""), headers);
      case "oauth2/v2.0/logout":
        return this.logout(method === "POST" ? new URLSearchParams(request.body ?? "") : url.searchParams);
      default:
        return textResponse(404, "Not found");
    }
  }

  private resolveTenant(segment: string): TenantRef | null {
    const s = segment.toLowerCase();
    if (s === "common" || s === "organizations") return { kind: "multi", name: s };
    const dir = this.env.tenants.find((t) => t.info.tenantId === s || t.info.domain === s);
    return dir ? { kind: "tenant", dir } : null;
  }

  private aadError(status: number, input: AadErrorInput, headers: LowerHeaders): SimResponse {
    const traceId = this.env.ids.guid();
    const correlationId = headers["client-request-id"] ?? this.env.ids.guid();
    const timestamp = isoSeconds(this.env.now()).replace("T", " ");
    return jsonResponse(
      status,
      {
        error: input.error,
        error_description: `AADSTS${input.code}: ${input.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
        error_codes: [input.code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `https://${LOGIN_HOST}/error?code=${input.code}`,
        ...(input.suberror ? { suberror: input.suberror } : {}),
      },
      { ...CORS, ...NO_STORE },
    );
  }

  private invalidTenant(segment: string, headers: LowerHeaders): SimResponse {
    return this.aadError(
      400,
      {
        error: "invalid_tenant",
        code: 90002,
        description: `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      },
      headers,
    );
  }

  /** https://learn.microsoft.com/entra/identity-platform/msal-client-application-configuration (instance discovery) */
  private instanceDiscovery(url: URL): SimResponse {
    const authorizeEndpoint = url.searchParams.get("authorization_endpoint");
    const base = authorizeEndpoint?.replace(/\/oauth2\/v2\.0\/authorize\/?$/i, "") ?? `https://${LOGIN_HOST}/common`;
    return jsonResponse(
      200,
      {
        tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [
          {
            preferred_network: LOGIN_HOST,
            preferred_cache: "login.windows.net",
            aliases: [LOGIN_HOST, "login.windows.net", "login.microsoft.com", "sts.windows.net"],
          },
        ],
      },
      CORS,
    );
  }

  /** https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri */
  private openIdConfiguration(tenant: TenantRef, origin: string): Record<string, unknown> {
    const path = tenant.kind === "tenant" ? tenant.dir.info.tenantId : tenant.name;
    const issuerTenant = tenant.kind === "tenant" ? tenant.dir.info.tenantId : "{tenantid}";
    const base = `${origin}/${path}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["HS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `https://${LOGIN_HOST}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        "sub",
        "iss",
        "cloud_instance_name",
        "cloud_instance_host_name",
        "cloud_graph_host_name",
        "msgraph_host",
        "aud",
        "exp",
        "iat",
        "auth_time",
        "acr",
        "nonce",
        "preferred_username",
        "name",
        "tid",
        "ver",
        "at_hash",
        "c_hash",
        "email",
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: "NA",
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
      rbac_url: "https://pas.windows.net",
    };
  }

  // ---- /authorize ---------------------------------------------------------

  private authorize(
    method: string,
    url: URL,
    body: string | undefined,
    tenant: TenantRef | null,
    segment: string,
    headers: LowerHeaders,
  ): SimResponse {
    if (method !== "GET" && method !== "POST") return textResponse(405, "Method not allowed");
    // MSAL may also POST the authorize request itself (parameters in the body, client-request-id in the query).
    const params = new URLSearchParams(method === "POST" ? (body ?? "") : url.search);
    if (method === "POST") for (const [name, value] of url.searchParams) if (!params.has(name)) params.set(name, value);
    if (!tenant) {
      return this.errorPage(
        "Sign in",
        `AADSTS90002: Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    // An unknown client or an unregistered redirect URI: Entra cannot send the answer anywhere it trusts, so it says so
    // on its own page (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
    const clientId = params.get("client_id") ?? "";
    const app = isGuid(clientId) ? this.env.apps.find(clientId) : undefined;
    const directoryName = tenant.kind === "tenant" ? tenant.dir.info.displayName : tenant.name;
    if (!app || (tenant.kind === "tenant" && !this.servesTenant(app, tenant.dir))) {
      return this.errorPage(
        "Sign in",
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${directoryName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    const redirectUri = params.get("redirect_uri") ?? "";
    const registered = isAbsoluteHttpUrl(redirectUri) ? matchRedirectUri(app, redirectUri) : null;
    if (!registered) {
      // https://learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/error-code-aadsts50011-redirect-uri-mismatch
      return this.errorPage(
        "Sign in",
        `AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
      );
    }
    const reply = (fields: [string, string][]) => this.reply(params, redirectUri, fields);
    const fail = (error: string, code: number, description: string) => reply(this.errorFields(params, error, code, description, headers));

    if (tenant.kind === "multi" && app.homeTenantId !== null && app.signInAudience === "AzureADMyOrg") {
      return fail(
        "invalid_request",
        50194,
        `Application '${app.appId}'(${app.displayName}) is not configured as a multi-tenant application. Usage of the /${tenant.name} endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
      );
    }

    if ((params.get("response_type") ?? "") !== "code") {
      return fail("unsupported_response_type", 700054, "response_type must be 'code' for this application.");
    }
    const scopes = splitScopeParam(params.get("scope"));
    if (scopes.length === 0) return fail("invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
    const challenge = params.get("code_challenge") ?? "";
    const challengeMethod = params.get("code_challenge_method") ?? "plain";
    if (!challenge)
      return fail("invalid_request", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption.");
    if (challengeMethod !== "S256" && challengeMethod !== "plain") {
      return fail("invalid_request", 50148, "The code_challenge_method must be 'S256' or 'plain'.");
    }

    if (method === "POST" && params.get("action") === "cancel") {
      // https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#error-response
      return fail("access_denied", 65004, "User declined to consent to access the app.");
    }

    let subject: TokenSubject | undefined;
    let sid: string | undefined;
    const chosen = method === "POST" ? params.get("persona") : null;
    if (chosen !== null) {
      const persona = this.env.personas.find((p) => p.id === chosen);
      if (!persona) return this.picker(url, params);
      subject = this.subjectOf(persona);
    } else if (params.get("prompt") === "none") {
      const session = this.findSession(params);
      if (!session) return fail("login_required", 50058, "A silent sign-in request was sent but no user is signed in.");
      subject = session.subject;
      sid = session.sid;
    } else {
      // Single sign-on: a request naming an existing session (sid or login_hint, as MSAL's
      // acquireTokenRedirect sends) continues without the account picker unless the app asks
      // for one. https://learn.microsoft.com/entra/identity-platform/msal-js-sso
      const prompt = params.get("prompt");
      const named = params.get("sid") || params.get("login_hint") ? this.findSession(params) : undefined;
      if (!named || prompt === "select_account" || prompt === "login") return this.picker(url, params);
      subject = named.subject;
      sid = named.sid;
    }
    if (!subject) return this.errorPage("Sign in", "AADSTS50034: The user account does not exist in the directory.");
    const outsider = this.outsiderRefusal(app, subject);
    if (outsider) return this.errorPage("Sign in", outsider);

    const grant = grantScopes(parseScopes(scopes), app.consentedScopes(subject.user.id));
    const refusal = this.scopeRefusal(parseScopes(scopes).foreign, grant, app, subject);
    if (refusal) return fail(refusal.error, refusal.code, refusal.description);

    sid ??= this.startSession(subject);
    const code = base64UrlEncode(randomBytes(48));
    this.codes.set(code, {
      clientId,
      redirectUri,
      platform: registered.platform,
      codeChallenge: challenge,
      codeChallengeMethod: challengeMethod,
      scopes,
      nonce: params.get("nonce") ?? undefined,
      subject,
      sid,
      issuedAt: this.env.now(),
      redeemed: false,
    });
    const fields: [string, string][] = [["code", code]];
    if (params.get("client_info") === "1") fields.push(["client_info", clientInfo(subject)]);
    const state = params.get("state");
    if (state !== null) fields.push(["state", state]);
    fields.push(["session_state", sid]);
    return reply(fields);
  }

  private picker(url: URL, params: URLSearchParams): SimResponse {
    const action = `${url.origin}${url.pathname}`;
    const html = renderPicker({
      action,
      params: [...params.entries()],
      personas: this.env.personas,
      scopes: splitScopeParam(params.get("scope")),
      loginHint: params.get("login_hint") ?? undefined,
    });
    return textResponse(200, html, "text/html; charset=utf-8", NO_STORE);
  }

  private errorPage(title: string, message: string): SimResponse {
    return textResponse(400, renderError(title, message), "text/html; charset=utf-8", NO_STORE);
  }

  private errorFields(
    params: URLSearchParams,
    error: string,
    code: number,
    description: string,
    headers: LowerHeaders,
  ): [string, string][] {
    const traceId = this.env.ids.guid();
    const correlationId = params.get("client-request-id") ?? headers["client-request-id"] ?? this.env.ids.guid();
    const timestamp = isoSeconds(this.env.now()).replace("T", " ");
    const fields: [string, string][] = [
      ["error", error],
      ["error_description", `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`],
      ["error_uri", `https://${LOGIN_HOST}/error?code=${code}`],
    ];
    const state = params.get("state");
    if (state !== null) fields.push(["state", state]);
    return fields;
  }

  /** Delivers the response as `response_mode` asks; `query` is the default for the code flow. */
  private reply(params: URLSearchParams, redirectUri: string, fields: [string, string][]): SimResponse {
    const mode = params.get("response_mode") ?? "query";
    if (mode === "form_post") return textResponse(200, renderFormPost(redirectUri, fields), "text/html; charset=utf-8", NO_STORE);
    const encoded = new URLSearchParams(fields).toString();
    if (mode === "fragment") return redirectResponse(`${redirectUri.split("#")[0]}#${encoded}`);
    const [base, fragment] = splitFragment(redirectUri);
    return redirectResponse(`${base}${base.includes("?") ? "&" : "?"}${encoded}${fragment}`);
  }

  private subjectOf(persona: Persona): TokenSubject | undefined {
    const dir = this.env.tenants.find((t) => t.latest().user(persona.objectId));
    const user = dir?.latest().user(persona.objectId);
    return dir && user ? { user, tenantId: dir.info.tenantId } : undefined;
  }

  /** A single-tenant application serves the tenant whose directory holds it; others (and preregistered apps) any tenant. */
  private servesTenant(app: AppRegistration, dir: TenantDirectory): boolean {
    return app.homeTenantId === null || app.signInAudience !== "AzureADMyOrg" || app.homeTenantId === dir.info.tenantId;
  }

  /**
   * A single-tenant application signs in only accounts of its own tenant; Entra shows AADSTS50020 on its page
   * (https://learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/error-code-aadsts50020-user-account-identity-provider-does-not-exist).
   */
  private outsiderRefusal(app: AppRegistration, subject: TokenSubject): string | null {
    if (app.homeTenantId === null || app.signInAudience !== "AzureADMyOrg" || subject.tenantId === app.homeTenantId) return null;
    const home = this.env.tenants.find((t) => t.info.tenantId === app.homeTenantId)?.info.displayName ?? app.homeTenantId;
    return `AADSTS50020: User account '${subject.user.userPrincipalName}' from identity provider 'https://sts.windows.net/${subject.tenantId}/' does not exist in tenant '${home}' and cannot access the application '${app.appId}'(${app.displayName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Microsoft Entra user account.`;
  }

  private scopeRefusal(foreign: readonly string[], grant: ScopeGrant, app: AppRegistration, subject: TokenSubject): AadErrorInput | null {
    const resource = foreign[0];
    if (resource) {
      return {
        error: "invalid_resource",
        code: 500011,
        description: `The resource principal named ${resource.replace(/\/[^/]*$/, "")} was not found in the tenant named ${subject.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      };
    }
    if (grant.missing.length > 0) {
      // https://learn.microsoft.com/entra/identity-platform/reference-error-codes (AADSTS65001 DelegationDoesNotExist)
      return {
        error: "consent_required",
        code: 65001,
        description: `The user or administrator has not consented to use the application with ID '${app.appId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
      };
    }
    return null;
  }

  private startSession(subject: TokenSubject): string {
    const sid = this.env.ids.guid();
    this.sessions = [...this.sessions.filter((s) => s.subject.user.id !== subject.user.id), { sid, subject, at: this.env.now() }];
    return sid;
  }

  /** The session named by `sid` or `login_hint`, else (prompt=none only) the most recent one. */
  private findSession(params: URLSearchParams): Session | undefined {
    const sid = params.get("sid");
    const hint = params.get("login_hint")?.toLowerCase();
    if (sid) return this.sessions.find((s) => s.sid === sid);
    if (hint) return this.sessions.find((s) => s.subject.user.userPrincipalName.toLowerCase() === hint);
    return this.sessions.at(-1);
  }

  // ---- /token -------------------------------------------------------------

  private token(form: URLSearchParams, headers: LowerHeaders): SimResponse {
    const grantType = form.get("grant_type");
    const invalidGrant = (code: number, description: string) =>
      this.aadError(
        400,
        { error: "invalid_grant", code, description, ...(code === 65001 ? { suberror: "consent_required" } : {}) },
        headers,
      );
    const missing = (name: string) =>
      this.aadError(
        400,
        { error: "invalid_request", code: 900144, description: `The request body must contain the following parameter: '${name}'.` },
        headers,
      );
    if (!grantType) return missing("grant_type");
    const clientId = form.get("client_id");
    if (!clientId) return missing("client_id");
    const app = isGuid(clientId) ? this.env.apps.find(clientId) : undefined;
    if (!app) {
      return this.aadError(
        400,
        {
          error: "unauthorized_client",
          code: 700016,
          description: `Application with identifier '${clientId}' was not found in the directory. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
        },
        headers,
      );
    }

    if (grantType === "authorization_code") {
      const codeValue = form.get("code");
      if (!codeValue) return missing("code");
      const code = this.codes.get(codeValue);
      if (!code) return invalidGrant(9002313, "Invalid request. Request is malformed or invalid.");
      if (code.redeemed) {
        return invalidGrant(
          54005,
          "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
        );
      }
      if (this.env.now() - code.issuedAt > CODE_LIFETIME_MS) {
        return invalidGrant(
          70008,
          "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
        );
      }
      if (code.clientId !== clientId) return invalidGrant(70000, "The provided authorization code was issued to a different client.");
      if ((form.get("redirect_uri") ?? "") !== code.redirectUri) {
        return invalidGrant(
          70000,
          "The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code.",
        );
      }
      // A browser (it sends Origin) may redeem only codes sent to a Single-page application redirect URI; a web
      // redirect URI answers AADSTS9002326 (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
      const origin = headers["origin"];
      if (origin && code.platform !== "spa") {
        return this.aadError(
          400,
          {
            error: "invalid_request",
            code: 9002326,
            description: `Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.`,
          },
          headers,
        );
      }
      const verifier = form.get("code_verifier");
      if (!verifier) return missing("code_verifier");
      if (!pkceMatches(verifier, code.codeChallenge, code.codeChallengeMethod)) {
        return invalidGrant(501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
      }
      const requested = splitScopeParam(form.get("scope"));
      const scopes = requested.length > 0 ? requested : code.scopes;
      const grant = grantScopes(parseScopes(scopes), app.consentedScopes(code.subject.user.id));
      if (grant.missing.length > 0) {
        return invalidGrant(
          65001,
          `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`,
        );
      }
      code.redeemed = true;
      const all = [...code.scopes, ...requested].map((s) => s.toLowerCase());
      return this.tokenResponse(clientId, code.subject, grant, {
        nonce: code.nonce,
        sid: code.sid,
        withIdToken: all.includes("openid"),
        withRefreshToken: all.includes("offline_access"),
      });
    }

    if (grantType === "refresh_token") {
      const token = form.get("refresh_token");
      if (!token) return missing("refresh_token");
      const refresh = this.refreshTokens.get(token);
      // A revoked grant: https://learn.microsoft.com/entra/identity-platform/reference-error-codes (AADSTS50173).
      if (this.revokedRefreshTokens.has(token)) {
        return invalidGrant(
          50173,
          "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.",
        );
      }
      if (!refresh) return invalidGrant(9002313, "Invalid request. Request is malformed or invalid.");
      if (refresh.clientId !== clientId) return invalidGrant(700005, "Provided refresh token is intended for a different client.");
      if (this.env.now() - refresh.issuedAt > SPA_REFRESH_LIFETIME_MS) {
        return invalidGrant(
          700084,
          "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page.",
        );
      }
      const scopes = splitScopeParam(form.get("scope"));
      const grant = grantScopes(parseScopes(scopes), app.consentedScopes(refresh.subject.user.id));
      if (grant.missing.length > 0) {
        return invalidGrant(
          65001,
          `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`,
        );
      }
      const lower = scopes.map((s) => s.toLowerCase());
      return this.tokenResponse(clientId, refresh.subject, grant, {
        withIdToken: lower.includes("openid"),
        withRefreshToken: true,
        refreshIssuedAt: refresh.issuedAt,
      });
    }

    return this.aadError(
      400,
      { error: "unsupported_grant_type", code: 70003, description: `The app requested an unsupported grant type '${grantType}'.` },
      headers,
    );
  }

  private tokenResponse(
    clientId: string,
    subject: TokenSubject,
    grant: ScopeGrant,
    options: { nonce?: string; sid?: string; withIdToken: boolean; withRefreshToken: boolean; refreshIssuedAt?: number },
  ): SimResponse {
    const ctx = { secret: this.env.secret, ids: this.env.ids, nowMs: this.env.now(), ledger: this.env.ledger };
    const body: Record<string, unknown> = {
      token_type: "Bearer",
      scope: grant.responseScope,
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      ext_expires_in: ACCESS_TOKEN_LIFETIME_S,
      access_token: accessToken(ctx, subject, clientId, grant.granted),
    };
    if (options.withRefreshToken) {
      const refreshToken = `0.sim.${base64UrlEncode(randomBytes(96))}`;
      // A refreshed SPA token keeps the original 24-hour window.
      const issuedAt = options.refreshIssuedAt ?? ctx.nowMs;
      this.refreshTokens.set(refreshToken, { clientId, subject, issuedAt });
      body.refresh_token = refreshToken;
      body.refresh_token_expires_in = Math.max(0, Math.floor((issuedAt + SPA_REFRESH_LIFETIME_MS - ctx.nowMs) / 1000));
    }
    if (options.withIdToken) body.id_token = idToken(ctx, subject, clientId, { nonce: options.nonce, sid: options.sid });
    body.client_info = clientInfo(subject);
    return jsonResponse(200, body, { ...CORS, ...NO_STORE, "x-ms-request-id": this.env.ids.guid() });
  }

  // ---- /logout ------------------------------------------------------------

  private logout(params: URLSearchParams): SimResponse {
    const hint = params.get("logout_hint")?.toLowerCase();
    this.sessions = hint ? this.sessions.filter((s) => s.subject.user.userPrincipalName !== hint) : [];
    const target = params.get("post_logout_redirect_uri");
    if (target && isAbsoluteHttpUrl(target)) {
      const state = params.get("state");
      return redirectResponse(state ? `${target}${target.includes("?") ? "&" : "?"}state=${encodeURIComponent(state)}` : target);
    }
    return textResponse(200, renderSignedOut(), "text/html; charset=utf-8", NO_STORE);
  }
}

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === "https:" || parsed.protocol === "http:";
  } catch {
    return false;
  }
}

function splitFragment(uri: string): [string, string] {
  const index = uri.indexOf("#");
  return index < 0 ? [uri, ""] : [uri.slice(0, index), uri.slice(index)];
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge for S256. */
export function pkceMatches(verifier: string, challenge: string, method: string): boolean {
  if (method === "plain") return verifier === challenge;
  return base64UrlEncode(sha256(utf8(verifier))) === challenge;
}
