import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { appRolesFor, MICROSOFT_GRAPH_APP_ID } from "../lib/connectors";
import { seedDemoMix } from "../lib/demo/mix";
import { SIM_TENANT_DOMAIN, type TenantSim } from "../lib/sim";
import { NOTES_HEADER, SERVICE_PRINCIPAL_TAGS } from "../lib/tenant/desired";
import { AZURE_AD_TOKEN_EXCHANGE_AUDIENCE, GCP_FIC_ISSUER, GCP_FIC_NAME } from "../lib/tenant/federation";
import { connectorUniqueName, wizardTags } from "../lib/tenant/naming";
import { parsePolicy, recordViolations, scriptNonce, scriptTags, type Violation } from "./csp";
import { expect, pickPersona, test, type PersonaId } from "./fixtures";
import { routeMicrosoftHosts } from "./microsoft-hosts";

/** Issue 9: security headers, scripts injected through tenant data, and where tokens may (not) go. */

const SIGN_IN = "https://login.microsoftonline.com";
const GRAPH = "https://graph.microsoft.com";
const PAGES = ["/", "/setup", "/status?env=psoxy", "/consent?env=psoxy&connectors=outlook-mail", "/teams?env=psoxy", "/no-such-page"];
const BRIDGE = "/auth/redirect";

test.describe("security headers (tenant mode)", () => {
  test("every page: a nonce-only script policy on every script, the configured hosts only, no framing", async ({ request }) => {
    for (const path of [...PAGES, BRIDGE]) {
      const response = await request.get(path);
      const headers = response.headers();
      const policy = parsePolicy(headers["content-security-policy"]);
      const nonce = scriptNonce(policy);
      expect(nonce, path).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(policy["script-src"], path).toContain("'strict-dynamic'");
      expect(policy["script-src"], path).not.toContain("'unsafe-inline'");
      expect(headers["content-security-policy"], path).not.toContain("unsafe-eval");
      expect(policy["connect-src"], path).toEqual(["'self'", SIGN_IN, GRAPH]);
      expect(policy["frame-src"], path).toEqual(["'self'", SIGN_IN]);
      expect(policy["object-src"], path).toEqual(["'none'"]);
      expect(policy["base-uri"], path).toEqual(["'self'"]);
      expect(policy["form-action"], path).toEqual(["'self'"]);
      expect(policy["upgrade-insecure-requests"], path).toBeUndefined(); // served over http here

      // Next.js put this response's nonce on every script it rendered, and there are scripts to check.
      const scripts = scriptTags(await response.text());
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`);

      expect(headers["referrer-policy"], path).toBe("no-referrer");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["permissions-policy"], path).toMatch(/camera=\(\)/);
      expect(headers["strict-transport-security"], path).toBeUndefined();
      if (path === BRIDGE) {
        // MSAL v5's redirect bridge: no COOP, not cached, framed only by MSAL's renewal iframe on this origin.
        expect(headers["cross-origin-opener-policy"], path).toBeUndefined();
        expect(headers["cache-control"], path).toContain("no-store");
        expect(policy["frame-ancestors"], path).toEqual(["'self'"]);
      } else {
        expect(headers["cross-origin-opener-policy"], path).toBe("same-origin");
        expect(policy["frame-ancestors"], path).toEqual(["'none'"]);
        expect(headers["x-frame-options"], path).toBe("DENY");
      }
    }
  });

  test("a fresh nonce per response; HSTS and upgrade-insecure-requests only over https", async ({ request }) => {
    const nonces = new Set<string | undefined>();
    for (let i = 0; i < 3; i++) nonces.add(scriptNonce(parsePolicy((await request.get("/status")).headers()["content-security-policy"])));
    expect(nonces.size).toBe(3);

    // Behind a TLS-terminating proxy (X-Forwarded-Proto: https).
    const https = await request.get("/", { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers()["strict-transport-security"]).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(parsePolicy(https.headers()["content-security-policy"])["upgrade-insecure-requests"]).toEqual([]);
  });

  test("the demo tenant's 404 outside demo mode carries the headers too; the icons are served", async ({ request }) => {
    const hidden = await request.get("/api/demo-tenant/personas");
    expect(hidden.status()).toBe(404);
    expect(hidden.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(hidden.headers()["x-content-type-options"]).toBe("nosniff");

    const favicon = await request.get("/favicon.ico");
    expect(favicon.status()).toBe(200);
    expect((await favicon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0])); // an ICO header
    const html = await (await request.get("/")).text();
    const icon = /<link rel="icon" href="(\/icon\.svg[^"]*)"/.exec(html)?.[1];
    expect(icon).toBeTruthy();
    const svg = await request.get(icon!);
    expect(svg.status()).toBe(200);
    expect(svg.headers()["content-type"]).toContain("image/svg+xml");
  });

  test("signed in, every page runs without a single CSP violation", async ({ page, sim, signInAs }) => {
    seedDemoMix(sim);
    const { violations, refusals } = await recordViolations(page);
    await signInAs("global-admin", "/status");
    await expect(page.getByTestId("connector-status").first()).toBeVisible({ timeout: 30_000 });
    for (const path of [
      "/",
      "/setup",
      "/consent?env=psoxy&connectors=outlook-cal",
      "/teams?env=psoxy&connector=msft-teams",
      "/no-such-page",
    ]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    await page.goto("/setup");
    await expect(page.getByTestId("step-environment")).toBeVisible({ timeout: 30_000 }); // hydrated: MSAL and Graph ran
    expect(violations).toEqual([]);
    expect(refusals).toEqual([]);
  });
});

/** What an attacker who can name an application or a user in the tenant would try. */
const XSS = {
  plain: "<img src=x onerror=alert(1)>",
  displayName: `Psoxy Connector - Outlook Mail psoxy <img src=x onerror="window.__xss=1;alert(1)">`,
  notes: `<script>window.__xss=2;alert(2)</script>`,
  owner: `<img src=x onerror=window.__xss=3> Mallory`,
  ownerUpn: `mallory<svg/onload=window.__xss=4>@${SIM_TENANT_DOMAIN}`,
  subject: `<script>window.__xss=5</script>`,
};

/** A wizard-made connector app whose every free-text field carries a payload, still missing its consent. */
function seedHostileConnector(sim: TenantSim) {
  const owner = sim.seed.user({ displayName: XSS.owner, userPrincipalName: XSS.ownerUpn });
  sim.seed.application({ displayName: XSS.plain, ownerPersonaIds: ["cloud-app-admin"] });
  const app = sim.seed.application({
    displayName: XSS.displayName,
    uniqueName: connectorUniqueName("outlook-mail", "psoxy"),
    tags: wizardTags("outlook-mail", "psoxy"),
    notes: `${NOTES_HEADER}\n${XSS.notes}`,
    ownerPersonaIds: [owner.id],
    requiredResourceAccess: [
      {
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        resourceAccess: appRolesFor(["outlook-mail"]).map((role) => ({ id: role.appRoleId, type: "Role" })),
      },
    ],
  });
  sim.seed.servicePrincipal(app.appId, { tags: [...SERVICE_PRINCIPAL_TAGS] });
  sim.seed.federatedIdentityCredential(app.id, {
    name: GCP_FIC_NAME,
    issuer: GCP_FIC_ISSUER,
    subject: XSS.subject,
    audiences: [AZURE_AD_TOKEN_EXCHANGE_AUDIENCE],
  });
  return { owner };
}

/** Watches a page for any sign that injected script ran. */
async function watchForScript(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const csp = await recordViolations(page);
  return {
    ...csp,
    dialogs,
    async expectNothingRan() {
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(dialogs).toEqual([]);
      // A violation is acceptable only if what it refused is one of the payloads.
      const foreign = csp.violations.filter((v: Violation) => !/__xss|alert\(/.test(v.sample));
      expect(foreign).toEqual([]);
    },
  };
}

async function signInOn(page: Page, sim: TenantSim, persona: PersonaId, path: string): Promise<Page> {
  await page.goto(path);
  await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/login\.microsoftonline\.com/);
  await pickPersona(page, sim, persona);
  await expect(page.getByTestId("account-name")).toBeVisible({ timeout: 30_000 });
  return page;
}

test.describe("script injected through tenant data does not run", () => {
  test("the status board (support) shows the payloads as text, and the policy refuses markup that would slip through", async ({
    page,
    sim,
    signInAs,
  }) => {
    seedHostileConnector(sim);
    const watch = await watchForScript(page);
    await signInAs("support", "/status");
    const card = page.getByRole("article", { name: /^Outlook Mail/ });
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect(card).toContainText(XSS.displayName); // rendered, as text
    await card.getByText("Checks, ids and sign-ins").click();
    await expect(card.locator('[data-check="owners"]')).toContainText(XSS.ownerUpn);
    await expect(page.locator("img[src=x], svg[onload]")).toHaveCount(0); // no element came from tenant data
    await watch.expectNothingRan();

    // Defence in depth: if a rendering bug ever let the markup through, the policy still refuses to run it.
    await page.evaluate((payload) => {
      const holder = document.createElement("div");
      holder.innerHTML = payload;
      document.body.append(holder);
    }, `<img src=x onerror="window.__xss=9">`);
    await expect.poll(() => watch.violations.length).toBeGreaterThan(0);
    expect(watch.violations[0]!.directive).toMatch(/^script-src/);
    expect(watch.violations[0]!.sample).toContain("window.__xss=9");
    await watch.expectNothingRan();
  });

  test("the consent page (Privileged Role Administrator) shows the hostile app's name as text", async ({ browser, sim }) => {
    seedHostileConnector(sim);
    const context = await browser.newContext();
    await routeMicrosoftHosts(context, sim);
    const page = await context.newPage();
    const watch = await watchForScript(page);
    await signInOn(page, sim, "priv-role-admin", "/consent?env=psoxy&connectors=outlook-mail");
    const app = page.getByTestId("consent-app");
    await expect(app).toHaveCount(1, { timeout: 30_000 });
    await expect(app).toContainText(XSS.displayName);
    await expect(page.locator('[data-grant-state="missing"]').first()).toBeVisible();
    await expect(page.locator("img[src=x], svg[onload]")).toHaveCount(0);
    await watch.expectNothingRan();
    await context.close();
  });
});

/** Every token the sign-in host handed this page, read off the wire. */
function captureTokens(page: Page): string[] {
  const tokens: string[] = [];
  page.on("response", async (response) => {
    if (!response.url().includes("/oauth2/v2.0/token") || response.request().method() !== "POST") return;
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    for (const key of ["access_token", "id_token", "refresh_token"]) if (typeof body?.[key] === "string") tokens.push(body[key] as string);
  });
  return tokens;
}

const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./;

async function storage(page: Page) {
  return page.evaluate(() => ({
    session: Object.entries(sessionStorage).map(([k, v]) => `${k}=${v}`),
    local: Object.entries(localStorage).map(([k, v]) => `${k}=${v}`),
  }));
}

test.describe("token hygiene", () => {
  test("tokens live in sessionStorage only: not in localStorage, cookies, any URL or the console", async ({ page, context, signInAs }) => {
    const tokens = captureTokens(page);
    const urls: string[] = [];
    page.on("framenavigated", (frame) => urls.push(frame.url()));
    const logs: string[] = [];
    page.on("console", (message) => logs.push(message.text()));

    await signInAs("cloud-app-admin", "/setup");
    await expect(page.getByTestId("step-environment")).toBeVisible({ timeout: 30_000 }); // the operator's token was fetched too
    await expect.poll(() => tokens.length).toBeGreaterThanOrEqual(4); // sign-in: id, access, refresh; setup: another access token

    const { session, local } = await storage(page);
    expect(tokens.some((token) => session.some((entry) => entry.includes(token)))).toBe(true); // MSAL's cache is here
    expect(session.join("\n")).toMatch(/accesstoken/i);
    for (const entry of local) {
      expect(entry).not.toMatch(/accesstoken|idtoken|refreshtoken/i);
      expect(entry).not.toMatch(JWT);
      for (const token of tokens) expect(entry).not.toContain(token);
    }
    const cookies = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("\n");
    for (const token of tokens) expect(cookies).not.toContain(token);

    // The authorization response reaches the redirect bridge only; no page the user sees, shares or bookmarks has it.
    expect(urls.some((url) => url.includes("/auth/redirect"))).toBe(true);
    const origin = new URL(page.url()).origin;
    for (const url of urls.filter((u) => u.startsWith(origin))) {
      if (new URL(url).pathname !== "/auth/redirect") expect(url).not.toMatch(/[#?&](code|id_token|access_token|client_info|state)=/);
      for (const token of tokens) expect(url).not.toContain(token);
    }
    expect(new URL(page.url()).pathname).toBe("/setup");
    expect(page.url()).not.toMatch(/[#?&](code|id_token|access_token|client_info|state)=/);
    for (const line of logs) for (const token of tokens) expect(line).not.toContain(token);
  });

  test("signing out removes every token from the tab", async ({ page, signInAs }) => {
    const tokens = captureTokens(page);
    await signInAs("support", "/status");
    await expect.poll(() => tokens.length).toBeGreaterThanOrEqual(3);
    expect((await storage(page)).session.some((entry) => tokens.some((token) => entry.includes(token)))).toBe(true);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("banner").getByRole("button", { name: "Sign in" })).toBeVisible();
    const { session, local } = await storage(page);
    for (const entry of [...session, ...local]) {
      expect(entry).not.toMatch(/accesstoken|idtoken|refreshtoken/i);
      for (const token of tokens) expect(entry).not.toContain(token);
    }
  });

  test("shared links and the status download carry nothing secret", async ({ page, sim, signInAs }) => {
    seedDemoMix(sim);
    const tokens = captureTokens(page);
    await signInAs("global-admin", "/status");
    await expect(page.getByTestId("connector-status")).toHaveCount(6, { timeout: 30_000 });

    const shared: string[] = [];
    for (const path of ["/status", "/consent?env=psoxy&connectors=outlook-cal", "/teams?env=psoxy&connector=msft-teams"]) {
      if (path !== "/status") {
        await page.goto(path);
        await page.waitForLoadState("networkidle");
      }
      const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
      shared.push(...hrefs.filter((href) => /\/(status|consent|teams)(\?|$)/.test(new URL(href).pathname + new URL(href).search)));
    }
    expect(shared.length).toBeGreaterThanOrEqual(3);
    expect(shared.some((href) => href.includes("/consent?"))).toBe(true);
    expect(shared.some((href) => href.includes("/teams?"))).toBe(true);
    for (const href of shared) {
      const url = new URL(href);
      expect(url.hash, href).toMatch(/^(#[\w-]+)?$/); // at most an element id (a skip link), never parameters
      for (const name of url.searchParams.keys()) expect(["env", "connector", "connectors"], href).toContain(name);
      expect(href).not.toMatch(JWT);
      for (const token of tokens) expect(href).not.toContain(token);
    }

    await page.goto("/status");
    await expect(page.getByTestId("connector-status")).toHaveCount(6, { timeout: 30_000 });
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download JSON" }).click();
    const file = await (await downloading).path();
    const report = await readFile(file, "utf8");
    expect(report).toContain("psoxy");
    expect(report).not.toMatch(JWT);
    for (const token of tokens) expect(report).not.toContain(token);
  });
});
