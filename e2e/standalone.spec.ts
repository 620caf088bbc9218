import { DIRECTORY_ROLES } from "../lib/connectors/microsoft-ids";
import { SIM_TENANT_ID } from "../lib/sim";
import { E2E_CLIENT_ID } from "./env";
import { expect, test } from "./fixtures";
import { startExpectingExit, startStandalone } from "./standalone";

/** Issue 10: the standalone build (`npm run serve`, not `next start`) runs the wizard with the environment it is given. */

test("the standalone server serves the start page and the real-MSAL sign-in in tenant mode", async ({ page, sim, signInAs }) => {
  const server = await startStandalone({ PSOXY_WIZARD_MODE: "tenant", ENTRA_CLIENT_ID: E2E_CLIENT_ID, ENTRA_TENANT: SIM_TENANT_ID });
  try {
    await page.goto(server.url);
    await expect(page.getByRole("heading", { name: "Connect Microsoft 365 to Psoxy" })).toBeVisible();
    // Configured: no registration commands, no configuration alert.
    await expect(page.getByRole("heading", { name: "Register the wizard in your tenant" })).toHaveCount(0);
    await expect(page.getByText("This wizard is not configured for a tenant yet")).toHaveCount(0);

    await signInAs("cloud-app-admin", `${server.url}/status`);
    const persona = sim.personas.find((p) => p.id === "cloud-app-admin")!;
    await expect(page.getByTestId("account-name")).toHaveText(persona.displayName);
    await expect(page.getByTestId("my-roles")).toContainText(DIRECTORY_ROLES.cloudApplicationAdministrator.displayName);
    // The sign-in went to Microsoft's (routed) host from the page this server served.
    const authorize = sim.requests.find((r) => r.url.includes("/oauth2/v2.0/authorize"));
    expect(new URL(authorize!.url).searchParams.get("redirect_uri")).toBe(`${server.url}/auth/redirect`);
    expect(server.output()).not.toMatch(/cannot work/);
  } finally {
    await server.stop();
  }
});

test("a configuration that cannot work stops the standalone server at start, saying why; demo mode still starts", async () => {
  const [badClient, httpAuthority, unknownCloud, mismatched] = await Promise.all([
    startExpectingExit({ PSOXY_WIZARD_MODE: "tenant", ENTRA_CLIENT_ID: "my-wizard-app" }),
    startExpectingExit({
      PSOXY_WIZARD_MODE: "tenant",
      ENTRA_CLIENT_ID: E2E_CLIENT_ID,
      ENTRA_AUTHORITY_HOST: "http://login.microsoftonline.com",
    }),
    startExpectingExit({ ENTRA_CLIENT_ID: E2E_CLIENT_ID, ENTRA_CLOUD: "germany" }),
    startExpectingExit({ ENTRA_CLIENT_ID: E2E_CLIENT_ID, ENTRA_CLOUD: "usgov", GRAPH_BASE_URL: "https://graph.microsoft.com" }),
  ]);
  for (const run of [badClient, httpAuthority, unknownCloud, mismatched]) {
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain("Psoxy setup wizard: this configuration cannot work, so the server does not start.");
  }
  expect(badClient.output).toContain('ENTRA_CLIENT_ID "my-wizard-app" is not a client id');
  expect(httpAuthority.output).toContain("ENTRA_AUTHORITY_HOST must be an https URL");
  expect(unknownCloud.output).toContain('ENTRA_CLOUD "germany" is not a Microsoft cloud the wizard knows');
  expect(mismatched.output).toContain(
    "ENTRA_CLOUD=usgov signs in at https://login.microsoftonline.us and reads Graph at https://graph.microsoft.us",
  );

  // Demo mode needs none of these; a missing client id shows the registration commands instead of stopping.
  const demo = await startStandalone({ PSOXY_WIZARD_MODE: "demo", ENTRA_CLIENT_ID: "my-wizard-app", ENTRA_CLOUD: "germany" });
  const unregistered = await startStandalone({ PSOXY_WIZARD_MODE: "tenant" });
  try {
    expect((await fetch(`${demo.url}/demo`)).status).toBe(200);
    expect(await (await fetch(`${unregistered.url}/`)).text()).toContain("ENTRA_CLIENT_ID is not set");
  } finally {
    await Promise.all([demo.stop(), unregistered.stop()]);
  }
});
