import type { AuthProblem } from "./problems";

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
  /** An access token for Microsoft Graph with these delegated scopes; may navigate away to ask for consent. */
  getAccessToken(scopes: readonly string[]): Promise<string>;
  clearProblem(): void;
}
