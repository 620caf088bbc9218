import type { AuthProblem } from "./problems";

/** Options of one token request (what MSAL's acquireTokenSilent takes). */
export interface TokenOptions {
  /** Ask Entra for a new token instead of the cached one (after Graph refused it with 401). */
  forceRefresh?: boolean;
  /** The claims request (decoded JSON) of a claims challenge, https://learn.microsoft.com/entra/identity-platform/claims-challenge. */
  claims?: string;
}

/**
 * The sign-in session as the UI sees it. Two implementations: MSAL against a
 * real (or routed) Microsoft Entra ID, and the demo tenant's persona picker.
 */
export interface SignedInAccount {
  name: string;
  username: string;
  tenantId: string;
  objectId: string;
}

export type SessionStatus = "initializing" | "signed-out" | "signed-in";

export interface AuthSession {
  kind: "msal" | "demo";
  status: SessionStatus;
  account: SignedInAccount | null;
  problem: AuthProblem | null;
  /** Starts sign-in (navigates away); `returnTo` is the app path to land on afterwards. */
  signIn(returnTo?: string): Promise<void>;
  signOut(): Promise<void>;
  /**
   * An access token for Microsoft Graph with these delegated scopes; may navigate away to ask for consent.
   * With `forceRefresh` (Graph refused the cached token) it renews silently and never navigates: it throws
   * when renewal needs the user, who then chooses `signInAgain`.
   */
  getAccessToken(scopes: readonly string[], options?: TokenOptions): Promise<string>;
  /**
   * "Sign in again and continue": an interactive sign-in for the same account (with the claims a claims challenge
   * asked for) that comes back to `returnTo` (default: this page), where the page reads the tenant again.
   */
  signInAgain(options?: { claims?: string; returnTo?: string }): Promise<void>;
  clearProblem(): void;
}
