import type { Configuration, RedirectRequest } from "@azure/msal-browser";
import type { PublicConfig } from "@/lib/config";
import { SIGN_IN_SCOPES } from "./jobs";

/**
 * The MSAL configuration, built from config in one place.
 * Tokens stay in sessionStorage (closed with the tab); the redirect URI is the
 * v5 redirect-bridge page, which hands the response back to the page that
 * started sign-in.
 */
export function msalConfiguration(config: PublicConfig, origin: string): Configuration {
  return {
    auth: {
      clientId: config.clientId,
      authority: `${config.authorityHost}/${config.tenant}`,
      redirectUri: `${origin}${config.redirectPath}`,
      postLogoutRedirectUri: `${origin}/`,
      // "CP1": the wizard handles continuous access evaluation claims challenges (the Graph transport renews once with
      // the claims, then offers "Sign in again and continue"), so Graph may revoke its tokens in near real time
      // instead of letting them live to expiry. https://learn.microsoft.com/entra/identity-platform/app-resilience-continuous-access-evaluation
      clientCapabilities: ["CP1"],
    },
    cache: { cacheLocation: "sessionStorage" },
  };
}

/**
 * Graph scopes as Entra expects them in a token request, qualified with the Graph resource of the configured cloud
 * (https://graph.microsoft.us/User.Read in US Government: a token for one cloud's Graph is refused by another's,
 * https://learn.microsoft.com/graph/deployments). Demo mode has no https Graph host: the global form is used.
 */
export function graphScopes(scopes: readonly string[], graphBaseUrl = "https://graph.microsoft.com"): string[] {
  const resource = graphBaseUrl.startsWith("https://") ? new URL(graphBaseUrl).origin : "https://graph.microsoft.com";
  return scopes.map((scope) => (scope.includes("/") ? scope : `${resource}/${scope}`));
}

/** The sign-in request: User.Read on the configured cloud's Graph, with the account picker. */
export function loginRequestFor(config: Pick<PublicConfig, "graphBaseUrl">): RedirectRequest {
  return { scopes: graphScopes(SIGN_IN_SCOPES, config.graphBaseUrl), prompt: "select_account" };
}
