/**
 * Wizard inputs: one zod schema per step, re-used wherever the same input is parsed again (forms via
 * zodResolver, URL/state restore, exports). Messages say what to do next.
 *
 * Facts: /work/shared/reference/m365-connectors.md §1 (env, owners) and §4 (GCP/AWS federation);
 * source keys in comments refer to that file.
 */
import { z } from "zod";
import { CONNECTOR_IDS, findConnector, type ConnectorId } from "@/lib/connectors";
import { shellQuote } from "@/lib/exports/quote";

// ─── Environment ────────────────────────────────────────────────────────────────────────────────

/** psoxy's default environment id [mod][aws][gcp]. */
export const DEFAULT_ENVIRONMENT_ID = "psoxy";
export const ENVIRONMENT_ID_MAX_LENGTH = 20;
export const ENVIRONMENT_ID_MESSAGE = "Use at most 20 letters, digits or '-' (e.g. psoxy-prod).";

/**
 * Psoxy environment id (Terraform `environment_id`/`environment_name`): 0–20 letters, digits or
 * '-'; empty means no suffix on app names. Missing input becomes "psoxy".
 * Note: psoxy's examples-dev/aws variables.tf is stricter (must start with a letter, must not start
 * with aws/ssm) and also allows '_' and spaces; this wizard keeps to the narrower shared charset.
 */
export const environmentIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{0,20}$/, ENVIRONMENT_ID_MESSAGE)
  .default(DEFAULT_ENVIRONMENT_ID);
export type EnvironmentId = z.infer<typeof environmentIdSchema>;

/** psoxy's `env_qualifier = coalesce(var.environment_name, "psoxy")` [aws][gcp]. */
export function environmentQualifier(envId: string | undefined): string {
  return envId && envId.length > 0 ? envId : DEFAULT_ENVIRONMENT_ID;
}

// ─── Connectors ─────────────────────────────────────────────────────────────────────────────────

export const connectorIdSchema = z.enum(CONNECTOR_IDS as [ConnectorId, ...ConnectorId[]], {
  error: (issue) => `Unknown connector '${String(issue.input)}': pick one from the list.`,
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
export type ConnectorSelection = z.infer<typeof connectorSelectionSchema>;

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
 * Numeric; Google's are 21 digits (psoxy validates 21 for caller ids); 15–30 accepted.
 */
export const gcpServiceAccountUniqueIdSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const message = gcpUniqueIdProblem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });

// ─── AWS ────────────────────────────────────────────────────────────────────────────────────────

const REGION = String.raw`[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}`;
const GUID = String.raw`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`;
const REGION_RE = new RegExp(`^${REGION}$`);
const REGION_GUID_RE = new RegExp(`^(${REGION}):${GUID}$`);
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

export const awsRegionSchema = z.string().trim().toLowerCase().regex(REGION_RE, AWS_REGION_MESSAGE);

/** Cognito identity pool id `<region>:<guid>`; the FIC audience on AWS [aws][cog]. */
export const cognitoIdentityPoolIdSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (REGION_GUID_RE.test(value)) return;
    const arnPool = /identitypool\/(.+)$/.exec(value)?.[1];
    let message = COGNITO_POOL_ID_MESSAGE;
    if (value.startsWith("arn:") && arnPool) {
      message = `That is the pool ARN: paste only the part after 'identitypool/' (${arnPool}).`;
    } else if (new RegExp(`^${REGION}_\\w+$`).test(value)) {
      message = `'${value}' is a Cognito user pool id; Psoxy uses an identity pool (region:GUID, e.g. ${EXAMPLE_POOL_ID}).`;
    }
    ctx.addIssue({ code: "custom", message });
  });

/** Cognito IdentityId `<region>:<guid>`; the FIC subject on AWS [aws][cog]. */
export const cognitoIdentityIdSchema = z.string().trim().regex(REGION_GUID_RE, COGNITO_IDENTITY_ID_MESSAGE);

/** Cognito DeveloperProviderName (1–128 of `[\w._-]`) [awscog]; psoxy uses `<env>-azure-access` [aws]. */
export const developerProviderNameSchema = z
  .string()
  .trim()
  .regex(/^[\w.-]{1,128}$/, DEVELOPER_PROVIDER_NAME_MESSAGE);

/** psoxy's developer provider name: `${coalesce(env, "psoxy")}-azure-access` [aws][gcp]. */
export function defaultDeveloperProviderName(envId: string | undefined): string {
  return `${environmentQualifier(envId)}-azure-access`;
}

export interface RegionIssue {
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
export function refineCognitoRegions(
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

export type CognitoIdentityParse = { ok: true; identityId: string } | { ok: false; message: string };

/**
 * Reads what the user pasted after running `cognitoOpenIdTokenCommand`: a bare IdentityId or the
 * whole JSON (or text) output. Only the IdentityId is returned; the Token is never kept.
 */
export function parseCognitoIdentityInput(text: string, poolId: string): CognitoIdentityParse {
  const trimmed = text.trim();
  if (trimmed === "") {
    return { ok: false, message: "Paste the IdentityId or the whole JSON output of the command." };
  }
  let candidate: string;
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return { ok: false, message: "That looks like JSON but could not be read: paste the whole output, from { to }." };
    }
    const identityId =
      typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).IdentityId : undefined;
    if (typeof identityId !== "string") {
      return {
        ok: false,
        message:
          "The JSON has no IdentityId: paste the output of aws cognito-identity get-open-id-token-for-developer-identity.",
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
  if (!shape.success) return { ok: false, message: COGNITO_IDENTITY_ID_MESSAGE };
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

export const MAX_OWNERS = 20;
const OWNER_RE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** Splits free text into candidate entries: commas, semicolons, whitespace; `Name <addr>` -> addr. */
export function splitOwnerText(text: string): string[] {
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
export const ownerEmailsSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((input, ctx) => {
    const entries = typeof input === "string" ? splitOwnerText(input) : input.flatMap(splitOwnerText);
    const seen = new Set<string>();
    const owners: string[] = [];
    let bad = false;
    for (const entry of entries) {
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
export type OwnerEmails = z.infer<typeof ownerEmailsSchema>;

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

export type GcpPlatform = z.infer<typeof gcpPlatformSchema>;
export type AwsPlatform = z.infer<typeof awsPlatformSchema>;
export type HostPlatform = z.infer<typeof hostPlatformSchema>;

export function resolveDeveloperProviderName(platform: HostPlatform, envId: string | undefined): string {
  return (platform.platform === "aws" && platform.developerProviderName) || defaultDeveloperProviderName(envId);
}
