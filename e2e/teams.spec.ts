import { DEMO_MIX, seedDemoMix } from "../lib/demo/mix";
import { expect, test } from "./fixtures";

test.describe("Teams Administrator's own journey", () => {
  test("from the board's link: the script with the client id, a parsed output, and a verification the board then shows", async ({
    page,
    sim,
    signInAs,
  }) => {
    seedDemoMix(sim);
    const teams = sim.state().applications.find((app) => app.uniqueName === `psoxy.${DEMO_MIX.gcpEnvironment}.msft-teams`)!;

    // Support's board links to the Teams step of that connector.
    await signInAs("support", "/status");
    const card = page.getByRole("article", { name: /^Microsoft Teams/ });
    await expect(card).toHaveAttribute("data-state", "needs-action", { timeout: 30_000 });
    const href = await card.getByRole("link", { name: "Open the Teams step" }).getAttribute("href");
    expect(href).toBe(`/teams?env=${DEMO_MIX.gcpEnvironment}&connector=msft-teams`);
    await page.getByRole("button", { name: "Sign out" }).click();

    // The Teams Administrator opens it directly, without the operator's setup.
    await signInAs("teams-admin", href!);
    await expect(page.getByTestId("my-roles")).toContainText("Teams Administrator");
    await expect(page.getByText(teams.appId).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.locator("pre").filter({ hasText: "New-CsApplicationAccessPolicy" }).first()).toContainText(
      `$appIds = @('${teams.appId}')`,
    );

    const field = page.getByLabel("What the script printed");
    await field.fill("PS C:\\> something went wrong");
    await expect(page.getByText("The wizard could not read this output")).toBeVisible();
    // Pressing Record verification puts the message under the field; it is then not repeated in the box.
    await page.getByRole("button", { name: "Record verification" }).click();
    await expect(page.getByText(/This does not look like the script's output/)).toHaveCount(1);
    await expect(page.getByText("The wizard could not read this output")).toHaveCount(0);

    await field.fill(
      [
        "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics",
        "",
        "Identity    : Tag:Teams-Policy-For-Worklytics",
        `AppIds      : {${teams.appId}}`,
        "Description : Policy for MSFT Teams used for Worklytics Psoxy connector",
      ].join("\r\n"),
    );
    await expect(page.getByTestId("teams-parse-result")).toContainText("The output shows the policy is in place");

    // A Teams Administrator who does not own the app cannot write the tag: Graph's answer is shown, nothing changes.
    await page.getByRole("button", { name: "Record verification" }).click();
    const refused = page.getByRole("alert").filter({ hasText: "Authorization_RequestDenied" });
    await expect(refused).toBeVisible({ timeout: 30_000 });
    // One alert, one next step: who may record it, and the link to send them.
    await expect(refused).toContainText("Send this page's link to one of them");
    await expect(refused.getByRole("button", { name: /^Copy link/ })).toBeVisible();
    await expect(page.getByText("Next step:")).toHaveCount(1);
    expect(
      sim
        .state()
        .applications.find((a) => a.id === teams.id)!
        .tags.some((t) => t.startsWith("psoxy-teams-verified:")),
    ).toBe(false);
  });

  test("an application administrator records the verification and the board shows who and when", async ({ page, sim, signInAs }) => {
    seedDemoMix(sim);
    const teams = sim.state().applications.find((app) => app.uniqueName === `psoxy.${DEMO_MIX.gcpEnvironment}.msft-teams`)!;
    await signInAs("cloud-app-admin", `/teams?env=${DEMO_MIX.gcpEnvironment}&connector=msft-teams`);
    await page
      .getByLabel("What the script printed")
      .fill(
        `PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics\nIdentity : Tag:Teams-Policy-For-Worklytics\nAppIds : {${teams.appId}}\nDescription : x`,
      );
    await page.getByRole("button", { name: "Record verification" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Verification recorded on the application" })).toBeVisible({ timeout: 30_000 });
    const tags = sim.state().applications.find((a) => a.id === teams.id)!.tags;
    expect(tags.filter((t) => t.startsWith("psoxy-teams-verified:"))).toHaveLength(1);
    expect(tags).toEqual(expect.arrayContaining(["psoxy-wizard", "psoxy-connector:msft-teams"]));

    await page.goto("/status");
    const card = page.getByRole("article", { name: /^Microsoft Teams/ });
    await expect(card).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    await card.getByText("Checks, ids and sign-ins").click();
    await expect(card.locator('[data-check="teamsPolicy"]')).toContainText("Verified on");
  });

  test("support staff visiting setup are sent to the status board", async ({ page, signInAs }) => {
    await signInAs("support", "/setup");
    await expect(page.getByText("Global Reader is read-only")).toBeVisible({ timeout: 30_000 });
    await page.getByRole("link", { name: "Open the status board" }).click();
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByTestId("step-environment")).toHaveCount(0);
  });
});
