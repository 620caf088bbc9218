import { describe, expect, it } from "vitest";
import { registrationFix, registrationSteps, runRegistration, WIZARD_CONSENT_SCOPE, type GraphStep } from "@/lib/auth/registration";
import { AZURE_CLI_CLIENT_ID, AZURE_CLI_SCOPES, createTenantSim, OTHER_TENANT_ID, SIM_TENANT_ID, type TenantSim } from "./index";
import { decodeJwt } from "./jwt";
import { graphAs, json } from "./testing";

/**
 * The sign-in side honours the app registrations made through Graph: the wizard's registration bodies, replayed as
 * a Cloud Application Administrator's Azure CLI session, make an app the wizard signs in with; a wrong redirect URI,
 * the Web platform, missing consent or an account of another tenant get Entra's AADSTS answers.
 */

const LOGIN = "https://login.microsoftonline.com";
const ORIGIN = "http://127.0.0.1:3999";
const REDIRECT = `${ORIGIN}/auth/redirect`;
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const SCOPES = "https://graph.microsoft.com/User.Read openid profile offline_access";

function adminCli(sim: TenantSim, persona = "cloud-app-admin") {
  return graphAs(sim, sim.issueTokens(persona, AZURE_CLI_SCOPES, { clientId: AZURE_CLI_CLIENT_ID }).accessToken);
}

/** Replays registration steps through the simulator's Graph endpoint, as the generated scripts do. */
async function replay(sim: TenantSim, steps: readonly GraphStep[], persona = "cloud-app-admin") {
  const graph = adminCli(sim, persona);
  return runRegistration(steps, async (request) => {
    const answer = await graph(request.method, request.path, request.body, { ...request.headers });
    return { status: answer.status, body: answer.body };
  });
}

function authorize(
  sim: TenantSim,
  clientId: string,
  persona: string | null,
  overrides: Record<string, string> = {},
  tenant = SIM_TENANT_ID,
) {
  const params = new URLSearchParams({
    client_id: clientId,
    scope: SCOPES,
    redirect_uri: REDIRECT,
    response_mode: "fragment",
    response_type: "code",
    state: "s",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...overrides,
  });
  if (persona) params.set("persona", persona);
  return sim.handle({ method: "POST", url: `${LOGIN}/${tenant}/oauth2/v2.0/authorize`, headers: {}, body: params.toString() });
}

function answerOf(location: string | undefined): URLSearchParams {
  const url = new URL(location ?? "http://invalid/");
  return new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
}

async function redeem(sim: TenantSim, clientId: string, code: string, headers: Record<string, string> = { Origin: ORIGIN }) {
  const response = await sim.handle({
    method: "POST",
    url: `${LOGIN}/${SIM_TENANT_ID}/oauth2/v2.0/token`,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({
      client_id: clientId,
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      scope: SCOPES,
    }).toString(),
  });
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
}

describe("the wizard's registration, replayed against the simulator", () => {
  it("makes an application, its service principal and an AllPrincipals grant; the wizard signs in with it", async () => {
    const sim = createTenantSim();
    const values = await replay(sim, registrationSteps(ORIGIN));
    const state = sim.state();
    const app = state.applications.find((a) => a.appId === values.appId)!;
    expect(app).toMatchObject({ displayName: "Psoxy setup wizard", signInAudience: "AzureADMyOrg" });
    expect(app.extra.spa).toEqual({ redirectUris: [REDIRECT] });
    const sp = state.servicePrincipals.find((s) => s.appId === values.appId)!;
    expect(state.oauth2PermissionGrants).toEqual([
      expect.objectContaining({
        clientId: sp.id,
        consentType: "AllPrincipals",
        principalId: null,
        resourceId: sim.graphServicePrincipalId,
        scope: WIZARD_CONSENT_SCOPE,
      }),
    ]);
    expect(sim.writes.map((w) => `${w.kind} ${w.action} ${w.status}`)).toEqual([
      "application create 201",
      "servicePrincipal create 201",
      "oauth2PermissionGrant create 201",
    ]);

    const signIn = await authorize(sim, values.appId!, "cloud-app-admin", {
      scope:
        "https://graph.microsoft.com/User.Read https://graph.microsoft.com/Application.ReadWrite.All https://graph.microsoft.com/Directory.Read.All openid",
    });
    const code = answerOf(signIn.headers.Location).get("code");
    expect(code).toBeTruthy();
    const tokens = await redeem(sim, values.appId!, code!);
    expect(tokens.status).toBe(200);
    expect(decodeJwt(String(tokens.body.access_token))).toMatchObject({ appid: values.appId, tid: SIM_TENANT_ID });
    const me = await graphAs(sim, String(tokens.body.access_token))("GET", "/me");
    expect(me.status).toBe(200);
  });

  it("run again, updates the same application, service principal and grant: never a second one", async () => {
    const sim = createTenantSim();
    const first = await replay(sim, registrationSteps(ORIGIN));
    // Someone changes the registration in between: another redirect URI, a narrower consent.
    const admin = adminCli(sim);
    const app = sim.state().applications.find((a) => a.appId === first.appId)!;
    expect(
      (await admin("PATCH", `/applications/${app.id}`, { spa: { redirectUris: ["https://elsewhere.example/auth/redirect"] } })).status,
    ).toBe(204);
    const grant = sim.state().oauth2PermissionGrants[0]!;
    expect((await admin("PATCH", `/oauth2PermissionGrants/${grant.id}`, { scope: "User.Read" })).status).toBe(204);
    const writesBefore = sim.writes.length;

    const second = await replay(sim, registrationSteps(ORIGIN));
    expect(second).toEqual({ ...first, grantId: grant.id });
    const state = sim.state();
    expect(state.applications.filter((a) => a.displayName === "Psoxy setup wizard")).toHaveLength(1);
    expect(state.applications.find((a) => a.appId === first.appId)?.extra.spa).toEqual({ redirectUris: [REDIRECT] });
    expect(state.servicePrincipals.filter((s) => s.appId === first.appId)).toHaveLength(1);
    expect(state.oauth2PermissionGrants).toEqual([expect.objectContaining({ id: grant.id, scope: WIZARD_CONSENT_SCOPE })]);
    expect(sim.writes.slice(writesBefore).map((w) => `${w.kind} ${w.action}`)).toEqual([
      "application update",
      "servicePrincipal noop", // its display name is already the one sent
      "oauth2PermissionGrant update",
    ]);
  });

  it("a second address gets its own application", async () => {
    const sim = createTenantSim();
    const here = await replay(sim, registrationSteps(ORIGIN));
    const there = await replay(sim, registrationSteps("https://wizard.contoso.com"));
    expect(there.appId).not.toBe(here.appId);
    expect(sim.state().oauth2PermissionGrants).toHaveLength(2);
  });

  it("needs an administrator who may register apps and grant delegated consent", async () => {
    const sim = createTenantSim();
    await expect(replay(sim, registrationSteps(ORIGIN), "plain-user")).rejects.toThrow(/403/);
    const withApp = createTenantSim();
    const steps = registrationSteps(ORIGIN);
    const grant = steps.find((step) => step.id === "permissionGrant");
    const values = await replay(
      withApp,
      steps.filter((step) => step.method === "GET" || step.id === "application" || step.id === "servicePrincipal"),
    );
    // Support (Global Reader) cannot grant; the grant endpoint also wants DelegatedPermissionGrant.ReadWrite.All.
    const support = adminCli(withApp, "support");
    const body = {
      clientId: values.servicePrincipalId,
      consentType: "AllPrincipals",
      resourceId: values.graphServicePrincipalId,
      scope: "User.Read",
    };
    expect((await support("POST", "/oauth2PermissionGrants", body)).status).toBe(403);
    const wizardToken = graphAs(withApp, withApp.issueTokens("cloud-app-admin", ["Application.ReadWrite.All"]).accessToken);
    expect((await wizardToken("POST", "/oauth2PermissionGrants", body)).status).toBe(403);
    expect(grant?.id).toBe("permissionGrant");
  });

  it("refuses a duplicate grant and unknown scopes; a grant's scope can be changed and read back", async () => {
    const sim = createTenantSim();
    const values = await replay(sim, registrationSteps(ORIGIN));
    const cli = adminCli(sim);
    const again = await cli("POST", "/oauth2PermissionGrants", {
      clientId: values.servicePrincipalId,
      consentType: "AllPrincipals",
      resourceId: values.graphServicePrincipalId,
      scope: "User.Read",
    });
    expect(again.status).toBe(409);
    const unknown = await cli("POST", "/oauth2PermissionGrants", {
      clientId: values.servicePrincipalId,
      consentType: "Principal",
      principalId: sim.personas[0]!.objectId,
      resourceId: values.graphServicePrincipalId,
      scope: "Mail.Send",
    });
    expect(unknown.status).toBe(400);
    const list = await cli("GET", `/oauth2PermissionGrants?$filter=clientId eq '${values.servicePrincipalId}'`);
    const [grant] = json<{ value: { id: string; scope: string }[] }>(list).value;
    expect(grant?.scope).toBe(WIZARD_CONSENT_SCOPE);
    expect((await cli("PATCH", `/oauth2PermissionGrants/${grant!.id}`, { scope: "User.Read" })).status).toBe(204);
    const signIn = await authorize(sim, values.appId!, "cloud-app-admin", {
      scope: "https://graph.microsoft.com/Application.ReadWrite.All openid",
    });
    expect(answerOf(signIn.headers.Location).get("error_description")).toMatch(/^AADSTS65001: /);
  });
});

describe("misregistrations get Entra's answers", () => {
  it("an unknown client id: AADSTS700016 on Entra's own page (it cannot redirect)", async () => {
    const sim = createTenantSim();
    const response = await authorize(sim, "11111111-2222-3333-4444-555555555555", null);
    expect(response.status).toBe(400);
    expect(response.headers["Content-Type"]).toMatch(/text\/html/);
    expect(response.body).toContain(
      "AADSTS700016: Application with identifier &#39;11111111-2222-3333-4444-555555555555&#39; was not found in the directory",
    );
  });

  it("a redirect URI the app does not list: AADSTS50011 on Entra's page; loopback ports do not count", async () => {
    const sim = createTenantSim();
    const { appId } = await replay(sim, registrationSteps("https://wizard.contoso.com"));
    const wrong = await authorize(sim, appId!, null);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain(
      `AADSTS50011: The redirect URI &#39;${REDIRECT}&#39; specified in the request does not match the redirect URIs configured for the application &#39;${appId}&#39;`,
    );
    const fixed = await replay(sim, registrationFix("redirect", { origin: "http://127.0.0.1:4000", clientId: appId! }).steps);
    expect(fixed).toEqual({});
    // http://127.0.0.1:4000/auth/redirect is registered; Entra ignores the port of loopback redirect URIs.
    const otherPort = await authorize(sim, appId!, "cloud-app-admin");
    expect(answerOf(otherPort.headers.Location).get("code")).toBeTruthy();
    const otherPath = await authorize(sim, appId!, "cloud-app-admin", { redirect_uri: "http://127.0.0.1:4000/auth/other" });
    expect(otherPath.body).toContain("AADSTS50011");
  });

  it("the Web platform instead of SPA: the browser's code redemption gets AADSTS9002326; the platform fix cures it", async () => {
    const sim = createTenantSim();
    const [application, ...rest] = registrationSteps(ORIGIN);
    const body = application!.body as Record<string, unknown>;
    const web = {
      ...application!,
      body: { ...Object.fromEntries(Object.entries(body).filter(([k]) => k !== "spa")), web: body.spa },
    } as GraphStep;
    const { appId } = await replay(sim, [web, ...rest]);
    const signIn = await authorize(sim, appId!, "cloud-app-admin");
    const code = answerOf(signIn.headers.Location).get("code")!;
    const refused = await redeem(sim, appId!, code);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("invalid_request");
    expect(String(refused.body.error_description)).toMatch(
      new RegExp(
        `^AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type\\. Request origin: '${ORIGIN.replace(/\./g, "\\.")}'\\.`,
      ),
    );

    await replay(sim, registrationFix("platform", { origin: ORIGIN, clientId: appId! }).steps);
    expect(sim.state().applications.find((a) => a.appId === appId)?.extra).toMatchObject({
      spa: { redirectUris: [REDIRECT] },
      web: { redirectUris: [] },
    });
    const again = await authorize(sim, appId!, "cloud-app-admin");
    expect((await redeem(sim, appId!, answerOf(again.headers.Location).get("code")!)).status).toBe(200);
  });

  it("no admin consent yet: AADSTS65001 on the redirect", async () => {
    const sim = createTenantSim();
    const withoutConsent = new Set(["application", "applicationId", "servicePrincipal", "servicePrincipalId"]);
    const { appId, servicePrincipalId } = await replay(
      sim,
      registrationSteps(ORIGIN).filter((step) => withoutConsent.has(step.id)),
    );
    expect(servicePrincipalId).toBeDefined();
    const signIn = await authorize(sim, appId!, "cloud-app-admin");
    const answer = answerOf(signIn.headers.Location);
    expect(answer.get("error")).toBe("consent_required");
    expect(answer.get("error_description")).toMatch(
      new RegExp(
        `^AADSTS65001: The user or administrator has not consented to use the application with ID '${appId}' named 'Psoxy setup wizard'`,
      ),
    );
  });

  it("an account of another tenant on a single-tenant app: AADSTS50020 on Entra's page", async () => {
    const sim = createTenantSim();
    const { appId } = await replay(sim, registrationSteps(ORIGIN));
    const response = await authorize(sim, appId!, "other-tenant-user");
    expect(response.status).toBe(400);
    expect(response.body).toContain("AADSTS50020: User account");
    expect(response.body).toContain(`https://sts.windows.net/${OTHER_TENANT_ID}/`);
  });

  it("a single-tenant app on /organizations: AADSTS50194 on the redirect", async () => {
    const sim = createTenantSim();
    const { appId } = await replay(sim, registrationSteps(ORIGIN));
    const response = await authorize(sim, appId!, "cloud-app-admin", {}, "organizations");
    expect(answerOf(response.headers.Location).get("error_description")).toMatch(/^AADSTS50194: /);
  });

  it("a new registration is not known to sign-in before it replicates", async () => {
    let now = Date.UTC(2026, 0, 1);
    const sim = createTenantSim({ now: () => now, faults: { replicationDelayMs: 5_000 } });
    const cli = adminCli(sim);
    const created = await cli("POST", "/applications", { displayName: "Psoxy setup wizard", spa: { redirectUris: [REDIRECT] } });
    const appId = json<{ appId: string }>(created).appId;
    expect((await authorize(sim, appId, null)).body).toContain("AADSTS700016");
    now += 6_000;
    expect((await authorize(sim, appId, null)).status).toBe(200);
  });
});
