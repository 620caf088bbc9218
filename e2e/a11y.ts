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
    .map(
      (v) =>
        `${v.id} (${v.impact ?? "?"}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ")}`).join("\n")}`,
    )
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
  if (viewport === "desktop") await expectKeyboardReachable(page, state);
}

/**
 * Presses Tab from the top of the page until focus comes round again, and expects every control that can be
 * operated (links, buttons, fields, <summary>, scrollable code) to be reached, each showing where focus is
 * (an outline or a ring). Radios count once per group, as Tab visits them.
 */
export async function expectKeyboardReachable(page: Page, state: string): Promise<void> {
  const expected = await page.evaluate(() => {
    const selector =
      'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
    document.querySelectorAll<HTMLElement>("[data-kb]").forEach((element) => delete element.dataset.kb);
    const radioGroups = new Set<string>();
    const names: string[] = [];
    document.querySelectorAll<HTMLElement>(selector).forEach((element, index) => {
      // Not rendered (display: none, the inside of a closed <details>, visibility: hidden): not a tab stop.
      if (!element.checkVisibility({ checkVisibilityCSS: true }) || element.closest("[inert]")) return;
      if (element instanceof HTMLInputElement && element.type === "radio") {
        const group = element.name || element.id;
        const checked = document.querySelector(`input[type="radio"][name="${CSS.escape(group)}"]:checked`);
        if (radioGroups.has(group) || (checked && checked !== element)) return;
        radioGroups.add(group);
      }
      element.dataset.kb = String(index);
      names.push(
        `${element.tagName.toLowerCase()} "${(element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 60)}"`,
      );
    });
    return Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>("[data-kb]")].map((element, i) => [element.dataset.kb!, names[i]!]),
    );
  });

  // Start from the top of the document: a focus target before everything else, gone after the first Tab.
  await page.evaluate(() => {
    const start = document.createElement("span");
    start.tabIndex = -1;
    start.id = "kb-start";
    document.body.prepend(start);
    start.focus();
  });
  const reached = new Set<string>();
  const unseen: string[] = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    if (i === 0) await page.evaluate(() => document.getElementById("kb-start")?.remove());
    const focus = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
      const ringed = style.boxShadow !== "none" && style.boxShadow !== "";
      return {
        id: element.dataset.kb ?? `untracked:${element.tagName}`,
        visible: element.matches(":focus-visible") && (outlined || ringed),
        name: `${element.tagName.toLowerCase()} "${(element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 60)}"`,
      };
    });
    if (!focus) {
      if (reached.size) break;
      continue;
    }
    if (reached.has(focus.id)) break;
    reached.add(focus.id);
    if (!focus.visible) unseen.push(focus.name);
  }
  // A control that went away or was disabled meanwhile (a live page re-reading) is not missed.
  const stillThere = await page.evaluate(
    (ids) =>
      ids.filter((id) => {
        const element = document.querySelector<HTMLElement>(`[data-kb="${id}"]`);
        return element && !element.matches(":disabled") && element.checkVisibility({ checkVisibilityCSS: true });
      }),
    Object.keys(expected).filter((id) => !reached.has(id)),
  );
  const missed = stillThere.map((id) => expected[id]);
  expect.soft(missed, `${state}: not reachable with Tab`).toEqual([]);
  expect.soft(unseen, `${state}: focused without a visible focus indicator`).toEqual([]);
}
