/**
 * Wizard inputs: one zod schema per step, re-used wherever the same input is parsed again (forms via
 * zodResolver, URL/state restore, exports). Messages say what to do next.
 *
 * Sources: Psoxy's infra/examples-dev/{gcp,aws}/variables.tf and msft-365.tf (environment, owners,
 * developer provider; https://github.com/Worklytics/psoxy), Google's ServiceAccount unique id
 * (https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts) and Cognito's
 * GetOpenIdTokenForDeveloperIdentity (https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdTokenForDeveloperIdentity.html).
 * Short keys in comments ([aws], [gcp], [mod], …) name those Psoxy files.
 */
import { z } from "zod";
import { CONNECTOR_IDS, findConnector, type ConnectorId } from "@/lib/connectors";
import { GUID_PATTERN } from "@/lib/text/guid";
import { shellQuote } from "@/lib/text/quote";
import { describeCodePoint, nonAsciiCharacters, plainAsciiProblem, unsafeCharacters, visibleText } from "@/lib/text/safe";

/**
 * A one-line value a person types or pastes that can only be plain ASCII (every id on this page): a line break,
 * control, invisible or look-alike character anywhere, a line break at the end too, is refused with what to type
 * (lib/text/safe.ts plainAsciiProblem), never stripped; then surrounding spaces are trimmed.
 */
function typedAscii(what: string, expected: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const message = plainAsciiProblem(what, value, expected);
      if (message) ctx.addIssue({ code: "custom", message, continue: false });
    })
    .trim();
}

// ─── Environment ────────────────────────────────────────────────────────────────────────────────

/** psoxy's default environment id [mod][aws][gcp]. */
export const DEFAULT_ENVIRONMENT_ID = "psoxy";
const ENVIRONMENT_ID_MAX_LENGTH = 20;

/** Where the proxy runs: decides which environment ids Psoxy's Terraform accepts. */
type ProxyPlatformKind = "gcp" | "aws";

export const ENVIRONMENT_ID_MESSAGE =
  "Use at most 20 letters, digits, '-' or '_', starting with a letter or digit and ending with one (e.g. psoxy-prod); on GCP it may also be empty.";

/**
 * GCP: `environment_name` of https://github.com/Worklytics/psoxy/blob/main/infra/examples-dev/gcp/variables.tf:
 * empty, or at most 20 lowercase letters, digits and hyphens, no leading or trailing hyphen.
 */
const GCP_ENVIRONMENT_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/**
 * AWS: `environment_name` of https://github.com/Worklytics/psoxy/blob/main/infra/examples-dev/aws/variables.tf
 * (starts with a letter; letters, digits, '-', '_' or spaces; its message adds "ends with a letter or number";
 * never starts with 'aws' or 'ssm'). The same value is the Microsoft 365 module's `environment_id`, which allows
 * only `[A-z0-9-]{0,20}` (https://github.com/Worklytics/psoxy/blob/main/infra/modules/worklytics-connectors-msft-365/variables.tf),
 * so spaces and more than 20 characters would fail `terraform plan` there.
 */
const AWS_ENVIRONMENT_RE = /^[A-Za-z](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/;

export const ENVIRONMENT_ID_MESSAGES = {
  gcpShape:
    "On GCP, Psoxy's environment_name is empty or up to 20 lowercase letters, digits and '-', not starting or ending with '-': use one such as psoxy-prod.",
  awsEmpty: "On AWS, Psoxy's environment_name cannot be empty: use its default, psoxy, or one such as psoxy-prod.",
  awsShape:
    "On AWS, Psoxy's environment_name starts with a letter, has at most 20 letters, digits, '-' or '_', and ends with a letter or digit: use one such as psoxy-prod.",
  awsSpace: "Psoxy's AWS example allows spaces, but its Microsoft 365 module (environment_id) does not: use '-' or '_' instead.",
  awsReserved:
    "On AWS the environment id cannot start with 'aws' or 'ssm' (AWS reserves those prefixes for its own resources): choose another, such as psoxy-prod.",
} as const;

/** What Psoxy's Terraform for this platform would refuse about this environment id; undefined when it is fine. */
export function environmentIdProblem(value: string, platform: ProxyPlatformKind): string | undefined {
  if (platform === "gcp") {
    if (value === "") return undefined;
    return value.length <= ENVIRONMENT_ID_MAX_LENGTH && GCP_ENVIRONMENT_RE.test(value) ? undefined : ENVIRONMENT_ID_MESSAGES.gcpShape;
  }
  if (value === "") return ENVIRONMENT_ID_MESSAGES.awsEmpty;
  if (/\s/.test(value) && /^[A-Za-z][A-Za-z0-9_ -]*$/.test(value)) return ENVIRONMENT_ID_MESSAGES.awsSpace;
  if (value.length > ENVIRONMENT_ID_MAX_LENGTH || !AWS_ENVIRONMENT_RE.test(value)) return ENVIRONMENT_ID_MESSAGES.awsShape;
  if (/^(aws|ssm)/i.test(value)) return ENVIRONMENT_ID_MESSAGES.awsReserved;
  return undefined;
}

/** The platforms whose Psoxy Terraform accepts this environment id. */
export function environmentIdPlatforms(value: string): ProxyPlatformKind[] {
  return (["gcp", "aws"] as const).filter((platform) => environmentIdProblem(value, platform) === undefined);
}

const ENVIRONMENT_ID_EXPECTED = "up to 20 letters, digits, '-' or '_' (e.g. psoxy-prod)";

/**
 * Psoxy environment id (Terraform `environment_name`, the Microsoft 365 module's `environment_id`) before the
 * platform is known: what at least one platform accepts. Missing input becomes "psoxy". The identity step checks
 * it again for the chosen platform (`environmentIdSchemaFor`). Values read back from the tenant (tags, display
 * names) go through this schema too.
 */
export const environmentIdSchema = typedAscii("environment id", ENVIRONMENT_ID_EXPECTED)
  .refine((value) => environmentIdPlatforms(value).length > 0, ENVIRONMENT_ID_MESSAGE)
  .default(DEFAULT_ENVIRONMENT_ID);

/** The environment id as Psoxy's Terraform for one platform accepts it. */
export function environmentIdSchemaFor(platform: ProxyPlatformKind) {
  return typedAscii("environment id", ENVIRONMENT_ID_EXPECTED).superRefine((value, ctx) => {
    const message = environmentIdProblem(value, platform);
    if (message) ctx.addIssue({ code: "custom", message });
  });
}

/**
 * Why a shared link's `env` (/consent, /status) is not used: it must pass `environmentIdSchema` unchanged. Undefined
 * when it is fine. The value is shown with its unsafe characters replaced; the page then shows every environment.
 */
export function linkEnvironmentProblem(env: string | string[]): string | undefined {
  if (Array.isArray(env))
    return "The link gives env more than once, so every environment is shown: open the link as it was sent, or ask for a new one.";
  const parsed = environmentIdSchema.safeParse(env);
  if (parsed.success && parsed.data === env) return undefined;
  const reason = parsed.success ? "It has spaces around it." : (parsed.error.issues[0]?.message ?? ENVIRONMENT_ID_MESSAGE);
  return `The link's environment “${visibleText(env, 60)}” is not valid, so every environment is shown: open the link as it was sent, or ask for a new one. ${reason}`;
}

/** Why a shared link's connector id is left out. */
export function linkConnectorProblem(connectorId: string): string {
  return `The link names “${visibleText(connectorId, 60)}”, which is not a connector id, so it is left out: open the link as it was sent, or ask for a new one.`;
}

/** psoxy's `env_qualifier = coalesce(var.environment_name, "psoxy")` [aws][gcp]. */
export function environmentQualifier(envId: string | undefined): string {
  return envId && envId.length > 0 ? envId : DEFAULT_ENVIRONMENT_ID;
}

// ─── Connectors ─────────────────────────────────────────────────────────────────────────────────

export const connectorIdSchema = z.enum(CONNECTOR_IDS as [ConnectorId, ...ConnectorId[]], {
  error: (issue) => `Unknown connector '${visibleText(String(issue.input), 60)}': pick one from the list.`,
});

/** Connectors chosen for a new setup: at least one, no deprecated alias, duplicates dropped. */
export const connectorSelectionSchema = z
  .array(connectorIdSchema)
  .superRefine((ids, ctx) => {
    if (ids.length === 0) ctx.addIssue({ code: "custom", message: "Choose at least one connector." });
    for (const id of ids) {
      const connector = findConnector(id);
      if (connector?.hiddenFromNewSetups) {
        ctx.addIssue({
          code: "custom",
          message: `'${id}' is deprecated: choose ${connector.replacedBy ?? "another connector"} instead.`,
        });
      }
    }
  })
  .transform((ids) => [...new Set(ids)]);

// ─── GCP ────────────────────────────────────────────────────────────────────────────────────────

/** gcloud command that prints a service account's Unique ID [ficgcp] (exact form unconfirmed). */
export function gcloudUniqueIdCommand(email?: string): string {
  const account = email && email.trim() ? shellQuote(email.trim()) : "<SA_EMAIL>";
  return `gcloud iam service-accounts describe ${account} --format='value(uniqueId)'`;
}

const GCP_UNIQUE_ID_WHERE = "IAM & Admin › Service Accounts › Unique ID";

function gcpUniqueIdProblem(value: string): string | undefined {
  if (value === "") return `Paste the service account's Unique ID (${GCP_UNIQUE_ID_WHERE}).`;
  if (value.includes("@")) {
    return `'${value}' is the service account email, not its Unique ID. Run: ${gcloudUniqueIdCommand(value)}`;
  }
  if (/^\d+$/.test(value)) {
    if (value.length < 15 || value.length > 30) {
      return `A Unique ID has 15 to 30 digits (Google's have 21) but this has ${value.length}: copy it again from ${GCP_UNIQUE_ID_WHERE}.`;
    }
    return undefined;
  }
  return `The Unique ID is a number such as 123456789012345678901: copy it from ${GCP_UNIQUE_ID_WHERE}, or run ${gcloudUniqueIdCommand()}`;
}

/**
 * GCP service account Unique ID: the `sub` of its Google tokens and the FIC subject [ficgcp][gsa].
 * Numeric; Google's are 21 digits (psoxy validates 21 for caller ids); 15–30 accepted, and
 * `gcpUniqueIdWarnings` says when one looks unusual.
 */
export const gcpServiceAccountUniqueIdSchema = typedAscii(
  "Unique ID",
  `a number such as 123456789012345678901 (${GCP_UNIQUE_ID_WHERE})`,
).superRefine((value, ctx) => {
  const message = gcpUniqueIdProblem(value);
  if (message) ctx.addIssue({ code: "custom", message });
});

/** The length every Unique ID Google has issued so far has (Google documents none). */
const GCP_UNIQUE_ID_USUAL_LENGTH = 21;

/**
 * `gcloud` that lists a project's service accounts whose email contains the connector id, with their Unique
 * IDs: Psoxy names each connector's service account after it (`google_service_account.api_connectors` in
 * https://github.com/Worklytics/psoxy/blob/main/infra/modules/gcp-host/main.tf), so this prints the real one.
 */
export function gcloudListUniqueIdsCommand(connectorId?: string): string {
  const filter = connectorId ? ` --filter=${shellQuote(`email~${connectorId}`)}` : "";
  return `gcloud iam service-accounts list --project <PROJECT_ID>${filter} --format='table(email,uniqueId)'`;
}

/**
 * What looks wrong about an id that passes the schema (it may still be right, so these are warnings): an
 * unusual length or all zeros. A mistyped id is accepted by Entra and only fails when the proxy asks for a
 * token (AADSTS70021), so the warning names the command that prints the real one.
 */
export function gcpUniqueIdWarnings(value: string, connectorId?: string): string[] {
  const id = value.trim();
  if (gcpUniqueIdProblem(id)) return [];
  const warnings: string[] = [];
  if (/^0+$/.test(id)) {
    warnings.push(
      `An all-zero Unique ID belongs to no service account. Print the real one with: ${gcloudListUniqueIdsCommand(connectorId)}`,
    );
  } else if (id.length !== GCP_UNIQUE_ID_USUAL_LENGTH) {
    warnings.push(
      `Google's Unique IDs have ${GCP_UNIQUE_ID_USUAL_LENGTH} digits; this one has ${id.length}. A wrong id only fails when the proxy asks for a token, so check it with: ${gcloudListUniqueIdsCommand(connectorId)}`,
    );
  }
  return warnings;
}

/**
 * The same Unique ID entered for several connectors: each of Psoxy's GCP connectors runs as its own service
 * account (https://github.com/Worklytics/psoxy/blob/main/infra/examples-dev/gcp/msft-365.tf trusts
 * `api_connector_gcp_execution_service_accounts[<connector>]`), so this is usually a copy-paste slip.
 * Returns, per key, the other keys sharing its id.
 */
export function duplicateGcpUniqueIds(ids: Readonly<Record<string, string | undefined>>): Record<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const [key, value] of Object.entries(ids)) {
    const id = value?.trim();
    if (!id || gcpUniqueIdProblem(id)) continue;
    byId.set(id, [...(byId.get(id) ?? []), key]);
  }
  const result: Record<string, string[]> = {};
  for (const keys of byId.values()) if (keys.length > 1) for (const key of keys) result[key] = keys.filter((k) => k !== key);
  return result;
}

// ─── AWS ────────────────────────────────────────────────────────────────────────────────────────

const REGION = String.raw`[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}`;
const REGION_RE = new RegExp(`^${REGION}$`);
const REGION_GUID_RE = new RegExp(`^(${REGION}):${GUID_PATTERN}$`);
const JWT_RE = /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/;

export const AWS_REGION_MESSAGE = "Use an AWS region code such as us-east-1 or eu-central-1.";
const EXAMPLE_POOL_ID = "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
export const COGNITO_POOL_ID_MESSAGE = `Use the identity pool id, region:GUID (e.g. ${EXAMPLE_POOL_ID}), from Amazon Cognito › Identity pools.`;
export const COGNITO_IDENTITY_ID_MESSAGE =
  "Use the IdentityId, region:GUID, from the output of aws cognito-identity get-open-id-token-for-developer-identity.";
export const DEVELOPER_PROVIDER_NAME_MESSAGE =
  "Use 1–128 letters, digits, '.', '_' or '-' (psoxy uses <env>-azure-access, e.g. psoxy-azure-access).";

/** Region part of a Cognito `region:GUID` id (pool id or IdentityId), if it has that shape. */
export function cognitoIdRegion(id: string | undefined): string | undefined {
  return id ? REGION_GUID_RE.exec(id.trim())?.[1] : undefined;
}

export const awsRegionSchema = typedAscii("region", "an AWS region code such as us-east-1")
  .toLowerCase()
  .regex(REGION_RE, AWS_REGION_MESSAGE);

/**
 * Cognito identity pool id `<region>:<guid>`; the FIC audience on AWS [aws][cog]. Normalised like the region
 * (trimmed, lower case: AWS issues them in lower case) before it reaches a command, a credential or a note.
 */
export const cognitoIdentityPoolIdSchema = typedAscii("identity pool id", `region:GUID (e.g. ${EXAMPLE_POOL_ID})`)
  .transform((value) => (new RegExp(REGION_GUID_RE.source, "i").test(value) ? value.toLowerCase() : value))
  .superRefine((value, ctx) => {
    if (REGION_GUID_RE.test(value)) return;
    const arnPool = /identitypool\/(.+)$/.exec(value)?.[1];
    let message = COGNITO_POOL_ID_MESSAGE;
    if (value.startsWith("arn:") && arnPool) {
      message = `That is the pool ARN: paste only the part after 'identitypool/' (${arnPool}).`;
    } else if (new RegExp(`^${REGION}_\\w+$`).test(value)) {
      message = `'${value}' is a Cognito user pool id; Psoxy uses an identity pool: paste its id, region:GUID (e.g. ${EXAMPLE_POOL_ID}).`;
    }
    ctx.addIssue({ code: "custom", message });
  });

/** Cognito IdentityId `<region>:<guid>`; the FIC subject on AWS [aws][cog]. */
export const cognitoIdentityIdSchema = typedAscii("IdentityId", "region:GUID, as the command prints it").regex(
  REGION_GUID_RE,
  COGNITO_IDENTITY_ID_MESSAGE,
);

/** Cognito DeveloperProviderName (1–128 of `[\w._-]`) [awscog]; psoxy uses `<env>-azure-access` [aws]. */
export const developerProviderNameSchema = typedAscii(
  "developer provider name",
  "letters, digits, '.', '_' or '-' (e.g. psoxy-azure-access)",
).regex(/^[\w.-]{1,128}$/, DEVELOPER_PROVIDER_NAME_MESSAGE);

/** psoxy's developer provider name: `${coalesce(env, "psoxy")}-azure-access` [aws][gcp]. */
export function defaultDeveloperProviderName(envId: string | undefined): string {
  return `${environmentQualifier(envId)}-azure-access`;
}

interface RegionIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Region consistency: the pool id must be in the chosen region, and every IdentityId in the pool's
 * region. Shapes are checked by the field schemas; ids that don't parse are skipped here.
 */
export function cognitoRegionIssues(input: {
  region?: string;
  identityPoolId?: string;
  identityIds?: Partial<Record<string, string>>;
}): RegionIssue[] {
  const issues: RegionIssue[] = [];
  const region = input.region?.trim().toLowerCase();
  const poolRegion = cognitoIdRegion(input.identityPoolId);
  if (region && poolRegion && REGION_RE.test(region) && poolRegion !== region) {
    issues.push({
      path: ["identityPoolId"],
      message: `The pool id is in ${poolRegion} but the region is ${region}: choose ${poolRegion} as the region, or paste the pool id from ${region}.`,
    });
  }
  if (poolRegion) {
    for (const [key, identityId] of Object.entries(input.identityIds ?? {})) {
      const identityRegion = cognitoIdRegion(identityId);
      if (identityRegion && identityRegion !== poolRegion) {
        issues.push({ path: ["identityIds", key], message: identityRegionMessage(identityRegion, poolRegion) });
      }
    }
  }
  return issues;
}

function identityRegionMessage(identityRegion: string, poolRegion: string): string {
  return `The identity id is in ${identityRegion} but the pool is in ${poolRegion}: run the command against this pool and paste the IdentityId it returns.`;
}

/** zod refinement for objects with region / identityPoolId / identityIds. */
function refineCognitoRegions(
  value: { region?: string; identityPoolId?: string; identityIds?: Partial<Record<string, string>> },
  ctx: z.RefinementCtx,
): void {
  for (const issue of cognitoRegionIssues(value)) {
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
}

/**
 * The exact CLI call that registers (or finds) the developer identity for one connector and
 * prints `{IdentityId, Token}` [cog][awscog]. Login key = developer provider name, value = client id.
 */
export function cognitoOpenIdTokenCommand(input: {
  poolId: string;
  region: string;
  developerProviderName: string;
  clientId: string;
}): string {
  return [
    "aws cognito-identity get-open-id-token-for-developer-identity",
    `--identity-pool-id ${shellQuote(input.poolId)}`,
    `--logins ${shellQuote(`${input.developerProviderName}=${input.clientId}`)}`,
    `--region ${shellQuote(input.region)}`,
  ].join(" ");
}

/** psoxy's Cognito identity pool name: `${env_qualifier}-azure-ad-federation` (infra/examples-dev/aws/msft-365.tf). */
export function defaultIdentityPoolName(envId: string | undefined): string {
  return `${environmentQualifier(envId)}-azure-ad-federation`;
}

/**
 * AWS prerequisite: the identity pool Psoxy's `aws-cognito-pool` module would create
 * (https://github.com/Worklytics/psoxy/blob/main/infra/modules/aws-cognito-pool/main.tf): named
 * `<env>-azure-ad-federation`, developer provider `<env>-azure-access`, no unauthenticated identities, no
 * classic flow (https://docs.aws.amazon.com/cli/latest/reference/cognito-identity/create-identity-pool.html).
 * Its output's IdentityPoolId is the pool id the identity step asks for.
 */
export function cognitoCreatePoolCommand(input: { envId: string | undefined; region: string; developerProviderName?: string }): string {
  return [
    "aws cognito-identity create-identity-pool",
    `--identity-pool-name ${shellQuote(defaultIdentityPoolName(input.envId))}`,
    "--no-allow-unauthenticated-identities",
    "--no-allow-classic-flow",
    `--developer-provider-name ${shellQuote(input.developerProviderName ?? defaultDeveloperProviderName(input.envId))}`,
    `--region ${shellQuote(input.region || "<REGION>")}`,
  ].join(" ");
}

/** The one action the proxy's role needs on the pool (Psoxy's `<pool name>_CognitoDeveloperIdentity` policy). */
export const COGNITO_PROXY_ACTION = "cognito-identity:GetOpenIdTokenForDeveloperIdentity";

/**
 * The IAM policy the proxy's execution role needs, as Psoxy's `aws-cognito-pool` module writes it: only
 * GetOpenIdTokenForDeveloperIdentity on this pool. Psoxy's Terraform creates and attaches it itself
 * (`aws_iam_role_policy_attachment.cognito_lambda_policy` in infra/examples-dev/aws/msft-365.tf).
 */
export function cognitoProxyPolicyJson(input: { region: string; identityPoolId?: string; accountId?: string }): string {
  const poolId = input.identityPoolId && REGION_GUID_RE.test(input.identityPoolId) ? input.identityPoolId : "<POOL_ID>";
  const region = REGION_RE.test(input.region) ? input.region : "<REGION>";
  const account = input.accountId && /^\d{12}$/.test(input.accountId) ? input.accountId : "<ACCOUNT_ID>";
  const policy = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: [COGNITO_PROXY_ACTION], Resource: `arn:aws:cognito-identity:${region}:${account}:identitypool/${poolId}` },
    ],
  };
  return `${JSON.stringify(policy, null, 2)}\n`;
}

type CognitoIdentityParse = { ok: true; identityId: string } | { ok: false; message: string };

/** Longer pastes are refused: the command prints an IdentityId and a Token of about a thousand characters. */
const COGNITO_OUTPUT_MAX_CHARS = 10_000;

/**
 * Reads what the user pasted after running `cognitoOpenIdTokenCommand`: a bare IdentityId or the
 * whole JSON (or text) output. Only the IdentityId is returned; the Token is never kept.
 */
export function parseCognitoIdentityInput(text: string, poolId: string): CognitoIdentityParse {
  const trimmed = text.trim();
  if (trimmed === "") {
    return { ok: false, message: "Paste the IdentityId or the whole JSON output of the command." };
  }
  if (text.length > COGNITO_OUTPUT_MAX_CHARS) {
    return {
      ok: false,
      message: `That is ${text.length.toLocaleString("en-US")} characters; the command prints far less. Paste only its output, from { to }, or only the IdentityId (region:GUID).`,
    };
  }
  // The output's own line breaks and tabs are fine; any other control or invisible character was not printed by it.
  const unsafe = unsafeCharacters(text.replace(/[\t\n\r]/g, ""));
  if (unsafe.length) {
    return {
      ok: false,
      message: `The pasted text contains a control or invisible character (${unsafe.join(", ")}) that the command does not print: copy its output again from the terminal, or paste only the IdentityId (region:GUID).`,
    };
  }
  let candidate: string;
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return { ok: false, message: "That looks like JSON but could not be read: paste the whole output, from { to }." };
    }
    const identityId = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).IdentityId : undefined;
    if (typeof identityId !== "string") {
      return {
        ok: false,
        message: "The JSON has no IdentityId: paste the output of aws cognito-identity get-open-id-token-for-developer-identity.",
      };
    }
    candidate = identityId.trim();
  } else {
    // bare id, or `--output text` / yaml output: pick the one region:GUID word
    const words = trimmed.split(/[\s"',]+/).filter(Boolean);
    const ids = words.filter((w) => REGION_GUID_RE.test(w));
    if (ids.length === 1 && ids[0]) {
      candidate = ids[0];
    } else if (ids.length === 0 && words.some((w) => JWT_RE.test(w))) {
      return {
        ok: false,
        message: "That is the Token, not the IdentityId: paste the IdentityId (region:GUID) or the whole JSON output.",
      };
    } else {
      candidate = trimmed;
    }
  }
  const shape = cognitoIdentityIdSchema.safeParse(candidate);
  if (!shape.success) return { ok: false, message: shape.error.issues[0]?.message ?? COGNITO_IDENTITY_ID_MESSAGE };
  const identityId = shape.data;
  if (identityId.toLowerCase() === poolId.trim().toLowerCase()) {
    return {
      ok: false,
      message: "That is the identity pool id: paste the IdentityId from the command output instead.",
    };
  }
  const poolRegion = cognitoIdRegion(poolId);
  const identityRegion = cognitoIdRegion(identityId);
  if (poolRegion && identityRegion && poolRegion !== identityRegion) {
    return { ok: false, message: identityRegionMessage(identityRegion, poolRegion) };
  }
  return { ok: true, identityId };
}

// ─── Owners ─────────────────────────────────────────────────────────────────────────────────────

const MAX_OWNERS = 20;
/** The owners field as typed: room for MAX_OWNERS addresses of the longest kind, and no more. */
export const MAX_OWNER_TEXT_LENGTH = 5000;
/** An address longer than 254 characters cannot be delivered (RFC 5321 §4.5.3.1.3 caps the path at 256). */
const MAX_OWNER_ENTRY_LENGTH = 254;
const OWNER_RE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
/**
 * What Entra allows in a user name before the '@': letters A–Z, digits and ' . - _ ! # ^ ~, ASCII only
 * (https://learn.microsoft.com/entra/identity/authentication/concept-sspr-policy#username-policies).
 */
const UPN_CHARACTERS = "letters, digits and ' . - _ ! # ^ ~ before the @";
/** Control and invisible format characters other than the separators tab, CR and LF. */
const OWNER_UNSAFE_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cf}\p{Zl}\p{Zp}]/u;

/** Splits free text into candidate entries: commas, semicolons, whitespace; `Name <addr>` -> addr. */
function splitOwnerText(text: string): string[] {
  return text
    .replace(/[^,;\n<>]*<([^<>]*)>/g, " $1 ")
    .split(/[\s,;]+/)
    .map((entry) => entry.replace(/^["'`]+|["'`]+$/g, ""))
    .filter((entry) => entry.length > 0);
}

/**
 * App owners as emails/UPNs (psoxy `msft_owners_email`: looked up as user principal names) [mod].
 * Accepts free text or a list; trims, drops duplicates case-insensitively (first spelling kept).
 */
export const ownerEmailsSchema = z.union([z.string(), z.array(z.string())]).transform((input, ctx) => {
  const text = typeof input === "string" ? input : input.join("\n");
  if (text.length > MAX_OWNER_TEXT_LENGTH) {
    ctx.addIssue({
      code: "custom",
      message: `That is ${text.length} characters; list at most ${MAX_OWNERS} owners (${MAX_OWNER_TEXT_LENGTH} characters).`,
    });
    return z.NEVER;
  }
  const unsafe = OWNER_UNSAFE_RE.exec(text);
  if (unsafe) {
    ctx.addIssue({
      code: "custom",
      message: `The owners contain an invisible or control character (${describeCodePoint(unsafe[0])}), often pasted along with an address: type the addresses again.`,
    });
    return z.NEVER;
  }
  const entries = typeof input === "string" ? splitOwnerText(input) : input.flatMap(splitOwnerText);
  const seen = new Set<string>();
  const owners: string[] = [];
  let bad = false;
  for (const entry of entries) {
    if (entry.length > MAX_OWNER_ENTRY_LENGTH) {
      bad = true;
      ctx.addIssue({
        code: "custom",
        message: `An entry of ${entry.length} characters is too long for an email or UPN (at most ${MAX_OWNER_ENTRY_LENGTH}): separate the addresses with commas, spaces or new lines, e.g. name@contoso.com, other@contoso.com.`,
      });
      continue;
    }
    const lookAlikes = nonAsciiCharacters(entry);
    if (lookAlikes.length) {
      bad = true;
      ctx.addIssue({
        code: "custom",
        message: `'${entry}' contains ${lookAlikes.length === 1 ? "a character" : "characters"} that only look${lookAlikes.length === 1 ? "s" : ""} like plain letters or digits (${lookAlikes.join(", ")}): Entra user names are plain ASCII (${UPN_CHARACTERS}), so type the address again, e.g. name@contoso.com.`,
      });
      continue;
    }
    if (!OWNER_RE.test(entry)) {
      bad = true;
      ctx.addIssue({ code: "custom", message: `'${entry}' is not an email or UPN: use name@domain` });
      continue;
    }
    const key = entry.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    owners.push(entry);
  }
  if (owners.length > MAX_OWNERS) {
    ctx.addIssue({
      code: "custom",
      message: `List at most ${MAX_OWNERS} owners (you listed ${owners.length}).`,
    });
    return z.NEVER;
  }
  return bad ? z.NEVER : owners;
});

// ─── Host platform ──────────────────────────────────────────────────────────────────────────────

/** GCP: each connector's proxy runs as its own service account; its Unique ID is the FIC subject [gcp]. */
export const gcpPlatformSchema = z.object({
  platform: z.literal("gcp"),
  serviceAccountUniqueIds: z.partialRecord(connectorIdSchema, gcpServiceAccountUniqueIdSchema).default({}),
});

/**
 * AWS: one Cognito identity pool per environment; one developer identity (IdentityId) per connector,
 * known only once the connector's app (client id) exists [aws][cog].
 */
export const awsPlatformSchema = z
  .object({
    platform: z.literal("aws"),
    region: awsRegionSchema,
    identityPoolId: cognitoIdentityPoolIdSchema,
    /** Defaults to `defaultDeveloperProviderName(envId)`; see `resolveDeveloperProviderName`. */
    developerProviderName: developerProviderNameSchema.optional(),
    identityIds: z.partialRecord(connectorIdSchema, cognitoIdentityIdSchema).default({}),
  })
  .superRefine(refineCognitoRegions);

export const hostPlatformSchema = z.discriminatedUnion("platform", [gcpPlatformSchema, awsPlatformSchema]);

export type HostPlatform = z.infer<typeof hostPlatformSchema>;

export function resolveDeveloperProviderName(platform: HostPlatform, envId: string | undefined): string {
  return (platform.platform === "aws" && platform.developerProviderName) || defaultDeveloperProviderName(envId);
}
