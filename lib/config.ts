/**
 * The one typed configuration module: nothing else reads `process.env`.
 *
 * Read on the server at request time (so one build serves both modes) and
 * handed to the browser as `PublicConfig`, which holds no secrets: a SPA has
 * none (its client id and tenant are public by design).
 */

import {
  cloudOfGraph,
  cloudOfHosts,
  cloudsSigningInAt,
  ENTRA_CLOUD_IDS,
  ENTRA_CLOUDS,
  isEntraCloudId,
  type EntraCloudId,
} from "@/lib/clouds";
import { isGuid } from "@/lib/text/guid";

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
  /** The Microsoft cloud whose sign-in and Graph hosts these are (lib/clouds.ts); null when they are not one cloud's pair. */
  cloud: EntraCloudId | null;
  /** ENTRA_CLOUD as set (global, usgov, usgov-dod, china); empty when unset. */
  requestedCloud: string;
}

const DEMO_GRAPH_PATH = "/api/demo-tenant/graph";
export const REDIRECT_BRIDGE_PATH = "/auth/redirect";

type Env = Record<string, string | undefined>;

export function readConfig(env: Env = process.env): PublicConfig {
  const mode: WizardMode = env.PSOXY_WIZARD_MODE === "demo" ? "demo" : "tenant";
  // ENTRA_CLOUD names a sign-in + Graph host pair; ENTRA_AUTHORITY_HOST / GRAPH_BASE_URL, when set, must be that pair (configProblems).
  const requestedCloud = (env.ENTRA_CLOUD ?? "").trim().toLowerCase();
  const hosts = ENTRA_CLOUDS[isEntraCloudId(requestedCloud) ? requestedCloud : "global"];
  const authorityHost = (env.ENTRA_AUTHORITY_HOST ?? hosts.authorityHost).replace(/\/+$/, "");
  const tenantGraph = (env.GRAPH_BASE_URL ?? hosts.graphBaseUrl).replace(/\/+$/, "");
  return {
    mode,
    clientId: (env.ENTRA_CLIENT_ID ?? "").trim(),
    tenant: (env.ENTRA_TENANT ?? "organizations").trim() || "organizations",
    authorityHost,
    graphBaseUrl: mode === "demo" ? DEMO_GRAPH_PATH : tenantGraph,
    redirectPath: REDIRECT_BRIDGE_PATH,
    cloud: cloudOfHosts(authorityHost, tenantGraph)?.id ?? null,
    requestedCloud,
  };
}

const CLIENT_ID_NOT_SET =
  "ENTRA_CLIENT_ID is not set: register the wizard as a single-page application (the start page gives the command for this address) and set its client id.";

/** What is wrong with a tenant-mode configuration, in words an admin can act on; empty when usable. */
export function configProblems(config: PublicConfig): string[] {
  if (config.mode === "demo") return [];
  const problems: string[] = [];
  if (!config.clientId) {
    problems.push(CLIENT_ID_NOT_SET);
  } else if (!isGuid(config.clientId)) {
    problems.push(`ENTRA_CLIENT_ID "${config.clientId}" is not a client id (a GUID such as 00000000-0000-0000-0000-000000000000).`);
  }
  if (!isHttpsUrl(config.authorityHost)) {
    problems.push("ENTRA_AUTHORITY_HOST must be an https URL: MSAL refuses other authorities.");
  }
  if (!isHttpsUrl(config.graphBaseUrl)) {
    problems.push("GRAPH_BASE_URL must be an https URL (such as https://graph.microsoft.com): the wizard sends the admin's token there.");
  }
  problems.push(...cloudProblems(config));
  return problems;
}

/**
 * The sign-in host and the Graph host must be one Microsoft cloud's pair (lib/clouds.ts): a token from one cloud is
 * refused by another cloud's Graph (https://learn.microsoft.com/graph/deployments). Checked once both are https URLs
 * (the https problems above say what is wrong otherwise).
 */
function cloudProblems(config: PublicConfig): string[] {
  const names = ENTRA_CLOUD_IDS.join(", ");
  if (config.requestedCloud && !isEntraCloudId(config.requestedCloud)) {
    return [`ENTRA_CLOUD "${config.requestedCloud}" is not a Microsoft cloud the wizard knows: use one of ${names}.`];
  }
  if (!isHttpsUrl(config.authorityHost) || !isHttpsUrl(config.graphBaseUrl)) return [];
  if (isEntraCloudId(config.requestedCloud)) {
    if (config.cloud === config.requestedCloud) return [];
    const cloud = ENTRA_CLOUDS[config.requestedCloud];
    return [
      `ENTRA_CLOUD=${cloud.id} signs in at ${cloud.authorityHost} and reads Graph at ${cloud.graphBaseUrl}, but ENTRA_AUTHORITY_HOST is ${config.authorityHost} and GRAPH_BASE_URL is ${config.graphBaseUrl}: unset those two (ENTRA_CLOUD sets both).`,
    ];
  }
  if (config.cloud) return [];
  const signIn = cloudsSigningInAt(config.authorityHost).map((cloud) => cloud.id);
  const graph = cloudOfGraph(config.graphBaseUrl)?.id;
  const hint =
    signIn.length > 0 || graph
      ? ` (sign-in host of ${signIn.join(" or ") || "no known cloud"}, Graph host of ${graph ?? "no known cloud"})`
      : "";
  return [
    `ENTRA_AUTHORITY_HOST ${config.authorityHost} and GRAPH_BASE_URL ${config.graphBaseUrl} are not one Microsoft cloud's pair${hint}: set ENTRA_CLOUD to one of ${names} and unset both.`,
  ];
}

/**
 * What stops the server at start (instrumentation.ts): every configuration problem except a missing client id,
 * which the start page answers with the commands that register the wizard for its own address.
 */
export function startupProblems(config: PublicConfig): string[] {
  return configProblems(config).filter((problem) => problem !== CLIENT_ID_NOT_SET);
}

/** True when the wizard has no client id yet: the start page shows how to register it. */
export function needsRegistration(config: PublicConfig): boolean {
  return config.mode === "tenant" && config.clientId === "";
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
