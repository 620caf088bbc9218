/**
 * PowerShell for the Teams application access policy (msft-teams manual step).
 * Facts: /work/shared/reference/m365-connectors.md §1 "Teams extra step" [spec] and §7 [acmd][aap][tps].
 */
import {
  DIRECTORY_ROLES,
  PSOXY_SOURCE,
  TEAMS_ACCESS_POLICY_DOC,
  TEAMS_POLICY_DESCRIPTION,
  TEAMS_POLICY_NAME,
} from "@/lib/connectors";
import { powershellQuote } from "./quote";

export interface TeamsAccessPolicyScriptInput {
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
  const role = DIRECTORY_ROLES.teamsAdministrator.displayName;
  return [
    "# Teams application access policy for the Psoxy Microsoft Teams connector.",
    `# Run as a user with the ${role} role, in PowerShell 5.1 or 7.2+.`,
    '# If you get "access denied" after the role was assigned, close and reopen PowerShell and run this again.',
    "# Changes can take up to 30 minutes to apply; until then Graph answers 403",
    '# "No application access policy found for this app".',
    "# Granting -Global replaces any policy already granted tenant-wide: if another app relies on one,",
    "# run this with that policy's name instead so these client ids are added to it.",
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
    "Grant-CsApplicationAccessPolicy -PolicyName $policyName -Global",
    "Get-CsApplicationAccessPolicy -Identity $policyName",
    "",
  ].join("\n");
}
