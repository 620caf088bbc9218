import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ENTRA_CLOUD_IDS } from "@/lib/clouds";
import { GRAPH_DELEGATED_SCOPE_IDS, MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import { CONSENT_GRANT_SCOPES, JOBS, ROLE_SCOPES, SIGN_IN_SCOPES, TEAMS_RECORD_SCOPES } from "./jobs";
import {
  azureCliRegistration,
  cloudShellLink,
  graphPowerShellRegistration,
  powershellLiteral,
  registrationFix,
  registrationSteps,
  RegistrationInputError,
  resolveBody,
  resolvePath,
  settingsAfterRegistration,
  shellJson,
  WIZARD_CONSENT_SCOPE,
  WIZARD_DELEGATED_SCOPES,
  wizardApplicationBody,
  wizardOrigin,
  wizardUniqueName,
} from "./registration";

const ORIGIN = "https://wizard.contoso.com";
const CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e";

describe("what the registration requests", () => {
  it("asks for exactly the delegated permissions the four jobs use, by their Microsoft Graph ids", () => {
    const used = new Set<string>([
      ...SIGN_IN_SCOPES,
      ...ROLE_SCOPES,
      ...JOBS.operator.scopes,
      ...JOBS.consent.scopes,
      ...JOBS.support.scopes,
      ...JOBS.teams.scopes,
      ...CONSENT_GRANT_SCOPES,
      ...TEAMS_RECORD_SCOPES,
    ]);
    expect(new Set(WIZARD_DELEGATED_SCOPES)).toEqual(used);
    expect(WIZARD_DELEGATED_SCOPES).toHaveLength(used.size);
    const body = wizardApplicationBody(ORIGIN) as {
      requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
    };
    expect(body.requiredResourceAccess).toHaveLength(1);
    expect(body.requiredResourceAccess[0]?.resourceAppId).toBe(MICROSOFT_GRAPH_APP_ID);
    expect(body.requiredResourceAccess[0]?.resourceAccess).toEqual(
      [...used].map((scope) => ({ id: GRAPH_DELEGATED_SCOPE_IDS[scope as keyof typeof GRAPH_DELEGATED_SCOPE_IDS], type: "Scope" })),
    );
    expect(WIZARD_CONSENT_SCOPE.split(" ").sort()).toEqual([...used].sort());
  });

  it("registers a single-tenant single-page application for this origin's redirect bridge, with no secret", () => {
    const body = wizardApplicationBody(ORIGIN) as Record<string, unknown>;
    expect(body.signInAudience).toBe("AzureADMyOrg");
    expect(body.spa).toEqual({ redirectUris: [`${ORIGIN}/auth/redirect`] });
    expect(body).not.toHaveProperty("web");
    expect(body).not.toHaveProperty("publicClient");
    expect(body).not.toHaveProperty("passwordCredentials");
    expect(body).not.toHaveProperty("keyCredentials");
    expect(wizardApplicationBody("http://127.0.0.1:3210").spa).toEqual({ redirectUris: ["http://127.0.0.1:3210/auth/redirect"] });
  });

  it("then its service principal and an AllPrincipals grant fed by the earlier answers, each an upsert or a lookup first", () => {
    const steps = registrationSteps(ORIGIN);
    const key = "psoxy-setup-wizard.wizard.contoso.com";
    expect(steps.map((s) => `${s.method} ${s.path}${s.headers ? " Prefer: create-if-missing" : ""}`)).toEqual([
      `PATCH /applications(uniqueName='${key}') Prefer: create-if-missing`,
      `GET /applications(uniqueName='${key}')?$select=appId`,
      "PATCH /servicePrincipals(appId='{appId}') Prefer: create-if-missing",
      "GET /servicePrincipals(appId='{appId}')?$select=id",
      `GET /servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id`,
      "GET /oauth2PermissionGrants?$filter=clientId%20eq%20'{servicePrincipalId}'%20and%20consentType%20eq%20'AllPrincipals'%20and%20resourceId%20eq%20'{graphServicePrincipalId}'",
      "POST /oauth2PermissionGrants",
      "PATCH /oauth2PermissionGrants/{grantId}",
    ]);
    const values = { appId: "app", servicePrincipalId: "sp", graphServicePrincipalId: "graph" };
    expect(resolvePath(steps[3]!.path, values)).toBe("/servicePrincipals(appId='app')?$select=id");
    expect(steps.find((step) => step.id === "permissionGrant")).toMatchObject({ when: { unknown: "grantId" } });
    expect(steps.find((step) => step.id === "permissionGrantScope")).toMatchObject({
      when: { known: "grantId" },
      body: { scope: WIZARD_CONSENT_SCOPE },
    });
    expect(resolveBody(steps.find((step) => step.id === "permissionGrant")!.body!, values)).toEqual({
      clientId: "sp",
      consentType: "AllPrincipals",
      resourceId: "graph",
      scope: WIZARD_CONSENT_SCOPE,
    });
    expect(() => resolvePath(steps[3]!.path, {})).toThrow(/appId/);
    expect(() => resolveBody(steps.find((step) => step.id === "permissionGrant")!.body!, {})).toThrow(/servicePrincipalId/);
  });

  it("keys the application by its address: one per host and port, at most 120 characters", () => {
    expect(wizardUniqueName("http://localhost:3000")).toBe("psoxy-setup-wizard.localhost-3000");
    expect(wizardUniqueName("https://Wizard.Contoso.com")).toBe("psoxy-setup-wizard.wizard.contoso.com");
    const long = `https://${"a".repeat(60)}.${"b".repeat(60)}.example.com`;
    const key = wizardUniqueName(long);
    expect(key).toHaveLength(120);
    expect(key).toMatch(/^psoxy-setup-wizard\.a+\.b+-[0-9a-f]{8}$/);
    expect(wizardUniqueName(long.replace("example", "example2"))).not.toBe(key);
  });
});

describe("the origin", () => {
  it("accepts https origins and http on localhost or 127.0.0.1, normalised", () => {
    expect(wizardOrigin("https://Wizard.Contoso.com:443")).toBe("https://wizard.contoso.com");
    expect(wizardOrigin("https://wizard.contoso.com:8443")).toBe("https://wizard.contoso.com:8443");
    expect(wizardOrigin("http://localhost:3000")).toBe("http://localhost:3000");
    expect(wizardOrigin("http://127.0.0.1:3210")).toBe("http://127.0.0.1:3210");
  });

  it.each([
    ["a quote", "https://wiz'ard.contoso.com"],
    ["a double quote", 'https://wizard.contoso.com"'],
    ["a command substitution", "https://$(id).contoso.com"],
    ["a line break", "https://wizard.contoso.com\necho pwned"],
    ["a carriage return", "https://wizard.contoso.com\r"],
    ["a NUL", "https://wizard.contoso.com\u0000"],
    ["a right-to-left override", "https://wizard\u202E.contoso.com"],
    ["a zero-width space", "https://wizard\u200B.contoso.com"],
    ["a space", "https://wizard contoso.com"],
    ["a path", "https://wizard.contoso.com/auth"],
    ["a query", "https://wizard.contoso.com?x=1"],
    ["user info", "https://user@wizard.contoso.com"],
    ["http outside localhost", "http://wizard.contoso.com"],
    ["the IPv6 loopback (Entra does not support it)", "http://[::1]:3000"],
    ["another scheme", "javascript:alert(1)"],
    ["nothing", ""],
    ["a redirect URI over 256 characters", `https://${"a".repeat(250)}.com`],
  ])("refuses an origin with %s, and no script is generated for it", (_, origin) => {
    expect(() => wizardOrigin(origin)).toThrow(RegistrationInputError);
    expect(() => azureCliRegistration(origin)).toThrow(RegistrationInputError);
    expect(() => graphPowerShellRegistration(origin)).toThrow(RegistrationInputError);
    expect(() => registrationFix("redirect", { origin, clientId: CLIENT })).toThrow(RegistrationInputError);
  });

  it("refuses a client id that is not a GUID in a fix", () => {
    expect(() => registrationFix("redirect", { origin: ORIGIN, clientId: "x'; rm -rf ~" })).toThrow(RegistrationInputError);
  });
});

// ---- the Azure CLI script, run by bash against a stand-in `az` that records its arguments ----------------------

const work = mkdtempSync(join(tmpdir(), "wizard-az-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FAKE = {
  appId: "0a0a0a0a-1111-4222-8333-444444444444",
  sp: "5b5b5b5b-1111-4222-8333-444444444444",
  graphSp: "6c6c6c6c-1111-4222-8333-444444444444",
  objectId: "7d7d7d7d-1111-4222-8333-444444444444",
  tenant: "8e8e8e8e-1111-4222-8333-444444444444",
  grant: "ZZZZgrant-from-an-earlier-run",
};

/** Runs `script` with bash, `az` answering like the Azure CLI; returns stdout and each az call's argument list. */
function runWithFakeAz(
  script: string,
  env: Record<string, string> = {},
): { stdout: string; calls: string[][]; status: number | null; stderr: string } {
  const log = join(work, `calls-${Math.random().toString(36).slice(2)}.jsonl`);
  const az = join(work, "az");
  writeFileSync(
    az,
    [
      "#!/usr/bin/env bash",
      // One record per call: each argument followed by US (0x1f), the call ended by RS (0x1e).
      `{ printf '%s\\037' "$@"; printf '\\036'; } >> "$AZ_LOG"`,
      'case "$*" in',
      `  *"--query appId"*) echo ${FAKE.appId} ;;`,
      `  *"servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')"*"--query id"*) echo ${FAKE.graphSp} ;;`,
      `  *"servicePrincipals(appId="*"--query id"*) echo ${FAKE.sp} ;;`,
      // An earlier run's grant, when the test says there is one (the list is empty otherwise).
      `  *"--query value[0].id"*) echo "\${FAKE_GRANT:-}" ;;`,
      `  "ad sp show --id ${MICROSOFT_GRAPH_APP_ID}"*) echo ${FAKE.graphSp} ;;`,
      `  "ad app show"*) echo ${FAKE.objectId} ;;`,
      `  "account show"*) echo ${FAKE.tenant} ;;`,
      "esac",
    ].join("\n"),
  );
  chmodSync(az, 0o755);
  const result = spawnSync("bash", ["--norc", "--noprofile", "-c", script], {
    env: { ...process.env, BASH_ENV: "", PATH: `${work}:${process.env.PATH ?? ""}`, AZ_LOG: log, ...env },
    encoding: "utf8",
  });
  let calls: string[][] = [];
  try {
    calls = readFileSync(log, "utf8")
      .split("\u001e")
      .filter(Boolean)
      .map((record) => record.split("\u001f").slice(0, -1));
  } catch {
    calls = [];
  }
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, calls };
}

/** Every argument after `name` up to the next option (az takes `--headers A=1 B=2`). */
function optionValues(call: string[], name: string): string[] {
  const index = call.indexOf(name);
  if (index < 0) return [];
  const rest = call.slice(index + 1);
  const end = rest.findIndex((arg) => arg.startsWith("--"));
  return end < 0 ? rest : rest.slice(0, end);
}

function option(call: string[], name: string): string | undefined {
  const index = call.indexOf(name);
  return index >= 0 ? call[index + 1] : undefined;
}

describe("the Azure CLI script", () => {
  it("sends exactly the module's requests, with the ids the earlier commands printed, and prints what to set", () => {
    const run = runWithFakeAz(azureCliRegistration(ORIGIN));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const steps = registrationSteps(ORIGIN);
    const values = { appId: FAKE.appId, servicePrincipalId: FAKE.sp, graphServicePrincipalId: FAKE.graphSp };
    const sent = steps.filter((step) => step.id !== "permissionGrantScope");
    const graph = "https://graph.microsoft.com/v1.0";
    // Each az rest call is the step's method and URI (later values filled in), headers and body; then account show.
    expect(run.calls.map((call) => [option(call, "--method"), option(call, "--uri")])).toEqual([
      ...sent.map((step) => [step.method, `${graph}${resolvePath(step.path, values)}`]),
      [undefined, undefined],
    ]);
    for (const [index, step] of sent.entries()) {
      const call = run.calls[index]!;
      expect(call.slice(0, 1), step.id).toEqual(["rest"]);
      if (step.body) expect(JSON.parse(option(call, "--body") ?? ""), step.id).toEqual(resolveBody(step.body, values));
      else expect(option(call, "--body"), step.id).toBeUndefined();
      expect(optionValues(call, "--headers"), step.id).toEqual([
        ...(step.body ? ["Content-Type=application/json"] : []),
        ...(step.headers ? ["Prefer=create-if-missing"] : []),
      ]);
    }
    expect(JSON.parse(option(run.calls[0]!, "--body") ?? "").spa.redirectUris).toEqual([`${ORIGIN}/auth/redirect`]);
    expect(run.calls.at(-1)?.slice(0, 2)).toEqual(["account", "show"]);
    expect(run.stdout.trim().split("\n")).toEqual([`ENTRA_CLIENT_ID=${FAKE.appId}`, `ENTRA_TENANT=${FAKE.tenant}`]);
  });

  it("run again with an earlier consent in place, updates that grant's scope instead of adding one", () => {
    const run = runWithFakeAz(azureCliRegistration(ORIGIN), { FAKE_GRANT: FAKE.grant });
    expect(run.status).toBe(0);
    const grantCalls = run.calls.filter((call) => option(call, "--uri")?.includes("/oauth2PermissionGrants"));
    expect(grantCalls.map((call) => [option(call, "--method"), option(call, "--uri")])).toEqual([
      ["GET", expect.stringContaining(`clientId%20eq%20'${FAKE.sp}'`)],
      ["PATCH", `https://graph.microsoft.com/v1.0/oauth2PermissionGrants/${FAKE.grant}`],
    ]);
    expect(JSON.parse(option(grantCalls[1]!, "--body") ?? "")).toEqual({ scope: WIZARD_CONSENT_SCOPE });
    expect(run.calls.some((call) => option(call, "--method") === "POST")).toBe(false);
  });

  it("stops at the first failing command without closing the shell it was pasted into", () => {
    const script = azureCliRegistration(ORIGIN);
    expect(script.split("\n").filter((line) => line === "(" || line === ")")).toEqual(["(", ")"]);
    expect(script).toContain("set -euo pipefail");
    const failing = runWithFakeAz(`az() { return 1; }\nexport -f az\n${script}\necho still-here`);
    expect(failing.stdout).toContain("still-here");
    expect(failing.stdout).not.toContain("ENTRA_CLIENT_ID");
  });

  it("is valid Bash for every cloud, with that cloud's Graph host and the DoD token resource", () => {
    for (const cloud of ENTRA_CLOUD_IDS) {
      const script = azureCliRegistration(ORIGIN, cloud);
      expect(spawnSync("bash", ["--norc", "--noprofile", "-n", "-c", script]).status, cloud).toBe(0);
    }
    expect(azureCliRegistration(ORIGIN, "usgov")).toContain("--uri 'https://graph.microsoft.us/v1.0/applications(uniqueName=");
    expect(azureCliRegistration(ORIGIN, "usgov")).toContain("az cloud set --name AzureUSGovernment");
    expect(azureCliRegistration(ORIGIN, "usgov-dod")).toContain(
      "https://dod-graph.microsoft.us/v1.0/applications(uniqueName='\\''psoxy-setup-wizard.wizard.contoso.com'\\'')' --resource https://dod-graph.microsoft.us",
    );
    expect(azureCliRegistration(ORIGIN, "china")).toContain("https://microsoftgraph.chinacloudapi.cn/v1.0/oauth2PermissionGrants");
    expect(azureCliRegistration(ORIGIN, "china")).toContain("AzureChinaCloud");
    const gov = runWithFakeAz(azureCliRegistration(ORIGIN, "usgov"));
    expect(gov.stdout.trim().split("\n")).toContain("ENTRA_CLOUD=usgov");
  });

  it("splices later values into the body word without leaving the quotes open", () => {
    expect(shellJson({ appId: { later: "appId" } })).toBe(`'{"appId":"'"$APP_ID"'"}'`);
  });

  it("fixes a redirect URI or platform on the existing app by its object id, with the exact body", () => {
    for (const kind of ["redirect", "platform"] as const) {
      const fix = registrationFix(kind, { origin: "http://127.0.0.1:4000", clientId: CLIENT });
      const run = runWithFakeAz(fix.azureCli);
      expect(run.status, kind).toBe(0);
      expect(run.calls[0]).toEqual(["ad", "app", "show", "--id", CLIENT, "--query", "id", "--output", "tsv"]);
      const patch = run.calls[1]!;
      expect(option(patch, "--method")).toBe("PATCH");
      expect(option(patch, "--uri")).toBe(`https://graph.microsoft.com/v1.0/applications/${FAKE.objectId}`);
      expect(JSON.parse(option(patch, "--body") ?? "")).toEqual(resolveBody(fix.steps[0]!.body!, {}));
      expect(fix.steps[0]).toMatchObject({ method: "PATCH", path: `/applications(appId='${CLIENT}')` });
    }
    expect(resolveBody(registrationFix("redirect", { origin: ORIGIN, clientId: CLIENT }).steps[0]!.body!, {})).toEqual({
      spa: { redirectUris: [`${ORIGIN}/auth/redirect`] },
    });
    expect(resolveBody(registrationFix("platform", { origin: ORIGIN, clientId: CLIENT }).steps[0]!.body!, {})).toEqual({
      spa: { redirectUris: [`${ORIGIN}/auth/redirect`] },
      web: { redirectUris: [] },
    });
  });

  it("fixes consent: the wizard's permissions on the app, its service principal, admin consent", () => {
    const fix = registrationFix("consent", { origin: ORIGIN, clientId: CLIENT });
    const run = runWithFakeAz(fix.azureCli);
    expect(run.status).toBe(0);
    const patch = run.calls.find((call) => call.includes("PATCH"))!;
    expect(JSON.parse(option(patch, "--body") ?? "")).toEqual({
      requiredResourceAccess: resolveBody(wizardApplicationBody(ORIGIN).requiredResourceAccess!, {}),
    });
    expect(run.calls.at(-1)).toEqual(["ad", "app", "permission", "admin-consent", "--id", CLIENT]);
  });
});

describe("the Microsoft Graph PowerShell script", () => {
  it("creates the same application, service principal and grant from the same bodies", () => {
    const script = graphPowerShellRegistration(ORIGIN);
    expect(script).toContain(
      "Connect-MgGraph -Environment Global -Scopes 'Application.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All' -NoWelcome",
    );
    expect(script).toContain(
      `Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/v1.0/applications(uniqueName=''psoxy-setup-wizard.wizard.contoso.com'')' -Headers @{ Prefer = 'create-if-missing' } -ContentType 'application/json' -Body (ConvertTo-Json -Depth 10 -InputObject ${powershellLiteral(wizardApplicationBody(ORIGIN))}) | Out-Null`,
    );
    expect(script).toContain(
      "$app = Invoke-MgGraphRequest -Method GET -Uri 'https://graph.microsoft.com/v1.0/applications(uniqueName=''psoxy-setup-wizard.wizard.contoso.com'')?$select=appId'",
    );
    expect(script).toContain(`spa = @{ redirectUris = @('${ORIGIN}/auth/redirect') }`);
    expect(script).toContain("signInAudience = 'AzureADMyOrg'");
    for (const scope of WIZARD_DELEGATED_SCOPES)
      expect(script).toContain(`@{ id = '${GRAPH_DELEGATED_SCOPE_IDS[scope]}'; type = 'Scope' }`);
    expect(script).toContain(
      "Invoke-MgGraphRequest -Method PATCH -Uri ('https://graph.microsoft.com/v1.0/servicePrincipals(appId=''' + $app.appId + ''')') -Headers @{ Prefer = 'create-if-missing' }",
    );
    expect(script).toContain("$sp = Get-MgServicePrincipalByAppId -AppId $app.appId");
    expect(script).toContain(
      `$grant = Get-MgOauth2PermissionGrant -Filter "clientId eq '$($sp.Id)' and consentType eq 'AllPrincipals' and resourceId eq '$($graphSp.Id)'"`,
    );
    expect(script).toContain(
      `if ($grant) { foreach ($attempt in 1..6) { try { Update-MgOauth2PermissionGrant -OAuth2PermissionGrantId $grant.Id -Scope '${WIZARD_CONSENT_SCOPE}'`,
    );
    expect(script).toContain(`$graphSp = Get-MgServicePrincipalByAppId -AppId '${MICROSOFT_GRAPH_APP_ID}'`);
    expect(script).toContain(
      `New-MgOauth2PermissionGrant -BodyParameter @{ clientId = $sp.Id; consentType = 'AllPrincipals'; resourceId = $graphSp.Id; scope = '${WIZARD_CONSENT_SCOPE}' }`,
    );
    expect(script).toContain(`"ENTRA_CLIENT_ID=$($app.appId)"`);
    expect(script).toContain(`"ENTRA_TENANT=$((Get-MgContext).TenantId)"`);
    // Brackets and quotes balance (a cheap syntax check without PowerShell on the test machine).
    const code = script.replace(/'(?:[^']|'')*'/g, "''").replace(/^#.*$/gm, "");
    for (const [open, close] of [
      ["{", "}"],
      ["(", ")"],
    ] as const)
      expect(code.split(open).length, open).toBe(code.split(close).length);
  });

  it("names the cloud's environment, and quotes strings so PowerShell expands nothing", () => {
    expect(graphPowerShellRegistration(ORIGIN, "usgov-dod")).toContain("Connect-MgGraph -Environment USGovDoD");
    expect(graphPowerShellRegistration(ORIGIN, "china")).toContain("Connect-MgGraph -Environment China");
    expect(graphPowerShellRegistration(ORIGIN, "usgov")).toContain("'ENTRA_CLOUD=usgov'");
    expect(powershellLiteral({ note: "it's $(whoami) `n" })).toBe("@{ note = 'it''s $(whoami) `n' }");
    expect(registrationFix("redirect", { origin: ORIGIN, clientId: CLIENT }).powerShell).toContain(
      `Update-MgApplication -ApplicationId $app.Id -BodyParameter @{\n  spa = @{ redirectUris = @('${ORIGIN}/auth/redirect') }\n}`,
    );
  });
});

describe("where to run it and what to set next", () => {
  it("links Cloud Shell in the global cloud and the cloud's portal elsewhere", () => {
    expect(cloudShellLink("global").href).toBe("https://shell.azure.com");
    expect(cloudShellLink("usgov").href).toBe("https://portal.azure.us");
    expect(cloudShellLink("china").href).toBe("https://portal.azure.cn");
  });

  it("asks for the client id and tenant the script printed, and the cloud outside global", () => {
    expect(settingsAfterRegistration().map((s) => s.name)).toEqual(["ENTRA_CLIENT_ID", "ENTRA_TENANT"]);
    expect(settingsAfterRegistration("usgov-dod").map((s) => `${s.name}=${s.value}`)).toContain("ENTRA_CLOUD=usgov-dod");
  });
});
