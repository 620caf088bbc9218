import { DIRECTORY_ROLES } from "../lib/connectors/microsoft-ids";
import { E2E_PORTS } from "./env";
import { expect, pickPersona, test, type PersonaId } from "./fixtures";

const HOME_PERSONAS: PersonaId[] = [
  "cloud-app-admin",
  "app-admin",
  "priv-role-admin",
  "global-admin",
  "plain-user",
  "support",
  "teams-admin",
];

test.describe("sign-in through the real MSAL redirect flow", () => {
  for (const personaId of HOME_PERSONAS) {
    test(`${personaId} signs in and sees their name and directory roles`, async ({ page, sim, signInAs }) => {
      const persona = sim.personas.find((p) => p.id === personaId)!;
      await signInAs(personaId, "/status");

      await expect(page.getByTestId("account-name")).toHaveText(persona.displayName);
      const roles = page.getByTestId("my-roles");
      if (persona.roles.length === 0) await expect(roles).toContainText("None");
      for (const role of persona.roles) await expect(roles).toContainText(DIRECTORY_ROLES[role].displayName);

      // The tokens live in sessionStorage, never localStorage.
      const storage = await page.evaluate(() => ({
        session: Object.keys(sessionStorage).join(" "),
        local: Object.keys(localStorage).join(" "),
      }));
      expect(storage.session).toMatch(/accesstoken/i);
      expect(storage.local).not.toMatch(/accesstoken|idtoken|refreshtoken/i);
    });
  }

  test("sign-in asks Microsoft only for User.Read; the setup page adds the operator's scopes and no others", async ({
    page,
    sim,
    signInAs,
  }) => {
    const tokenScopes: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/oauth2/v2.0/token") && request.method() === "POST") {
        tokenScopes.push(new URLSearchParams(request.postData() ?? "").get("scope") ?? "");
      }
    });
    await signInAs("cloud-app-admin");
    const authorize = sim.requests.filter((r) => r.url.includes("/oauth2/v2.0/authorize"));
    const firstScopes = new URL(authorize[0]!.url).searchParams.get("scope") ?? "";
    expect(firstScopes).toContain("User.Read");
    expect(firstScopes).not.toMatch(/Application\.|AppRoleAssignment|Directory\./);

    await page.getByRole("link", { name: "Start setup" }).click();
    await expect(page.getByTestId("step-environment")).toBeVisible();
    const asked = tokenScopes.join(" ");
    expect(asked).toContain("Application.ReadWrite.All");
    expect(asked).toContain("Directory.Read.All");
    expect(asked).not.toContain("AppRoleAssignment.ReadWrite.All");
    expect(asked).not.toContain("AuditLog");
  });

  test("cancelling on Microsoft's page says nothing changed", async ({ page, sim }) => {
    await page.goto("/");
    await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Sign-in was cancelled" })).toBeVisible();
    expect(sim.writes).toHaveLength(0);
  });

  test("a plain user on the consent page is told which role is needed", async ({ page, signInAs }) => {
    await signInAs("plain-user", "/consent");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Privileged Role Administrator or Global Administrator");
  });

  test("an account from another tenant is told to switch accounts", async ({ page, sim }) => {
    await page.goto("/setup");
    await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
    await pickPersona(page, sim, "other-tenant-user");
    await expect(page.getByRole("main").getByRole("alert")).toContainText(/another (tenant|directory)/);
  });

  test("signing out clears the session", async ({ page, signInAs }) => {
    await signInAs("support");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("banner").getByRole("button", { name: "Sign in" })).toBeVisible();
    const keys = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => /accesstoken/i.test(k)));
    expect(keys).toEqual([]);
  });

  test("the demo tenant's routes do not exist outside demo mode", async ({ request }) => {
    const base = `http://127.0.0.1:${E2E_PORTS.tenant}`;
    expect((await request.get(`${base}/api/demo-tenant/personas`)).status()).toBe(404);
    expect(await (await request.get(`${base}/api/demo-tenant/personas`)).text()).not.toContain("userPrincipalName");
    expect(
      (await request.post(`${base}/api/demo-tenant/session`, { data: { personaId: "global-admin", scopes: ["User.Read"] } })).status(),
    ).toBe(404);
    expect((await request.get(`${base}/api/demo-tenant/graph/v1.0/organization`)).status()).toBe(404);
    expect((await request.get(`${base}/demo`)).status()).toBe(404);
  });
});

test("consent missing for the wizard's own app is explained", async ({ browser }) => {
  const { createTenantSim } = await import("../lib/sim");
  const { routeMicrosoftHosts } = await import("./microsoft-hosts");
  const sim = createTenantSim({ seed: 3, wizardConsentedScopes: ["User.Read"] });
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${E2E_PORTS.tenant}` });
  await routeMicrosoftHosts(context, sim);
  const page = await context.newPage();
  await page.goto("/setup");
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await pickPersona(page, sim, "cloud-app-admin");
  // The operator's scopes are not consented: Entra sends the user back with AADSTS65001.
  const alert = page.getByRole("main").getByRole("alert").filter({ hasText: "needs consent" }).filter({ hasText: "Code: AADSTS65001" });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(alert).toContainText("AADSTS65001");
  // Entra's "no" is final for this page load: the wizard does not send the user back in a loop.
  const authorizeCount = () => sim.requests.filter((r) => r.url.includes("/oauth2/v2.0/authorize")).length;
  const before = authorizeCount();
  await page.waitForTimeout(3_000);
  expect(authorizeCount()).toBe(before);
  await expect(alert).toBeVisible();
  await context.close();
});
