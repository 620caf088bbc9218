import { expect, test } from "@playwright/test";
import { pickDemoPersona } from "./demo-persona";

test.describe("demo tenant (npm run demo)", () => {
  test("shows the demo banner and signs in through the persona picker", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Demo tenant" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Connect Microsoft 365 to Psoxy" })).toBeVisible();

    await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/demo\?returnTo=/);
    await page
      .getByRole("button", { name: /^Sign in as .*/ })
      .first()
      .waitFor();
    const personas = await page.getByRole("button", { name: /^Sign in as / }).count();
    expect(personas).toBeGreaterThanOrEqual(6);

    const caa = page.getByRole("listitem").filter({ hasText: "Cloud Application Administrator" }).first();
    const name = (await caa.getByRole("paragraph").first().textContent())!.trim();
    await caa.getByRole("button", { name: /^Sign in as / }).click();

    await expect(page.getByTestId("account-name")).toHaveText(name);
    await expect(page.getByTestId("signed-in-name")).toHaveText(name);
    await page.getByRole("link", { name: "Start setup" }).click();
    await expect(page.getByTestId("my-roles")).toContainText("Cloud Application Administrator");
  });

  test("a demo session survives a reload and ends with sign-out", async ({ page }) => {
    await page.goto("/demo?returnTo=/status");
    await pickDemoPersona(page, "Global Reader");
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByTestId("my-roles")).toContainText("Global Reader");
    await page.reload();
    await expect(page.getByTestId("my-roles")).toContainText("Global Reader");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("banner").getByRole("button", { name: "Sign in" })).toBeVisible();
  });
});

test("an operator sets up two connectors in the demo tenant, through its latency and replication delay", async ({ page }) => {
  await page.goto("/demo?returnTo=/setup");
  await pickDemoPersona(page, "Global Administrator");
  await expect(page.getByTestId("step-environment")).toBeVisible();
  // The demo tenant lives as long as the server: use an environment of our own.
  const env = `demo${Date.now() % 100000}`;
  await page.getByLabel("Environment id").fill(env);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  for (const name of ["Outlook Mail", "Microsoft Teams"]) await page.getByRole("checkbox", { name, exact: true }).check();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("radio", { name: "GCP" }).check();
  await page.getByLabel("Service account unique ID for Outlook Mail", { exact: true }).fill("109876543210123456701");
  await page.getByLabel("Service account unique ID for Microsoft Teams", { exact: true }).fill("109876543210123456702");
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page.getByTestId("plan-summary")).toContainText("10 to create", { timeout: 20_000 });
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  for (const key of ["outlook-mail", "msft-teams"]) {
    const card = page.getByTestId(`result-${key}`);
    await expect(card).toBeVisible({ timeout: 45_000 });
    await expect(card).toContainText("CLIENT_ID=");
    await expect(card).not.toContainText("Not finished in your tenant");
  }
  await expect(page.getByLabel("Teams PowerShell script", { exact: true })).toContainText("New-CsApplicationAccessPolicy");
});
