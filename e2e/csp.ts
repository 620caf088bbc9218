import type { Page } from "@playwright/test";

/** A Content-Security-Policy header as directive → sources. */
export type Policy = Record<string, string[]>;

export function parsePolicy(header: string | undefined): Policy {
  const policy: Policy = {};
  for (const directive of (header ?? "").split(";")) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) policy[name.toLowerCase()] = sources;
  }
  return policy;
}

/** The nonce a policy's script-src allows, or undefined. */
export function scriptNonce(policy: Policy): string | undefined {
  return policy["script-src"]?.find((source) => source.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
}

/** Every opening <script …> tag of a page's HTML. */
export function scriptTags(html: string): string[] {
  return html.match(/<script\b[^>]*>/gi) ?? [];
}

export interface Violation {
  directive: string;
  blocked: string;
  /** The first characters of the blocked inline code (the policy asks for 'report-sample'). */
  sample: string;
  url: string;
}

/**
 * Records, from the next navigation on, every CSP violation the page reports (securitypolicyviolation events
 * of every document and frame it loads) and every "Refused to …" console error.
 */
export async function recordViolations(page: Page): Promise<{ violations: Violation[]; refusals: string[] }> {
  const violations: Violation[] = [];
  const refusals: string[] = [];
  await page.exposeFunction("__reportCspViolation", (violation: Violation) => violations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (v: unknown) => void }).__reportCspViolation;
      void report({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample, url: event.documentURI });
    });
  });
  page.on("console", (message) => {
    if (message.text().startsWith("Refused to")) refusals.push(message.text());
  });
  return { violations, refusals };
}
