import { describe, expect, it } from "vitest";
import { teamsAccessPolicyScript } from "@/lib/exports/teams";

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
