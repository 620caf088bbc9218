import { expect, test } from "./fixtures";
import { CONNECTOR_NAMES, gcpUniqueId, SetupWizard } from "./setup-wizard";

const MAIL_ID = `Service account unique ID for ${CONNECTOR_NAMES["outlook-mail"]}`;
const TEAMS_ID = `Service account unique ID for ${CONNECTOR_NAMES["msft-teams"]}`;

test.describe("the wizard and the browser's history", () => {
  test("Back and Forward move between steps, a reload keeps every typed value, and the URL carries only the step", async ({
    page,
    sim,
    signInAs,
  }) => {
    await signInAs("cloud-app-admin", "/setup");
    const wizard = new SetupWizard(page);
    await expect(page.getByTestId("step-environment")).toBeVisible();
    await expect(page).toHaveURL(/\/setup\?step=environment$/);

    await page.getByLabel("Environment id").fill("hist");
    await wizard.next();
    await expect(page.getByTestId("step-connectors")).toBeVisible();
    await expect(page).toHaveURL(/\/setup\?step=connectors$/);
    for (const id of ["outlook-mail", "msft-teams"] as const)
      await page.getByRole("checkbox", { name: CONNECTOR_NAMES[id], exact: true }).check();
    await wizard.next();
    await expect(page).toHaveURL(/\/setup\?step=identity$/);

    // Typed, not submitted: a reload keeps it (today's bug: the unique ids were silently cleared).
    await page.getByLabel(MAIL_ID).fill(gcpUniqueId(2));
    await page.getByLabel(TEAMS_ID).fill(gcpUniqueId(3));
    await page.reload();
    await expect(page.getByTestId("step-identity")).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL(/\/setup\?step=identity$/);
    await expect(page.getByLabel(MAIL_ID)).toHaveValue(gcpUniqueId(2));
    await expect(page.getByLabel(TEAMS_ID)).toHaveValue(gcpUniqueId(3));

    // Back through the steps, with what was chosen in each.
    await page.goBack();
    await expect(page.getByTestId("step-connectors")).toBeVisible();
    await expect(page).toHaveURL(/\/setup\?step=connectors$/);
    await expect(page.getByRole("checkbox", { name: CONNECTOR_NAMES["outlook-mail"], exact: true })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: CONNECTOR_NAMES["msft-teams"], exact: true })).toBeChecked();
    await page.goBack();
    await expect(page.getByTestId("step-environment")).toBeVisible();
    await expect(page.getByLabel("Environment id")).toHaveValue("hist");

    // Forward again: the ids typed on the identity step (never submitted) are still there.
    await page.goForward();
    await expect(page.getByTestId("step-connectors")).toBeVisible();
    await page.goForward();
    await expect(page.getByTestId("step-identity")).toBeVisible();
    await expect(page.getByLabel(MAIL_ID)).toHaveValue(gcpUniqueId(2));
    await expect(page.getByLabel(TEAMS_ID)).toHaveValue(gcpUniqueId(3));
    await wizard.next();

    await expect(page.getByTestId("step-owners")).toBeVisible();
    await page.getByLabel("Additional owners (optional)").fill("alex.kim@contoso-demo.onmicrosoft.com");
    // The wizard's own Back button keeps what was typed too.
    await page.getByRole("button", { name: "Back", exact: true }).click();
    await expect(page.getByTestId("step-identity")).toBeVisible();
    await page.goBack();
    await expect(page.getByTestId("step-owners")).toBeVisible();
    await expect(page.getByLabel("Additional owners (optional)")).toHaveValue("alex.kim@contoso-demo.onmicrosoft.com");
    await wizard.next();

    await expect(page.getByTestId("plan-summary")).toContainText("10 to create", { timeout: 20_000 });
    await expect(page).toHaveURL(/\/setup\?step=plan$/);
    await page.goBack();
    await expect(page.getByTestId("step-owners")).toBeVisible();
    await page.goForward();
    // The plan is read from the tenant again when it is shown again.
    await expect(page.getByTestId("plan-summary")).toContainText("10 to create", { timeout: 20_000 });
    expect(sim.writes).toHaveLength(0);

    await wizard.apply();
    await wizard.expectResults(["outlook-mail", "msft-teams"]);
    await expect(page).toHaveURL(/\/setup\?step=results$/);
    // Back from the results goes to the plan (not to the finished apply), read again: nothing left to do.
    await page.goBack();
    await expect(page).toHaveURL(/\/setup\?step=plan$/);
    await expect(page.getByText("Your tenant already matches: nothing to apply")).toBeVisible({ timeout: 20_000 });
    await page.goForward();
    await wizard.expectResults(["outlook-mail", "msft-teams"]);

    // No typed value ever reached the address bar (and so the history, logs or a shared link).
    const visited = await page.evaluate(() => window.location.href);
    for (const value of ["hist", gcpUniqueId(2), gcpUniqueId(3), "alex.kim"]) expect(visited).not.toContain(value);
    expect(new URL(visited).searchParams.size).toBe(1);
  });

  test("a step the answers do not reach yet is not shown: the address lands on the last step that is", async ({ page, signInAs }) => {
    // No connector chosen yet: the plan is out of reach, the connectors step is where to go.
    await signInAs("cloud-app-admin", "/setup?step=plan");
    await expect(page.getByTestId("step-connectors")).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL(/\/setup\?step=connectors$/);
    await page.getByRole("checkbox", { name: CONNECTOR_NAMES["outlook-mail"], exact: true }).check();
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(page.getByTestId("step-identity")).toBeVisible();
    // No proxy identity yet: results are out of reach.
    await page.goto("/setup?step=results");
    await expect(page.getByTestId("step-identity")).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL(/\/setup\?step=identity$/);
  });
});
