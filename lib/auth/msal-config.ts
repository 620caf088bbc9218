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

/** Graph scopes as Entra expects them in a token request. */
export function graphScopes(scopes: readonly string[]): string[] {
  return scopes.map((scope) => (scope.includes("/") ? scope : `https://graph.microsoft.com/${scope}`));
}

export const loginRequest: RedirectRequest = { scopes: graphScopes(SIGN_IN_SCOPES), prompt: "select_account" };
