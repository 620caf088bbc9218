import {
  azureCliRegistration,
  graphPowerShellRegistration,
  registrationFix,
  registrationSteps,
  WIZARD_CONSENT_SCOPE,
} from "../lib/auth/registration";
import { SIM_TENANT_ID } from "../lib/sim";
import { expect, pickPersona, test } from "./fixtures";
import { onWebPlatform, replayAsAdmin } from "./replay";
import { freePort, startStandalone } from "./standalone";

/**
 * Issue 10: registering the wizard itself. The start page's commands are generated from lib/auth/registration.ts;
 * these tests replay exactly those Graph requests against the simulator (as a Cloud Application Administrator's
 * Azure CLI session), restart the wizard with what the commands print, and sign in. A misregistration (Web platform,
 * wrong redirect URI) shows the fix for this address, and the fix, replayed, makes sign-in work.
 */

test("the start page's registration, replayed against the simulator, makes an app the wizard signs in with", async ({
  page,
  sim,
  signInAs,
}) => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const unregistered = await startStandalone({ PSOXY_WIZARD_MODE: "tenant" }, port);
  let values;
  try {
    await page.goto(unregistered.url);
    await expect(page.getByRole("alert").filter({ hasText: "This wizard is not configured for a tenant yet" })).toContainText(
      "ENTRA_CLIENT_ID is not set",
    );
    await expect(page.getByRole("heading", { name: "Register the wizard in your tenant" })).toBeVisible();
    // The commands shown are the module's, for this page's origin.
    const cli = page.getByLabel("Azure CLI registration command", { exact: true });
    await expect(cli).toContainText(`${origin}/auth/redirect`);
    expect(await cli.textContent()).toBe(azureCliRegistration(origin));
    expect(await page.getByLabel("Microsoft Graph PowerShell registration command", { exact: true }).textContent()).toBe(
      graphPowerShellRegistration(origin),
    );
    await expect(page.getByRole("link", { name: "Open Azure Cloud Shell" })).toHaveAttribute("href", "https://shell.azure.com");
    await expect(page.getByRole("list", { name: "What to set next" })).toContainText("ENTRA_CLIENT_ID");
    await expect(page.getByRole("list", { name: "What to set next" })).toContainText("ENTRA_TENANT");

    values = await replayAsAdmin(sim, registrationSteps(origin));
  } finally {
    await unregistered.stop();
  }

  // Graph received the application, its service principal and the admin consent, from the Cloud Application Administrator.
  // The application and service principal are upserts (a second run updates them), the grant a create after a lookup.
  expect(sim.writes.map((w) => `${w.method} ${w.path.replace(/\(.*\)/, "(…)")} ${w.status}`)).toEqual([
    "PATCH /applications(…) 201",
    "PATCH /servicePrincipals(…) 201",
    "POST /oauth2PermissionGrants 201",
  ]);
  const app = sim.state().applications.find((a) => a.appId === values.appId)!;
  expect(app.extra).toMatchObject({ spa: { redirectUris: [`${origin}/auth/redirect`] } });
  expect(sim.state().oauth2PermissionGrants[0]).toMatchObject({ consentType: "AllPrincipals", scope: WIZARD_CONSENT_SCOPE });

  // Step 2 of the quickstart: set the two values the script printed, and run it again at the same address.
  const registered = await startStandalone(
    { PSOXY_WIZARD_MODE: "tenant", ENTRA_CLIENT_ID: values.appId!, ENTRA_TENANT: SIM_TENANT_ID },
    port,
  );
  try {
    await signInAs("cloud-app-admin", `${registered.url}/setup`);
    await expect(page.getByTestId("step-environment")).toBeVisible();
    // Every sign-in and consent request named the new app (the persona's choice is POSTed without query parameters).
    const asked = sim.requests
      .filter((r) => r.url.includes("/oauth2/v2.0/authorize"))
      .map((r) => new URL(r.url).searchParams)
      .filter((params) => params.has("client_id"));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.map((params) => params.get("client_id"))).toEqual(asked.map(() => values.appId));
  } finally {
    await registered.stop();
  }
});

test("a registration with the Web platform instead of SPA shows the platform fix for this address; the fix makes sign-in work", async ({
  page,
  sim,
}) => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { appId } = await replayAsAdmin(sim, onWebPlatform(registrationSteps(origin)));
  const server = await startStandalone({ PSOXY_WIZARD_MODE: "tenant", ENTRA_CLIENT_ID: appId!, ENTRA_TENANT: SIM_TENANT_ID }, port);
  try {
    await page.goto(server.url);
    await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
    await pickPersona(page, sim, "cloud-app-admin");
    // Entra signed the user in, then refused the browser's code redemption (AADSTS9002326).
    const alert = page.getByRole("main").getByRole("alert").filter({ hasText: "Web platform" });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toContainText("Code: AADSTS9002326");
    await expect(alert).toContainText(`${origin}/auth/redirect`);
    const fix = registrationFix("platform", { origin, clientId: appId! });
    await expect(page.getByRole("heading", { name: "Fix the wizard's app registration" })).toBeVisible();
    expect(await page.getByLabel("Azure CLI fix command", { exact: true }).textContent()).toBe(fix.azureCli);
    expect(await page.getByLabel("Microsoft Graph PowerShell fix command", { exact: true }).textContent()).toBe(fix.powerShell);

    // Run the fix exactly as shown; sign in again.
    await replayAsAdmin(sim, fix.steps);
    expect(sim.writes.at(-1)).toMatchObject({ method: "PATCH", path: `/applications(appId='${appId}')`, status: 204 });
    await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
    await pickPersona(page, sim, "cloud-app-admin");
    await expect(page.getByTestId("account-name")).toBeVisible({ timeout: 30_000 });
  } finally {
    await server.stop();
  }
});

test("a wrong redirect URI stops on Microsoft's page; its error, pasted on the start page, shows the redirect fix for this address", async ({
  page,
  sim,
}) => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // Registered for another address.
  const { appId } = await replayAsAdmin(sim, registrationSteps("https://wizard.contoso.com"));
  const server = await startStandalone({ PSOXY_WIZARD_MODE: "tenant", ENTRA_CLIENT_ID: appId!, ENTRA_TENANT: SIM_TENANT_ID }, port);
  try {
    await page.goto(server.url);
    await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/login\.microsoftonline\.com/);
    const error = page.getByText(/AADSTS50011/);
    await expect(error).toBeVisible();
    const message = (await error.textContent()) ?? "";
    expect(message).toContain(`'${origin}/auth/redirect'`);

    // Back on the wizard, the admin pastes what Microsoft's page said.
    await page.goto(server.url);
    await page.getByText("Did Microsoft's sign-in page show an error").click();
    await page.getByLabel("Paste the error text from Microsoft's page").fill(message);
    const diagnosis = page.getByLabel("Diagnosis");
    await expect(diagnosis.getByRole("alert")).toContainText("This address is not a redirect URI of the wizard's app");
    await expect(diagnosis.getByRole("alert")).toContainText(`${origin}/auth/redirect`);
    const fix = registrationFix("redirect", { origin, clientId: appId! });
    expect(await diagnosis.getByLabel("Azure CLI fix command", { exact: true }).textContent()).toBe(fix.azureCli);

    await replayAsAdmin(sim, fix.steps);
    await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
    await pickPersona(page, sim, "cloud-app-admin");
    await expect(page.getByTestId("account-name")).toBeVisible({ timeout: 30_000 });
  } finally {
    await server.stop();
  }
});
