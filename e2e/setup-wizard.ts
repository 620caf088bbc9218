import { expect, type Page } from "@playwright/test";

/** Page object for the operator's setup wizard (components/setup). */
export const CONNECTOR_NAMES = {
  "msft-entra-id": "Microsoft Entra ID (former Azure AD)",
  "outlook-cal": "Outlook Calendar",
  "outlook-mail": "Outlook Mail",
  "msft-teams": "Microsoft Teams",
  "msft-onedrive": "Microsoft OneDrive",
  "msft-copilot": "Microsoft 365 Copilot",
} as const;
export type WizardConnector = keyof typeof CONNECTOR_NAMES;
export const ALL_CONNECTORS = Object.keys(CONNECTOR_NAMES) as WizardConnector[];

export function gcpUniqueId(index: number): string {
  return `1098765432101234567${String(index).padStart(2, "0")}`;
}

export class SetupWizard {
  constructor(readonly page: Page) {}

  async next() {
    await this.page.getByRole("button", { name: "Next", exact: true }).click();
  }

  async fillToPlan(options: { env?: string; connectors: WizardConnector[]; owners?: string }) {
    const page = this.page;
    await expect(page.getByTestId("step-environment")).toBeVisible();
    await page.getByLabel("Environment id").fill(options.env ?? "psoxy");
    await this.next();

    await expect(page.getByTestId("step-connectors")).toBeVisible();
    for (const id of options.connectors) await page.getByRole("checkbox", { name: CONNECTOR_NAMES[id], exact: true }).check();
    await this.next();

    await expect(page.getByTestId("step-identity")).toBeVisible();
    await page.getByRole("radio", { name: "GCP" }).check();
    for (const id of options.connectors) {
      await page
        .getByLabel(`Service account unique ID for ${CONNECTOR_NAMES[id]}`, { exact: true })
        .fill(gcpUniqueId(ALL_CONNECTORS.indexOf(id)));
    }
    await this.next();

    await expect(page.getByTestId("step-owners")).toBeVisible();
    if (options.owners) await page.getByLabel("Additional owners (optional)").fill(options.owners);
    await this.next();
    await expect(page.getByTestId("step-plan")).toBeVisible();
    await expect(page.getByTestId("plan-summary")).toBeVisible({ timeout: 20_000 });
  }

  async apply() {
    await this.page.getByRole("button", { name: "Apply", exact: true }).click();
  }

  async expectResults(keys: string[]) {
    await expect(this.page.getByTestId("step-results")).toBeVisible({ timeout: 30_000 });
    for (const key of keys) await expect(this.page.getByTestId(`result-${key}`)).toBeVisible();
  }
}
