import { describe, expect, it } from "vitest";
import { TEAMS_GLOBAL_GRANT_MARKER, teamsAccessPolicyScript } from "@/lib/exports/teams";

const A = "6731de76-14a6-49ae-97bc-6eba6914391e";
const B = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

describe("teamsAccessPolicyScript", () => {
  const script = teamsAccessPolicyScript({ clientIds: [A, B, A] });

  it("installs and connects the Teams module", () => {
    expect(script).toContain("Install-Module -Name MicrosoftTeams");
    expect(script).toContain("\nConnect-MicrosoftTeams\n");
  });

  it("puts each client id once, quoted, under psoxy's default policy name", () => {
    expect(script).toContain("$policyName = 'Teams-Policy-For-Worklytics'");
    expect(script).toContain(`$appIds = @('${A}', '${B}')`);
    expect(script.split(A)).toHaveLength(2);
  });

  it("is idempotent: checks for the policy, creates or adds, then grants globally", () => {
    const get = script.indexOf("Get-CsApplicationAccessPolicy -Identity $policyName -ErrorAction SilentlyContinue");
    const create = script.indexOf(
      "New-CsApplicationAccessPolicy -Identity $policyName -AppIds $appIds -Description 'Policy for MSFT Teams used for Worklytics Psoxy connector'",
    );
    const add = script.indexOf("Set-CsApplicationAccessPolicy -Identity $policyName -AppIds @{Add = $appId}");
    const grant = script.indexOf("Grant-CsApplicationAccessPolicy -PolicyName $policyName -Global");
    expect(get).toBeGreaterThan(-1);
    expect(create).toBeGreaterThan(get);
    expect(add).toBeGreaterThan(create);
    expect(grant).toBeGreaterThan(add);
    expect(script).toContain("if (@($policy.AppIds) -notcontains $appId)");
  });

  it("explains role, propagation and the access-denied fix", () => {
    expect(script).toContain("Teams Administrator role");
    expect(script).toContain("up to 30 minutes");
    expect(script).toMatch(/access denied.*close and reopen PowerShell/);
    expect(script.split("\n").filter((l) => l.startsWith("#")).length).toBeGreaterThanOrEqual(5);
  });

  it("quotes a custom policy name safely", () => {
    const custom = teamsAccessPolicyScript({ clientIds: [A], policyName: "Bob's $(Remove-Item *) policy" });
    expect(custom).toContain("$policyName = 'Bob''s $(Remove-Item *) policy'");
    expect(custom).not.toContain("Teams-Policy-For-Worklytics'");
  });

  it("quotes hostile client ids and refuses an empty list", () => {
    const hostile = teamsAccessPolicyScript({ clientIds: ["x'; Remove-Item C:\\ -Recurse; '"] });
    expect(hostile).toContain("$appIds = @('x''; Remove-Item C:\\ -Recurse; ''')");
    expect(() => teamsAccessPolicyScript({ clientIds: [" "] })).toThrow(/at least one client id/);
  });
});

describe("teamsAccessPolicyScript: what it prints for the verification", () => {
  const script = teamsAccessPolicyScript({ clientIds: [A] });

  it("prints the global-grant line only after Grant-CsApplicationAccessPolicy -Global succeeded", () => {
    const grant = script.indexOf("    Grant-CsApplicationAccessPolicy -PolicyName $policyName -Global -ErrorAction Stop");
    const ok = script.indexOf(`    Write-Output "${TEAMS_GLOBAL_GRANT_MARKER} OK: $policyName"`);
    const failed = script.indexOf(`    Write-Output "${TEAMS_GLOBAL_GRANT_MARKER} FAILED: $($_.Exception.Message)"`);
    expect(script.indexOf("try {")).toBeLessThan(grant);
    expect(grant).toBeGreaterThan(-1);
    expect(ok).toBeGreaterThan(grant);
    expect(script.indexOf("} catch {")).toBeGreaterThan(ok);
    expect(failed).toBeGreaterThan(script.indexOf("} catch {"));
  });

  it("then prints the policy with every app id, not cut after $FormatEnumerationLimit", () => {
    const print = script.indexOf(
      "Get-CsApplicationAccessPolicy -Identity $policyName |\n    Format-List Identity, @{ Name = 'AppIds'; Expression = { '{' + (@($_.AppIds) -join ', ') + '}' } }, Description",
    );
    expect(print).toBeGreaterThan(script.indexOf(TEAMS_GLOBAL_GRANT_MARKER));
    expect(script.trimEnd().endsWith("Description")).toBe(true);
  });

  it("says users with their own per-user policy are not covered by -Global", () => {
    expect(script).toMatch(/-Global covers every user who has no policy of their own/);
    expect(script).toMatch(/per-user policy/);
  });

  it.each([
    ["client id with a line break", { clientIds: [`${A}\nRemove-Item C:\\`] }],
    ["client id with a carriage return inside", { clientIds: [`${A}\r# x`] }],
    ["policy name with a line break", { clientIds: [A], policyName: "x\n# y" }],
    ["policy name with a bidi override", { clientIds: [A], policyName: "x\u202Ey" }],
    ["policy name with a zero-width space", { clientIds: [A], policyName: "Teams\u200B-Policy" }],
  ])("refuses a %s", (_, input) => {
    expect(() => teamsAccessPolicyScript(input)).toThrow(/line break, control or invisible character/);
  });
});
