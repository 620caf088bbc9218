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
    },
    cache: { cacheLocation: "sessionStorage" },
  };
}

/** Graph scopes as Entra expects them in a token request. */
export function graphScopes(scopes: readonly string[]): string[] {
  return scopes.map((scope) => (scope.includes("/") ? scope : `https://graph.microsoft.com/${scope}`));
}

export const loginRequest: RedirectRequest = { scopes: graphScopes(SIGN_IN_SCOPES), prompt: "select_account" };
