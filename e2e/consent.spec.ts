import type { Browser, Page } from "@playwright/test";
import { appRolesFor } from "../lib/connectors";
import type { TenantSim } from "../lib/sim";
import { expect, pickPersona, test, type PersonaId } from "./fixtures";
import { routeMicrosoftHosts } from "./microsoft-hosts";
import { SetupWizard } from "./setup-wizard";

const grantsWritten = (sim: TenantSim) =>
  sim.writes.filter((w) => w.kind === "appRoleAssignment" && w.action === "create" && w.status < 300);

/** A second person in their own browser, against the same simulated tenant. */
async function openAs(browser: Browser, sim: TenantSim, persona: PersonaId, path: string): Promise<Page> {
  const context = await browser.newContext();
  await routeMicrosoftHosts(context, sim);
  const page = await context.newPage();
  await page.goto(path);
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/login\.microsoftonline\.com/);
  await pickPersona(page, sim, persona);
  await expect(page.getByTestId("account-name")).toBeVisible({ timeout: 30_000 });
  return page;
}

async function operatorCreatesTwo(page: Page, signInAs: (p: PersonaId, path?: string) => Promise<void>): Promise<string> {
  await signInAs("cloud-app-admin", "/setup");
  const wizard = new SetupWizard(page);
  await wizard.fillToPlan({ connectors: ["outlook-mail", "msft-teams"] });
  await wizard.apply();
  await wizard.expectResults(["outlook-mail", "msft-teams"]);
  await expect(page.getByTestId("consent-outlook-mail")).toContainText("4 not granted");
  const link = await page.getByTestId("consent-link").getAttribute("href");
  expect(link).toBe("/consent?env=psoxy&connectors=outlook-mail%2Cmsft-teams");
  return link!;
}

test.describe("consent admin through the shared link", () => {
  // Each test walks the operator's whole setup and then the consent admin's page, in two browsers.
  test.describe.configure({ timeout: 120_000 });
  test("a Privileged Role Administrator grants exactly what is missing, once", async ({ browser, page, sim, signInAs }) => {
    const link = await operatorCreatesTwo(page, signInAs);
    const required = appRolesFor(["outlook-mail"]).length + appRolesFor(["msft-teams"]).length;

    const admin = await openAs(browser, sim, "priv-role-admin", link);
    await expect(admin.getByTestId("consent-app")).toHaveCount(2, { timeout: 30_000 });
    await expect(admin.locator('[data-grant-state="missing"]')).toHaveCount(required);
    await expect(admin.locator('[data-permission="Mail.ReadBasic.All"]').first()).toContainText("not message bodies");
    await admin.getByRole("button", { name: `Grant all missing (${required})` }).click();
    await expect(admin.getByTestId("grant-result")).toContainText(`Granted ${required} permissions`);
    await expect(admin.getByRole("status").filter({ hasText: "Everything required is granted" })).toBeVisible({ timeout: 30_000 });
    expect(grantsWritten(sim)).toHaveLength(required);
    expect(sim.state().appRoleAssignments.filter((a) => a.principalType === "ServicePrincipal")).toHaveLength(required);

    // Reopening shows everything granted; the button has nothing left to write.
    await admin.reload();
    await expect(admin.locator('[data-grant-state="granted"]')).toHaveCount(required, { timeout: 30_000 });
    await expect(admin.getByRole("button", { name: /^Grant all missing/ })).toHaveCount(0);
    expect(grantsWritten(sim)).toHaveLength(required);

    // The operator's results and the board read the real state.
    await page.goto("/status");
    await expect(page.getByRole("article", { name: /^Outlook Mail/ })).not.toHaveAttribute("data-state", "needs-consent", {
      timeout: 30_000,
    });
  });

  test("a Cloud Application Administrator is told they lack the role before clicking anything", async ({
    browser,
    page,
    sim,
    signInAs,
  }) => {
    const link = await operatorCreatesTwo(page, signInAs);
    const writes = sim.writes.length;
    const other = await openAs(browser, sim, "app-admin", link);
    await expect(other.getByRole("main").getByRole("alert")).toContainText("Privileged Role Administrator or Global Administrator", {
      timeout: 30_000,
    });
    await expect(other.getByTestId("role-holders")).toContainText(sim.personas.find((p) => p.id === "priv-role-admin")!.displayName);
    await expect(other.getByRole("button", { name: /Grant/ })).toHaveCount(0);
    expect(sim.writes.length).toBe(writes);
  });

  test("a throttled, then transiently failing grant completes on its own; a hard failure shows code and request-id, and pressing again finishes", async ({
    browser,
    page,
    sim,
    signInAs,
  }) => {
    const link = await operatorCreatesTwo(page, signInAs);
    const required = appRolesFor(["outlook-mail"]).length + appRolesFor(["msft-teams"]).length;
    const admin = await openAs(browser, sim, "priv-role-admin", link);
    await expect(admin.locator('[data-grant-state="missing"]')).toHaveCount(required, { timeout: 30_000 });

    sim.faults.failNext({ method: "POST", pathIncludes: "appRoleAssignedTo", status: 429, code: "TooManyRequests", times: 2 });
    sim.faults.failNext({ method: "POST", pathIncludes: "appRoleAssignedTo", status: 503, code: "serviceNotAvailable", times: 1 });
    sim.faults.failNext({
      method: "POST",
      pathIncludes: "appRoleAssignedTo",
      status: 403,
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
      times: 1,
    });
    await admin.getByRole("button", { name: `Grant all missing (${required})` }).click();
    const result = admin.getByTestId("grant-result");
    await expect(result).toContainText(`Granted ${required - 1} permissions`, { timeout: 30_000 });
    await expect(result.getByRole("alert")).toContainText("Authorization_RequestDenied");
    await expect(result.getByRole("alert")).toContainText("request-id");

    await admin.getByRole("button", { name: "Grant all missing (1)" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Everything required is granted" })).toBeVisible({ timeout: 30_000 });
    expect(grantsWritten(sim)).toHaveLength(required);
  });
});
