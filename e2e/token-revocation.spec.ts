import type { Page, Request } from "@playwright/test";
import type { TenantSim } from "../lib/sim";
import { expect, pickPersona, test } from "./fixtures";
import { ALL_CONNECTORS, SetupWizard } from "./setup-wizard";

/**
 * Sessions that outlive their tokens: Graph refuses every access token between plan and apply. The wizard renews
 * the token once without the user (MSAL acquireTokenSilent with forceRefresh, and the claims of a continuous access
 * evaluation claims challenge) and finishes; when renewing needs the user, it shows one "Sign in again and
 * continue" instead of one alert per step.
 */

const PERSONA = "cloud-app-admin";

/** Sign-in traffic from now on: main-frame navigations to the sign-in host, /authorize and /token requests. */
function watchSignIn(page: Page) {
  const navigations: string[] = [];
  const authorize: string[] = [];
  const tokenForms: URLSearchParams[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame() && /login\.microsoftonline\.com/.test(frame.url())) navigations.push(frame.url());
  });
  const onRequest = (request: Request) => {
    if (/login\.microsoftonline\.com\/[^/]+\/oauth2\/v2\.0\/authorize/.test(request.url())) authorize.push(request.url());
    if (/login\.microsoftonline\.com\/[^/]+\/oauth2\/v2\.0\/token/.test(request.url()) && request.method() === "POST")
      tokenForms.push(new URLSearchParams(request.postData() ?? ""));
  };
  page.on("request", onRequest);
  return { navigations, authorize, tokenForms };
}

function createdApps(sim: TenantSim) {
  return sim.writes.filter((w) => w.kind === "application" && w.action === "create" && w.status < 300);
}

/** Exactly one application per connector reached Graph and is in the tenant. */
function expectOneAppPerConnector(sim: TenantSim) {
  expect(createdApps(sim)).toHaveLength(ALL_CONNECTORS.length);
  const apps = sim.state().applications.filter((app) => app.tags.includes("psoxy-wizard"));
  expect(apps.map((app) => app.uniqueName).sort()).toEqual(ALL_CONNECTORS.map((id) => `psoxy.psoxy.${id}`).sort());
  for (const kind of ["servicePrincipal", "federatedIdentityCredential"]) {
    expect(
      sim.writes.filter((w) => w.kind === kind && w.action === "create" && w.status < 300),
      kind,
    ).toHaveLength(ALL_CONNECTORS.length);
  }
}

/** Graph answered 401 to requests made after the revocation (inner $batch writes are in the write log). */
function refusedWrites(sim: TenantSim) {
  return sim.writes.filter((w) => w.status === 401);
}

test.describe("sessions that outlive their tokens", () => {
  test("every access token revoked between plan and apply: the apply renews silently and completes without a sign-in page", async ({
    page,
    sim,
    signInAs,
  }) => {
    await signInAs(PERSONA, "/setup");
    const wizard = new SetupWizard(page);
    await wizard.fillToPlan({ connectors: ALL_CONNECTORS });

    const signIn = watchSignIn(page);
    sim.revokeTokens(PERSONA);
    await wizard.apply();
    await wizard.expectResults(ALL_CONNECTORS);

    expect(refusedWrites(sim).length).toBeGreaterThan(0);
    expect(signIn.navigations).toEqual([]);
    expect(signIn.authorize).toEqual([]);
    expect(signIn.tokenForms.map((form) => form.get("grant_type"))).toContain("refresh_token");
    expectOneAppPerConnector(sim);
    await expect(page.getByText("Your sign-in expired")).toHaveCount(0);
  });

  test("a continuous access evaluation claims challenge is answered with its claims, silently", async ({ page, sim, signInAs }) => {
    await signInAs(PERSONA, "/setup");
    const wizard = new SetupWizard(page);
    await wizard.fillToPlan({ connectors: ALL_CONNECTORS });

    const signIn = watchSignIn(page);
    sim.revokeTokens(PERSONA, { claimsChallenge: true });
    await wizard.apply();
    await wizard.expectResults(ALL_CONNECTORS);

    expect(refusedWrites(sim).length).toBeGreaterThan(0);
    expect(signIn.navigations).toEqual([]);
    // MSAL sent the challenge's claims (and the CP1 capability) with the refresh.
    const renewal = signIn.tokenForms.find((form) => form.get("grant_type") === "refresh_token" && form.get("claims"));
    expect(renewal, "a refresh_token request with claims").toBeDefined();
    const claims = JSON.parse(renewal!.get("claims")!) as {
      access_token?: { nbf?: { essential?: boolean; value?: string }; xms_cc?: { values?: string[] } };
    };
    expect(claims.access_token?.nbf).toMatchObject({ essential: true });
    expect(claims.access_token?.xms_cc?.values).toContain("CP1");
    expectOneAppPerConnector(sim);
  });

  test("when renewing needs the user: one 'Sign in again and continue', and the setup finishes after it", async ({
    page,
    sim,
    signInAs,
  }) => {
    await signInAs(PERSONA, "/setup");
    const wizard = new SetupWizard(page);
    await wizard.fillToPlan({ connectors: ALL_CONNECTORS });

    // Access tokens, refresh tokens and the sign-in session are all revoked: only the user can renew.
    sim.revokeTokens(PERSONA, { sessions: true });
    await wizard.apply();
    const again = page.getByRole("button", { name: "Sign in again and continue" });
    await expect(again).toBeVisible({ timeout: 30_000 });
    await expect(again).toHaveCount(1);
    await expect(page.getByText("Your sign-in expired")).toHaveCount(1);
    expect(createdApps(sim)).toHaveLength(0);

    await again.click();
    await page.waitForURL(/login\.microsoftonline\.com/);
    await pickPersona(page, sim, PERSONA);
    // Back on the wizard, which reads the tenant again and applies what is left by itself: no second press of Apply.
    await wizard.expectResults(ALL_CONNECTORS);
    expectOneAppPerConnector(sim);
    expect(new URL(page.url()).searchParams.get("then")).toBeNull();
    // A reload on the results only reads the tenant: nothing more is written.
    const writes = sim.writes.length;
    await page.reload();
    await wizard.expectResults(ALL_CONNECTORS);
    expect(sim.writes.length).toBe(writes);
  });
});
