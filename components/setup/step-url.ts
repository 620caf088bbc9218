import { STEP_IDS, type StepId } from "./steps";

/**
 * The wizard's step in the address bar (`/setup?step=identity`), so the browser's Back and Forward move
 * between steps and a reload opens the same one. Only the step's name goes into the URL: never a typed
 * value (those stay in sessionStorage, see storage.ts), so a shared or logged URL carries nothing.
 */
const STEP_PARAM = "step";

/** The step a URL's query names, or null when it names none (or one that does not exist). */
export function stepFromSearch(search: string): StepId | null {
  const value = new URLSearchParams(search).get(STEP_PARAM);
  return (STEP_IDS as readonly string[]).includes(value ?? "") ? (value as StepId) : null;
}

/** The same address with `step` set to this step; every other part (path, other parameters, hash) kept. */
export function stepHref(href: string, step: StepId): string {
  const url = new URL(href);
  url.searchParams.set(STEP_PARAM, step);
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * "Sign in again and continue" during Apply comes back to `?step=apply&then=apply`: the wizard reads the tenant
 * again and applies what is left without another press. The marker is removed as the page opens, so a reload
 * after that never applies by itself.
 */
const RESUME_PARAM = "then";

export function resumeApplyHref(href: string): string {
  const url = new URL(stepHref(href, "apply"), href);
  url.searchParams.set(RESUME_PARAM, "apply");
  return `${url.pathname}${url.search}${url.hash}`;
}

export function wantsResumedApply(search: string): boolean {
  return new URLSearchParams(search).get(RESUME_PARAM) === "apply";
}

/** The same address without the resume marker. */
export function withoutResume(href: string): string {
  const url = new URL(href);
  url.searchParams.delete(RESUME_PARAM);
  return `${url.pathname}${url.search}${url.hash}`;
}
