import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The rules the wizard is held to: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** A phone held upright (an iPhone 12–15's CSS width) and a laptop: every state is checked at both. */
export const VIEWPORTS = [
  { name: "390px", size: { width: 390, height: 844 } },
  { name: "desktop", size: { width: 1280, height: 900 } },
] as const;

/** `A11Y_SCREENSHOTS=<dir>` saves a full-page screenshot of every state checked, to look at. */
const SCREENSHOT_DIR = process.env.A11Y_SCREENSHOTS;

function describe(violations: Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"]): string {
  return violations
    .map((v) => `${v.id} (${v.impact ?? "?"}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ")}`).join("\n")}`)
    .join("\n");
}

/**
 * Runs axe-core on the page as it is now and expects no WCAG 2.1 AA violation; the violations are printed
 * when there are any. Soft, so one walk reports every state that fails, not only the first.
 */
export async function expectAccessible(page: Page, state: string, viewport: string): Promise<void> {
  // Let transitions and the smooth scroll between steps settle: axe reads computed colours.
  await page.waitForTimeout(150);
  if (SCREENSHOT_DIR) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${viewport}-${state.replace(/[^a-z0-9]+/gi, "-")}.png`), fullPage: true });
  }
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  expect.soft(results.violations, `axe: ${state} at ${viewport}\n${describe(results.violations)}`).toEqual([]);
  // At 390 px nothing may scroll the page sideways: wide content wraps or scrolls inside its own box.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect.soft(overflow, `${state} at ${viewport}: the page scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}
