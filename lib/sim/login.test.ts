import { describe, expect, it } from "vitest";
import { createTenantSim, OTHER_TENANT_ID, SIM_TENANT_DOMAIN, SIM_TENANT_ID, type TenantSim } from "./index";
import { base64UrlDecode, fromUtf8 } from "./encoding";
import { decodeJwt } from "./jwt";
import { graphAs, json } from "./testing";

const CLIENT_ID = "5b1f0f0e-0a11-4c6b-9d2e-7a57e2e0c1d1";
const REDIRECT_URI = "http://127.0.0.1:3210/auth/redirect";
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const LOGIN = "https://login.microsoftonline.com";
const SCOPES = "https://graph.microsoft.com/User.Read https://graph.microsoft.com/Application.ReadWrite.All openid profile offline_access";

function authorizeParams(overrides: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    client_id: CLIENT_ID,
    scope: SCOPES,
    redirect_uri: REDIRECT_URI,
    "client-request-id": "11111111-2222-3333-4444-555555555555",
    response_mode: "fragment",
    response_type: "code",
    client_info: "1",
    nonce: "nonce-123",
    state: "state-abc",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    prompt: "select_account",
    ...overrides,
  });
}

async function choosePersona(sim: TenantSim, persona: string, params = authorizeParams(), tenant = SIM_TENANT_ID) {
  const form = new URLSearchParams(params);
  form.set("persona", persona);
  return sim.handle({
    method: "POST",
    url: `${LOGIN}/${tenant}/oauth2/v2.0/authorize`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
}

function redirectParams(location: string | undefined): URLSearchParams {
  expect(location).toBeDefined();
  const url = new URL(location ?? "");
  return new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
}

async function redeem(sim: TenantSim, form: Record<string, string>) {
  const response = await sim.handle({
    method: "POST",
    url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/token`,
    headers: { "Content-Type": "application/x-www-form-urlencoded;charset=utf-8" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: JSON.parse(response.body) as Record<string, unknown> };
}

async function signInForCode(sim: TenantSim, persona = "cloud-app-admin", params = authorizeParams()) {
  const response = await choosePersona(sim, persona, params);
  expect(response.status).toBe(302);
  const answer = redirectParams(response.headers.Location);
  const code = answer.get("code");
  expect(code).toBeTruthy();
  return { code: code ?? "", answer };
}

const codeForm = (code: string, extra: Record<string, string> = {}) => ({
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT_URI,
  scope: SCOPES,
  code,
  code_verifier: VERIFIER,
  grant_type: "authorization_code",
  client_info: "1",
  ...extra,
});

describe("discovery and metadata", () => {
  it("answers instance discovery with the tenant discovery endpoint and aliases", async () => {
    const sim = createTenantSim();
    const authorizeEndpoint = `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize`;
    const response = await sim.handle({
      method: "GET",
      url: `${LOGIN}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorizeEndpoint)}`,
      headers: {},
    });
    const body = JSON.parse(response.body) as {
      tenant_discovery_endpoint: string;
      metadata: { aliases: string[]; preferred_cache: string }[];
    };
    expect(response.status).toBe(200);
    expect(body.tenant_discovery_endpoint).toBe(`${LOGIN}/${SIM_TENANT_ID}/v2.0/.well-known/openid-configuration`);
    expect(body.metadata[0]?.aliases).toContain("login.windows.net");
    expect(body.metadata[0]?.preferred_cache).toBe("login.windows.net");
  });

  it("serves OIDC metadata for the tenant id, its domain, organizations and common", async () => {
    const sim = createTenantSim();
    for (const tenant of [SIM_TENANT_ID, SIM_TENANT_DOMAIN, "organizations", "common"]) {
      const response = await sim.handle({ method: "GET", url: `${LOGIN}/${tenant}/v2.0/.well-known/openid-configuration`, headers: {} });
      expect(response.status).toBe(200);
      expect(response.headers["Access-Control-Allow-Origin"]).toBe("*");
      const meta = JSON.parse(response.body) as Record<string, string>;
      const expectedPath = tenant === SIM_TENANT_DOMAIN ? SIM_TENANT_ID : tenant;
      expect(meta.authorization_endpoint).toBe(`${LOGIN}/${expectedPath}/oauth2/v2.0/authorize`);
      expect(meta.token_endpoint).toBe(`${LOGIN}/${expectedPath}/oauth2/v2.0/token`);
      expect(meta.end_session_endpoint).toBe(`${LOGIN}/${expectedPath}/oauth2/v2.0/logout`);
      expect(meta.jwks_uri).toBeTruthy();
      expect(meta.issuer).toBe(
        tenant.includes("-") || tenant.includes(".") ? `${LOGIN}/${SIM_TENANT_ID}/v2.0` : `${LOGIN}/{tenantid}/v2.0`,
      );
    }
  });

  it("answers an unknown tenant with 400 invalid_tenant AADSTS90002, and unknown paths with 404", async () => {
    const sim = createTenantSim();
    const response = await sim.handle({
      method: "GET",
      url: `${LOGIN}/nosuchtenant.onmicrosoft.com/v2.0/.well-known/openid-configuration`,
      headers: {},
    });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body) as {
      error: string;
      error_description: string;
      error_codes: number[];
      trace_id: string;
      correlation_id: string;
      timestamp: string;
    };
    expect(body.error).toBe("invalid_tenant");
    expect(body.error_description).toMatch(/^AADSTS90002: Tenant 'nosuchtenant.onmicrosoft.com' not found\./);
    expect(body.error_codes).toEqual([90002]);
    expect(body.trace_id).toBeTruthy();
    expect(body.timestamp).toBeTruthy();
    const missing = await sim.handle({ method: "GET", url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/nothing`, headers: {} });
    expect(missing.status).toBe(404);
  });
});

describe("authorize page", () => {
  it("shows one escaped 'Sign in as' button per persona, Cancel, and every original parameter as a hidden field", async () => {
    const sim = createTenantSim();
    const params = authorizeParams({ state: `"><script>alert(1)</script>` });
    const response = await sim.handle({ method: "GET", url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize?${params}`, headers: {} });
    expect(response.status).toBe(200);
    expect(response.headers["Content-Type"]).toMatch(/text\/html/);
    const html = response.body;
    expect(html).toContain("Contoso demo tenant — choose who signs in");
    for (const persona of sim.personas) {
      expect(html).toContain(`value="${persona.id}">Sign in as ${persona.displayName}</button>`);
    }
    expect(html).toContain(">Cancel</button>");
    expect(html).toContain("Cloud Application Administrator");
    expect(html).toContain(`method="post" action="${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize"`);
    expect(html).toContain(`name="code_challenge" value="${CHALLENGE}"`);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("redirects with the code in the fragment or the query as response_mode says, echoing state", async () => {
    const sim = createTenantSim();
    const fragment = await choosePersona(sim, "global-admin");
    expect(fragment.headers.Location).toMatch(new RegExp(`^${REDIRECT_URI}#code=`));
    expect(redirectParams(fragment.headers.Location).get("state")).toBe("state-abc");
    const query = await choosePersona(sim, "global-admin", authorizeParams({ response_mode: "query" }));
    expect(query.headers.Location).toMatch(new RegExp(`^${REDIRECT_URI}\\?code=`));
    const defaulted = await choosePersona(
      sim,
      "global-admin",
      (() => {
        const p = authorizeParams();
        p.delete("response_mode");
        return p;
      })(),
    );
    expect(defaulted.headers.Location).toMatch(/\?code=/);
  });

  it("Cancel redirects with access_denied AADSTS65004 and the state", async () => {
    const sim = createTenantSim();
    const form = authorizeParams();
    form.set("action", "cancel");
    const response = await sim.handle({
      method: "POST",
      url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize`,
      headers: {},
      body: form.toString(),
    });
    expect(response.status).toBe(302);
    const answer = redirectParams(response.headers.Location);
    expect(answer.get("error")).toBe("access_denied");
    expect(answer.get("error_description")).toMatch(/^AADSTS65004: User declined to consent to access the app\./);
    expect(answer.get("state")).toBe("state-abc");
    expect(answer.get("code")).toBeNull();
  });

  it("refuses scopes the wizard app was not consented to with AADSTS65001", async () => {
    const sim = createTenantSim({ wizardConsentedScopes: ["User.Read"] });
    const response = await choosePersona(sim, "global-admin");
    const answer = redirectParams(response.headers.Location);
    expect(answer.get("error")).toBe("consent_required");
    expect(answer.get("error_description")).toMatch(/^AADSTS65001: The user or administrator has not consented to use the application/);
    expect(answer.get("state")).toBe("state-abc");
    const onlyUserRead = await choosePersona(sim, "global-admin", authorizeParams({ scope: "User.Read openid profile offline_access" }));
    expect(redirectParams(onlyUserRead.headers.Location).get("code")).toBeTruthy();
  });

  it("prompt=none reuses the signed-in session and fails with login_required when there is none", async () => {
    const sim = createTenantSim();
    const silent = authorizeParams({ prompt: "none" });
    const before = await sim.handle({ method: "GET", url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize?${silent}`, headers: {} });
    expect(redirectParams(before.headers.Location).get("error")).toBe("login_required");
    await signInForCode(sim, "priv-role-admin");
    const after = await sim.handle({ method: "GET", url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize?${silent}`, headers: {} });
    const code = redirectParams(after.headers.Location).get("code") ?? "";
    const tokens = await redeem(sim, codeForm(code));
    expect(decodeJwt(String(tokens.body.id_token))?.preferred_username).toBe(
      sim.personas.find((p) => p.id === "priv-role-admin")?.userPrincipalName,
    );
    const logout = await sim.handle({
      method: "GET",
      url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent("http://127.0.0.1:3210/")}`,
      headers: {},
    });
    expect(logout.status).toBe(302);
    expect(logout.headers.Location).toBe("http://127.0.0.1:3210/");
    const afterLogout = await sim.handle({ method: "GET", url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize?${silent}`, headers: {} });
    expect(redirectParams(afterLogout.headers.Location).get("error")).toBe("login_required");
  });

  it("continues a named session without the picker (SSO), unless the app asks to pick an account", async () => {
    const sim = createTenantSim();
    const hint = sim.personas.find((p) => p.id === "support")!.userPrincipalName;
    const named = authorizeParams({ login_hint: hint });
    named.delete("prompt");
    const before = await sim.handle({ method: "GET", url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize?${named}`, headers: {} });
    expect(before.status).toBe(200); // no session yet: the picker
    await signInForCode(sim, "support");
    const sso = await sim.handle({ method: "GET", url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize?${named}`, headers: {} });
    expect(sso.status).toBe(302);
    expect(redirectParams(sso.headers.Location).get("code")).toBeTruthy();
    const pick = await sim.handle({
      method: "GET",
      url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize?${authorizeParams({ login_hint: hint, prompt: "select_account" })}`,
      headers: {},
    });
    expect(pick.status).toBe(200);
    const unnamedParams = authorizeParams();
    unnamedParams.delete("prompt");
    const unnamed = await sim.handle({
      method: "GET",
      url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/authorize?${unnamedParams}`,
      headers: {},
    });
    expect(unnamed.status).toBe(200);
  });
});

describe("token endpoint", () => {
  it("redeems a code with PKCE: id_token echoes the nonce, client_info decodes, the access token works on Graph", async () => {
    let now = Date.UTC(2025, 5, 1, 12);
    const sim = createTenantSim({ now: () => now });
    const { code } = await signInForCode(sim, "cloud-app-admin");
    const tokens = await redeem(sim, codeForm(code));
    expect(tokens.status).toBe(200);
    expect(tokens.headers["Access-Control-Allow-Origin"]).toBe("*");
    const body = tokens.body;
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBeGreaterThan(3000);
    expect(body.ext_expires_in).toBeGreaterThan(3000);
    expect(String(body.scope).split(" ")).toEqual(
      expect.arrayContaining([
        "https://graph.microsoft.com/User.Read",
        "https://graph.microsoft.com/Application.ReadWrite.All",
        "openid",
        "profile",
      ]),
    );
    expect(body.refresh_token).toBeTruthy();
    const persona = sim.personas.find((p) => p.id === "cloud-app-admin");
    const idClaims = decodeJwt(String(body.id_token));
    expect(idClaims).toMatchObject({
      aud: CLIENT_ID,
      iss: `${LOGIN}/${SIM_TENANT_ID}/v2.0`,
      tid: SIM_TENANT_ID,
      oid: persona?.objectId,
      nonce: "nonce-123",
      name: persona?.displayName,
      preferred_username: persona?.userPrincipalName,
      ver: "2.0",
    });
    expect(idClaims?.iat).toBe(Math.floor(now / 1000));
    expect(Number(idClaims?.exp)).toBeGreaterThan(Number(idClaims?.iat));
    const info = JSON.parse(fromUtf8(base64UrlDecode(String(body.client_info)) ?? new Uint8Array())) as { uid: string; utid: string };
    expect(info).toEqual({ uid: persona?.objectId, utid: SIM_TENANT_ID });
    const access = decodeJwt(String(body.access_token));
    expect(access).toMatchObject({
      aud: "https://graph.microsoft.com",
      iss: `https://sts.windows.net/${SIM_TENANT_ID}/`,
      tid: SIM_TENANT_ID,
      upn: persona?.userPrincipalName,
    });
    expect(String(access?.scp).split(" ").sort()).toEqual(["Application.ReadWrite.All", "User.Read"]);
    expect(access?.wids).toContain("158c047a-c907-4556-b7ef-446551a6b5f7");
    const me = await graphAs(sim, String(body.access_token))("GET", "/me");
    expect(me.status).toBe(200);
    expect(json<{ id: string }>(me).id).toBe(persona?.objectId);
    now += 2 * 60 * 60 * 1000;
    const expired = await graphAs(sim, String(body.access_token))("GET", "/me");
    expect(expired.status).toBe(401);
    expect(expired.errorCode).toBe("InvalidAuthenticationToken");
  });

  it("rejects a wrong code_verifier, then a reused code, with invalid_grant", async () => {
    const sim = createTenantSim();
    const { code } = await signInForCode(sim);
    const wrong = await redeem(sim, codeForm(code, { code_verifier: "x".repeat(43) }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe("invalid_grant");
    expect(String(wrong.body.error_description)).toMatch(/^AADSTS501481:/);
    expect(wrong.body.error_codes).toEqual([501481]);
    const ok = await redeem(sim, codeForm(code));
    expect(ok.status).toBe(200);
    const reused = await redeem(sim, codeForm(code));
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe("invalid_grant");
    expect(String(reused.body.error_description)).toMatch(/^AADSTS54005:/);
  });

  it("rejects a redirect_uri that differs from the authorize request", async () => {
    const sim = createTenantSim();
    const { code } = await signInForCode(sim);
    const response = await redeem(sim, codeForm(code, { redirect_uri: "http://127.0.0.1:3210/other" }));
    expect(response.status).toBe(400);
    expect(response.body.error).toBe("invalid_grant");
  });

  it("refreshes to a token for another scope set; unconsented scopes and unknown grant types fail", async () => {
    const sim = createTenantSim();
    const { code } = await signInForCode(sim, "priv-role-admin");
    const first = await redeem(sim, codeForm(code));
    const refreshed = await redeem(sim, {
      client_id: CLIENT_ID,
      grant_type: "refresh_token",
      refresh_token: String(first.body.refresh_token),
      scope:
        "https://graph.microsoft.com/AppRoleAssignment.ReadWrite.All https://graph.microsoft.com/Application.Read.All openid profile offline_access",
    });
    expect(refreshed.status).toBe(200);
    expect(
      String(decodeJwt(String(refreshed.body.access_token))?.scp)
        .split(" ")
        .sort(),
    ).toEqual(["AppRoleAssignment.ReadWrite.All", "Application.Read.All"]);
    expect(refreshed.body.refresh_token).toBeTruthy();
    const notConsented = await redeem(sim, {
      client_id: CLIENT_ID,
      grant_type: "refresh_token",
      refresh_token: String(first.body.refresh_token),
      scope: "https://graph.microsoft.com/Mail.Read",
    });
    expect(notConsented.status).toBe(400);
    expect(String(notConsented.body.error_description)).toMatch(/^AADSTS65001:/);
    expect(notConsented.body.suberror).toBe("consent_required");
    const bogus = await redeem(sim, { client_id: CLIENT_ID, grant_type: "refresh_token", refresh_token: "nope", scope: "User.Read" });
    expect(bogus.body.error).toBe("invalid_grant");
    const unsupported = await redeem(sim, { client_id: CLIENT_ID, grant_type: "password" });
    expect(unsupported.body.error).toBe("unsupported_grant_type");
  });

  it("answers the CORS preflight on the token endpoint", async () => {
    const sim = createTenantSim();
    const response = await sim.handle({
      method: "OPTIONS",
      url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/token`,
      headers: {
        Origin: "http://127.0.0.1:3210",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-anchormailbox",
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers["Access-Control-Allow-Origin"]).toBe("*");
    expect(response.headers["Access-Control-Allow-Headers"]).toBe("content-type,x-anchormailbox");
  });

  it("gives the other-tenant user tokens carrying that tenant's id", async () => {
    const sim = createTenantSim();
    const { code } = await signInForCode(sim, "other-tenant-user");
    const tokens = await redeem(sim, codeForm(code));
    expect(decodeJwt(String(tokens.body.id_token))?.tid).toBe(OTHER_TENANT_ID);
    const graph = graphAs(sim, String(tokens.body.access_token));
    const org = await graph("GET", "/organization");
    expect(json<{ value: { id: string }[] }>(org).value[0]?.id).toBe(OTHER_TENANT_ID);
    const apps = await graph("GET", "/applications");
    expect(json<{ value: unknown[] }>(apps).value).toEqual([]);
  });
});

describe("Graph token validation", () => {
  it("rejects tokens from another simulator instance, malformed and missing tokens with 401", async () => {
    const sim = createTenantSim();
    const stranger = createTenantSim().issueTokens("global-admin", ["User.Read"]).accessToken;
    const foreign = await graphAs(sim, stranger)("GET", "/me");
    expect(foreign.status).toBe(401);
    expect(foreign.errorCode).toBe("InvalidAuthenticationToken");
    expect(foreign.headers["WWW-Authenticate"]).toMatch(/^Bearer /);
    const garbage = await graphAs(sim, "not-a-jwt")("GET", "/me");
    expect(garbage.status).toBe(401);
    const none = await sim.handle({ method: "GET", url: "https://graph.microsoft.com/v1.0/me", headers: {} });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error.message).toBe("Access token is empty.");
    const own = await graphAs(sim, sim.issueTokens("global-admin", ["User.Read"]).accessToken)("GET", "/me");
    expect(own.status).toBe(200);
  });

  it("issueTokens refuses unconsented scopes with the AADSTS65001 text and unknown personas", () => {
    const sim = createTenantSim({ wizardConsentedScopes: ["User.Read"] });
    expect(() => sim.issueTokens("global-admin", ["Application.ReadWrite.All"])).toThrow(/AADSTS65001/);
    expect(() => sim.issueTokens("nobody", ["User.Read"])).toThrow(/Unknown persona/);
    const { account, expiresIn } = sim.issueTokens("support", ["https://graph.microsoft.com/User.Read"]);
    expect(account).toMatchObject({ tenantId: SIM_TENANT_ID, username: sim.personas.find((p) => p.id === "support")?.userPrincipalName });
    expect(expiresIn).toBeGreaterThan(0);
  });
});

describe("token revocation", () => {
  it("refuses every access token issued before revokeTokens with 401 and a WWW-Authenticate header; new ones work", async () => {
    const sim = createTenantSim();
    const before = sim.issueTokens("cloud-app-admin", ["User.Read"]).accessToken;
    const bystander = sim.issueTokens("support", ["User.Read"]).accessToken;
    expect((await graphAs(sim, before)("GET", "/me")).status).toBe(200);
    sim.revokeTokens("cloud-app-admin");
    const refused = await graphAs(sim, before)("GET", "/me");
    expect(refused.status).toBe(401);
    expect(refused.errorCode).toBe("InvalidAuthenticationToken");
    expect(refused.headers["WWW-Authenticate"]).toMatch(/^Bearer realm="", authorization_uri="https:\/\/login\.microsoftonline\.com\//);
    expect(refused.headers["WWW-Authenticate"]).not.toContain("insufficient_claims");
    // Inside $batch each inner request is refused on its own.
    const batch = await graphAs(sim, before)("POST", "/$batch", { requests: [{ id: "1", method: "GET", url: "/me" }] });
    expect(json<{ responses: { status: number; headers: Record<string, string> }[] }>(batch).responses[0]).toMatchObject({ status: 401 });
    expect((await graphAs(sim, bystander)("GET", "/me")).status).toBe(200);
    const after = sim.issueTokens("cloud-app-admin", ["User.Read"]).accessToken;
    expect((await graphAs(sim, after)("GET", "/me")).status).toBe(200);
  });

  it("answers a continuous access evaluation claims challenge asking for a token issued after the revocation", async () => {
    let now = Date.parse("2026-11-29T12:00:00.400Z");
    const sim = createTenantSim({ now: () => now });
    const token = sim.issueTokens("cloud-app-admin", ["User.Read"]).accessToken;
    now += 1000;
    sim.revokeTokens("cloud-app-admin", { claimsChallenge: true });
    const refused = await graphAs(sim, token)("GET", "/me");
    expect(refused.status).toBe(401);
    const header = refused.headers["WWW-Authenticate"] ?? "";
    expect(header).toContain('error="insufficient_claims"');
    const claims = /claims="([^"]+)"/.exec(header)?.[1] ?? "";
    expect(JSON.parse(atob(claims))).toEqual({ access_token: { nbf: { essential: true, value: String(Math.ceil(now / 1000)) } } });
  });

  it("keeps refresh tokens working unless the sign-in sessions are revoked too (AADSTS50173)", async () => {
    const sim = createTenantSim();
    const { code } = await signInForCode(sim);
    const first = await redeem(sim, codeForm(code));
    const refresh = (token: string) =>
      redeem(sim, { client_id: CLIENT_ID, grant_type: "refresh_token", refresh_token: token, scope: SCOPES });
    sim.revokeTokens("cloud-app-admin");
    expect((await graphAs(sim, String(first.body.access_token))("GET", "/me")).status).toBe(401);
    const renewed = await refresh(String(first.body.refresh_token));
    expect(renewed.status).toBe(200);
    expect((await graphAs(sim, String(renewed.body.access_token))("GET", "/me")).status).toBe(200);

    sim.revokeTokens("cloud-app-admin", { sessions: true });
    const refused = await refresh(String(renewed.body.refresh_token));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: "invalid_grant", error_codes: [50173] });
  });
});
