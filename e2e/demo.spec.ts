import { expect, test } from "@playwright/test";

test.describe("demo tenant (npm run demo)", () => {
  test("shows the demo banner and signs in through the persona picker", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Demo tenant" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Connect Microsoft 365 to Psoxy" })).toBeVisible();

    await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/demo\?returnTo=/);
    await page.getByRole("button", { name: /^Sign in as .*/ }).first().waitFor();
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
    await page.getByRole("listitem").filter({ hasText: "Global Reader" }).getByRole("button", { name: /^Sign in as / }).click();
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByTestId("my-roles")).toContainText("Global Reader");
    await page.reload();
    await expect(page.getByTestId("my-roles")).toContainText("Global Reader");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("banner").getByRole("button", { name: "Sign in" })).toBeVisible();
  });
});
