import { test as base, expect, type Page } from "@playwright/test";
import { createTenantSim, type TenantSim } from "../lib/sim";
import { routeMicrosoftHosts } from "./microsoft-hosts";

export type PersonaId =
  "cloud-app-admin" | "app-admin" | "priv-role-admin" | "global-admin" | "plain-user" | "support" | "teams-admin" | "other-tenant-user";

interface Fixtures {
  /** A fresh simulated tenant per test; its write log is what Graph received. */
  sim: TenantSim;
  /** Signs in through the real MSAL redirect flow, choosing the persona on the simulator's sign-in page. */
  signInAs: (persona: PersonaId, startPath?: string) => Promise<void>;
}

export async function pickPersona(page: Page, sim: TenantSim, persona: PersonaId): Promise<void> {
  const name = sim.personas.find((p) => p.id === persona)?.displayName;
  if (!name) throw new Error(`No persona ${persona} in the simulator.`);
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
}

export const test = base.extend<Fixtures>({
  sim: async ({}, use) => {
    await use(createTenantSim({ seed: 7 }));
  },
  context: async ({ context, sim }, use) => {
    await routeMicrosoftHosts(context, sim);
    await use(context);
  },
  signInAs: async ({ page, sim }, use) => {
    await use(async (persona, startPath = "/") => {
      await page.goto(startPath);
      await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/login\.microsoftonline\.com/);
      await pickPersona(page, sim, persona);
      await expect(page.getByTestId("account-name")).toBeVisible({ timeout: 30_000 });
    });
  },
});

export { expect };
