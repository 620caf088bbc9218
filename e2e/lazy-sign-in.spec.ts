import type { Page } from "@playwright/test";
import { expect, pickPersona, test } from "./fixtures";

/**
 * Page weight: MSAL and the Graph client are loaded when someone needs them, not for a look at the start page.
 * Turbopack's production module ids are bare numbers, so the scripts are told apart by strings each library keeps
 * through minification: msal-browser's package name and SKU (it sends the SKU to Entra), the Graph SDK's error class.
 * Each check is paired with one that sees the same string, so a renamed marker fails here instead of passing.
 */
const MSAL = /@azure\/msal-browser|msal\.js\.browser/;
const GRAPH_CLIENT = /GraphClientError/;

/**
 * Every script this page fetched from the wizard's server, with which library it carries. The bodies are fetched
 * again by URL (the build's chunks are immutable): a page that navigates away to sign in takes its own with it.
 */
function watchScripts(page: Page) {
  const urls = new Set<string>();
  page.on("response", (response) => {
    if (response.request().resourceType() === "script" && response.url().startsWith("http://127.0.0.1")) urls.add(response.url());
  });
  return {
    settled: async () => {
      await page.waitForLoadState("networkidle");
      return Promise.all(
        [...urls].map(async (url) => {
          const text = await (await page.request.get(url)).text();
          return { url, msal: MSAL.test(text), graph: GRAPH_CLIENT.test(text) };
        }),
      );
    },
  };
}

test("a first-time visitor's start page loads neither MSAL nor the Graph client; pressing Sign in loads MSAL", async ({ page, sim }) => {
  const scripts = watchScripts(page);
  await page.goto("/");
  await expect(page.getByRole("banner").getByRole("button", { name: "Sign in" })).toBeVisible();
  const before = await scripts.settled();
  expect(before.length).toBeGreaterThan(0);
  expect(before.filter((s) => s.msal).map((s) => s.url)).toEqual([]);
  expect(before.filter((s) => s.graph).map((s) => s.url)).toEqual([]);

  // Pressing Sign in fetches MSAL (the same marker, so the check above can fail) and goes to Microsoft's page.
  await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/login\.microsoftonline\.com/);
  expect((await scripts.settled()).some((s) => s.msal)).toBe(true);
  await pickPersona(page, sim, "support");
  await expect(page.getByTestId("account-name")).toHaveText(sim.personas.find((p) => p.id === "support")!.displayName);
});

test("a signed-in user back on the start page sees their name: MSAL's cached account loads it", async ({ page, signInAs }) => {
  await signInAs("support");
  const name = await page.getByTestId("account-name").textContent();
  await page.reload();
  await expect(page.getByTestId("account-name")).toHaveText(name!);
  await expect(page.getByTestId("signed-in-name")).toHaveText(name!);
});

test("a job page loads MSAL as it opens, and the Graph client once someone is signed in", async ({ page, sim }) => {
  const scripts = watchScripts(page);
  await page.goto("/status");
  await expect(page.getByRole("main").getByRole("button", { name: "Sign in" })).toBeVisible();
  const signedOut = await scripts.settled();
  expect(signedOut.some((s) => s.msal)).toBe(true);
  expect(signedOut.filter((s) => s.graph).map((s) => s.url)).toEqual([]);

  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await pickPersona(page, sim, "support");
  await expect(page.getByTestId("my-roles")).toContainText("Global Reader");
  expect((await scripts.settled()).some((s) => s.graph)).toBe(true);
});
