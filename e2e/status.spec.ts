import { DEMO_MIX, seedDemoMix } from "../lib/demo/mix";
import { expect, test } from "./fixtures";

test.describe("status board for support staff", () => {
  test("shows each connector's state, reason, next action and who, asking only for read scopes", async ({ page, sim, signInAs }) => {
    seedDemoMix(sim);
    const tokenScopes: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/oauth2/v2.0/token") && request.method() === "POST")
        tokenScopes.push(new URLSearchParams(request.postData() ?? "").get("scope") ?? "");
    });
    await signInAs("support", "/status");

    const cards = page.getByTestId("connector-status");
    await expect(cards).toHaveCount(6, { timeout: 30_000 });
    const card = (env: string, name: string) =>
      page
        .getByRole("region", { name: env ? `Environment “${env}”` : "No environment suffix" })
        .getByRole("article", { name: new RegExp(`^${name}`) });

    const entra = card(DEMO_MIX.gcpEnvironment, "Microsoft Entra ID");
    await expect(entra).toHaveAttribute("data-state", "ready");

    const calendar = card(DEMO_MIX.gcpEnvironment, "Outlook Calendar");
    await expect(calendar).toHaveAttribute("data-state", "needs-consent");
    await expect(calendar.getByTestId("status-reason")).toContainText("Not granted: Calendars.Read");
    await expect(calendar.getByTestId("status-who")).toContainText("Privileged Role Administrator or Global Administrator");

    const teams = card(DEMO_MIX.gcpEnvironment, "Microsoft Teams");
    await expect(teams).toHaveAttribute("data-state", "needs-action");
    await expect(teams.getByTestId("status-who")).toContainText("Teams Administrator");
    await expect(teams.getByRole("link", { name: "Open the Teams step" })).toHaveAttribute(
      "href",
      `/teams?env=${DEMO_MIX.gcpEnvironment}&connector=msft-teams`,
    );

    const awsMail = card(DEMO_MIX.awsEnvironment, "Outlook Mail");
    await expect(awsMail).toHaveAttribute("data-state", "broken");
    await expect(awsMail.getByTestId("status-reason")).toContainText("identity pool id");
    await expect(awsMail.getByTestId("status-next")).toContainText("Run setup");
    await awsMail.getByText("Checks, ids and sign-ins").click();
    await expect(awsMail).toContainText("AADSTS70021");

    const mail = card(DEMO_MIX.gcpEnvironment, "Outlook Mail");
    await expect(mail).toHaveAttribute("data-state", "ready");
    await mail.getByText("Checks, ids and sign-ins").click();
    await expect(mail.locator('[data-check="secrets"]')).toContainText("client secret 'legacy-secret' (expires in");

    const onedrive = card("", "Microsoft OneDrive");
    await expect(onedrive).toHaveAttribute("data-state", "needs-action");
    await expect(onedrive.getByTestId("status-who")).toContainText("Cloud Application Administrator");

    await expect(page.getByTestId("last-checked")).toContainText("Last checked");
    expect(tokenScopes.join(" ")).toContain("Application.Read.All");
    expect(tokenScopes.join(" ")).not.toMatch(/ReadWrite/);
    expect(sim.writes).toHaveLength(0);

    // The per-connector link opens that connector only.
    await awsMail.getByRole("link", { name: "Link to this connector" }).click();
    await expect(page).toHaveURL(`/status?env=${DEMO_MIX.awsEnvironment}&connector=outlook-mail`);
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toHaveAttribute("data-state", "broken");
    await page.reload();
    await expect(cards).toHaveCount(1, { timeout: 30_000 });
    await page.getByRole("link", { name: "Show all connectors" }).click();
    await expect(cards).toHaveCount(6);
  });

  test("test calls load when opened: the form fills the proxy URL into Psoxy's test-tool commands", async ({ page, sim, signInAs }) => {
    seedDemoMix(sim);
    const scripts = new Set<string>();
    page.on("response", (response) => {
      if (response.request().resourceType() === "script" && response.url().startsWith("http://127.0.0.1")) scripts.add(response.url());
    });
    /** Whether any script the page fetched so far carries react-hook-form (a string it keeps through minification). */
    const formLibraryLoaded = async () => {
      for (const url of scripts) if (/shouldUnregister/.test(await (await page.request.get(url)).text())) return true;
      return false;
    };
    await signInAs("support", "/status");
    const entra = page
      .getByRole("region", { name: `Environment “${DEMO_MIX.gcpEnvironment}”` })
      .getByRole("article", { name: /^Microsoft Entra ID/ });
    await expect(entra).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    expect(await formLibraryLoaded()).toBe(false);

    await entra.getByText("Checks, ids and sign-ins").click();
    await entra.getByText("Test calls through the proxy").click();
    const url = entra.getByLabel("Proxy URL");
    await url.fill("not-a-url");
    await url.blur();
    await expect(entra.getByText(/^This is not a URL: paste/)).toBeVisible();
    await expect(url).toHaveAttribute("aria-invalid", "true");
    await url.fill("https://psoxy-msft-entra-id-abc123-uc.a.run.app");
    const commands = entra.getByRole("list", { name: "Entra ID test commands" });
    await expect(commands).toContainText("node cli-call.js -u https://psoxy-msft-entra-id-abc123-uc.a.run.app/");
    expect(await formLibraryLoaded()).toBe(true);
  });

  test("says what changed since the last check", async ({ page, sim, signInAs }) => {
    seedDemoMix(sim);
    await signInAs("support", "/status");
    const calendar = page.getByRole("article", { name: /^Outlook Calendar/ });
    await expect(calendar).toHaveAttribute("data-state", "needs-consent", { timeout: 30_000 });

    // The consent admin grants the rest behind the board's back; the next check shows it.
    const state = sim.state();
    const app = state.applications.find((a) => a.uniqueName === `psoxy.${DEMO_MIX.gcpEnvironment}.outlook-cal`)!;
    const sp = state.servicePrincipals.find((s) => s.appId === app.appId)!;
    for (const role of ["Calendars.Read", "MailboxSettings.Read", "Group.Read.All"] as const) {
      const { GRAPH_APP_ROLE_IDS } = await import("../lib/connectors/microsoft-ids");
      sim.seed.appRoleAssignment({ principalId: sp.id, appRoleId: GRAPH_APP_ROLE_IDS[role] });
    }
    await page.getByRole("button", { name: "Check now" }).click();
    await expect(calendar).toHaveAttribute("data-state", "ready");
    await expect(page.getByTestId("status-changes")).toContainText("Outlook Calendar (environment psoxy): Needs consent → Ready");
  });
});
