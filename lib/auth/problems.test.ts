import { describe, expect, it } from "vitest";
import { describeAuthError } from "./problems";

const context = { tenant: "contoso.onmicrosoft.com", clientId: "11111111-2222-3333-4444-555555555555" };

describe("describeAuthError", () => {
  it.each([
    [{ errorCode: "access_denied", errorMessage: "AADSTS65004: User declined to consent to access the app." }, "cancelled", "AADSTS65004"],
    [{ errorCode: "user_cancelled", errorMessage: "User cancelled the flow." }, "cancelled", "user_cancelled"],
    [
      { errorCode: "consent_required", errorMessage: "AADSTS65001: The user or administrator has not consented" },
      "consent-needed",
      "AADSTS65001",
    ],
    [{ errorCode: "endpoints_resolution_error", errorMessage: "AADSTS90002: Tenant 'nope' not found." }, "wrong-tenant", "AADSTS90002"],
    [
      { errorCode: "invalid_request", errorMessage: "AADSTS50020: User account from identity provider does not exist in tenant" },
      "wrong-account",
      "AADSTS50020",
    ],
    [
      { errorCode: "unauthorized_client", errorMessage: "AADSTS700016: Application with identifier was not found" },
      "app-not-found",
      "AADSTS700016",
    ],
    [new Error("network down"), "other", undefined],
  ])("%j → %s", (error, kind, code) => {
    const problem = describeAuthError(error, context);
    expect(problem.kind).toBe(kind);
    expect(problem.code).toBe(code);
    expect(problem.nextStep.length).toBeGreaterThan(10);
  });

  it("consent-needed names the wizard's client id", () => {
    expect(describeAuthError({ errorMessage: "AADSTS65001" }, context).nextStep).toContain(context.clientId);
  });
});

describe("a misregistered wizard: each sign-in error names the fix for this address", () => {
  const here = { ...context, origin: "https://wizard.contoso.com" };
  const redirect = "https://wizard.contoso.com/auth/redirect";

  it.each([
    // The texts Entra sends (the simulator sends the same, lib/sim/login.ts).
    [
      "AADSTS50011: The redirect URI 'https://wizard.contoso.com/auth/redirect' specified in the request does not match the redirect URIs configured for the application",
      "redirect-mismatch",
      "redirect",
      redirect,
    ],
    [
      "invalid_request: 9002326 - AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: 'https://wizard.contoso.com'.",
      "wrong-platform",
      "platform",
      redirect,
    ],
    [
      "AADSTS700016: Application with identifier '11111111-2222-3333-4444-555555555555' was not found in the directory 'Contoso'.",
      "app-not-found",
      "register",
      "https://wizard.contoso.com",
    ],
    ["AADSTS65001: The user or administrator has not consented to use the application", "consent-needed", "consent", context.clientId],
    [
      "AADSTS50020: User account 'x@fabrikam.com' from identity provider 'https://sts.windows.net/x/' does not exist in tenant 'Contoso'",
      "wrong-account",
      "register",
      "contoso.onmicrosoft.com",
    ],
  ])("%s", (message, kind, fix, named) => {
    const problem = describeAuthError({ errorMessage: message }, here);
    expect(problem.kind).toBe(kind);
    expect(problem.fix).toBe(fix);
    expect(problem.code).toMatch(/^AADSTS\d+$/);
    expect(`${problem.detail} ${problem.nextStep}`).toContain(named);
  });

  it("reads the code from text pasted from Microsoft's error page", () => {
    const pasted =
      "Sign in\nSorry, but we're having trouble signing you in.\nAADSTS50011: The redirect URI 'x' specified in the request does not match";
    expect(describeAuthError({ message: pasted }, here)).toMatchObject({ kind: "redirect-mismatch", code: "AADSTS50011", fix: "redirect" });
    expect(describeAuthError({ message: "AADSTS500113: No reply address is registered for the application." }, here).kind).toBe("other");
  });

  it("a single-tenant app on /organizations asks for the tenant id", () => {
    expect(
      describeAuthError(
        { errorMessage: "AADSTS50194: Application 'x'(Psoxy setup wizard) is not configured as a multi-tenant application." },
        here,
      ),
    ).toMatchObject({ kind: "wrong-tenant", code: "AADSTS50194" });
  });
});
