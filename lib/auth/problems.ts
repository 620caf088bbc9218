/**
 * Sign-in failures, turned into what the user should do next. Pure: takes the
 * error code/message MSAL (or the demo session) reports.
 *
 * AADSTS codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
export type AuthProblemKind = "cancelled" | "consent-needed" | "wrong-tenant" | "wrong-account" | "app-not-found" | "not-configured" | "other";

export interface AuthProblem {
  kind: AuthProblemKind;
  title: string;
  detail: string;
  nextStep: string;
  /** The code the identity platform sent, shown verbatim for support. */
  code?: string;
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

export function describeAuthError(error: unknown, context: { tenant: string; clientId: string }): AuthProblem {
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as ErrorLike;
  const text = `${e.errorCode ?? ""} ${e.errorMessage ?? ""} ${e.message ?? ""}`;
  const code = aadsts(text) ?? e.errorCode;

  if (/AADSTS65004|user_cancelled|access_denied/.test(text)) {
    return {
      kind: "cancelled",
      title: "Sign-in was cancelled",
      detail: "Nothing was changed in your tenant.",
      nextStep: "Sign in again when you are ready.",
      code,
    };
  }
  if (/AADSTS65001|AADSTS90094|consent_required/.test(text)) {
    return {
      kind: "consent-needed",
      title: "The wizard's own app needs consent",
      detail: "Your tenant has not yet allowed this wizard to use the Microsoft Graph permissions this job needs.",
      nextStep: `Ask a Global Administrator or Privileged Role Administrator to grant admin consent to the wizard's app (client id ${context.clientId || "not set"}) in Entra admin center › Enterprise applications › Permissions, then sign in again.`,
      code,
    };
  }
  if (/AADSTS90002|AADSTS90023|invalid_tenant|endpoints_resolution_error/.test(text)) {
    return {
      kind: "wrong-tenant",
      title: "The tenant was not found",
      detail: `The wizard is configured for tenant "${context.tenant}", which the Microsoft identity platform does not know.`,
      nextStep: "Check ENTRA_TENANT (tenant id or verified domain) in the wizard's configuration.",
      code,
    };
  }
  if (/AADSTS50020|AADSTS50034/.test(text)) {
    return {
      kind: "wrong-account",
      title: "This account is not in the wizard's tenant",
      detail: "The account you chose belongs to another directory.",
      nextStep: "Sign out and sign in with your work account in the tenant you are connecting.",
      code,
    };
  }
  if (/AADSTS700016|AADSTS50011/.test(text)) {
    return {
      kind: "app-not-found",
      title: "The wizard's app registration does not match",
      detail: "The client id or redirect URI configured for the wizard is not registered in this tenant.",
      nextStep: "Check ENTRA_CLIENT_ID and that the SPA redirect URI ends in /auth/redirect (see README).",
      code,
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
