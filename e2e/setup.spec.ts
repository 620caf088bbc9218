import type { TenantSim } from "../lib/sim";
import { expect, test } from "./fixtures";
import { ALL_CONNECTORS, SetupWizard } from "./setup-wizard";

function createdWrites(sim: TenantSim, kind: string) {
  return sim.writes.filter((w) => w.kind === kind && w.action === "create" && w.status < 300);
}

function wizardApps(sim: TenantSim) {
  return sim.state().applications.filter((app) => app.tags.includes("psoxy-wizard"));
}

test.describe("operator setup", () => {
  test("a Cloud Application Administrator plans, applies and re-applies six connectors", async ({ page, sim, signInAs }) => {
    await signInAs("cloud-app-admin", "/setup");
    const wizard = new SetupWizard(page);
    await wizard.fillToPlan({ connectors: ALL_CONNECTORS, owners: "alex.kim@contoso-demo.onmicrosoft.com" });
    await expect(page.getByTestId("plan-summary")).toContainText("30 to create");
    expect(sim.writes).toHaveLength(0); // planning writes nothing

    await wizard.apply();
    await wizard.expectResults(ALL_CONNECTORS);

    // Exactly one application, service principal and credential per connector reached Graph.
    for (const kind of ["application", "servicePrincipal", "federatedIdentityCredential"]) {
      expect(createdWrites(sim, kind), kind).toHaveLength(6);
    }
    expect(new Set(createdWrites(sim, "application").map((w) => w.objectId)).size).toBe(6);
    const apps = wizardApps(sim);
    expect(apps).toHaveLength(6);
    for (const app of apps) expect(app.owners.length).toBe(2);

    // Results are read back from the tenant.
    const mail = apps.find((app) => app.tags.includes("psoxy-connector:outlook-mail"))!;
    await expect(page.getByTestId("result-outlook-mail")).toContainText(mail.appId);
    await expect(page.getByTestId("result-outlook-mail")).toContainText(mail.id);

    // Applying again when the tenant matches writes nothing.
    const writesBefore = sim.writes.length;
    await page.getByRole("button", { name: "Back to plan" }).click();
    await expect(page.getByText("Your tenant already matches: nothing to apply")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole("button", { name: "Apply", exact: true })).toBeDisabled();
    expect(sim.writes.length).toBe(writesBefore);
  });

  test("an apply interrupted by closing the page resumes without duplicates", async ({ context, page, sim, signInAs }) => {
    await signInAs("cloud-app-admin", "/setup");
    const wizard = new SetupWizard(page);
    await wizard.fillToPlan({ connectors: ALL_CONNECTORS });

    // Hold the second round (service principals, credentials, owners) so the tab closes exactly between the two.
    let reachedSecondRound!: () => void;
    const secondRound = new Promise<void>((resolve) => (reachedSecondRound = resolve));
    const batch = "https://graph.microsoft.com/v1.0/$batch";
    await context.route(batch, async (route) => {
      if (route.request().postData()?.includes("/servicePrincipals(appId=")) return reachedSecondRound(); // never answered
      await route.fallback();
    });
    await wizard.apply();
    await secondRound;
    await page.close();
    await context.unroute(batch);
    expect(createdWrites(sim, "application")).toHaveLength(6);
    expect(createdWrites(sim, "servicePrincipal")).toHaveLength(0);

    // A new tab: no sessionStorage, no tokens. The tenant holds the state.
    const again = await context.newPage();
    await again.goto("/setup");
    await again.getByRole("main").getByRole("button", { name: "Sign in" }).click();
    await again.getByRole("button", { name: `Sign in as ${sim.personas.find((p) => p.id === "cloud-app-admin")!.displayName}` }).click();
    // The wizard finds the half-done setup in the tenant and continues it: nothing to retype.
    await expect(again.getByTestId("earlier-setups")).toContainText("6 applications");
    await again.getByRole("button", { name: "Continue environment psoxy" }).click();
    const resumed = new SetupWizard(again);
    await expect(again.getByTestId("plan-summary")).toBeVisible({ timeout: 20_000 });
    await expect(again.getByTestId("plan-outlook-mail-application")).toContainText("unchanged");
    await expect(again.getByTestId("plan-outlook-mail-servicePrincipal")).toContainText("create");
    await resumed.apply();
    await resumed.expectResults(ALL_CONNECTORS);

    expect(wizardApps(sim)).toHaveLength(6);
    expect(createdWrites(sim, "application")).toHaveLength(6);
    expect(createdWrites(sim, "servicePrincipal")).toHaveLength(6);
    expect(createdWrites(sim, "federatedIdentityCredential")).toHaveLength(6);
    expect(sim.state().servicePrincipals.filter((sp) => sp.tags.includes("HideApp"))).toHaveLength(6);
  });

  test("a step that fails shows what failed, Graph's code and request-id, and a retry finishes the job", async ({
    page,
    sim,
    signInAs,
  }) => {
    sim.faults.failNext({
      method: "PATCH",
      pathIncludes: "/servicePrincipals",
      status: 403,
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
      times: 1,
    });
    await signInAs("cloud-app-admin", "/setup");
    const wizard = new SetupWizard(page);
    await wizard.fillToPlan({ connectors: ["outlook-mail"] });
    await wizard.apply();
    await expect(page.getByTestId("progress-outlook-mail-servicePrincipal")).toHaveText("failed", { timeout: 20_000 });
    await expect(page.getByTestId("progress-outlook-mail-federatedCredential")).toHaveText("done");
    const failure = page.getByTestId("failure-outlook-mail-servicePrincipal");
    await expect(failure).toContainText("Create service principal for Psoxy Connector - Outlook Mail psoxy");
    await expect(failure).toContainText("Authorization_RequestDenied");
    expect(sim.writes.filter((w) => w.kind === "servicePrincipal" && w.status === 403)).toHaveLength(1);
    await expect(failure).toContainText(/request-id\s*[0-9a-f-]{36}/);
    await expect(failure).toContainText("Next step");

    await page.getByRole("button", { name: "Retry failed steps" }).click();
    await wizard.expectResults(["outlook-mail"]);
    expect(createdWrites(sim, "application")).toHaveLength(1);
    expect(createdWrites(sim, "servicePrincipal")).toHaveLength(1);
    expect(createdWrites(sim, "federatedIdentityCredential")).toHaveLength(1);
  });

  test("AWS: the Cognito command gets the client id, and its pasted JSON output creates the credential", async ({
    page,
    sim,
    signInAs,
  }) => {
    const pool = "us-east-1:0f7d7a4c-33d2-4d9f-a0d8-3a8e1c2b9d10";
    await signInAs("cloud-app-admin", "/setup");
    const wizard = new SetupWizard(page);
    await page.getByLabel("Environment id").fill("psoxy");
    await wizard.next();
    await page.getByRole("checkbox", { name: "Outlook Mail", exact: true }).check();
    await wizard.next();
    await page.getByRole("radio", { name: "AWS" }).check();
    await page.getByLabel("AWS region").fill("eu-west-1");
    await page.getByLabel("Cognito identity pool id").fill(pool);
    await wizard.next();
    await expect(page.getByText(/The pool id is in us-east-1 but the region is eu-west-1/)).toBeVisible();
    await page.getByLabel("AWS region").fill("us-east-1");
    await wizard.next();
    await wizard.next(); // owners: just me
    await expect(page.getByTestId("plan-outlook-mail-federatedCredential")).toContainText("pending");
    await wizard.apply();
    await wizard.expectResults(["outlook-mail"]);

    const app = sim.state().applications.find((a) => a.tags.includes("psoxy-connector:outlook-mail"))!;
    const command = page.getByLabel("Cognito command for Psoxy Connector - Outlook Mail psoxy", { exact: true });
    await expect(command).toContainText(`--identity-pool-id ${pool}`);
    await expect(command).toContainText(`psoxy-azure-access=${app.appId}`);
    expect(sim.state().federatedIdentityCredentials).toHaveLength(0);

    const input = page.getByLabel("Paste the IdentityId or the command's JSON output");
    await input.fill("not an identity");
    await page.getByRole("button", { name: "Save IdentityId and update the plan" }).click();
    await expect(page.getByTestId("step-results")).toContainText("IdentityId");
    await expect(input).toHaveAttribute("aria-invalid", "true");
    const identityId = "us-east-1:5a1c1c3e-8d9a-4f5e-9d0b-2f6f7e8a9b0c";
    await input.fill(JSON.stringify({ IdentityId: identityId, Token: "eyJraWQiOi.not-kept.x" }));
    await page.getByRole("button", { name: "Save IdentityId and update the plan" }).click();
    await expect(page.getByTestId("plan-outlook-mail-federatedCredential")).toContainText("create", { timeout: 20_000 });
    await wizard.apply();
    await wizard.expectResults(["outlook-mail"]);
    const [credential] = sim.state().federatedIdentityCredentials;
    expect(credential).toMatchObject({ issuer: "https://cognito-identity.amazonaws.com", subject: identityId, audiences: [pool] });
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    expect(stored).not.toContain("eyJraWQiOi");
  });

  test("an app made by Psoxy's Terraform is adopted, not duplicated", async ({ page, sim, signInAs }) => {
    const existing = sim.seed.application({
      displayName: "Psoxy Connector - Outlook Mail psoxy ",
      tags: ["team:data"],
      notes: "Made by Terraform.",
    });
    await signInAs("cloud-app-admin", "/setup");
    const wizard = new SetupWizard(page);
    await wizard.fillToPlan({ connectors: ["outlook-mail"] });
    await expect(page.getByTestId("plan-outlook-mail-application")).toContainText("adopt");
    await wizard.apply();
    await wizard.expectResults(["outlook-mail"]);

    const apps = sim.state().applications.filter((app) => app.displayName?.startsWith("Psoxy Connector - Outlook Mail"));
    expect(apps).toHaveLength(1);
    expect(apps[0]!.id).toBe(existing.id);
    expect(apps[0]!.uniqueName).toBe("psoxy.psoxy.outlook-mail");
    expect(apps[0]!.tags).toEqual(expect.arrayContaining(["team:data", "psoxy-wizard"]));
    expect(apps[0]!.notes).toMatch(/^Made by Terraform\./);
    expect(createdWrites(sim, "application")).toHaveLength(0);
    await expect(page.getByTestId("result-outlook-mail")).toContainText(existing.appId);
  });

  test("a user without a role finishes an app another admin pre-created for them", async ({ page, sim, signInAs }) => {
    const precreated = sim.seed.application({ displayName: "Psoxy Connector - Outlook Calendar psoxy", ownerPersonaIds: ["plain-user"] });
    await signInAs("plain-user", "/setup");
    await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Your roles limit what you can do here" })).toBeVisible();
    const wizard = new SetupWizard(page);
    await wizard.fillToPlan({ connectors: ["outlook-cal"] });
    await expect(page.getByTestId("plan-outlook-cal-application")).toContainText("adopt");
    await wizard.apply();
    await wizard.expectResults(["outlook-cal"]);
    expect(sim.state().servicePrincipals.some((sp) => sp.appId === precreated.appId)).toBe(true);
    expect(createdWrites(sim, "application")).toHaveLength(0);
  });

  test("a user with neither a role nor a pre-created app is told who must do what, and nothing is written", async ({
    page,
    sim,
    signInAs,
  }) => {
    await signInAs("plain-user", "/setup");
    const wizard = new SetupWizard(page);
    await wizard.fillToPlan({ connectors: ["msft-teams"] });
    await expect(page.getByTestId("plan-msft-teams")).toContainText("Cloud Application Administrator");
    await expect(page.getByTestId("plan-msft-teams-application")).toContainText("blocked");
    await expect(page.getByRole("button", { name: "Apply", exact: true })).toBeDisabled();
    expect(sim.writes).toHaveLength(0);
  });
});
