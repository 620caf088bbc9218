import { expect, test } from "@playwright/test";
import { pickDemoPersona } from "./demo-persona";
import { parsePolicy, recordViolations, scriptNonce, scriptTags } from "./csp";

/** Issue 9, demo mode: the page reaches only this server (the demo tenant is /api/demo-tenant), and frames nothing. */

const PAGES = [
  "/",
  "/demo?returnTo=/status",
  "/setup",
  "/status",
  "/consent?env=psoxy&connectors=outlook-cal",
  "/teams?env=psoxy",
  "/auth/redirect",
  "/no-such-page",
];

test.describe("security headers (demo mode)", () => {
  test("every page: a nonce-only script policy on every script, this server only", async ({ request }) => {
    for (const path of PAGES) {
      const response = await request.get(path);
      const headers = response.headers();
      const policy = parsePolicy(headers["content-security-policy"]);
      const nonce = scriptNonce(policy);
      expect(nonce, path).toBeTruthy();
      expect(policy["script-src"], path).toContain("'strict-dynamic'");
      expect(policy["script-src"], path).not.toContain("'unsafe-inline'");
      expect(headers["content-security-policy"], path).not.toContain("unsafe-eval");
      expect(policy["connect-src"], path).toEqual(["'self'"]);
      expect(policy["frame-src"], path).toEqual(["'none'"]);
      expect(policy["object-src"], path).toEqual(["'none'"]);
      expect(headers["content-security-policy"], path).not.toMatch(/microsoft/);
      const scripts = scriptTags(await response.text());
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`);
      expect(headers["referrer-policy"], path).toBe("no-referrer");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
    }
    // The demo tenant's own answers are JSON with the same headers.
    const personas = await request.get("/api/demo-tenant/personas");
    expect(personas.status()).toBe(200);
    expect(personas.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("signed in through the persona picker, pages run without a CSP violation and the token stays in sessionStorage", async ({
    page,
  }) => {
    const { violations, refusals } = await recordViolations(page);
    await page.goto("/demo?returnTo=/status");
    await pickDemoPersona(page, "Global Administrator");
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByTestId("connector-status").first()).toBeVisible({ timeout: 30_000 }); // Graph (the demo tenant) answered
    await page.goto("/consent?env=psoxy&connectors=outlook-cal");
    await expect(page.getByTestId("consent-app").first()).toBeVisible({ timeout: 30_000 });
    await page.goto("/setup");
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
    expect(refusals).toEqual([]);

    const { session, local } = await page.evaluate(() => ({
      session: JSON.stringify(sessionStorage),
      local: JSON.stringify(localStorage),
    }));
    expect(session).toMatch(/eyJ/); // the demo session's access token
    expect(local).not.toMatch(/eyJ|token/i);
  });
});
