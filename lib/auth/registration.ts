import { ENTRA_CLOUDS, type EntraCloud, type EntraCloudId } from "@/lib/clouds";
import { REDIRECT_BRIDGE_PATH } from "@/lib/config";
import { GRAPH_DELEGATED_SCOPE_IDS, MICROSOFT_GRAPH_APP_ID, type GraphDelegatedScope } from "@/lib/connectors/microsoft-ids";
import { commentLine, powershellQuote, shellQuote } from "@/lib/text/quote";
import { isGuid } from "@/lib/text/guid";
import { hasUnsafeText } from "@/lib/text/safe";
import { CONSENT_GRANT_SCOPES, JOBS, ROLE_SCOPES, SIGN_IN_SCOPES, TEAMS_RECORD_SCOPES } from "./jobs";

/**
 * Registering the wizard itself, for the address it is served at: the Microsoft Graph requests that create (or, run
 * again, update) its single-page application, the application's service principal and tenant-wide admin consent for
 * its delegated permissions, and the Azure CLI and Microsoft Graph PowerShell scripts that send exactly those
 * requests. Pure: an origin and a cloud in, request bodies and script text out. The start page shows the scripts;
 * tests replay the requests against the tenant simulator and sign in with the app they make.
 *
 * Running it twice is safe: the application is an upsert on a uniqueName derived from the address
 * (https://learn.microsoft.com/graph/api/application-upsert), the service principal an upsert on its appId
 * (https://learn.microsoft.com/graph/api/serviceprincipal-upsert), and the grant is looked up first and updated when it
 * exists (https://learn.microsoft.com/graph/api/oauth2permissiongrant-update), so a second run leaves one of each.
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
 * - PowerShell: Invoke-MgGraphRequest for the two upserts
 *   (https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/invoke-mggraphrequest, it sends the
 *   `Prefer` header), Get-MgServicePrincipalByAppId, Get-MgOauth2PermissionGrant, Update-MgOauth2PermissionGrant and
 *   New-MgOauth2PermissionGrant with hashtables written from the same bodies.
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

const UNIQUE_NAME_MAX = 120;

/** FNV-1a, 32 bits, as 8 hex digits: keeps a shortened key distinct. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/**
 * The registration's alternate key (application `uniqueName`, https://learn.microsoft.com/graph/api/application-upsert):
 * `psoxy-setup-wizard.<host>[-<port>]`, one per address, so registering the same address again updates that app.
 * Host names hold only letters, digits, '.' and '-' (wizardOrigin); a key over 120 characters keeps its start and a hash.
 */
export function wizardUniqueName(origin: string): string {
  const url = new URL(wizardOrigin(origin));
  const key = `psoxy-setup-wizard.${url.hostname}${url.port ? `-${url.port}` : ""}`;
  return key.length <= UNIQUE_NAME_MAX ? key : `${key.slice(0, UNIQUE_NAME_MAX - 9)}-${shortHash(key)}`;
}

// ---- the Graph requests ------------------------------------------------------------------------------------

/** A value only known once an earlier request has answered. */
export type LaterValue = "appId" | "servicePrincipalId" | "graphServicePrincipalId" | "grantId";
interface Later {
  later: LaterValue;
}
type BodyValue = string | boolean | Later | readonly BodyValue[] | { readonly [key: string]: BodyValue };
export type Body = { readonly [key: string]: BodyValue };

export interface GraphStep {
  id:
    | "application"
    | "applicationId"
    | "servicePrincipal"
    | "servicePrincipalId"
    | "graphServicePrincipal"
    | "existingGrant"
    | "permissionGrant"
    | "permissionGrantScope"
    | "redirectUris"
    | "requiredResourceAccess";
  title: string;
  method: "GET" | "POST" | "PATCH";
  /** Under the Graph version, e.g. `/applications`; `{appId}` and the like stand for values earlier answers gave. */
  path: string;
  headers?: Readonly<Record<string, string>>;
  body?: Body;
  /** The value of the answer's `property` the later steps use; `optional` when the answer may have none (an empty list). */
  gives?: { value: LaterValue; property: "appId" | "id" | "value[0].id"; optional?: boolean };
  /** Sent only when an earlier answer gave that value (`known`), or gave none (`unknown`). */
  when?: { known: LaterValue } | { unknown: LaterValue };
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

/** The application's properties for the wizard served at `origin` (the upsert's body). */
export function wizardApplicationBody(origin: string): Body {
  return {
    displayName: WIZARD_APP_DISPLAY_NAME,
    description: `Psoxy Microsoft 365 setup wizard at ${wizardOrigin(origin)}: a single-page application without secrets; each admin signs in with their own role.`,
    signInAudience: "AzureADMyOrg",
    spa: { redirectUris: [wizardRedirectUri(origin)] },
    requiredResourceAccess: wizardRequiredResourceAccess(),
  };
}

const UPSERT: Readonly<Record<string, string>> = { Prefer: "create-if-missing" };

/** The grant that carries admin consent for all users, if there is one already. */
const EXISTING_GRANT_PATH =
  "/oauth2PermissionGrants?$filter=clientId%20eq%20'{servicePrincipalId}'%20and%20consentType%20eq%20'AllPrincipals'%20and%20resourceId%20eq%20'{graphServicePrincipalId}'";

/** The requests that register the wizard, in order; a second run updates what the first made. */
export function registrationSteps(origin: string): GraphStep[] {
  const appPath = `/applications(uniqueName='${wizardUniqueName(origin)}')`;
  return [
    {
      id: "application",
      title: "Create or update the wizard's single-page application (no secret)",
      method: "PATCH",
      path: appPath,
      headers: UPSERT,
      body: wizardApplicationBody(origin),
      doc: "https://learn.microsoft.com/graph/api/application-upsert",
    },
    {
      id: "applicationId",
      title: "Read its Application (client) ID",
      method: "GET",
      path: `${appPath}?$select=appId`,
      gives: { value: "appId", property: "appId" },
      doc: "https://learn.microsoft.com/graph/api/application-get",
    },
    {
      id: "servicePrincipal",
      title: "Create or update its service principal in this tenant",
      method: "PATCH",
      path: "/servicePrincipals(appId='{appId}')",
      headers: UPSERT,
      body: { displayName: WIZARD_APP_DISPLAY_NAME },
      doc: "https://learn.microsoft.com/graph/api/serviceprincipal-upsert",
    },
    {
      id: "servicePrincipalId",
      title: "Read its service principal's id",
      method: "GET",
      path: "/servicePrincipals(appId='{appId}')?$select=id",
      gives: { value: "servicePrincipalId", property: "id" },
      doc: "https://learn.microsoft.com/graph/api/serviceprincipal-get",
    },
    {
      id: "graphServicePrincipal",
      title: "Find Microsoft Graph's service principal in this tenant",
      method: "GET",
      path: `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id`,
      gives: { value: "graphServicePrincipalId", property: "id" },
      doc: "https://learn.microsoft.com/graph/api/serviceprincipal-get",
    },
    {
      id: "existingGrant",
      title: "Look for an earlier admin consent",
      method: "GET",
      path: EXISTING_GRANT_PATH,
      gives: { value: "grantId", property: "value[0].id", optional: true },
      doc: "https://learn.microsoft.com/graph/api/oauth2permissiongrant-list",
    },
    {
      id: "permissionGrant",
      title: "Grant admin consent for the delegated permissions, for all users",
      method: "POST",
      path: "/oauth2PermissionGrants",
      when: { unknown: "grantId" },
      body: {
        clientId: later("servicePrincipalId"),
        consentType: "AllPrincipals",
        resourceId: later("graphServicePrincipalId"),
        scope: WIZARD_CONSENT_SCOPE,
      },
      doc: "https://learn.microsoft.com/graph/api/oauth2permissiongrant-post",
    },
    {
      id: "permissionGrantScope",
      title: "Or set the earlier consent to exactly these permissions",
      method: "PATCH",
      path: "/oauth2PermissionGrants/{grantId}",
      when: { known: "grantId" },
      body: { scope: WIZARD_CONSENT_SCOPE },
      doc: "https://learn.microsoft.com/graph/api/oauth2permissiongrant-update",
    },
  ];
}

/** The path with each `{value}` an earlier answer gave (or `placeholder(name)` when given). */
export function resolvePath(path: string, values: Partial<Record<LaterValue, string>>, placeholder?: (name: LaterValue) => string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: LaterValue) => {
    const value = values[name] ?? placeholder?.(name);
    if (value === undefined) throw new Error(`No ${name} yet: the step that gives it has not run.`);
    return value;
  });
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
  headers?: Readonly<Record<string, string>>;
  body?: unknown;
}

function skipped(step: GraphStep, values: Partial<Record<LaterValue, string>>): boolean {
  if (!step.when) return false;
  return "known" in step.when ? values[step.when.known] === undefined : values[step.when.unknown] !== undefined;
}

function answerValue(body: unknown, property: NonNullable<GraphStep["gives"]>["property"]): unknown {
  const record = body as Record<string, unknown> | undefined;
  if (property !== "value[0].id") return record?.[property];
  const list = record?.value;
  return Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined)?.id : undefined;
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
    if (skipped(step, values)) continue;
    const answer = await send({
      method: step.method,
      path: resolvePath(step.path, values),
      ...(step.headers ? { headers: step.headers } : {}),
      ...(step.body ? { body: resolveBody(step.body, values) } : {}),
    });
    if (answer.status < 200 || answer.status >= 300)
      throw new Error(`${step.title}: Graph answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    if (step.gives) {
      const value = answerValue(answer.body, step.gives.property);
      if (typeof value === "string") values[step.gives.value] = value;
      else if (!step.gives.optional) throw new Error(`${step.title}: the answer has no ${step.gives.property}.`);
    }
  }
  return values;
}

// ---- Azure CLI (Bash) --------------------------------------------------------------------------------------

const SHELL_VARIABLE: Record<LaterValue, string> = {
  appId: "APP_ID",
  servicePrincipalId: "SP_ID",
  graphServicePrincipalId: "GRAPH_SP_ID",
  grantId: "GRANT_ID",
};

const shellMarker = (name: LaterValue) => `@@${SHELL_VARIABLE[name]}@@`;
/**
 * Text holding markers as one shell word: always single-quoted (shellQuote leaves plain words bare), then each marker
 * becomes a double-quoted variable by closing the quote around "$VAR", in the same word.
 */
function shellWordWithVariables(text: string): string {
  const quoted = shellQuote(text);
  return (quoted.startsWith("'") ? quoted : `'${quoted}'`).replace(/@@([A-Z_]+)@@/g, (_, name: string) => `'"$${name}"'`);
}

/** A JSON body as one shell word: single-quoted JSON, each later value spliced in as a double-quoted variable. */
export function shellJson(body: Body): string {
  return shellWordWithVariables(JSON.stringify(resolveBody(body, {}, shellMarker)));
}

/** `az rest` sending exactly the step's request: method, URI (earlier answers as shell variables), headers and body. */
function azRest(step: GraphStep, cloud: EntraCloud): string {
  const uri = shellWordWithVariables(resolvePath(`${cloud.graphBaseUrl}/v1.0${step.path}`, {}, shellMarker));
  const parts = ["az rest", `--method ${step.method}`, `--uri ${uri}`];
  // az rest finds the token's resource from its cloud's endpoints; DoD Graph is not among them (az cloud show).
  if (cloud.id === "usgov-dod") parts.push(`--resource ${shellQuote(cloud.graphBaseUrl)}`);
  const headers = [
    ...(step.body ? ["Content-Type=application/json"] : []),
    ...Object.entries(step.headers ?? {}).map(([name, value]) => `${name}=${value}`),
  ];
  if (headers.length > 0) parts.push(`--headers ${headers.map(shellQuote).join(" ")}`);
  if (step.body) parts.push(`--body ${shellJson(step.body)}`);
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

function stepsById(origin: string): Record<GraphStep["id"], GraphStep | undefined> {
  return Object.fromEntries(registrationSteps(origin).map((step) => [step.id, step])) as Record<GraphStep["id"], GraphStep | undefined>;
}

function requireStep(steps: Record<GraphStep["id"], GraphStep | undefined>, id: GraphStep["id"]): GraphStep {
  const step = steps[id];
  if (!step) throw new Error(`registration step ${id} missing`);
  return step;
}

/** One Bash block that registers the wizard for `origin` (or updates an earlier registration) and prints what to set. */
export function azureCliRegistration(origin: string, cloudId: EntraCloudId = "global"): string {
  const cloud: EntraCloud = ENTRA_CLOUDS[cloudId];
  const steps = stepsById(origin);
  const step = (id: GraphStep["id"]) => requireStep(steps, id);
  const lines = [
    ...shellPreamble(cloud, `Register the Psoxy setup wizard served at ${wizardOrigin(origin)} (Azure CLI, Bash).`),
    commentLine("As a Cloud Application Administrator or Application Administrator: one single-page application (no secret), its service"),
    commentLine("principal, and admin consent for the wizard's delegated Microsoft Graph permissions. Then it prints what to set."),
    commentLine("Running it again updates the same application, service principal and consent: it never makes a second one."),
    "(",
    "set -euo pipefail",
    RETRY_SHELL,
    commentLine(
      `1. ${step("application").title}. az ad app create has no option for single-page-application redirect URIs: az rest sends Graph's body.`,
    ),
    `${azRest(step("application"), cloud)} --output none`,
    `APP_ID=$(retry ${azRest(step("applicationId"), cloud)} --query appId --output tsv)`,
    commentLine(`2. ${step("servicePrincipal").title}.`),
    `retry ${azRest(step("servicePrincipal"), cloud)} --output none`,
    `SP_ID=$(retry ${azRest(step("servicePrincipalId"), cloud)} --query id --output tsv)`,
    commentLine(`3. ${step("graphServicePrincipal").title}.`),
    `GRAPH_SP_ID=$(${azRest(step("graphServicePrincipal"), cloud)} --query id --output tsv)`,
    commentLine(`4. ${step("permissionGrant").title} (or update the earlier one).`),
    `GRANT_ID=$(${azRest(step("existingGrant"), cloud)} --query 'value[0].id' --output tsv)`,
    `if [ -n "$GRANT_ID" ]; then retry ${azRest(step("permissionGrantScope"), cloud)} --output none`,
    `else retry ${azRest(step("permissionGrant"), cloud)} --output none; fi`,
    `echo "ENTRA_CLIENT_ID=$APP_ID"`,
    `echo "ENTRA_TENANT=$(az account show --query tenantId --output tsv)"`,
    ...(cloud.id === "global" ? [] : [`echo ${shellQuote(`ENTRA_CLOUD=${cloud.id}`)}`]),
    ")",
  ];
  return lines.join("\n");
}

// ---- Microsoft Graph PowerShell ----------------------------------------------------------------------------

const POWERSHELL_VARIABLE: Record<LaterValue, string> = {
  // Invoke-MgGraphRequest answers a hashtable whose keys keep JSON's case: `appId`, exactly.
  appId: "$app.appId",
  servicePrincipalId: "$sp.Id",
  graphServicePrincipalId: "$graphSp.Id",
  grantId: "$grant.Id",
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

/** The step's URI as a PowerShell expression: one quoted string, or quoted pieces joined around earlier answers. */
function powershellUri(step: GraphStep, cloud: EntraCloud): string {
  const pieces = resolvePath(`${cloud.graphBaseUrl}/v1.0${step.path}`, {}, (name) => `\u0000${name}\u0000`).split("\u0000");
  const parts = pieces.map((piece, index) => (index % 2 === 1 ? POWERSHELL_VARIABLE[piece as LaterValue] : powershellQuote(piece)));
  return parts.length === 1 ? (parts[0] ?? "''") : `(${parts.filter((part) => part !== "''").join(" + ")})`;
}

/** Invoke-MgGraphRequest sending exactly the step's request (the upserts need its `Prefer` header). */
function invokeMgGraphRequest(step: GraphStep, cloud: EntraCloud): string {
  const parts = ["Invoke-MgGraphRequest", `-Method ${step.method}`, `-Uri ${powershellUri(step, cloud)}`];
  if (step.headers) parts.push(`-Headers ${powershellLiteral(step.headers)}`);
  if (step.body)
    parts.push("-ContentType 'application/json'", `-Body (ConvertTo-Json -Depth 10 -InputObject ${powershellLiteral(step.body)})`);
  return parts.join(" ");
}

/** One PowerShell block that registers the wizard for `origin` (or updates an earlier registration) and prints what to set. */
export function graphPowerShellRegistration(origin: string, cloudId: EntraCloudId = "global"): string {
  const cloud: EntraCloud = ENTRA_CLOUDS[cloudId];
  const steps = stepsById(origin);
  const step = (id: GraphStep["id"]) => requireStep(steps, id);
  const grant = step("permissionGrant");
  if (!grant.body) throw new Error("registration step permissionGrant has no body");
  const lines = [
    ...powershellPreamble(cloud, `Register the Psoxy setup wizard served at ${wizardOrigin(origin)} (Microsoft Graph PowerShell).`, [
      "Application.ReadWrite.All",
      "DelegatedPermissionGrant.ReadWrite.All",
    ]),
    commentLine("Running it again updates the same application, service principal and consent: it never makes a second one."),
    commentLine(`1. ${step("application").title}.`),
    `${invokeMgGraphRequest(step("application"), cloud)} | Out-Null`,
    powershellRetry(`$app = ${invokeMgGraphRequest(step("applicationId"), cloud)}`),
    commentLine(`2. ${step("servicePrincipal").title}.`),
    powershellRetry(`${invokeMgGraphRequest(step("servicePrincipal"), cloud)} | Out-Null`),
    powershellRetry("$sp = Get-MgServicePrincipalByAppId -AppId $app.appId"),
    commentLine(`3. ${step("graphServicePrincipal").title}.`),
    `$graphSp = Get-MgServicePrincipalByAppId -AppId ${powershellQuote(MICROSOFT_GRAPH_APP_ID)}`,
    commentLine(`4. ${grant.title} (or update the earlier one).`),
    `$grant = Get-MgOauth2PermissionGrant -Filter "clientId eq '$($sp.Id)' and consentType eq 'AllPrincipals' and resourceId eq '$($graphSp.Id)'"`,
    `if ($grant) { ${powershellRetry(`Update-MgOauth2PermissionGrant -OAuth2PermissionGrantId $grant.Id -Scope ${powershellQuote(WIZARD_CONSENT_SCOPE)}`)} }`,
    `else { ${powershellRetry(`New-MgOauth2PermissionGrant -BodyParameter ${powershellLiteral(grant.body)} | Out-Null`)} }`,
    `"ENTRA_CLIENT_ID=$($app.appId)"`,
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
