/**
 * Sign-in failures, turned into what the user should do next. Pure: takes the
 * error code/message MSAL (or the demo session) reports.
 *
 * AADSTS codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
import type { RegistrationFixKind } from "./registration";

export type AuthProblemKind =
  | "cancelled"
  | "consent-needed"
  | "wrong-tenant"
  | "wrong-account"
  | "app-not-found"
  | "redirect-mismatch"
  | "wrong-platform"
  | "not-configured"
  | "other";

export interface AuthProblem {
  kind: AuthProblemKind;
  title: string;
  detail: string;
  nextStep: string;
  /** The code the identity platform sent, shown verbatim for support. */
  code?: string;
  /**
   * The registration change that fixes it: "register" (the wizard's app, for this address) or a change to the
   * existing app (lib/auth/registration.ts registrationFix). The start page shows its commands for this origin.
   */
  fix?: "register" | RegistrationFixKind;
}

interface ErrorLike {
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
  message?: string;
}

function aadsts(text: string): string | undefined {
  return /AADSTS(\d+)/.exec(text)?.[0];
}

/** Where the wizard runs; `origin` (window.location.origin) makes the fixes exact for this address. */
interface AuthProblemContext {
  tenant: string;
  clientId: string;
  origin?: string;
}

const REDIRECT_PATH = "/auth/redirect";

export function describeAuthError(error: unknown, context: AuthProblemContext): AuthProblem {
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as ErrorLike;
  const text = `${e.errorCode ?? ""} ${e.errorMessage ?? ""} ${e.message ?? ""}`;
  const code = aadsts(text) ?? e.errorCode;
  const app = context.clientId ? `the wizard's app (client id ${context.clientId})` : "the wizard's app";
  const redirectUri = `${context.origin ?? "<the wizard's address>"}${REDIRECT_PATH}`;

  if (/AADSTS65004|user_cancelled|access_denied/.test(text)) {
    return {
      kind: "cancelled",
      title: "Sign-in was cancelled",
      detail: "Nothing was changed in your tenant.",
      nextStep: "Sign in again when you are ready.",
      code,
    };
  }
  if (/AADSTS65001\b|AADSTS90094\b|consent_required/.test(text)) {
    // Delegated Microsoft Graph permissions may be consented by a Cloud Application Administrator or Application Administrator
    // (https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent#prerequisites).
    return {
      kind: "consent-needed",
      title: "The wizard's own app needs consent",
      detail: "Your tenant has not yet allowed this wizard to use the Microsoft Graph permissions this job needs.",
      nextStep: `Ask a Cloud Application Administrator, Application Administrator or Global Administrator to grant admin consent to the wizard's app (client id ${context.clientId || "not set"}): the start page has the command, or Entra admin center › App registrations › API permissions › Grant admin consent. Then sign in again.`,
      code,
      fix: "consent",
    };
  }
  if (/AADSTS50194\b/.test(text)) {
    return {
      kind: "wrong-tenant",
      title: "The wizard's app signs in one tenant only",
      detail: `${app[0]?.toUpperCase()}${app.slice(1)} is registered for accounts of its own tenant, and the wizard signs in at "${context.tenant}".`,
      nextStep: "Set ENTRA_TENANT to the tenant id the registration script printed (not organizations or common) and restart the wizard.",
      code,
    };
  }
  if (/AADSTS90002\b|AADSTS90023\b|invalid_tenant|endpoints_resolution_error/.test(text)) {
    return {
      kind: "wrong-tenant",
      title: "The tenant was not found",
      detail: `The wizard is configured for tenant "${context.tenant}", which the Microsoft identity platform does not know.`,
      nextStep: "Check ENTRA_TENANT (tenant id or verified domain) in the wizard's configuration.",
      code,
    };
  }
  if (/AADSTS50020\b/.test(text)) {
    // https://learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/error-code-aadsts50020-user-account-identity-provider-does-not-exist
    return {
      kind: "wrong-account",
      title: "This account is not in the wizard's tenant",
      detail: `The account you chose belongs to another directory than the tenant the wizard is registered in ("${context.tenant}").`,
      nextStep: `Sign out and sign in with your work account in "${context.tenant}". If the account's own tenant is the one to connect, register the wizard there (the start page has the commands for ${context.origin ?? "this address"}) and set ENTRA_CLIENT_ID and ENTRA_TENANT to what they print.`,
      code,
      fix: "register",
    };
  }
  if (/AADSTS50034/.test(text)) {
    return {
      kind: "wrong-account",
      title: "This account is not in the wizard's tenant",
      detail: "The account you chose belongs to another directory.",
      nextStep: "Sign out and sign in with your work account in the tenant you are connecting.",
      code,
    };
  }
  if (/AADSTS700016\b/.test(text)) {
    return {
      kind: "app-not-found",
      title: "The wizard's app registration was not found",
      detail: `Tenant "${context.tenant}" has no application with client id ${context.clientId || "(not set)"}: ENTRA_CLIENT_ID is wrong (an object id instead of the Application (client) ID?), or the app is registered in another tenant.`,
      nextStep: `Register the wizard for ${context.origin ?? "this address"} with the commands on the start page, then set ENTRA_CLIENT_ID and ENTRA_TENANT to the values they print and restart the wizard.`,
      code,
      fix: "register",
    };
  }
  if (/AADSTS50011\b/.test(text)) {
    // https://learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/error-code-aadsts50011-redirect-uri-mismatch
    return {
      kind: "redirect-mismatch",
      title: "This address is not a redirect URI of the wizard's app",
      detail: `Microsoft Entra would not send the sign-in back to ${redirectUri}: ${app} does not list it as a redirect URI.`,
      nextStep: `Add ${redirectUri} to ${app} as a Single-page application redirect URI: run the fix on the start page, or Entra admin center › App registrations › Authentication › Add a platform › Single-page application. Then sign in again.`,
      code,
      fix: "redirect",
    };
  }
  if (/AADSTS9002326\b/.test(text)) {
    return {
      kind: "wrong-platform",
      title: "The wizard's redirect URI is registered as a Web platform, not a Single-page application",
      detail: `Microsoft Entra signed you in, but refuses to let this page redeem the code: codes sent to a Web redirect URI may only be redeemed by a server with a secret, and the wizard is a single-page application without one.`,
      nextStep: `Move ${redirectUri} from the Web platform to Single-page application on ${app}: run the fix on the start page, or Entra admin center › App registrations › Authentication (remove it under Web, add it under Single-page application). Then sign in again.`,
      code,
      fix: "platform",
    };
  }
  return {
    kind: "other",
    title: "Sign-in failed",
    detail: (e.errorMessage ?? e.message ?? String(error)).slice(0, 400),
    nextStep: "Try again. If it keeps failing, send the code and message above to your support contact.",
    code,
  };
}

export function wrongTenantProblem(accountTenantId: string, expectedTenant: string): AuthProblem {
  return {
    kind: "wrong-account",
    title: "Signed in to another tenant",
    detail: `Your account's tenant (${accountTenantId}) is not the tenant this wizard is set up for (${expectedTenant}).`,
    nextStep: "Sign out and sign in with an account of the tenant you are connecting.",
  };
}
