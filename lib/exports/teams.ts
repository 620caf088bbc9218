/**
 * PowerShell for the Teams application access policy (msft-teams manual step).
 * Source: Psoxy's Terraform (https://github.com/Worklytics/psoxy: infra/modules/worklytics-connectors-msft-365, worklytics-connector-specs/msft-365.tf).
 */
import { DIRECTORY_ROLES, PSOXY_SOURCE, TEAMS_ACCESS_POLICY_DOC, TEAMS_POLICY_DESCRIPTION, TEAMS_POLICY_NAME } from "@/lib/connectors";
import { powershellQuote } from "@/lib/text/quote";

/**
 * Line the script prints once `Grant-CsApplicationAccessPolicy -Global` succeeded:
 * `PSOXY-TEAMS-GLOBAL-GRANT OK: <policy name>` (or `… FAILED: <error>`). Get-CsApplicationAccessPolicy
 * shows a policy's Identity, AppIds and Description but not where it is granted, and no Teams cmdlet
 * documents reading the tenant-wide (-Global) assignment back
 * (https://learn.microsoft.com/powershell/module/teams/get-csapplicationaccesspolicy,
 * https://learn.microsoft.com/powershell/module/teams/grant-csapplicationaccesspolicy), so the
 * script reports the grant itself. lib/tenant/teams-policy.ts reads this line back.
 */
export const TEAMS_GLOBAL_GRANT_MARKER = "PSOXY-TEAMS-GLOBAL-GRANT";

/** C0/C1 controls, line/paragraph separators and format characters (bidi overrides, zero-width). */
const UNSAFE_SCRIPT_CHARS = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

function assertSafe(kind: string, value: string): void {
  if (UNSAFE_SCRIPT_CHARS.test(value)) {
    throw new Error(
      `teamsAccessPolicyScript: the ${kind} contains a line break, control or invisible character; refusing to put it in a script.`,
    );
  }
}

interface TeamsAccessPolicyScriptInput {
  /** Client ids (appId) of the Teams connector app(s); never object ids. */
  clientIds: readonly string[];
  /** Existing or new policy name; default psoxy's Teams-Policy-For-Worklytics. */
  policyName?: string;
}

/**
 * Idempotent script: creates the policy with the client ids, or adds the missing ids to an
 * existing policy (Set-CsApplicationAccessPolicy -AppIds @{Add=…}), then grants it tenant-wide.
 */
export function teamsAccessPolicyScript(input: TeamsAccessPolicyScriptInput): string {
  const clientIds = [...new Set(input.clientIds.map((id) => id.trim()).filter(Boolean))];
  if (clientIds.length === 0) throw new Error("teamsAccessPolicyScript needs at least one client id.");
  const policyName = input.policyName?.trim() || TEAMS_POLICY_NAME;
  for (const id of clientIds) assertSafe("client id", id);
  assertSafe("policy name", policyName);
  const role = DIRECTORY_ROLES.teamsAdministrator.displayName;
  return [
    "# Teams application access policy for the Psoxy Microsoft Teams connector.",
    `# Run as a user with the ${role} role, in PowerShell 5.1 or 7.2+.`,
    '# If you get "access denied" after the role was assigned, close and reopen PowerShell and run this again.',
    "# Changes can take up to 30 minutes to apply; until then Graph answers 403",
    '# "No application access policy found for this app".',
    "# Granting -Global replaces any policy already granted tenant-wide: if another app relies on one,",
    "# run this with that policy's name instead so these client ids are added to it.",
    "# -Global covers every user who has no policy of their own: a user granted a per-user policy",
    "# (Grant-CsApplicationAccessPolicy -Identity <user>) keeps it, and the connector cannot read that",
    "# user's meetings until these client ids are added to that policy too.",
    `# The last lines print ${TEAMS_GLOBAL_GRANT_MARKER} and the policy: paste everything printed after`,
    "# Connect-MicrosoftTeams into the wizard's Teams step to record the verification.",
    `# Sources: ${PSOXY_SOURCE.spec}`,
    `#          ${TEAMS_ACCESS_POLICY_DOC}`,
    "",
    "if (-not (Get-Module -ListAvailable -Name MicrosoftTeams)) {",
    "    Install-Module -Name MicrosoftTeams -Scope CurrentUser",
    "}",
    "Import-Module MicrosoftTeams",
    "Connect-MicrosoftTeams",
    "",
    `$policyName = ${powershellQuote(policyName)}`,
    `$appIds = @(${clientIds.map(powershellQuote).join(", ")})`,
    "",
    "$policy = Get-CsApplicationAccessPolicy -Identity $policyName -ErrorAction SilentlyContinue",
    "if ($null -eq $policy) {",
    `    New-CsApplicationAccessPolicy -Identity $policyName -AppIds $appIds -Description ${powershellQuote(TEAMS_POLICY_DESCRIPTION)}`,
    "} else {",
    "    foreach ($appId in $appIds) {",
    "        if (@($policy.AppIds) -notcontains $appId) {",
    "            Set-CsApplicationAccessPolicy -Identity $policyName -AppIds @{Add = $appId}",
    "        }",
    "    }",
    "}",
    "",
    "try {",
    "    Grant-CsApplicationAccessPolicy -PolicyName $policyName -Global -ErrorAction Stop",
    `    Write-Output "${TEAMS_GLOBAL_GRANT_MARKER} OK: $policyName"`,
    "} catch {",
    `    Write-Output "${TEAMS_GLOBAL_GRANT_MARKER} FAILED: $($_.Exception.Message)"`,
    "}",
    "",
    "# Every app id, in full: PowerShell shows only the first $FormatEnumerationLimit (4) items of a list.",
    "Get-CsApplicationAccessPolicy -Identity $policyName |",
    "    Format-List Identity, @{ Name = 'AppIds'; Expression = { '{' + (@($_.AppIds) -join ', ') + '}' } }, Description",
    "",
  ].join("\n");
}
