import { expect, test } from "@playwright/test";
import { pickDemoPersona } from "./demo-persona";
import { expectAccessible, VIEWPORTS } from "./a11y";

for (const viewport of VIEWPORTS) {
  test.describe(`demo tenant accessibility (WCAG 2.1 AA) at ${viewport.name}`, () => {
    test.use({ viewport: viewport.size });

    test("the banner, the persona picker and the board of the demo mix", async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto("/");
      await expect(page.getByRole("status", { name: "Demo tenant" })).toBeVisible();
      await expectAccessible(page, "demo landing", viewport.name);

      await page.goto("/demo?returnTo=/status");
      await expect(page.getByRole("button", { name: /^Sign in as / }).first()).toBeVisible();
      await expectAccessible(page, "demo persona picker", viewport.name);

      await pickDemoPersona(page, "Global Reader");
      await expect(page.getByTestId("connector-status").first()).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId("last-checked")).toContainText("Last checked");
      await expectAccessible(page, "demo status board", viewport.name);
    });
  });
}
