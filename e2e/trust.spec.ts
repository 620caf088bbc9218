import { readFile } from "node:fs/promises";
import type { TenantSim } from "../lib/sim";
import { expect, test } from "./fixtures";
import { CONNECTOR_NAMES, gcpUniqueId, SetupWizard, type WizardConnector } from "./setup-wizard";

/** Issue 8: the wizard trusts what the tenant holds only when it is safe. */

const EVIL = "evil.example";

/** Every write Graph received that touched this application (its own path, or anything hanging off it). */
function writesTouching(sim: TenantSim, app: { id: string; appId: string }) {
  return sim.writes.filter((w) => w.objectId === app.id || w.path.includes(app.id) || w.path.includes(app.appId));
}

test.describe("trust what the tenant holds only when it is safe", () => {
  test("a squatted app (same uniqueName, foreign owner, client secret) needs a decision; applying without it leaves the app untouched", async ({
    page,
    sim,
    signInAs,
  }) => {
    const mallory = sim.seed.user({ displayName: "Mallory Squatter" });
    const squatted = sim.seed.application({
      displayName: "Psoxy Connector - Outlook Mail psoxy",
      uniqueName: "psoxy.psoxy.outlook-mail",
      ownerPersonaIds: [mallory.id],
      passwordCredentials: [{ displayName: "mallory key", endDateTime: "2028-01-01T00:00:00Z" }],
    });
    await signInAs("cloud-app-admin", "/setup");
    const wizard = new SetupWizard(page);
    await wizard.fillToPlan({ connectors: ["outlook-mail", "msft-teams"] });

    const card = page.getByTestId("plan-outlook-mail");
    const decision = page.getByTestId("plan-outlook-mail-decision");
    await expect(decision).toContainText("Needs your decision");
    await expect(decision).toContainText(`Owner Mallory Squatter ${mallory.userPrincipalName}`);
    await expect(decision).toContainText("Client secret “mallory key”, valid until 2028-01-01");
    // The plan lists every owner of the existing app.
    await expect(page.getByTestId("plan-outlook-mail-owner-list")).toContainText(
      `Owners now (1): Mallory Squatter (${mallory.userPrincipalName})`,
    );
    await expect(card.getByTestId("plan-outlook-mail-permissions")).toContainText("needs your decision");
    const confirm = page.getByRole("checkbox", { name: /^Adopt “Psoxy Connector - Outlook Mail psoxy” and keep Owner Mallory Squatter/ });
    await expect(confirm).not.toBeChecked(); // the default is to stop
    await expect(page.getByTestId("plan-summary")).toContainText("waiting for your decision");

    // Apply without confirming: the other connector is set up, the squatted app is not touched.
    await wizard.apply();
    await expect(page.getByTestId("step-results")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("result-msft-teams")).toBeVisible();
    await expect(page.getByTestId("result-outlook-mail")).toHaveCount(0);
    await expect(page.getByTestId("step-results")).toContainText("Not created yet");
    expect(writesTouching(sim, squatted)).toEqual([]);
    const app = sim.state().applications.find((a) => a.id === squatted.id)!;
    expect(app.requiredResourceAccess).toEqual([]);
    expect(app.owners).toEqual([mallory.id]);
    expect(sim.state().servicePrincipals.some((sp) => sp.appId === squatted.appId)).toBe(false);
    expect(sim.writes.filter((w) => w.kind === "application" && w.status < 300)).toHaveLength(1); // Teams only

    // Confirming, for this app, what stays is what adopts it.
    await page.getByRole("button", { name: "Back to plan" }).click();
    await page.getByRole("checkbox", { name: /^Adopt “Psoxy Connector - Outlook Mail psoxy” and keep/ }).check();
    await expect(page.getByTestId("plan-outlook-mail-permissions")).toContainText("update");
    await wizard.apply();
    await wizard.expectResults(["outlook-mail", "msft-teams"]);
    expect(writesTouching(sim, squatted).length).toBeGreaterThan(0);
    expect(sim.state().applications.find((a) => a.id === squatted.id)!.owners).toEqual(expect.arrayContaining([mallory.id]));
  });

  test("a tag with a line break never reaches the page or a file", async ({ page, sim, signInAs }) => {
    const operator = sim.personas.find((p) => p.id === "cloud-app-admin")!;
    const app = sim.seed.application({
      displayName: "Psoxy Connector - Outlook Mail psoxy",
      uniqueName: "psoxy.psoxy.outlook-mail",
      tags: ["psoxy-wizard", "psoxy-connector:outlook-mail", `psoxy-env:psoxy\nREFRESH_ENDPOINT=https://${EVIL}/token`],
      notes: `Managed by the Psoxy Microsoft 365 setup wizard.\nProxy identity: GCP service account ${gcpUniqueId(2)}.`,
      ownerPersonaIds: [operator.id],
    });
    sim.seed.federatedIdentityCredential(app.id, { name: "GcpFederation", issuer: "https://accounts.google.com", subject: gcpUniqueId(2) });
    await signInAs("cloud-app-admin", "/setup");

    const earlier = page.getByTestId("earlier-setups");
    await expect(earlier).toContainText("Environment psoxy · 1 application");
    await expect(page.getByTestId("earlier-setup-dropped-psoxy")).toContainText(
      "The environment tag read from the tenant was ignored: it is not valid",
    );
    await expect(page.locator("body")).not.toContainText(EVIL);
    await page.getByRole("button", { name: "Continue environment psoxy" }).click();

    await expect(page.getByTestId("plan-summary")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("plan-outlook-mail-dropped")).toContainText("with control characters");
    await expect(page.locator("body")).not.toContainText(EVIL);
    await new SetupWizard(page).apply();
    await new SetupWizard(page).expectResults(["outlook-mail"]);

    const results = page.getByTestId("step-results");
    const env = page.getByLabel("Proxy environment for Outlook Mail", { exact: true });
    await expect(env).toContainText("CLIENT_ID=");
    expect((await env.textContent())!.match(/REFRESH_ENDPOINT=/g)).toHaveLength(1);
    const tfvars = await page.getByLabel("terraform.tfvars", { exact: true }).textContent();
    expect(tfvars).toContain('environment_name   = "psoxy"');
    expect(await results.textContent()).not.toContain(EVIL);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download results (JSON)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("psoxy-msft-365-connectors.json");
    const json = await readFile((await download.path())!, "utf8");
    expect(json).not.toContain(EVIL);
    expect(JSON.parse(json).environmentId).toBe("psoxy");
    // The wizard wrote its tag back clean; the bad one is gone from the tenant too.
    const tags = sim.state().applications.find((a) => a.id === app.id)!.tags;
    expect(tags.join(" ")).not.toContain(EVIL);
    expect(tags).toContain("psoxy-env:psoxy");
  });

  test("GCP shared mode with three connectors: one app, three credentials whose subjects are the three service accounts", async ({
    page,
    sim,
    signInAs,
  }) => {
    const connectors: WizardConnector[] = ["outlook-cal", "outlook-mail", "msft-teams"];
    await signInAs("cloud-app-admin", "/setup");
    const wizard = new SetupWizard(page);
    await page.getByLabel("Environment id").fill("psoxy");
    await wizard.next();
    for (const id of connectors) await page.getByRole("checkbox", { name: CONNECTOR_NAMES[id], exact: true }).check();
    await page.getByRole("radio", { name: "One shared application for all connectors" }).check();
    await wizard.next();
    await page.getByRole("radio", { name: "GCP" }).check();
    await expect(page.getByTestId("step-identity")).toContainText("Shared application: one application serves every connector");
    for (const id of connectors) {
      await page
        .getByLabel(`Service account unique ID for ${CONNECTOR_NAMES[id]}`, { exact: true })
        .fill(gcpUniqueId(connectors.indexOf(id) + 1));
    }
    await wizard.next();
    await wizard.next(); // owners: just me
    await expect(page.getByTestId("plan-summary")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("plan-shared-federatedCredential")).toContainText("GcpFederation-msft-teams");
    await wizard.apply();
    await wizard.expectResults(["shared"]);

    const apps = sim.state().applications.filter((app) => app.tags.includes("psoxy-wizard"));
    expect(apps).toHaveLength(1);
    expect(apps[0]!.uniqueName).toBe("psoxy.psoxy.shared");
    const fics = sim.state().federatedIdentityCredentials.filter((f) => f.applicationId === apps[0]!.id);
    expect(fics.map((f) => f.subject).sort()).toEqual(connectors.map((id) => gcpUniqueId(connectors.indexOf(id) + 1)).sort());
    expect(fics.map((f) => f.name).sort()).toEqual(connectors.map((id) => `GcpFederation-${id}`).sort());
    expect(fics.every((f) => f.issuer === "https://accounts.google.com" && f.audiences[0] === "api://AzureADTokenExchange")).toBe(true);
    expect(sim.writes.filter((w) => w.kind === "federatedIdentityCredential" && w.action === "create" && w.status < 300)).toHaveLength(3);

    // The handoff imports each credential at the GCP example's address, and says what Psoxy's configuration must change.
    const imports = await page.getByLabel("Terraform import blocks", { exact: true }).textContent();
    for (const id of connectors)
      expect(imports).toContain(
        `module.msft-connection-auth-federation["${id}"].azuread_application_federated_identity_credential.federated_credential`,
      );
    expect(imports).not.toContain("azuread_application.connector");
    await expect(page.getByTestId("handoff-config-changes")).toContainText('display_name = "GcpFederation-${each.key}"');
  });
});
