import { ENTRA_CLOUDS, type EntraCloud, type EntraCloudId } from "@/lib/clouds";
import { REDIRECT_BRIDGE_PATH } from "@/lib/config";
import { GRAPH_DELEGATED_SCOPE_IDS, MICROSOFT_GRAPH_APP_ID, type GraphDelegatedScope } from "@/lib/connectors/microsoft-ids";
import { commentLine, powershellQuote, shellQuote } from "@/lib/text/quote";
import { isGuid } from "@/lib/text/guid";
import { hasUnsafeText } from "@/lib/text/safe";
import { CONSENT_GRANT_SCOPES, JOBS, ROLE_SCOPES, SIGN_IN_SCOPES, TEAMS_RECORD_SCOPES } from "./jobs";

/**
 * Registering the wizard itself, for the address it is served at: the Microsoft Graph requests that create its
 * single-page application, the application's service principal and tenant-wide admin consent for its delegated
 * permissions, and the Azure CLI and Microsoft Graph PowerShell scripts that send exactly those requests. Pure: an
 * origin and a cloud in, request bodies and script text out. The start page shows the scripts; tests replay the
 * requests against the tenant simulator and sign in with the app they make.
 *
 * - Application: https://learn.microsoft.com/graph/api/application-post-applications; `spa.redirectUris` is the
 *   Single-page application platform (https://learn.microsoft.com/graph/api/resources/spaapplication), the only one
 *   whose codes a browser may redeem (MSAL.js auth code flow with PKCE). signInAudience AzureADMyOrg: accounts of this
 *   tenant only. No password or key credentials: a public client.
 * - Service principal: https://learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals
 * - Admin consent for delegated permissions, for all users: an oAuth2PermissionGrant with consentType AllPrincipals
 *   (https://learn.microsoft.com/graph/api/oauth2permissiongrant-post,
 *   https://learn.microsoft.com/entra/identity/enterprise-apps/grant-consent-single-user for the request shape).
 *   Cloud Application Administrators and Application Administrators may grant delegated Microsoft Graph permissions
 *   (https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent#prerequisites).
 * - `az ad app create` has no option for Single-page application redirect URIs (Azure/azure-cli#25766), so the
 *   application is created with `az rest` (https://learn.microsoft.com/cli/azure/reference-index#az-rest), which sends
 *   Graph's own body; the other writes use `az rest` too, so the script sends the same bodies as this module.
 * - PowerShell: New-MgApplication, New-MgServicePrincipal, Get-MgServicePrincipalByAppId, New-MgOauth2PermissionGrant
 *   (https://learn.microsoft.com/powershell/module/microsoft.graph.identity.signins/new-mgoauth2permissiongrant) with
 *   -BodyParameter hashtables written from the same bodies.
 */

const WIZARD_APP_DISPLAY_NAME = "Psoxy setup wizard";

/** Every delegated permission any of the four jobs asks for (jobs.ts), each once: what the registration requests. */
export const WIZARD_DELEGATED_SCOPES: readonly GraphDelegatedScope[] = [
  ...new Set<GraphDelegatedScope>([
    ...SIGN_IN_SCOPES,
    ...ROLE_SCOPES,
    ...Object.values(JOBS).flatMap((job) => job.scopes),
    ...CONSENT_GRANT_SCOPES,
    ...TEAMS_RECORD_SCOPES,
  ]),
];

/** The consent scope string: space-separated permission values (https://learn.microsoft.com/graph/api/resources/oauth2permissiongrant). */
export const WIZARD_CONSENT_SCOPE = WIZARD_DELEGATED_SCOPES.join(" ");

export class RegistrationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistrationInputError";
  }
}

const LOOPBACK = new Set(["localhost", "127.0.0.1"]);
/** A bare origin: scheme, host name (letters, digits, dots, hyphens), optional port. Nothing a script could read as syntax. */
const ORIGIN_SHAPE = /^(https?):\/\/([a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/i;

/**
 * The origin the wizard is served at, checked as Entra checks redirect URIs
 * (https://learn.microsoft.com/entra/identity-platform/reply-url): https, or http only on localhost / 127.0.0.1;
 * no IPv6 loopback; at most 256 characters for the whole redirect URI. Anything else (quotes, spaces, control
 * characters, a path) is refused, never quoted into a script.
 */
export function wizardOrigin(origin: string): string {
  if (hasUnsafeText(origin))
    throw new RegistrationInputError("The page address holds a control or invisible character; no command is generated for it.");
  const match = ORIGIN_SHAPE.exec(origin);
  if (!match)
    throw new RegistrationInputError(
      `"${origin.slice(0, 80)}" is not a plain https origin (scheme, host, optional port): no command is generated for it.`,
    );
  const url = new URL(origin);
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
    throw new RegistrationInputError(
      `Microsoft Entra accepts http redirect URIs only for localhost: serve the wizard over https (for example behind a TLS proxy) and open it at its https address.`,
    );
  }
  if (`${url.origin}${REDIRECT_BRIDGE_PATH}`.length > 256)
    throw new RegistrationInputError("The redirect URI would be longer than the 256 characters Entra accepts.");
  return url.origin;
}

/** `<origin>/auth/redirect`, MSAL v5's redirect bridge. */
export function wizardRedirectUri(origin: string): string {
  return `${wizardOrigin(origin)}${REDIRECT_BRIDGE_PATH}`;
}

// ---- the Graph requests ------------------------------------------------------------------------------------

/** A value only known once an earlier request has answered. */
export type LaterValue = "appId" | "servicePrincipalId" | "graphServicePrincipalId";
interface Later {
  later: LaterValue;
}
type BodyValue = string | boolean | Later | readonly BodyValue[] | { readonly [key: string]: BodyValue };
export type Body = { readonly [key: string]: BodyValue };

export interface GraphStep {
  id: "application" | "servicePrincipal" | "graphServicePrincipal" | "permissionGrant" | "redirectUris" | "requiredResourceAccess";
  title: string;
  method: "GET" | "POST" | "PATCH";
  /** Under the Graph version, e.g. `/applications`. */
  path: string;
  body?: Body;
  /** The value of the answer's `property` the later steps use. */
  gives?: { value: LaterValue; property: "appId" | "id" };
  /** Microsoft's documentation of the request. */
  doc: string;
}

const later = (value: LaterValue): Later => ({ later: value });

/** requiredResourceAccess: Microsoft Graph with each delegated permission (type Scope) by id. */
function wizardRequiredResourceAccess(): Body[] {
  return [
    {
      resourceAppId: MICROSOFT_GRAPH_APP_ID,
      resourceAccess: WIZARD_DELEGATED_SCOPES.map((scope) => ({ id: GRAPH_DELEGATED_SCOPE_IDS[scope], type: "Scope" })),
    },
  ];
}

/** POST /applications for the wizard served at `origin`. */
export function wizardApplicationBody(origin: string): Body {
  return {
    displayName: WIZARD_APP_DISPLAY_NAME,
    description: `Psoxy Microsoft 365 setup wizard at ${wizardOrigin(origin)}: a single-page application without secrets; each admin signs in with their own role.`,
    signInAudience: "AzureADMyOrg",
    spa: { redirectUris: [wizardRedirectUri(origin)] },
    requiredResourceAccess: wizardRequiredResourceAccess(),
  };
}

/** The four requests that register the wizard, in order. */
export function registrationSteps(origin: string): GraphStep[] {
  return [
    {
      id: "application",
      title: "Create the wizard's single-page application (no secret)",
      method: "POST",
      path: "/applications",
      body: wizardApplicationBody(origin),
      gives: { value: "appId", property: "appId" },
      doc: "https://learn.microsoft.com/graph/api/application-post-applications",
    },
    {
      id: "servicePrincipal",
      title: "Create its service principal in this tenant",
      method: "POST",
      path: "/servicePrincipals",
      body: { appId: later("appId") },
      gives: { value: "servicePrincipalId", property: "id" },
      doc: "https://learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals",
    },
    {
      id: "graphServicePrincipal",
      title: "Find Microsoft Graph's service principal in this tenant",
      method: "GET",
      path: `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`,
      gives: { value: "graphServicePrincipalId", property: "id" },
      doc: "https://learn.microsoft.com/graph/api/serviceprincipal-get",
    },
    {
      id: "permissionGrant",
      title: "Grant admin consent for the delegated permissions, for all users",
      method: "POST",
      path: "/oauth2PermissionGrants",
      body: {
        clientId: later("servicePrincipalId"),
        consentType: "AllPrincipals",
        resourceId: later("graphServicePrincipalId"),
        scope: WIZARD_CONSENT_SCOPE,
      },
      doc: "https://learn.microsoft.com/graph/api/oauth2permissiongrant-post",
    },
  ];
}

function isLater(value: BodyValue): value is Later {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "later" in value;
}

/** The body as JSON, with each later value taken from `values` (or `placeholder(name)` when given). */
export function resolveBody(
  body: BodyValue,
  values: Partial<Record<LaterValue, string>>,
  placeholder?: (name: LaterValue) => string,
): unknown {
  if (typeof body === "string" || typeof body === "boolean") return body;
  if (Array.isArray(body)) return body.map((item: BodyValue) => resolveBody(item, values, placeholder));
  if (isLater(body)) {
    const value = values[body.later] ?? placeholder?.(body.later);
    if (value === undefined) throw new Error(`No ${body.later} yet: the step that gives it has not run.`);
    return value;
  }
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, resolveBody(value, values, placeholder)]));
}

interface StepRequest {
  method: GraphStep["method"];
  path: string;
  body?: unknown;
}

/**
 * Runs the steps in order through `send` (a Graph transport: status and parsed body back), feeding each step's
 * answer to the later ones, as the scripts do. Throws on the first answer that is not 2xx.
 */
export async function runRegistration(
  steps: readonly GraphStep[],
  send: (request: StepRequest) => Promise<{ status: number; body: unknown }>,
): Promise<Partial<Record<LaterValue, string>>> {
  const values: Partial<Record<LaterValue, string>> = {};
  for (const step of steps) {
    const answer = await send({ method: step.method, path: step.path, ...(step.body ? { body: resolveBody(step.body, values) } : {}) });
    if (answer.status < 200 || answer.status >= 300)
      throw new Error(`${step.title}: Graph answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    if (step.gives) {
      const value = (answer.body as Record<string, unknown> | undefined)?.[step.gives.property];
      if (typeof value !== "string") throw new Error(`${step.title}: the answer has no ${step.gives.property}.`);
      values[step.gives.value] = value;
    }
  }
  return values;
}

// ---- Azure CLI (Bash) --------------------------------------------------------------------------------------

const SHELL_VARIABLE: Record<LaterValue, string> = { appId: "APP_ID", servicePrincipalId: "SP_ID", graphServicePrincipalId: "GRAPH_SP_ID" };

/** A JSON body as one shell word: single-quoted JSON, each later value spliced in as a double-quoted variable. */
export function shellJson(body: Body): string {
  const json = JSON.stringify(resolveBody(body, {}, (name) => `@@${SHELL_VARIABLE[name]}@@`));
  // Inside '…' the marker is literal text; closing the quote around "$VAR" splices the variable into the same word.
  return shellQuote(json).replace(/@@([A-Z_]+)@@/g, (_, name: string) => `'"$${name}"'`);
}

function azRest(step: GraphStep, cloud: EntraCloud, pathOverride?: string): string {
  const parts = ["az rest", `--method ${step.method}`, `--uri ${pathOverride ?? shellQuote(`${cloud.graphBaseUrl}/v1.0${step.path}`)}`];
  // az rest finds the token's resource from its cloud's endpoints; DoD Graph is not among them (az cloud show).
  if (cloud.id === "usgov-dod") parts.push(`--resource ${shellQuote(cloud.graphBaseUrl)}`);
  if (step.body) parts.push("--headers Content-Type=application/json", `--body ${shellJson(step.body)}`);
  return parts.join(" ");
}

function shellPreamble(cloud: EntraCloud, what: string): string[] {
  const lines = [commentLine(what)];
  if (cloud.id === "global") {
    lines.push(
      commentLine(`Run it in Azure Cloud Shell (Bash, ${ENTRA_CLOUDS.global.cloudShell}), or after: az login --allow-no-subscriptions`),
    );
  } else {
    lines.push(
      commentLine(
        `Run it in the Cloud Shell of ${cloud.portal}, or after: az cloud set --name ${cloud.azureCliCloud} && az login --allow-no-subscriptions`,
      ),
    );
  }
  return lines;
}

const RETRY_SHELL = `retry() { for attempt in 1 2 3 4 5 6; do "$@" && return 0; echo "Waiting for Microsoft Entra to replicate the new objects..." >&2; sleep 10; done; return 1; }`;

/** One Bash block that registers the wizard for `origin` and prints what to set. */
export function azureCliRegistration(origin: string, cloudId: EntraCloudId = "global"): string {
  const cloud: EntraCloud = ENTRA_CLOUDS[cloudId];
  const [application, servicePrincipal, , grant] = registrationSteps(origin);
  if (!application || !servicePrincipal || !grant) throw new Error("registration steps missing");
  const lines = [
    ...shellPreamble(cloud, `Register the Psoxy setup wizard served at ${wizardOrigin(origin)} (Azure CLI, Bash).`),
    commentLine("As a Cloud Application Administrator or Application Administrator: one single-page application (no secret), its service"),
    commentLine("principal, and admin consent for the wizard's delegated Microsoft Graph permissions. Then it prints what to set."),
    "(",
    "set -euo pipefail",
    RETRY_SHELL,
    commentLine(
      `1. ${application.title}. az ad app create has no option for single-page-application redirect URIs: az rest sends Graph's body.`,
    ),
    `APP_ID=$(${azRest(application, cloud)} --query appId --output tsv)`,
    commentLine(`2. ${servicePrincipal.title}.`),
    `SP_ID=$(retry ${azRest(servicePrincipal, cloud)} --query id --output tsv)`,
    commentLine("3. Find Microsoft Graph's service principal in this tenant."),
    `GRAPH_SP_ID=$(az ad sp show --id ${MICROSOFT_GRAPH_APP_ID} --query id --output tsv)`,
    commentLine(`4. ${grant.title}.`),
    `retry ${azRest(grant, cloud)} --output none`,
    `echo "ENTRA_CLIENT_ID=$APP_ID"`,
    `echo "ENTRA_TENANT=$(az account show --query tenantId --output tsv)"`,
    ...(cloud.id === "global" ? [] : [`echo ${shellQuote(`ENTRA_CLOUD=${cloud.id}`)}`]),
    ")",
  ];
  return lines.join("\n");
}

// ---- Microsoft Graph PowerShell ----------------------------------------------------------------------------

const POWERSHELL_VARIABLE: Record<LaterValue, string> = {
  appId: "$app.AppId",
  servicePrincipalId: "$sp.Id",
  graphServicePrincipalId: "$graphSp.Id",
};

function isScalar(value: BodyValue): boolean {
  return typeof value === "string" || typeof value === "boolean" || isLater(value);
}

/** Written on one line: a scalar, a list of scalars, or a hashtable of those. */
function isInline(value: BodyValue): boolean {
  if (isScalar(value)) return true;
  if (Array.isArray(value)) return (value as readonly BodyValue[]).every(isScalar);
  return Object.values(value as Body).every((v) => isScalar(v) || (Array.isArray(v) && (v as readonly BodyValue[]).every(isScalar)));
}

/** A body as a PowerShell hashtable/array literal, strings single-quoted (powershellQuote), later values as variables. */
export function powershellLiteral(value: BodyValue, indent = ""): string {
  if (typeof value === "string") return powershellQuote(value);
  if (typeof value === "boolean") return value ? "$true" : "$false";
  if (isLater(value)) return POWERSHELL_VARIABLE[value.later];
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value as readonly BodyValue[];
    if (items.every(isScalar)) return `@(${items.map((item) => powershellLiteral(item)).join(", ")})`;
    return `@(\n${items.map((item) => `${inner}${powershellLiteral(item, inner)}`).join("\n")}\n${indent})`;
  }
  const entries = Object.entries(value as Body);
  for (const [key] of entries) if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) throw new Error(`Not a hashtable key: ${key}`);
  if (isInline(value)) return `@{ ${entries.map(([k, v]) => `${k} = ${powershellLiteral(v)}`).join("; ")} }`;
  return `@{\n${entries.map(([k, v]) => `${inner}${k} = ${powershellLiteral(v, inner)}`).join("\n")}\n${indent}}`;
}

function powershellPreamble(cloud: EntraCloud, what: string, scopes: readonly string[]): string[] {
  return [
    commentLine(what),
    commentLine(
      cloud.id === "global"
        ? `Run it in Azure Cloud Shell (PowerShell, ${ENTRA_CLOUDS.global.cloudShell}) or PowerShell 7 with the Microsoft.Graph module (Install-Module Microsoft.Graph).`
        : `Run it in the Cloud Shell of ${cloud.portal} or PowerShell 7 with the Microsoft.Graph module (Install-Module Microsoft.Graph).`,
    ),
    "$ErrorActionPreference = 'Stop'",
    `Connect-MgGraph -Environment ${cloud.graphPowerShellEnvironment} -Scopes ${scopes.map(powershellQuote).join(", ")} -NoWelcome`,
  ];
}

/** Retries a statement while Entra replicates objects made a moment ago. */
function powershellRetry(statement: string): string {
  return `foreach ($attempt in 1..6) { try { ${statement}; break } catch { if ($attempt -eq 6) { throw }; Start-Sleep -Seconds 10 } }`;
}

/** One PowerShell block that registers the wizard for `origin` and prints what to set. */
export function graphPowerShellRegistration(origin: string, cloudId: EntraCloudId = "global"): string {
  const cloud: EntraCloud = ENTRA_CLOUDS[cloudId];
  const [application, servicePrincipal, , grant] = registrationSteps(origin);
  if (!application?.body || !servicePrincipal?.body || !grant?.body) throw new Error("registration steps missing");
  const lines = [
    ...powershellPreamble(cloud, `Register the Psoxy setup wizard served at ${wizardOrigin(origin)} (Microsoft Graph PowerShell).`, [
      "Application.ReadWrite.All",
      "DelegatedPermissionGrant.ReadWrite.All",
    ]),
    commentLine(`1. ${application.title}.`),
    `$app = New-MgApplication -BodyParameter ${powershellLiteral(application.body)}`,
    commentLine(`2. ${servicePrincipal.title}.`),
    powershellRetry(`$sp = New-MgServicePrincipal -BodyParameter ${powershellLiteral(servicePrincipal.body)}`),
    commentLine("3. Find Microsoft Graph's service principal in this tenant."),
    `$graphSp = Get-MgServicePrincipalByAppId -AppId ${powershellQuote(MICROSOFT_GRAPH_APP_ID)}`,
    commentLine(`4. ${grant.title}.`),
    powershellRetry(`New-MgOauth2PermissionGrant -BodyParameter ${powershellLiteral(grant.body)} | Out-Null`),
    `"ENTRA_CLIENT_ID=$($app.AppId)"`,
    `"ENTRA_TENANT=$((Get-MgContext).TenantId)"`,
    ...(cloud.id === "global" ? [] : [powershellQuote(`ENTRA_CLOUD=${cloud.id}`)]),
  ];
  return lines.join("\n");
}

// ---- where to run it, what to set next ---------------------------------------------------------------------

/** Azure Cloud Shell has Azure CLI and Microsoft Graph PowerShell signed in already (https://learn.microsoft.com/azure/cloud-shell/overview). */
export function cloudShellLink(cloudId: EntraCloudId = "global"): { href: string; label: string } {
  const cloud: EntraCloud = ENTRA_CLOUDS[cloudId];
  if (cloud.cloudShell) return { href: cloud.cloudShell, label: "Open Azure Cloud Shell" };
  return { href: cloud.portal, label: `Open the Azure portal (${cloud.label}); Cloud Shell is in its toolbar` };
}

interface SettingAfterRegistration {
  name: "ENTRA_CLIENT_ID" | "ENTRA_TENANT" | "ENTRA_CLOUD";
  value: string;
  meaning: string;
}

/** What the wizard's server needs once the app exists: the two values the scripts print (and the cloud, outside global). */
export function settingsAfterRegistration(cloudId: EntraCloudId = "global"): SettingAfterRegistration[] {
  return [
    { name: "ENTRA_CLIENT_ID", value: "<ENTRA_CLIENT_ID the script printed>", meaning: "the wizard's Application (client) ID" },
    {
      name: "ENTRA_TENANT",
      value: "<ENTRA_TENANT the script printed>",
      meaning: "your tenant id: the app signs in accounts of this tenant only",
    },
    ...(cloudId === "global" ? [] : [{ name: "ENTRA_CLOUD" as const, value: cloudId, meaning: ENTRA_CLOUDS[cloudId].label }]),
  ];
}

// ---- fixing a misregistered wizard -------------------------------------------------------------------------

export type RegistrationFixKind = "redirect" | "platform" | "consent";

interface RegistrationFix {
  kind: RegistrationFixKind;
  /** What the commands change, in one sentence. */
  summary: string;
  /** The Graph requests (the redirect and platform fixes); the consent fix is a script only. */
  steps: GraphStep[];
  azureCli: string;
  powerShell: string;
}

function checkedClientId(clientId: string): string {
  if (!isGuid(clientId)) throw new RegistrationInputError(`"${clientId.slice(0, 60)}" is not an application (client) ID.`);
  return clientId.toLowerCase();
}

function redirectBody(kind: "redirect" | "platform", origin: string): Body {
  const spa = { redirectUris: [wizardRedirectUri(origin)] };
  return kind === "platform" ? { spa, web: { redirectUris: [] } } : { spa };
}

/**
 * The exact change that makes the wizard's existing registration work at `origin`:
 * - redirect (AADSTS50011): `<origin>/auth/redirect` as its Single-page application redirect URI;
 * - platform (AADSTS9002326): the same, and no Web redirect URIs (a code sent to a Web URI cannot be redeemed by a browser);
 * - consent (AADSTS65001): the wizard's delegated permissions on the app and admin consent for them.
 * Setting `spa.redirectUris` replaces the list: it holds this address only afterwards.
 */
export function registrationFix(
  kind: RegistrationFixKind,
  input: { origin: string; clientId: string; cloud?: EntraCloudId },
): RegistrationFix {
  const cloud: EntraCloud = ENTRA_CLOUDS[input.cloud ?? "global"];
  const clientId = checkedClientId(input.clientId);
  const origin = wizardOrigin(input.origin);
  const byAppId = `/applications(appId='${clientId}')`;
  const objectUri = `${shellQuote(`${cloud.graphBaseUrl}/v1.0/applications/`)}"$OBJECT_ID"`;
  const lookup = `OBJECT_ID=$(az ad app show --id ${clientId} --query id --output tsv)`;
  const psApp = `$app = Get-MgApplicationByAppId -AppId ${powershellQuote(clientId)}`;

  if (kind === "consent") {
    const step: GraphStep = {
      id: "requiredResourceAccess",
      title: "Request the wizard's delegated Microsoft Graph permissions",
      method: "PATCH",
      path: byAppId,
      body: { requiredResourceAccess: wizardRequiredResourceAccess() },
      doc: "https://learn.microsoft.com/graph/api/application-update",
    };
    const grantBody: Body = {
      clientId: later("servicePrincipalId"),
      consentType: "AllPrincipals",
      resourceId: later("graphServicePrincipalId"),
      scope: WIZARD_CONSENT_SCOPE,
    };
    return {
      kind,
      summary: `The wizard's app ${clientId} requests ${WIZARD_DELEGATED_SCOPES.join(", ")} and an administrator consents for all users.`,
      steps: [step],
      azureCli: [
        ...shellPreamble(
          cloud,
          `Admin consent for the Psoxy setup wizard's app ${clientId} (Azure CLI, Bash), as a Cloud Application Administrator.`,
        ),
        "(",
        "set -euo pipefail",
        lookup,
        `az rest --method PATCH --uri ${objectUri}${cloud.id === "usgov-dod" ? ` --resource ${shellQuote(cloud.graphBaseUrl)}` : ""} --headers Content-Type=application/json --body ${shellJson(step.body ?? {})}`,
        `az ad sp show --id ${clientId} --output none 2>/dev/null || az ad sp create --id ${clientId} --output none`,
        // https://learn.microsoft.com/cli/azure/ad/app/permission#az-ad-app-permission-admin-consent
        `az ad app permission admin-consent --id ${clientId}`,
        ")",
      ].join("\n"),
      powerShell: [
        ...powershellPreamble(cloud, `Admin consent for the Psoxy setup wizard's app ${clientId} (Microsoft Graph PowerShell).`, [
          "Application.ReadWrite.All",
          "DelegatedPermissionGrant.ReadWrite.All",
        ]),
        psApp,
        `Update-MgApplication -ApplicationId $app.Id -BodyParameter ${powershellLiteral(step.body ?? {})}`,
        `try { $sp = Get-MgServicePrincipalByAppId -AppId ${powershellQuote(clientId)} } catch { $sp = New-MgServicePrincipal -BodyParameter @{ appId = ${powershellQuote(clientId)} } }`,
        `$graphSp = Get-MgServicePrincipalByAppId -AppId ${powershellQuote(MICROSOFT_GRAPH_APP_ID)}`,
        `$grant = Get-MgOauth2PermissionGrant -Filter "clientId eq '$($sp.Id)' and consentType eq 'AllPrincipals' and resourceId eq '$($graphSp.Id)'"`,
        `if ($grant) { Update-MgOauth2PermissionGrant -OAuth2PermissionGrantId $grant.Id -Scope ${powershellQuote(WIZARD_CONSENT_SCOPE)} }`,
        `else { New-MgOauth2PermissionGrant -BodyParameter ${powershellLiteral(grantBody)} | Out-Null }`,
      ].join("\n"),
    };
  }

  const body = redirectBody(kind, origin);
  const step: GraphStep = {
    id: "redirectUris",
    title:
      kind === "platform"
        ? "Move the redirect URI to the Single-page application platform"
        : "Register this address's redirect URI (Single-page application)",
    method: "PATCH",
    path: byAppId,
    body,
    doc: "https://learn.microsoft.com/graph/api/application-update",
  };
  const summary =
    kind === "platform"
      ? `${wizardRedirectUri(origin)} becomes the app's Single-page application redirect URI, and the app keeps no Web redirect URIs.`
      : `${wizardRedirectUri(origin)} becomes the app's Single-page application redirect URI (it replaces the ones registered).`;
  return {
    kind,
    summary,
    steps: [step],
    azureCli: [
      ...shellPreamble(
        cloud,
        `Fix the Psoxy setup wizard's redirect URI for ${origin} (Azure CLI, Bash), as a Cloud Application Administrator.`,
      ),
      "(",
      "set -euo pipefail",
      lookup,
      `az rest --method PATCH --uri ${objectUri}${cloud.id === "usgov-dod" ? ` --resource ${shellQuote(cloud.graphBaseUrl)}` : ""} --headers Content-Type=application/json --body ${shellJson(body)}`,
      ")",
    ].join("\n"),
    powerShell: [
      ...powershellPreamble(cloud, `Fix the Psoxy setup wizard's redirect URI for ${origin} (Microsoft Graph PowerShell).`, [
        "Application.ReadWrite.All",
      ]),
      psApp,
      `Update-MgApplication -ApplicationId $app.Id -BodyParameter ${powershellLiteral(body)}`,
    ].join("\n"),
  };
}
