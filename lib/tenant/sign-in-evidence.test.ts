import { describe, expect, it } from "vitest";
import { createGraphClient } from "@/lib/graph";
import { createTenantSim, type SimOptions, type TenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import { explainSignInError, readSignInEvidence, SIGN_IN_EVIDENCE_MESSAGES, summarizeSignIns } from "./sign-in-evidence";

const SUPPORT_SCOPES = ["User.Read", "Application.Read.All", "Directory.Read.All", "AuditLog.Read.All"];
const FIC_MISMATCH = "No matching federated identity record found for presented assertion.";

function clientFor(sim: TenantSim, persona: string, scopes: readonly string[] = SUPPORT_SCOPES) {
  const { accessToken } = sim.issueTokens(persona, scopes);
  return createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => accessToken,
    fetch: simFetch(sim),
    sleep: async () => undefined,
  });
}

/** Two connector apps: mail signed in once and then failed twice; teams never signed in. */
function world(options: SimOptions = {}) {
  const sim = createTenantSim({ now: () => Date.parse("2026-06-01T12:00:00Z"), ...options });
  const mail = sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy" });
  sim.seed.servicePrincipal(mail.appId);
  const teams = sim.seed.application({ displayName: "Psoxy Connector - Microsoft Teams psoxy" });
  sim.seed.servicePrincipal(teams.appId);
  const ok = sim.seed.signIn({ appId: mail.appId, at: "2026-06-01T09:00:00Z" });
  sim.seed.signIn({ appId: mail.appId, at: "2026-06-01T10:00:00Z", errorCode: 70021, failureReason: FIC_MISMATCH });
  sim.seed.signIn({ appId: mail.appId, at: "2026-06-01T11:00:00Z", errorCode: 9999999, failureReason: "Something new." });
  sim.clearLogs();
  return { sim, mail, teams, ok };
}

describe("explainSignInError", () => {
  it("explains the workload identity federation codes with a next step and who takes it", () => {
    expect(explainSignInError(70021)).toMatchObject({ known: true, who: "operator" });
    expect(explainSignInError(70021).explanation).toMatch(/no federated credential on this app matches/);
    expect(explainSignInError(700016).nextStep).toMatch(/Application \(client\) ID/);
    expect(explainSignInError(7000112).explanation).toMatch(/disabled/);
    expect(explainSignInError(65001).who).toBe("consent-admin");
    expect(explainSignInError(53003).who).toBe("security-admin");
    for (const code of [700024, 700027, 7000215, 7000222, 500011, 90002, 70011, 50053])
      expect(explainSignInError(code).known, String(code)).toBe(true);
  });

  it("gives unknown codes a generic explanation that names the code and Entra's reason", () => {
    const unknown = explainSignInError(123456, "Something new.");
    expect(unknown.known).toBe(false);
    expect(unknown.explanation).toBe("Entra refused the sign-in with AADSTS123456: Something new.");
    expect(unknown.nextStep).toContain("https://login.microsoftonline.com/error?code=123456");
  });
});

describe("summarizeSignIns", () => {
  const event = (id: string, at: string, errorCode = 0) => ({
    id,
    createdDateTime: at,
    appId: "app",
    appDisplayName: null,
    servicePrincipalId: "sp",
    signInEventTypes: ["servicePrincipal"],
    resourceDisplayName: "Microsoft Graph",
    errorCode,
    failureReason: errorCode ? "x" : null,
    additionalDetails: null,
  });

  it("takes the later of the report and the log, lists failures newest first and marks those a success followed", () => {
    const activity = {
      id: "x",
      appId: "app",
      lastSignInActivity: null,
      applicationAuthenticationClientSignInActivity: { lastSignInDateTime: "2026-06-01T08:00:00Z", lastSignInRequestId: "r0" },
      applicationAuthenticationResourceSignInActivity: null,
      delegatedClientSignInActivity: null,
      delegatedResourceSignInActivity: null,
    };
    const events = [
      event("f1", "2026-06-01T07:00:00Z", 70021),
      event("ok", "2026-06-01T09:00:00Z"),
      event("f2", "2026-06-01T10:00:00Z", 700016),
    ];
    const summary = summarizeSignIns("app", activity, events);
    expect(summary.lastSignIn).toBe("2026-06-01T09:00:00Z");
    expect(summary.lastSignInRequestId).toBe("ok");
    expect(summary.failures.map((f) => [f.requestId, f.beforeLastSignIn])).toEqual([
      ["f2", false],
      ["f1", true],
    ]);
    expect(summarizeSignIns("app", null, []).lastSignIn).toBeNull();
    expect(summarizeSignIns("app", activity, [], 5).lastSignInRequestId).toBe("r0");
  });
});

describe("readSignInEvidence against the simulated tenant", () => {
  it("reads the last sign-in and the failures of every app in one beta $batch", async () => {
    const { sim, mail, teams, ok } = world();
    const evidence = await readSignInEvidence(clientFor(sim, "support"), [mail.appId, teams.appId]);
    expect(sim.requests.map((r) => [r.method, r.url, r.innerCount])).toEqual([["POST", "https://graph.microsoft.com/beta/$batch", 4]]);
    if (evidence.status !== "ok") throw new Error(`unexpected: ${evidence.message}`);
    const mailEvidence = evidence.byAppId[mail.appId]!;
    expect(mailEvidence.lastSignIn).toBe("2026-06-01T09:00:00Z");
    expect(mailEvidence.lastSignInRequestId).toBe(ok.id);
    expect(mailEvidence.failures.map((f) => [f.at, f.errorCode, f.beforeLastSignIn])).toEqual([
      ["2026-06-01T11:00:00Z", 9999999, false],
      ["2026-06-01T10:00:00Z", 70021, false],
    ]);
    expect(mailEvidence.failures[1]).toMatchObject({
      failureReason: FIC_MISMATCH,
      explanation: explainSignInError(70021).explanation,
      who: "operator",
    });
    expect(mailEvidence.failures[0]!.explanation).toContain("AADSTS9999999: Something new.");
    expect(evidence.byAppId[teams.appId]).toEqual({ appId: teams.appId, lastSignIn: null, lastSignInRequestId: null, failures: [] });
    expect(await readSignInEvidence(clientFor(sim, "support"), [])).toEqual({ status: "ok", byAppId: {} });
  });

  it("says plainly when the tenant has no Entra ID P1/P2", async () => {
    const { sim, mail } = world({ premiumLicense: false });
    const evidence = await readSignInEvidence(clientFor(sim, "global-admin"), [mail.appId]);
    expect(evidence).toMatchObject({ status: "unavailable", reason: "licence", message: SIGN_IN_EVIDENCE_MESSAGES.licence });
    expect(evidence.status === "unavailable" && evidence.error?.code).toBe("Authentication_RequestFromNonPremiumTenantOrB2CTenant");
  });

  it("says plainly when the user lacks a sign-in-reading role", async () => {
    const { sim, mail } = world();
    const evidence = await readSignInEvidence(clientFor(sim, "cloud-app-admin"), [mail.appId]);
    expect(evidence).toMatchObject({ status: "unavailable", reason: "role", message: SIGN_IN_EVIDENCE_MESSAGES.role });
    const reader = sim.seed.user({ displayName: "Rita Reports", roles: ["reportsReader"] });
    expect((await readSignInEvidence(clientFor(sim, reader.id), [mail.appId])).status).toBe("ok");
  });

  it("says plainly when the wizard lacks AuditLog.Read.All", async () => {
    const { sim, mail } = world();
    const evidence = await readSignInEvidence(clientFor(sim, "support", ["User.Read", "Application.Read.All", "Directory.Read.All"]), [
      mail.appId,
    ]);
    expect(evidence).toMatchObject({ status: "unavailable", reason: "scope", message: SIGN_IN_EVIDENCE_MESSAGES.scope });
  });

  it("retries a throttled item and reports any other failure with its code and request-id", async () => {
    const { sim, mail } = world();
    sim.faults.failNext({ pathIncludes: "/auditLogs/signIns", status: 429, code: "TooManyRequests", times: 1 });
    expect((await readSignInEvidence(clientFor(sim, "support"), [mail.appId])).status).toBe("ok");
    // The 429 item went again in a second POST.
    expect(sim.requests.map((r) => r.innerCount)).toEqual([2, 1]);
    sim.faults.failNext({ pathIncludes: "/reports/servicePrincipalSignInActivities", status: 400, code: "BadRequest", message: "Nope." });
    const evidence = await readSignInEvidence(clientFor(sim, "support"), [mail.appId]);
    if (evidence.status !== "unavailable") throw new Error("expected unavailable");
    expect(evidence.reason).toBe("error");
    expect(evidence.error?.requestId).toBeTruthy();
    expect(evidence.message).toContain(`BadRequest, request-id ${evidence.error!.requestId}`);
  });
});
