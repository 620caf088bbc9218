/**
 * The one typed configuration module: nothing else reads `process.env`.
 *
 * Read on the server at request time (so one build serves both modes) and
 * handed to the browser as `PublicConfig`, which holds no secrets: a SPA has
 * none (its client id and tenant are public by design).
 */

export type WizardMode = "tenant" | "demo";

export interface PublicConfig {
  /** "demo": the built-in simulated tenant with a persona picker; "tenant": a real Microsoft Entra tenant. */
  mode: WizardMode;
  /** Client id of the wizard's own SPA app registration (tenant mode). Empty when not configured. */
  clientId: string;
  /** Tenant id, verified domain, or "organizations". */
  tenant: string;
  /** https://login.microsoftonline.com (tenant mode). */
  authorityHost: string;
  /** Graph root without version: https://graph.microsoft.com, or the demo tenant's route. */
  graphBaseUrl: string;
  /** Path of the MSAL redirect-bridge page, relative to the app origin. */
  redirectPath: string;
}

export const DEMO_GRAPH_PATH = "/api/demo-tenant/graph";
export const REDIRECT_BRIDGE_PATH = "/auth/redirect";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Env = Record<string, string | undefined>;

export function readConfig(env: Env = process.env): PublicConfig {
  const mode: WizardMode = env.PSOXY_WIZARD_MODE === "demo" ? "demo" : "tenant";
  return {
    mode,
    clientId: (env.ENTRA_CLIENT_ID ?? "").trim(),
    tenant: (env.ENTRA_TENANT ?? "organizations").trim() || "organizations",
    authorityHost: (env.ENTRA_AUTHORITY_HOST ?? "https://login.microsoftonline.com").replace(/\/+$/, ""),
    graphBaseUrl: mode === "demo" ? DEMO_GRAPH_PATH : (env.GRAPH_BASE_URL ?? "https://graph.microsoft.com").replace(/\/+$/, ""),
    redirectPath: REDIRECT_BRIDGE_PATH,
  };
}

/** What is wrong with a tenant-mode configuration, in words an admin can act on; empty when usable. */
export function configProblems(config: PublicConfig): string[] {
  if (config.mode === "demo") return [];
  const problems: string[] = [];
  if (!config.clientId) {
    problems.push("ENTRA_CLIENT_ID is not set: register the wizard as a single-page application (see README) and set its client id.");
  } else if (!GUID.test(config.clientId)) {
    problems.push(`ENTRA_CLIENT_ID "${config.clientId}" is not a client id (a GUID such as 00000000-0000-0000-0000-000000000000).`);
  }
  if (!isHttpsUrl(config.authorityHost)) {
    problems.push("ENTRA_AUTHORITY_HOST must be an https URL: MSAL refuses other authorities.");
  }
  if (!isHttpsUrl(config.graphBaseUrl)) {
    problems.push("GRAPH_BASE_URL must be an https URL (such as https://graph.microsoft.com): the wizard sends the admin's token there.");
  }
  return problems;
}

/** True for an absolute https URL (the page's security policy allows exactly its origin). */
export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/** True when the configuration names one tenant (id or domain) rather than "organizations"/"common". */
export function isSingleTenant(config: PublicConfig): boolean {
  return !["organizations", "common"].includes(config.tenant.toLowerCase());
}
