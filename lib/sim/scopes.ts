import { MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";

/**
 * Scope strings as the Microsoft identity platform reads them
 * (https://learn.microsoft.com/entra/identity-platform/scopes-oidc):
 * OIDC scopes, Graph scopes short (`User.Read`) or qualified
 * (`https://graph.microsoft.com/User.Read`, `00000003-…/User.Read`), and `/.default`.
 */

const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);
const GRAPH_PREFIXES = ["https://graph.microsoft.com/", `${MICROSOFT_GRAPH_APP_ID}/`];

interface ParsedScopes {
  oidc: string[];
  /** Graph scopes: `name` canonical short form, `asRequested` the caller's spelling. */
  graph: { name: string; asRequested: string }[];
  /** `.default` for Graph was requested. */
  graphDefault: boolean;
  /** Scopes for resources other than Graph (the simulated tenant has none). */
  foreign: string[];
}

export function parseScopes(scopes: readonly string[]): ParsedScopes {
  const parsed: ParsedScopes = { oidc: [], graph: [], graphDefault: false, foreign: [] };
  for (const raw of scopes) {
    const scope = raw.trim();
    if (!scope) continue;
    if (OIDC_SCOPES.has(scope.toLowerCase())) {
      parsed.oidc.push(scope.toLowerCase());
      continue;
    }
    const prefix = GRAPH_PREFIXES.find((p) => scope.toLowerCase().startsWith(p.toLowerCase()));
    const name = prefix ? scope.slice(prefix.length) : scope.includes("/") || scope.includes(":") ? null : scope;
    if (name === null || name === "") parsed.foreign.push(scope);
    else if (name === ".default") parsed.graphDefault = true;
    else parsed.graph.push({ name, asRequested: scope });
  }
  return parsed;
}

export function splitScopeParam(value: string | null | undefined): string[] {
  return (value ?? "").split(/\s+/).filter(Boolean);
}

export interface ScopeGrant {
  /** Canonical names of the granted Graph scopes (spelled as in the consent list). */
  granted: string[];
  /** The `scope` value of the token response, in the caller's spelling. */
  responseScope: string;
  /** Requested Graph scopes not consented. */
  missing: string[];
}

/**
 * Grants the requested Graph scopes that are consented. As Entra does when a
 * request names only OIDC scopes, the access token is then for Graph with User.Read.
 */
export function grantScopes(parsed: ParsedScopes, consented: readonly string[]): ScopeGrant {
  const consentedByLower = new Map(consented.map((s) => [s.toLowerCase(), s]));
  const granted: string[] = [];
  const spelled: string[] = [];
  const missing: string[] = [];
  const add = (canonical: string, asRequested: string) => {
    if (granted.includes(canonical)) return;
    granted.push(canonical);
    spelled.push(asRequested);
  };
  if (parsed.graphDefault) for (const s of consented) add(s, `https://graph.microsoft.com/${s}`);
  for (const { name, asRequested } of parsed.graph) {
    const canonical = consentedByLower.get(name.toLowerCase());
    if (canonical) add(canonical, asRequested);
    else missing.push(asRequested);
  }
  if (granted.length === 0 && !parsed.graphDefault && parsed.graph.length === 0) {
    const userRead = consentedByLower.get("user.read");
    if (userRead) add(userRead, userRead);
  }
  const oidcEchoed = parsed.oidc.filter((s) => s !== "offline_access");
  return { granted, responseScope: [...spelled, ...oidcEchoed].join(" "), missing };
}
