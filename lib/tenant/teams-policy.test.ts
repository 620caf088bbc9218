import { describe, expect, it } from "vitest";
import { teamsAccessPolicyScript } from "@/lib/exports/teams";
import { isWizardTag, mergeWizardTags, wizardTags } from "./naming";
import type { SnapshotApp } from "./snapshot";
import {
  TAG_MAX_LENGTH,
  TEAMS_OUTPUT_MAX_CHARS,
  TEAMS_VERIFIED_TAG_PREFIX,
  VERIFIER_NAME_MAX_LENGTH,
  checkVerifierName,
  mayRecordVerification,
  parseTeamsPolicyOutput,
  parseTeamsStepParams,
  readTeamsVerification,
  teamsConnectorApps,
  teamsOutputFormSchema,
  teamsPolicyName,
  teamsStepHref,
  teamsVerificationTag,
  withTeamsVerificationTag,
} from "./teams-policy";

const CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e";
const OTHER = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
const THIRD = "0b1c2d3e-4f50-4612-8723-8495a6b7c8d9";

/** What the script prints after Connect-MicrosoftTeams, as PowerShell 7 shows it. */
const VALID = [
  "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics",
  "",
  `Identity    : Tag:Teams-Policy-For-Worklytics`,
  `AppIds      : {${OTHER}, ${CLIENT}}`,
  "Description : Policy for MSFT Teams used for Worklytics Psoxy connector",
  "",
].join("\n");

function ok(text: string, clientId = CLIENT) {
  const result = parseTeamsPolicyOutput(text, clientId);
  if (!result.ok) throw new Error(`expected a parse, got: ${result.message}`);
  return result;
}

function failure(text: string, clientId = CLIENT) {
  const result = parseTeamsPolicyOutput(text, clientId);
  if (result.ok) throw new Error("expected a failure");
  return result.message;
}

describe("parseTeamsPolicyOutput", () => {
  it("verifies the script's output: client id listed, granted globally", () => {
    const result = ok(VALID);
    expect(result).toEqual({
      ok: true,
      policyName: "Teams-Policy-For-Worklytics",
      appIds: [OTHER, CLIENT],
      clientIdListed: true,
      grantedGlobally: true,
      verified: true,
      problems: [],
    });
  });

  it("matches the client id case-insensitively and only as a whole GUID", () => {
    expect(ok(VALID.replace(CLIENT, CLIENT.toUpperCase())).verified).toBe(true);
    expect(ok(VALID, CLIENT.toUpperCase()).verified).toBe(true);
    // A longer run of hex digits that merely contains the id is not the id.
    const glued = VALID.replace(CLIENT, `${CLIENT}0`);
    expect(ok(glued).clientIdListed).toBe(false);
  });

  it("app id missing: says so and what to do", () => {
    const result = ok(VALID.replace(`${OTHER}, ${CLIENT}`, OTHER));
    expect(result.clientIdListed).toBe(false);
    expect(result.grantedGlobally).toBe(true);
    expect(result.verified).toBe(false);
    expect(result.problems.join(" ")).toMatch(new RegExp(`does not list the client id ${CLIENT}.*Run the script again`));
  });

  it("an empty AppIds list does not list the client id", () => {
    const result = ok(VALID.replace(`{${OTHER}, ${CLIENT}}`, "{}"));
    expect(result.appIds).toEqual([]);
    expect(result.verified).toBe(false);
  });

  it("not global: no grant line means not verified, and says why", () => {
    const result = ok(VALID.replace(/^PSOXY-TEAMS-GLOBAL-GRANT OK.*\n/, ""));
    expect(result.clientIdListed).toBe(true);
    expect(result.grantedGlobally).toBe(false);
    expect(result.verified).toBe(false);
    expect(result.problems.join(" ")).toMatch(
      /no "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics" line.*does not show where a policy is granted/,
    );
  });

  it("not global: a failed grant is reported with its error", () => {
    const result = ok(
      VALID.replace("PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics", "PSOXY-TEAMS-GLOBAL-GRANT FAILED: Access Denied."),
    );
    expect(result.grantedGlobally).toBe(false);
    expect(result.problems.join(" ")).toMatch(/Granting the policy globally failed: "Access Denied\."/);
    expect(result.problems.join(" ")).toMatch(/reopen PowerShell/);
  });

  it("not global: a grant of another policy does not count", () => {
    const result = ok(VALID.replace("GRANT OK: Teams-Policy-For-Worklytics", "GRANT OK: Some-Other-Policy"));
    expect(result.grantedGlobally).toBe(false);
    expect(result.problems.join(" ")).toMatch(/names the policy "Some-Other-Policy"/);
  });

  it("the last grant line wins when the script ran twice", () => {
    const twice = `${VALID}\nPSOXY-TEAMS-GLOBAL-GRANT FAILED: The remote server returned an error\n`;
    expect(ok(twice).grantedGlobally).toBe(false);
    expect(ok(`PSOXY-TEAMS-GLOBAL-GRANT FAILED: timeout\n${VALID}`).grantedGlobally).toBe(true);
  });

  it.each([
    ["random text", "hello world"],
    ["a JSON blob", JSON.stringify({ Identity: "Tag:Teams-Policy-For-Worklytics", AppIds: [CLIENT] })],
    ["just the client id", CLIENT],
    ["another object's Format-List", "Identity : Tag:Teams-Policy-For-Worklytics\nDisplayName : Casey"],
    ["only whitespace", "  \n\t\r\n"],
  ])("garbage (%s) gets a message saying what was expected", (_, text) => {
    expect(failure(text)).toMatch(/Identity : Tag:Teams-Policy-For-Worklytics|Nothing pasted yet/);
    expect(failure(text)).toMatch(/AppIds : \{<client id>\}/);
  });

  it("known PowerShell failures say what to do", () => {
    expect(
      failure("Get-CsApplicationAccessPolicy : The term 'Get-CsApplicationAccessPolicy' is not recognized as a name of a cmdlet"),
    ).toMatch(/MicrosoftTeams module is not installed/);
    expect(failure("You must call the Connect-MicrosoftTeams cmdlet before calling any other cmdlets.")).toMatch(/not connected to Teams/);
    expect(failure("Grant-CsApplicationAccessPolicy : Access Denied.")).toMatch(/Teams Administrator/);
    expect(failure("PSOXY-TEAMS-GLOBAL-GRANT FAILED: Access Denied.")).toMatch(/failed: "Access Denied\.".*reopen PowerShell/);
    expect(failure("PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics")).toMatch(/but not the policy itself/);
  });

  it("caps the input length", () => {
    const long = `${VALID}${" ".repeat(TEAMS_OUTPUT_MAX_CHARS)}`;
    expect(failure(long)).toMatch(/characters; the script prints far less/);
  });

  it("refuses a client id that is not a GUID", () => {
    expect(failure(VALID, "not-a-guid")).toMatch(/not a GUID/);
  });

  it("reads CRLF, ANSI colours, a BOM and non-breaking spaces", () => {
    const esc = String.fromCharCode(27);
    const windows = `\uFEFF${VALID.replace(/\n/g, "\r\n")}`
      .replace("Identity    :", `${esc}[32;1mIdentity    :${esc}[0m`)
      .replace("AppIds      :", "AppIds\u00A0     :");
    expect(ok(windows).verified).toBe(true);
  });

  it("reads a wrapped AppIds list, a GUID cut at the line end included", () => {
    const wrapped = [
      "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics",
      "",
      "Identity    : Tag:Teams-Policy-For-Worklytics",
      `AppIds      : {${OTHER}, ${THIRD}, ${CLIENT.slice(0, 20)}`,
      `              ${CLIENT.slice(20)}}`,
      "Description : Policy for MSFT Teams used for Worklytics Psoxy",
      "              connector",
    ].join("\r\n");
    const result = ok(wrapped);
    expect(result.appIds).toEqual([OTHER, THIRD, CLIENT]);
    expect(result.verified).toBe(true);
  });

  it("does not confirm an id hidden by PowerShell's '...' / '…' list cut, and says why", () => {
    for (const cut of ["...", "…"]) {
      const result = ok(
        VALID.replace(`{${OTHER}, ${CLIENT}}`, `{${OTHER}, ${THIRD}, ${OTHER.replace("9f", "8f")}, ${THIRD.replace("0b", "0c")}${cut}}`),
      );
      expect(result.clientIdListed).toBe(false);
      expect(result.problems.join(" ")).toMatch(/cut short/);
    }
  });

  it("reads Format-Table output, and a table cell cut short is not confirmed", () => {
    const table = [
      "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics",
      "",
      "Identity                        AppIds                                 Description",
      "--------                        ------                                 -----------",
      `Tag:Teams-Policy-For-Worklytics {${CLIENT}} Policy for MSFT Teams used for Worklytics Psoxy connector`,
      "",
    ].join("\n");
    expect(ok(table).verified).toBe(true);

    const cut = [
      "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics",
      "Identity         AppIds                      Description",
      "--------         ------                      -----------",
      `Tag:Teams-Pol... {${OTHER}, ${CLIENT.slice(0, 8)}… Policy for…`,
    ].join("\n");
    const result = ok(cut);
    expect(result.clientIdListed).toBe(false);
    expect(result.grantedGlobally).toBe(false);
    expect(result.problems.join(" ")).toMatch(/cut short/);
  });

  it("picks the policy the grant line names when several are listed", () => {
    const several = [
      "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics",
      "",
      "Identity    : Tag:Other-App-Policy",
      `AppIds      : {${OTHER}}`,
      "Description :",
      "",
      "Identity    : Tag:teams-policy-for-worklytics",
      `AppIds      : {${CLIENT}}`,
      "Description : Policy for MSFT Teams used for Worklytics Psoxy connector",
    ].join("\n");
    const result = ok(several);
    expect(result.policyName).toBe("teams-policy-for-worklytics");
    expect(result.verified).toBe(true);
  });

  it("ignores the PowerShell prompt and the script's other output around the policy", () => {
    const noisy = [
      "PS C:\\> Connect-MicrosoftTeams",
      "",
      "Account             Environment Tenant                               TenantId",
      "-------             ----------- ------                               --------",
      "casey@contoso.com   AzureCloud  11111111-2222-4333-8444-555555555555 11111111-2222-4333-8444-555555555555",
      "",
      VALID,
      "PS C:\\>",
    ].join("\n");
    expect(ok(noisy).verified).toBe(true);
  });

  it("strips Tag: and Global\\ from policy names", () => {
    expect(teamsPolicyName("Tag:Teams-Policy-For-Worklytics")).toBe("Teams-Policy-For-Worklytics");
    expect(teamsPolicyName("tag:X")).toBe("X");
    expect(teamsPolicyName("Global\\X")).toBe("X");
    expect(teamsPolicyName("Global")).toBe("Global");
  });

  it("reads the output of the script it was generated with (marker and Format-List shape)", () => {
    const script = teamsAccessPolicyScript({ clientIds: [CLIENT] });
    expect(script).toContain('Write-Output "PSOXY-TEAMS-GLOBAL-GRANT OK: $policyName"');
    expect(script).toContain("Format-List Identity, @{ Name = 'AppIds'");
  });
});

describe("the verification tag", () => {
  const at = new Date("2025-03-07T23:59:00Z");

  it("round-trips date and name", () => {
    const tag = teamsVerificationTag({ at, by: "Casey Nguyen" });
    expect(tag).toBe("psoxy-teams-verified:2025-03-07:Casey Nguyen");
    expect(readTeamsVerification(["psoxy-wizard", tag])).toEqual({ at: "2025-03-07", by: "Casey Nguyen" });
  });

  it("keeps colons and non-Latin letters in names; tidies spaces", () => {
    const tag = teamsVerificationTag({ at, by: "  Zoë  O'Brien: Teams  " });
    expect(tag).toBe("psoxy-teams-verified:2025-03-07:Zoë O'Brien: Teams");
    expect(readTeamsVerification([tag])).toEqual({ at: "2025-03-07", by: "Zoë O'Brien: Teams" });
    expect(readTeamsVerification([teamsVerificationTag({ at, by: "李小龍" })])?.by).toBe("李小龍");
  });

  it("stays within Graph's 256 characters", () => {
    const longest = teamsVerificationTag({ at, by: "x".repeat(VERIFIER_NAME_MAX_LENGTH) });
    expect(longest.length).toBe(TAG_MAX_LENGTH);
    expect(() => teamsVerificationTag({ at, by: "x".repeat(VERIFIER_NAME_MAX_LENGTH + 1) })).toThrow(/longer than/);
  });

  it.each([
    ["a line break", "Casey\nNguyen"],
    ["a tab", "Casey\tNguyen"],
    ["a zero-width space", "Casey\u200BNguyen"],
    ["a right-to-left override", "Casey\u202ENguyen"],
    ["a Hangul filler", "\u3164"],
    ["nothing", "   "],
  ])("refuses a name with %s", (_, by) => {
    expect(checkVerifierName(by).ok).toBe(false);
    expect(() => teamsVerificationTag({ at, by })).toThrow();
  });

  it("refuses an invalid date", () => {
    expect(() => teamsVerificationTag({ at: new Date("nope"), by: "Casey" })).toThrow(/date/);
  });

  it.each([
    ["no date", "psoxy-teams-verified:Casey"],
    ["an impossible date", "psoxy-teams-verified:2025-02-30:Casey"],
    ["a short date", "psoxy-teams-verified:2025-3-7:Casey"],
    ["no name", "psoxy-teams-verified:2025-03-07:"],
    ["a name with a control character", "psoxy-teams-verified:2025-03-07:Casey\u0007"],
    ["a name with a bidi override", "psoxy-teams-verified:2025-03-07:\u202Eyesac"],
    ["an untidy name", "psoxy-teams-verified:2025-03-07: Casey  Nguyen"],
    ["a tag over 256 characters", `psoxy-teams-verified:2025-03-07:${"x".repeat(VERIFIER_NAME_MAX_LENGTH + 1)}`],
    ["another prefix", "psoxy-teams-verifiedX2025-03-07:Casey"],
  ])("ignores a malformed tag (%s)", (_, tag) => {
    expect(readTeamsVerification([tag])).toBeNull();
    // …and a malformed tag next to a good one never hides or replaces the good one.
    const good = teamsVerificationTag({ at, by: "Casey" });
    expect(readTeamsVerification([good, tag])).toEqual({ at: "2025-03-07", by: "Casey" });
  });

  it("reads the latest of several verifications; none is null", () => {
    const older = teamsVerificationTag({ at: new Date("2024-12-31T10:00:00Z"), by: "Old" });
    const newer = teamsVerificationTag({ at, by: "New" });
    expect(readTeamsVerification([newer, older])?.by).toBe("New");
    expect(readTeamsVerification([older, newer])?.by).toBe("New");
    expect(readTeamsVerification([])).toBeNull();
    expect(readTeamsVerification(undefined)).toBeNull();
  });

  it("replaces only earlier verification tags and keeps every other tag in order", () => {
    const older = teamsVerificationTag({ at: new Date("2024-12-31T10:00:00Z"), by: "Old" });
    const tag = teamsVerificationTag({ at, by: "New" });
    const current = ["psoxy-wizard", older, "someone-elses-tag", "psoxy-teams-verified:garbage", "psoxy-env:prod"];
    expect(withTeamsVerificationTag(current, tag)).toEqual(["psoxy-wizard", "someone-elses-tag", "psoxy-env:prod", tag]);
    expect(() => withTeamsVerificationTag(current, "psoxy-teams-verified:bad")).toThrow();
  });

  it("is not a wizard tag, so the operator's re-runs keep it", () => {
    const tag = teamsVerificationTag({ at, by: "Casey" });
    expect(tag.startsWith(TEAMS_VERIFIED_TAG_PREFIX)).toBe(true);
    expect(isWizardTag(tag)).toBe(false);
    expect(mergeWizardTags(["psoxy-wizard", tag], wizardTags("msft-teams", "prod"))).toContain(tag);
  });
});

describe("links to the Teams step", () => {
  it("builds /teams?env=…&connector=…, with an empty env kept", () => {
    expect(teamsStepHref("prod")).toBe("/teams?env=prod&connector=msft-teams");
    expect(teamsStepHref("")).toBe("/teams?env=&connector=msft-teams");
  });

  it("reads the params back like typed input", () => {
    expect(parseTeamsStepParams({ env: "prod", connector: "msft-teams" })).toEqual({
      ok: true,
      environmentId: "prod",
      connectorId: "msft-teams",
    });
    expect(parseTeamsStepParams({ env: "", connector: "msft-teams" })).toEqual({ ok: true, environmentId: "", connectorId: "msft-teams" });
    expect(parseTeamsStepParams({})).toEqual({ ok: true, environmentId: null, connectorId: "msft-teams" });
    expect(parseTeamsStepParams({ env: ["a", "b"] })).toEqual({ ok: true, environmentId: "a", connectorId: "msft-teams" });
  });

  it("refuses connectors without the step and invalid environments", () => {
    const mail = parseTeamsStepParams({ env: "prod", connector: "outlook-mail" });
    expect(mail.ok === false && mail.message).toMatch(/not a connector with a Teams application access policy step/);
    const bad = parseTeamsStepParams({ env: "pr od<script>", connector: "msft-teams" });
    expect(bad.ok === false && bad.message).toMatch(/environment .* is not valid/);
  });
});

describe("the verification form and the Teams step's reading of the snapshot", () => {
  it("the form schema accepts only verified output, with the parser's message otherwise", () => {
    const schema = teamsOutputFormSchema(CLIENT);
    expect(schema.safeParse({ output: VALID }).success).toBe(true);
    const garbage = schema.safeParse({ output: "hello" });
    expect(garbage.success === false && garbage.error.issues[0]?.message).toMatch(/does not look like the script's output/);
    const missing = schema.safeParse({ output: VALID.replace(`, ${CLIENT}`, "") });
    expect(missing.success === false && missing.error.issues[0]?.message).toMatch(/does not list the client id/);
  });

  function app(overrides: Partial<SnapshotApp>): SnapshotApp {
    return {
      application: {
        id: "obj",
        appId: CLIENT,
        displayName: "Psoxy Connector - Microsoft Teams",
        uniqueName: null,
        description: null,
        notes: null,
        tags: [],
        signInAudience: null,
        requiredResourceAccess: [],
        createdDateTime: null,
        publisherDomain: null,
        passwordCredentials: [],
        keyCredentials: [],
      },
      environmentId: "",
      connectorIds: ["msft-teams"],
      shared: false,
      managedBy: "wizard",
      foundBy: "uniqueName",
      owners: [],
      credentials: [],
      servicePrincipal: null,
      grants: [],
      dropped: [],
      ...overrides,
    };
  }

  it("finds the Teams apps of one environment, wizard-managed first, shared apps included", () => {
    const apps = [
      app({ environmentId: "prod", managedBy: "terraform", foundBy: "displayName" }),
      app({ environmentId: "prod" }),
      app({ environmentId: "prod", connectorIds: ["outlook-mail"] }),
      app({ environmentId: "dev", connectorIds: ["outlook-mail", "msft-teams"], shared: true }),
    ];
    expect(teamsConnectorApps(apps, "msft-teams", "prod").map((a) => a.managedBy)).toEqual(["wizard", "terraform"]);
    expect(teamsConnectorApps(apps, "msft-teams", "dev").map((a) => a.shared)).toEqual([true]);
    expect(teamsConnectorApps(apps, "msft-teams", null).map((a) => a.environmentId)).toEqual(["dev", "prod", "prod"]);
    expect(teamsConnectorApps(apps, "msft-teams", "")).toEqual([]);
  });

  it("hints who may record: owners and application administrators", () => {
    const owned = app({ owners: [{ id: "me", type: "user", displayName: "Me", userPrincipalName: null }] });
    expect(mayRecordVerification(owned, "me", ["teamsAdministrator"])).toBe(true);
    expect(mayRecordVerification(owned, "someone-else", ["teamsAdministrator"])).toBe(false);
    expect(mayRecordVerification(owned, undefined, ["cloudApplicationAdministrator"])).toBe(true);
    expect(mayRecordVerification(owned, "someone-else", ["globalReader"])).toBe(false);
  });
});
