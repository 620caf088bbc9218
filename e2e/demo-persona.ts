import type { Page } from "@playwright/test";

/** The demo tenant's persona picker (`/demo`): signs in as the first persona whose entry names `role`. */
export async function pickDemoPersona(page: Page, role: string): Promise<void> {
  await page
    .getByRole("listitem")
    .filter({ hasText: role })
    .first()
    .getByRole("button", { name: /^Sign in as / })
    .click();
}
