/**
 * Test calls through the proxy: each connector's example API calls as command lines for Psoxy's own
 * test tool (tools/psoxy-test/cli-call.js). Pure.
 *
 * Command form as Psoxy's Terraform writes it into each instance's TODO/test script:
 *   AWS: `cli-call.js -r <role arn> -u "<proxy url><path>"`
 *        https://github.com/Worklytics/psoxy/blob/main/infra/modules/aws-proxy-api/main.tf
 *   GCP: `cli-call.js [-f gcp] -u "<proxy url><path>"` (no -t: the tool asks gcloud for a token)
 *        https://github.com/Worklytics/psoxy/blob/main/infra/modules/gcp-proxy-api/main.tf
 * Options: https://github.com/Worklytics/psoxy/blob/main/tools/psoxy-test/cli-call.js and
 * https://github.com/Worklytics/psoxy/blob/main/docs/guides/psoxy-test-tool.md (`node cli-call.js`,
 * run from tools/psoxy-test). `--region` is left out: the tool reads it from the AWS URL's host.
 */
import { z } from "zod";
import { getConnector, type ConnectorId } from "@/lib/connectors";
import {
  CATALOG_DATE_TOKENS,
  CATALOG_ID_TOKENS,
  CONTROL_CHARACTERS,
  isPlaceholder,
  PSOXY_DEFAULT_SAMPLE_DATE,
  placeholderValueSchema,
  trimSpaces,
  type ExampleDateSpec,
  type Placeholder,
} from "@/lib/connectors/example-calls";
import { shellQuote } from "@/lib/text/quote";
import { plainAsciiProblem } from "@/lib/text/safe";

export { PLACEHOLDER_SPECS, type Placeholder } from "@/lib/connectors/example-calls";

export type ProxyPlatform = "gcp" | "aws";

/** Shown in place of a proxy URL or role ARN that was not given or is not valid. */
const PROXY_URL_PLACEHOLDER = "<PROXY_URL>";
const ROLE_ARN_PLACEHOLDER = "<ROLE_ARN>";

/** The test tool's entry point, run from tools/psoxy-test (psoxy-test-tool.md). */
const CLI_CALL = "node cli-call.js";

/**
 * Psoxy's install step for the tool:
 * https://github.com/Worklytics/psoxy/blob/main/tools/install-test-tool.sh runs
 * `npm --prefix tools/psoxy-test install`;
 * https://github.com/Worklytics/psoxy/blob/main/tools/psoxy-test/README.md says `npm i` there.
 * Node.js 20+ per the TODOs aws-proxy-api / gcp-proxy-api write.
 */
export const TEST_TOOL_INSTALL_NOTE =
  "Needs Node.js 20+ and Psoxy's test tool: in a checkout of github.com/Worklytics/psoxy run ./tools/install-test-tool.sh (or cd tools/psoxy-test && npm i), then run these commands from tools/psoxy-test.";

/** Who the tool calls as, per platform (psoxy-test-tool.md; aws-proxy-api TODO). */
export const TEST_TOOL_AUTH_NOTE: Readonly<Record<ProxyPlatform, string>> = {
  aws: "Run as an AWS principal allowed to assume the role (aws sts get-caller-identity shows who you are; Psoxy's caller_aws_arns lists who may).",
  gcp: "Run where gcloud is signed in (gcloud auth login) as an account allowed to invoke the function; the tool gets the identity token itself.",
};

// ─── Proxy URL ──────────────────────────────────────────────────────────────────────────────────

/**
 * Hosts the tool recognises per platform (`isValidURL` in
 * https://github.com/Worklytics/psoxy/blob/main/tools/psoxy-test/lib/aws.js and lib/gcp.js).
 */
const AWS_HOST_RE = /\.(?:on\.aws|amazonaws\.com)$/i;
const GCP_HOST_RE = /(?:^|\.)(?:run\.app|cloudfunctions\.net)$/i;

const PROXY_URL_WHERE = "the connector's endpoint_url in `terraform output api_connector_instances`";
const PROXY_URL_EXAMPLE = "https://abc123.lambda-url.us-east-1.on.aws/";
/** A proxy's base URL is under a hundred characters (a Lambda function URL, Cloud Run, API Gateway or load balancer host). */
const PROXY_URL_MAX_LENGTH = 500;

type ParsedProxyUrl = { ok: true; url: string } | { ok: false; message: string };

/** The proxy instance's base URL: https, no spaces/control characters, no query/fragment; no trailing slash. */
export function parseProxyUrl(raw: string, platform?: ProxyPlatform): ParsedProxyUrl {
  const fail = (message: string): ParsedProxyUrl => ({ ok: false, message });
  if (CONTROL_CHARACTERS.test(raw)) return fail("Remove the line break or tab: paste the URL on one line.");
  // The URL parser would quietly turn a fullwidth '１' into '1' and a Cyrillic host into xn--…: refuse them instead.
  const lookAlike = plainAsciiProblem("URL", raw, `${PROXY_URL_WHERE}, e.g. ${PROXY_URL_EXAMPLE}`);
  if (lookAlike) return fail(lookAlike);
  const value = trimSpaces(raw);
  if (value === "") return fail(`Paste the proxy's URL: ${PROXY_URL_WHERE}.`);
  if (value.length > PROXY_URL_MAX_LENGTH) {
    return fail(
      `That is ${value.length} characters; a proxy's URL has far fewer (at most ${PROXY_URL_MAX_LENGTH}): paste only ${PROXY_URL_WHERE}, e.g. ${PROXY_URL_EXAMPLE}.`,
    );
  }
  if (/\s/.test(value)) return fail("Remove the spaces: a URL has none.");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`This is not a URL: paste ${PROXY_URL_WHERE}, e.g. ${PROXY_URL_EXAMPLE}.`);
  }
  if (url.protocol !== "https:") return fail("Use the https:// URL: the proxy is called over TLS only.");
  if (url.username || url.password) return fail("Remove the user name and password (before '@') from the URL.");
  if (value.includes("?") || value.includes("#")) {
    return fail("Remove the part after '?' or '#': paste only the proxy's base URL; each test call adds its own path.");
  }
  if (/\/(?:v1\.0|beta)(?:\/|$)/.test(url.pathname)) {
    return fail("Remove the API path (/v1.0/… or /beta/…): paste only the proxy's base URL; each test call adds its own path.");
  }
  if (platform === "gcp" && AWS_HOST_RE.test(url.hostname)) {
    return fail("This is an AWS URL, but this proxy runs in GCP: paste its Cloud Run (…run.app) or load balancer URL.");
  }
  if (platform === "aws" && GCP_HOST_RE.test(url.hostname)) {
    return fail("This is a GCP URL, but this proxy runs in AWS: paste its Lambda function URL (…on.aws) or API Gateway URL.");
  }
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, "") };
}

/** Proxy URL input (one schema per platform: a URL of the other cloud is refused). */
export function proxyUrlSchema(platform?: ProxyPlatform) {
  return z.string().transform((raw, ctx) => {
    const parsed = parseProxyUrl(raw, platform);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.url;
  });
}

// ─── AWS role ARN ───────────────────────────────────────────────────────────────────────────────

/** IAM role ARN, optionally with a path (IAM name chars `[\w+=,.@-]`). */
const ROLE_ARN_RE = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ROLE_ARN_WHERE = "`terraform output caller_role_arn` (arn:aws:iam::<12-digit account>:role/<name>)";

type ParsedRoleArn = { ok: true; arn: string } | { ok: false; message: string };

/** The role cli-call.js assumes (`-r`): Psoxy's caller role. */
export function parseAwsRoleArn(raw: string): ParsedRoleArn {
  const fail = (message: string): ParsedRoleArn => ({ ok: false, message });
  if (CONTROL_CHARACTERS.test(raw)) return fail(`Remove the line break or tab: paste the ARN on one line, as ${ROLE_ARN_WHERE} prints it.`);
  const lookAlike = plainAsciiProblem("role ARN", raw, `the ARN from ${ROLE_ARN_WHERE}`);
  if (lookAlike) return fail(lookAlike);
  const value = trimSpaces(raw);
  if (value === "") return fail(`Paste the role ARN from ${ROLE_ARN_WHERE}.`);
  if (ROLE_ARN_RE.test(value)) return { ok: true, arn: value };
  if (/^arn:[\w-]+:sts::/.test(value)) {
    return fail("That is a session (assumed-role) ARN: use the role's own ARN, arn:aws:iam::<account>:role/<name>.");
  }
  if (/^arn:[\w-]+:iam::[^:]*:user\//.test(value)) {
    return fail(`That is a user ARN: use the role to assume (-r), from ${ROLE_ARN_WHERE}.`);
  }
  if (/^arn:[\w-]+:iam::(?!\d{12}:)/.test(value))
    return fail(`The account id in the ARN must be 12 digits: copy the ARN again from ${ROLE_ARN_WHERE}.`);
  return fail(`Use an IAM role ARN from ${ROLE_ARN_WHERE}.`);
}

export const awsRoleArnSchema = z.string().transform((raw, ctx) => {
  const parsed = parseAwsRoleArn(raw);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  }
  return parsed.arn;
});

/** Blank means "not given" (the command keeps its placeholder); anything else must be valid. */
function blankOr<T>(schema: z.ZodType<T, string>) {
  return z.string().transform((raw, ctx): T | undefined => {
    if (/^ *$/.test(raw)) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
    return z.NEVER;
  });
}

/** The test-calls form: optional proxy URL and (AWS) role ARN. */
export function testCallsFormSchema(platform: ProxyPlatform) {
  return z.object({
    proxyUrl: blankOr(proxyUrlSchema(platform)),
    roleArn: platform === "aws" ? blankOr(awsRoleArnSchema) : z.string().transform(() => undefined),
  });
}

// ─── Commands ───────────────────────────────────────────────────────────────────────────────────

interface ProxyTestCallsInput {
  connectorId: ConnectorId;
  platform: ProxyPlatform;
  proxyUrl?: string;
  awsRoleArn?: string;
  ids?: Partial<Record<Placeholder, string>>;
  /** Psoxy's `example_api_calls_sample_date`; its default when absent. */
  sampleDate?: Date;
}

interface ProxyTestCall {
  /** The example call's path, ids filled in; unfilled ones stay `{NAME}`. */
  path: string;
  /** The cli-call.js command line. */
  command: string;
  /** Placeholders still in `path`, in order, once each. */
  unresolved: Placeholder[];
}

/** `timeadd` result as Terraform prints it: RFC 3339, UTC, whole seconds. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function dateValue(spec: ExampleDateSpec, sampleDate: Date): string {
  const text = rfc3339(new Date(sampleDate.getTime() + spec.offsetHours * 3_600_000));
  return spec.urlEncoded ? encodeURIComponent(text) : text;
}

function validSampleDate(date: Date | undefined): Date {
  return date && !Number.isNaN(date.getTime()) ? date : new Date(PSOXY_DEFAULT_SAMPLE_DATE);
}

function validIds(ids: ProxyTestCallsInput["ids"]): Partial<Record<Placeholder, string>> {
  const valid: Partial<Record<Placeholder, string>> = {};
  for (const [name, value] of Object.entries(ids ?? {})) {
    if (!isPlaceholder(name) || typeof value !== "string") continue;
    const parsed = placeholderValueSchema(name).safeParse(value);
    if (parsed.success) valid[name] = parsed.data;
  }
  return valid;
}

/** Fills one catalog example call: ids when valid, dates always; other ids become `{PSOXY_NAME}`. */
function fillExampleCall(
  call: string,
  ids: Partial<Record<Placeholder, string>>,
  sampleDate: Date,
): { path: string; unresolved: Placeholder[] } {
  const unresolved: Placeholder[] = [];
  const path = call.replace(/\{([A-Z_]+)\}/g, (token, name: string) => {
    const date = CATALOG_DATE_TOKENS[name];
    if (date) return dateValue(date, sampleDate);
    const placeholder = CATALOG_ID_TOKENS[name];
    if (!placeholder) return token;
    const value = ids[placeholder];
    if (value !== undefined) return value;
    if (!unresolved.includes(placeholder)) unresolved.push(placeholder);
    return `{${placeholder}}`;
  });
  return { path, unresolved };
}

function validUrl(proxyUrl: string | undefined, platform: ProxyPlatform): string | undefined {
  if (proxyUrl === undefined) return undefined;
  const parsed = parseProxyUrl(proxyUrl, platform);
  return parsed.ok ? parsed.url : undefined;
}

function validArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const parsed = parseAwsRoleArn(arn);
  return parsed.ok ? parsed.arn : undefined;
}

/** `-f <platform>` when the tool would not recognise the host (Psoxy adds `-f gcp` for load balancers). */
function forceFlag(url: string | undefined, platform: ProxyPlatform): string[] {
  if (url === undefined) return [];
  const host = new URL(url).hostname;
  const recognised = platform === "aws" ? AWS_HOST_RE.test(host) : GCP_HOST_RE.test(host);
  return recognised ? [] : ["-f", platform];
}

function command(
  target: string,
  input: Pick<ProxyTestCallsInput, "platform" | "awsRoleArn">,
  url: string | undefined,
  extra: string[] = [],
): string {
  const parts = [CLI_CALL, "-u", shellQuote(target)];
  if (input.platform === "aws") parts.push("-r", shellQuote(validArn(input.awsRoleArn) ?? ROLE_ARN_PLACEHOLDER));
  parts.push(...forceFlag(url, input.platform), ...extra);
  return parts.join(" ");
}

/** One test command per example call of the connector, in catalog order. */
export function proxyTestCalls(input: ProxyTestCallsInput): ProxyTestCall[] {
  const url = validUrl(input.proxyUrl, input.platform);
  const ids = validIds(input.ids);
  const sampleDate = validSampleDate(input.sampleDate);
  return getConnector(input.connectorId).exampleApiCalls.map((call) => {
    const { path, unresolved } = fillExampleCall(call, ids, sampleDate);
    return { path, unresolved, command: command(`${url ?? PROXY_URL_PLACEHOLDER}${path}`, input, url) };
  });
}

/**
 * The health-check call Psoxy's TODO runs first (`--health-check`): AWS on `<url>/`, GCP on `<url>`,
 * as aws-proxy-api / gcp-proxy-api write them.
 */
export function proxyHealthCheckCommand(input: Pick<ProxyTestCallsInput, "platform" | "proxyUrl" | "awsRoleArn">): string {
  const url = validUrl(input.proxyUrl, input.platform);
  const base = url ?? PROXY_URL_PLACEHOLDER;
  return command(input.platform === "aws" ? `${base}/` : base, input, url, ["--health-check"]);
}
