import { describe, expect, it } from "vitest";
import { describeAuthError } from "./problems";

const context = { tenant: "contoso.onmicrosoft.com", clientId: "11111111-2222-3333-4444-555555555555" };

describe("describeAuthError", () => {
  it.each([
    [{ errorCode: "access_denied", errorMessage: "AADSTS65004: User declined to consent to access the app." }, "cancelled", "AADSTS65004"],
    [{ errorCode: "user_cancelled", errorMessage: "User cancelled the flow." }, "cancelled", "user_cancelled"],
    [{ errorCode: "consent_required", errorMessage: "AADSTS65001: The user or administrator has not consented" }, "consent-needed", "AADSTS65001"],
    [{ errorCode: "endpoints_resolution_error", errorMessage: "AADSTS90002: Tenant 'nope' not found." }, "wrong-tenant", "AADSTS90002"],
    [{ errorCode: "invalid_request", errorMessage: "AADSTS50020: User account from identity provider does not exist in tenant" }, "wrong-account", "AADSTS50020"],
    [{ errorCode: "unauthorized_client", errorMessage: "AADSTS700016: Application with identifier was not found" }, "app-not-found", "AADSTS700016"],
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
