import type { Page, Route } from "@playwright/test";
import { DEMO_MIX, seedDemoMix } from "../lib/demo/mix";
import { expectAccessible, VIEWPORTS } from "./a11y";
import { expect, pickPersona, test } from "./fixtures";
import { CONNECTOR_NAMES, gcpUniqueId, SetupWizard } from "./setup-wizard";

const BATCH = "https://graph.microsoft.com/v1.0/$batch";

/** Holds the first $batch whose body matches until `release()`; the page shows its in-between state meanwhile. */
async function holdBatch(page: Page, matches: (body: string) => boolean) {
  let held: Route | undefined;
  let reached!: () => void;
  const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
  await page.context().route(BATCH, async (route) => {
    if (!held && matches(route.request().postData() ?? "")) {
      held = route;
      reached();
      return;
    }
    await route.fallback();
  });
  return {
    reached: reachedPromise,
    release: async () => {
      await page.context().unroute(BATCH);
      await held?.fallback();
    },
  };
}

for (const viewport of VIEWPORTS) {
  test.describe(`accessibility (WCAG 2.1 AA) at ${viewport.name}`, () => {
    test.use({ viewport: viewport.size });
    // Long walks, with axe run at every state.
    test.describe.configure({ timeout: 240_000 });
    const check = (page: Page, state: string) => expectAccessible(page, state, viewport.name);

    test("signed-out pages, a broken link, a cancelled sign-in, another tenant", async ({ page, sim }) => {
      await page.goto("/");
      await expect(page.getByRole("heading", { name: "Connect Microsoft 365 to Psoxy" })).toBeVisible();
      await check(page, "landing");
      for (const [path, state] of [
        ["/setup", "setup signed out"],
        [`/consent?env=${DEMO_MIX.gcpEnvironment}&connectors=outlook-cal`, "consent signed out"],
        ["/status", "status signed out"],
        ["/teams?env=psoxy&connector=msft-teams", "teams signed out"],
      ] as const) {
        await page.goto(path);
        await expect(page.getByRole("main").getByRole("button", { name: "Sign in" })).toBeVisible();
        await check(page, state);
      }
      await page.goto("/teams?env=psoxy&connector=outlook-mail");
      await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
      await check(page, "teams bad link");
      await page.goto("/no-such-page");
      await check(page, "not found");

      await page.goto("/");
      await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("button", { name: "Cancel" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Sign-in was cancelled" })).toBeVisible();
      await check(page, "sign-in cancelled");

      // A new tab (the cancelled sign-in's tab keeps MSAL's state).
      const tab = await page.context().newPage();
      await tab.goto("/setup");
      await tab.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      await pickPersona(tab, sim, "other-tenant-user");
      await expect(tab.getByRole("main").getByRole("alert")).toContainText(/another (tenant|directory)/);
      await expectAccessible(tab, "another tenant", viewport.name);
    });

    test("the operator's wizard: every step, its errors, plan, progress and results", async ({ page, sim, signInAs }) => {
      seedDemoMix(sim); // an earlier setup to continue, on the environment step
      await signInAs("cloud-app-admin", "/");
      await expect(page.getByTestId("signed-in-name")).toBeVisible();
      await check(page, "landing signed in");

      await page.getByRole("link", { name: "Start setup" }).click();
      const wizard = new SetupWizard(page);
      await expect(page.getByTestId("earlier-setups")).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId("organization-name")).not.toHaveText("Reading…");
      await check(page, "environment step");
      await page.getByLabel("Environment id").fill("-bad-");
      await wizard.next();
      await expect(page.getByLabel("Environment id")).toHaveAttribute("aria-invalid", "true");
      await check(page, "environment step error");
      await page.getByLabel("Environment id").fill("a11y");
      await wizard.next();

      await expect(page.getByTestId("step-connectors")).toBeVisible();
      await wizard.next();
      await expect(page.locator("#connectors-error")).toBeVisible();
      await check(page, "connectors step error");
      for (const name of [CONNECTOR_NAMES["outlook-mail"], CONNECTOR_NAMES["msft-teams"]])
        await page.getByRole("checkbox", { name, exact: true }).check();
      await page.getByRole("radio", { name: /One shared application/ }).check();
      await check(page, "connectors step shared");
      await page.getByRole("radio", { name: /One application per connector/ }).check();
      await wizard.next();

      await expect(page.getByTestId("step-identity")).toBeVisible();
      await check(page, "identity step gcp");
      await wizard.next();
      await expect(page.getByLabel(`Service account unique ID for ${CONNECTOR_NAMES["outlook-mail"]}`)).toHaveAttribute(
        "aria-invalid",
        "true",
      );
      await check(page, "identity step errors");
      await page.getByRole("radio", { name: "AWS" }).check();
      await page.getByTestId("aws-prerequisites").locator("summary").click();
      await check(page, "identity step aws");
      await page.getByRole("radio", { name: "GCP" }).check();
      await page.getByLabel(`Service account unique ID for ${CONNECTOR_NAMES["outlook-mail"]}`).fill(gcpUniqueId(2));
      await page.getByLabel(`Service account unique ID for ${CONNECTOR_NAMES["msft-teams"]}`).fill(gcpUniqueId(2));
      await expect(page.getByTestId("gcp-identity-warnings")).toBeVisible();
      await check(page, "identity step warnings");
      await page.getByLabel(`Service account unique ID for ${CONNECTOR_NAMES["msft-teams"]}`).fill(gcpUniqueId(3));
      await wizard.next();

      await expect(page.getByTestId("step-owners")).toBeVisible();
      await expect(page.getByTestId("owner-self")).not.toBeEmpty();
      await check(page, "owners step");
      await page.getByLabel("Additional owners (optional)").fill("nobody@contoso-demo.onmicrosoft.com");
      await wizard.next();
      await expect(page.getByLabel("Additional owners (optional)")).toHaveAttribute("aria-invalid", "true");
      await check(page, "owners step error");
      await page.getByLabel("Additional owners (optional)").fill("");
      await wizard.next();

      await expect(page.getByTestId("plan-summary")).toBeVisible({ timeout: 20_000 });
      await check(page, "plan");

      // Progress: hold the second round of writes so the table shows finished and running steps.
      const hold = await holdBatch(page, (body) => body.includes("/servicePrincipals(appId="));
      await wizard.apply();
      await hold.reached;
      // Progress is announced: a polite live region that says how far the run is.
      await expect(page.getByRole("status").filter({ hasText: /Applying… \d+ of \d+ steps finished/ })).toHaveAttribute(
        "aria-live",
        "polite",
      );
      await check(page, "apply progress");
      await hold.release();

      await wizard.expectResults(["outlook-mail", "msft-teams"]);
      await expect(page.getByTestId("results-summary")).toBeVisible();
      await check(page, "results");
    });

    test("a failed apply, and AWS results with the Cognito paste", async ({ page, sim, signInAs }) => {
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
      await page.getByLabel("Environment id").fill("psoxy");
      await wizard.next();
      await page.getByRole("checkbox", { name: "Outlook Mail", exact: true }).check();
      await wizard.next();
      await page.getByRole("radio", { name: "AWS" }).check();
      await page.getByLabel("AWS region").fill("us-east-1");
      await page.getByLabel("Cognito identity pool id").fill("us-east-1:0f7d7a4c-33d2-4d9f-a0d8-3a8e1c2b9d10");
      await wizard.next();
      await wizard.next();
      await expect(page.getByTestId("plan-outlook-mail-federatedCredential")).toContainText("pending", { timeout: 20_000 });
      await check(page, "plan aws pending");
      await wizard.apply();
      await expect(page.getByTestId("failure-outlook-mail-servicePrincipal")).toBeVisible({ timeout: 20_000 });
      await check(page, "apply failed");
      await page.getByRole("button", { name: "Retry failed steps" }).click();
      await wizard.expectResults(["outlook-mail"]);
      await check(page, "results aws");
      await page.getByLabel("Paste the IdentityId or the command's JSON output").fill("not an identity");
      await page.getByRole("button", { name: "Save IdentityId and update the plan" }).click();
      await expect(page.getByLabel("Paste the IdentityId or the command's JSON output")).toHaveAttribute("aria-invalid", "true");
      await check(page, "results aws paste error");
    });

    test("consent: denied, the board, granting and the result", async ({ page, sim, signInAs }) => {
      seedDemoMix(sim);
      const link = `/consent?env=${DEMO_MIX.gcpEnvironment}`;
      await signInAs("app-admin", link);
      await expect(page.getByTestId("role-holders")).toBeVisible({ timeout: 30_000 });
      await check(page, "consent denied");
      await page.getByRole("button", { name: "Sign out" }).click();

      await signInAs("priv-role-admin", link);
      await expect(page.getByTestId("consent-app").first()).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole("status").filter({ hasText: /^Last checked/ })).toHaveAttribute("aria-live", "polite");
      await check(page, "consent board");

      const hold = await holdBatch(page, (body) => body.includes("appRoleAssignedTo"));
      await page.getByRole("button", { name: /^Grant all missing/ }).click();
      await hold.reached;
      await expect(page.getByRole("button", { name: "Granting…" })).toBeVisible();
      await check(page, "consent granting");
      await hold.release();
      await expect(page.getByTestId("grant-result")).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole("status").filter({ hasText: "Everything required is granted" })).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId("consent-last-checked")).toContainText("Last checked");
      await check(page, "consent granted");
    });

    test("status board: the board, one connector expanded, one connector's link", async ({ page, sim, signInAs }) => {
      seedDemoMix(sim);
      await signInAs("support", "/status");
      await expect(page.getByTestId("connector-status")).toHaveCount(6, { timeout: 30_000 });
      await expect(page.getByRole("status").filter({ hasText: /^Last checked/ })).toHaveAttribute("aria-live", "polite");
      await check(page, "status board");

      const card = page.locator('[data-testid="connector-status"][data-state="broken"]').first();
      await card.getByText("Checks, ids and sign-ins").click();
      await card.getByText("Test calls through the proxy").first().click();
      await card.getByLabel("Proxy URL").first().fill("not a url");
      await card.getByLabel("Proxy URL").first().blur();
      await check(page, "status connector expanded");

      await page.goto(`/status?env=${DEMO_MIX.awsEnvironment}&connector=outlook-mail`);
      await expect(page.getByTestId("connector-status")).toHaveCount(1, { timeout: 30_000 });
      await check(page, "status one connector");
    });

    test("Teams step: the script, a pasted output, a refused recording", async ({ page, sim, signInAs }) => {
      seedDemoMix(sim);
      const teams = sim.state().applications.find((app) => app.uniqueName === `psoxy.${DEMO_MIX.gcpEnvironment}.msft-teams`)!;
      await signInAs("teams-admin", "/teams");
      await expect(page.getByTestId("teams-app-picker")).toBeVisible({ timeout: 30_000 });
      await check(page, "teams picker");
      await page
        .getByRole("link", { name: /Open the Teams step/ })
        .first()
        .click();
      await expect(page.getByText(teams.appId).first()).toBeVisible({ timeout: 30_000 });
      await check(page, "teams step");
      const field = page.getByLabel("What the script printed");
      await field.fill("PS C:\\> something went wrong");
      await expect(page.getByText("The wizard could not read this output")).toBeVisible();
      await check(page, "teams unreadable output");
      await field.fill(
        [
          "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics",
          "",
          "Identity    : Tag:Teams-Policy-For-Worklytics",
          `AppIds      : {${teams.appId}}`,
        ].join("\r\n"),
      );
      await page.getByRole("button", { name: "Record verification" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Authorization_RequestDenied" })).toBeVisible({ timeout: 30_000 });
      await check(page, "teams record refused");
    });
  });
}
