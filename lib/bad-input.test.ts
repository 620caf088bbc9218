import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { EXAMPLE_PLACEHOLDERS, PLACEHOLDER_SPECS, placeholderValueSchema, type Placeholder } from "@/lib/connectors/example-calls";
import { awsRoleArnSchema, parseProxyUrl, proxyUrlSchema } from "@/lib/exports/test-calls";
import { parseBoardFilter } from "@/lib/tenant/board";
import { parseConsentParams } from "@/lib/tenant/consent";
import {
  awsRegionSchema,
  cognitoIdentityIdSchema,
  cognitoIdentityPoolIdSchema,
  connectorIdSchema,
  developerProviderNameSchema,
  environmentIdSchema,
  environmentIdSchemaFor,
  gcpServiceAccountUniqueIdSchema,
  ownerEmailsSchema,
  parseCognitoIdentityInput,
} from "@/lib/tenant/inputs";
import { checkVerifierName, parseTeamsStepParams, teamsOutputFormSchema } from "@/lib/tenant/teams-policy";
import { hasUnsafeText } from "@/lib/text/safe";

/**
 * Issue 9 §5, the bad input table: every input field and every pasted value the app accepts, with its malformed
 * variants (empty, too long, control and invisible characters, look-alike unicode, wrong shape). Each variant is
 * refused with a message that is non-empty, shows no control or invisible character, and says what to do (an
 * action and the expected form or an example). Fields list the variants that do not apply, with the reason.
 */

type Outcome = { ok: true } | { ok: false; message: string };

const fromZod = (result: z.ZodSafeParseResult<unknown>): Outcome =>
  result.success ? { ok: true } : { ok: false, message: result.error.issues[0]?.message ?? "" };
const fromCheck = (result: { ok: true } | { ok: false; message: string }): Outcome =>
  result.ok ? { ok: true } : { ok: false, message: result.message };

/** The variants every field is tried with; `Field.skip` names those that do not apply to one field, and why. */
const VARIANTS = [
  "empty",
  "blank",
  "too long",
  "line feed",
  "carriage return",
  "NUL",
  "ESC",
  "trailing line feed",
  "zero-width space",
  "right-to-left override",
  "byte-order mark",
  "soft hyphen",
  "Cyrillic look-alike",
  "fullwidth digit",
  "wrong shape",
] as const;
type VariantName = (typeof VARIANTS)[number];

interface Field {
  /** The field as the user sees it, and where it is read. */
  name: string;
  /** A value the field accepts. */
  valid: string;
  /** The part of `valid` that the character variants damage (its middle); the whole value when absent. */
  core?: string;
  parse: (input: string) => Outcome;
  /** What the messages must mention: the expected form or an example. */
  expects: RegExp;
  tooLong: string;
  wrongShapes: string[];
  skip?: Partial<Record<VariantName, string>>;
  /** The form lists several problems, one per line. */
  multiLineMessage?: boolean;
}

const GUID = "48d31887-5fad-4d73-a9f5-3c356e68a038";
const POOL = "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const IDENTITY = "us-east-1:1f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e";
const TEAMS_OUTPUT = [
  "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics",
  "",
  "Identity    : Tag:Teams-Policy-For-Worklytics",
  `AppIds      : {${CLIENT}}`,
  "Description : Policy for MSFT Teams used for Worklytics Psoxy connector",
  "",
].join("\n");
const COGNITO_OUTPUT = `{\n    "IdentityId": "${IDENTITY}",\n    "Token": "eyJraWQiOiJ1cy1lYXN0LTEtMSJ9.eyJzdWIiOiJ1cyJ9.c2lnbmF0dXJl"\n}\n`;

const LINE_BREAK_SEPARATES = "a line break separates entries (or lines) here, so it is not malformed";

/** Test-call ids (lib/connectors/example-calls.ts), one field per Psoxy placeholder. */
const PLACEHOLDER_VALID: Record<Placeholder, { valid: string; wrongShapes: string[] }> = {
  EXAMPLE_MSFT_USER_GUID: { valid: GUID, wrongShapes: ["alice@contoso.com", `{${GUID}}`] },
  EXAMPLE_MSFT_GROUP_GUID: { valid: GUID, wrongShapes: ["Sales team", GUID.slice(0, 30)] },
  EXAMPLE_MSFT_TEAMS_TEAM_GUID: { valid: GUID, wrongShapes: ["p~abc", "19:abc@thread.tacv2"] },
  EXAMPLE_MSFT_TEAMS_CHANNEL_GUID: { valid: "19:a0b1c2d3e4f5@thread.tacv2", wrongShapes: [GUID, "19:abc@contoso.com"] },
  EXAMPLE_MSFT_TEAMS_CHAT_GUID: { valid: "19:a0b1c2d3e4f5@thread.v2", wrongShapes: ["chat 1", "p~"] },
  EXAMPLE_MSFT_TEAMS_CALL_GUID: { valid: GUID, wrongShapes: ["call-1"] },
  EXAMPLE_MSFT_TEAMS_CALL_RECORD_GUID: { valid: GUID, wrongShapes: [`${GUID}0`] },
  EXAMPLE_MSFT_TEAMS_ONLINE_MEETING_URL: {
    valid: "https://teams.microsoft.com/l/meetup-join/19%3ameeting_a0b1c2d3%40thread.v2/0",
    wrongShapes: ["http://teams.microsoft.com/l/meetup-join/x", "https://teams.microsoft.com/l/x?a=1&b=2", "https://x/'y'"],
  },
  EXAMPLE_MSFT_ONEDRIVE_DRIVE_ID: { valid: "b!-RIj2DuyvEyV1T4NlOaMHk8X", wrongShapes: ["drive-1", "b!"] },
  EXAMPLE_MSFT_ONEDRIVE_ITEM_ID: { valid: "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K", wrongShapes: ["-01BYE5", "01BYE5/root"] },
};

const FIELDS: Field[] = [
  // ── /setup › Environment ──
  {
    name: "environment id (setup › Environment, re-read from tags and the saved draft)",
    valid: "psoxy-prod1",
    parse: (v) => fromZod(environmentIdSchema.safeParse(v)),
    expects: /psoxy-prod/,
    tooLong: "a".repeat(21),
    wrongShapes: ["-prod", "my env", "prod_"],
    skip: {
      empty: "empty is Psoxy's GCP environment_name without suffix (the AWS row refuses it)",
      blank: "spaces are trimmed, leaving the empty GCP environment_name (the AWS row refuses it)",
    },
  },
  {
    name: "environment id on AWS (setup › Proxy identity)",
    valid: "psoxy-prod1",
    parse: (v) => fromZod(environmentIdSchemaFor("aws").safeParse(v)),
    expects: /psoxy|'-' or '_'/,
    tooLong: "a".repeat(21),
    wrongShapes: ["awsprod", "1prod", "my env"],
  },
  // ── /setup › Proxy identity ──
  {
    name: "GCP service account Unique ID",
    valid: "103456789012345678901",
    parse: (v) => fromZod(gcpServiceAccountUniqueIdSchema.safeParse(v)),
    expects: /123456789012345678901|Unique ID|gcloud/,
    tooLong: "1".repeat(31),
    wrongShapes: ["psoxy-outlook-mail@project.iam.gserviceaccount.com", "12345", "1.03e20"],
  },
  {
    name: "AWS region",
    valid: "us-east-1",
    parse: (v) => fromZod(awsRegionSchema.safeParse(v)),
    expects: /us-east-1/,
    tooLong: `us-east-1${"a".repeat(100)}`,
    wrongShapes: ["N. Virginia", "us-east-1a", "useast1"],
  },
  {
    name: "Cognito identity pool id",
    valid: POOL,
    parse: (v) => fromZod(cognitoIdentityPoolIdSchema.safeParse(v)),
    expects: /region:GUID|us-east-1:0f1e2d3c|identitypool/,
    tooLong: `${POOL}${"0".repeat(100)}`,
    wrongShapes: [
      "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0",
      "us-east-1_AbCdEf123",
      `arn:aws:cognito-identity:us-east-1:123456789012:identitypool/${POOL}`,
    ],
  },
  {
    name: "Cognito developer provider name",
    valid: "psoxy2-azure-access",
    parse: (v) => fromZod(developerProviderNameSchema.safeParse(v)),
    expects: /psoxy-azure-access/,
    tooLong: "a".repeat(129),
    wrongShapes: ["psoxy=azure", "psoxy azure"],
  },
  {
    name: "Cognito IdentityId (saved per connector, re-read from the app's notes)",
    valid: IDENTITY,
    parse: (v) => fromZod(cognitoIdentityIdSchema.safeParse(v)),
    expects: /region:GUID/,
    tooLong: `${IDENTITY}${"f".repeat(100)}`,
    wrongShapes: ["1f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0", ":1f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0"],
  },
  {
    name: "pasted Cognito output (setup › Results, AWS: IdentityId or the command's JSON)",
    valid: COGNITO_OUTPUT,
    core: IDENTITY,
    parse: (v) => fromCheck(parseCognitoIdentityInput(v, POOL)),
    expects: /IdentityId|region:GUID|\{ to \}/,
    tooLong: `${COGNITO_OUTPUT}${" ".repeat(10_001)}`,
    wrongShapes: ["eyJraWQiOiJ1cy1lYXN0LTEtMSJ9.eyJzdWIiOiJ1cyJ9.c2lnbmF0dXJl", POOL, '{"Token": "x"}', '{"IdentityId": '],
    skip: { "trailing line feed": LINE_BREAK_SEPARATES },
  },
  // ── /setup › Owners ──
  {
    name: "owners (emails or UPNs, free text)",
    valid: "alice@contoso.com, bob@contoso.com",
    core: "alice@contoso.com",
    parse: (v) => fromZod(ownerEmailsSchema.safeParse(v)),
    expects: /name@|owners|@contoso\.com/,
    tooLong: `${"a".repeat(250)}@contoso.com`,
    wrongShapes: ["bob@", "bob", "bob@contoso", "bob@contoso.com."],
    skip: {
      empty: "no extra owner is fine: the signed-in user is always an owner",
      blank: "no extra owner is fine",
      "trailing line feed": LINE_BREAK_SEPARATES,
    },
  },
  // ── /teams ──
  {
    name: "pasted Teams PowerShell output (teams › verification form)",
    valid: TEAMS_OUTPUT,
    core: CLIENT,
    parse: (v) => fromZod(teamsOutputFormSchema(CLIENT).safeParse({ output: v })),
    expects: /script|PowerShell|AppIds|client id/,
    multiLineMessage: true,
    tooLong: `${TEAMS_OUTPUT}${" ".repeat(20_001)}`,
    wrongShapes: ["Identity : Tag:Other\nAppIds : {}", "access denied", "PSOXY-TEAMS-GLOBAL-GRANT OK: Teams-Policy-For-Worklytics"],
    skip: { "trailing line feed": LINE_BREAK_SEPARATES },
  },
  {
    name: "verifier name (the signed-in account's name, recorded in a tag)",
    valid: "Ada Lovelace",
    parse: (v) => fromCheck(checkVerifierName(v)),
    expects: /display name in Entra/,
    tooLong: "A".repeat(225),
    wrongShapes: [],
    skip: {
      "fullwidth digit": "a person's name, not a numeric id: fullwidth forms are ordinary in CJK names",
      "wrong shape": "any name written in one script is a name",
    },
  },
  {
    name: "Teams page link: env",
    valid: "psoxy1",
    parse: (v) => fromCheck(parseTeamsStepParams({ env: v, connector: "msft-teams" })),
    expects: /20 letters|psoxy-prod/,
    tooLong: "a".repeat(21),
    wrongShapes: ["-prod", "my env"],
    skip: { empty: "env= is the environment without suffix", blank: "spaces are trimmed, leaving env= (the environment without suffix)" },
  },
  {
    name: "Teams page link: connector",
    valid: "msft-teams",
    parse: (v) => fromCheck(parseTeamsStepParams({ connector: v })),
    expects: /connector=msft-teams/,
    tooLong: `msft-teams${"s".repeat(200)}`,
    wrongShapes: ["outlook-mail", "slack"],
  },
  // ── /status and /consent links ──
  {
    name: "status board link: env",
    valid: "psoxy1",
    parse: (v) => {
      const filter = parseBoardFilter({ env: v });
      return filter.environmentId === v ? { ok: true } : { ok: false, message: filter.ignored?.[0] ?? "" };
    },
    expects: /every environment is shown/,
    tooLong: "a".repeat(21),
    wrongShapes: ["-prod", "my env"],
    skip: { empty: "env= is the environment without suffix" },
  },
  {
    name: "status board link: connector",
    valid: "outlook-mail",
    parse: (v) => {
      const filter = parseBoardFilter({ connector: v });
      return filter.connectorId === v ? { ok: true } : { ok: false, message: filter.ignored?.[0] ?? "" };
    },
    expects: /not a connector id/,
    tooLong: `outlook-mail${"l".repeat(200)}`,
    wrongShapes: ["slack", "Outlook Mail"],
  },
  {
    name: "consent link: env",
    valid: "psoxy1",
    parse: (v) => {
      const target = parseConsentParams({ env: v });
      return target.environmentGiven && target.environmentId === v ? { ok: true } : { ok: false, message: target.ignored?.[0] ?? "" };
    },
    expects: /every environment is shown/,
    tooLong: "a".repeat(21),
    wrongShapes: ["-prod", "my env"],
    skip: { empty: "env= is the environment without suffix" },
  },
  {
    name: "consent link: connectors",
    valid: "outlook-mail,msft-teams",
    core: "outlook-mail",
    parse: (v) => {
      const target = parseConsentParams({ connectors: v });
      return target.ignored ? { ok: false, message: target.ignored[0] ?? "" } : { ok: true };
    },
    expects: /not a connector id/,
    tooLong: `outlook-mail${"l".repeat(200)}`,
    wrongShapes: ["slack", "outlook-mail,../x"],
    skip: { empty: "no connectors means every connector", blank: "no connectors means every connector" },
  },
  {
    name: "connector id (setup › Connectors, the saved draft)",
    valid: "outlook-mail",
    parse: (v) => fromZod(connectorIdSchema.safeParse(v)),
    expects: /pick one from the list/,
    tooLong: `outlook-mail${"l".repeat(200)}`,
    wrongShapes: ["slack", "Outlook Mail"],
  },
  // ── /status › test calls ──
  {
    name: "proxy URL (status › test calls)",
    valid: "https://abc123.lambda-url.us-east-1.on.aws/",
    parse: (v) => fromZod(proxyUrlSchema("aws").safeParse(v)),
    expects: /https:\/\/|endpoint_url|URL/,
    tooLong: `https://abc123.lambda-url.us-east-1.on.aws/${"a".repeat(500)}`,
    wrongShapes: [
      "http://abc123.lambda-url.us-east-1.on.aws/",
      "abc123.lambda-url.us-east-1.on.aws",
      "https://abc123.lambda-url.us-east-1.on.aws/?x=1",
      "https://user:pw@abc123.lambda-url.us-east-1.on.aws/",
      "https://psoxy-abc-uc.a.run.app",
    ],
  },
  {
    name: "AWS role ARN (status › test calls)",
    valid: "arn:aws:iam::123456789012:role/psoxy-caller",
    parse: (v) => fromZod(awsRoleArnSchema.safeParse(v)),
    expects: /arn:aws:iam::|caller_role_arn|12 digits/,
    tooLong: `arn:aws:iam::123456789012:role/${"r".repeat(65)}`,
    wrongShapes: [
      "arn:aws:sts::123456789012:assumed-role/psoxy-caller/me",
      "arn:aws:iam::123456789012:user/me",
      "arn:aws:iam::1234:role/x",
      "psoxy-caller",
    ],
  },
  ...EXAMPLE_PLACEHOLDERS.map((name): Field => ({
    name: `test-call ${PLACEHOLDER_SPECS[name].label} (${name})`,
    valid: PLACEHOLDER_VALID[name].valid,
    parse: (v) => fromZod(placeholderValueSchema(name).safeParse(v)),
    expects: /such as|e\.g\.|GUID|https:\/\/|call/,
    tooLong: `${PLACEHOLDER_VALID[name].valid}${"a".repeat(2100)}`,
    wrongShapes: PLACEHOLDER_VALID[name].wrongShapes,
  })),
];

// ─── The variants ─────────────────────────────────────────────────────────────────────────────────

/** Look-alikes of ASCII characters: Cyrillic а е о с р х у, and Cyrillic О and З for the digits 0 and 3. */
const CYRILLIC: Record<string, string> = { a: "а", e: "е", o: "о", c: "с", p: "р", x: "х", y: "у", "0": "О", "3": "З" };

function damageCore(field: Field, damage: (core: string) => string): string {
  const core = field.core ?? field.valid;
  const at = field.valid.indexOf(core);
  return field.valid.slice(0, at) + damage(core) + field.valid.slice(at + core.length);
}

const insertMiddle = (char: string) => (core: string) =>
  core.slice(0, Math.floor(core.length / 2)) + char + core.slice(Math.floor(core.length / 2));

function lookAlike(core: string): string {
  const at = [...core].findIndex((char) => CYRILLIC[char] !== undefined);
  if (at < 0) throw new Error(`no look-alike for ${core}`);
  return core.slice(0, at) + CYRILLIC[core[at]!]! + core.slice(at + 1);
}

function fullwidthDigit(core: string): string {
  const at = core.search(/[0-9]/);
  if (at < 0) return `${core}１`;
  return core.slice(0, at) + String.fromCharCode(0xff10 + Number(core[at])) + core.slice(at + 1);
}

function variants(field: Field): Array<{ variant: VariantName; input: string }> {
  const all: Array<{ variant: VariantName; input: string }> = [
    { variant: "empty", input: "" },
    { variant: "blank", input: "   " },
    { variant: "too long", input: field.tooLong },
    { variant: "line feed", input: damageCore(field, insertMiddle("\n")) },
    { variant: "carriage return", input: damageCore(field, insertMiddle("\r")) },
    { variant: "NUL", input: damageCore(field, insertMiddle("\u0000")) },
    { variant: "ESC", input: damageCore(field, insertMiddle("\u001b")) },
    { variant: "trailing line feed", input: `${field.valid}\n` },
    { variant: "zero-width space", input: damageCore(field, insertMiddle("\u200b")) },
    { variant: "right-to-left override", input: damageCore(field, insertMiddle("\u202e")) },
    { variant: "byte-order mark", input: damageCore(field, insertMiddle("\ufeff")) },
    { variant: "soft hyphen", input: damageCore(field, insertMiddle("\u00ad")) },
    { variant: "Cyrillic look-alike", input: damageCore(field, lookAlike) },
    { variant: "fullwidth digit", input: damageCore(field, fullwidthDigit) },
    ...field.wrongShapes.map((input) => ({ variant: "wrong shape" as const, input })),
  ];
  return all.filter(({ variant }) => field.skip?.[variant] === undefined);
}

/** What a message says to do. */
const ACTION = /\b(use|paste|type|copy|remove|run|choose|pick|open|list|fix|separate|ask)\b/i;

const CASES = FIELDS.flatMap((field) => variants(field).map(({ variant, input }) => ({ field, variant, input })));

describe("bad input table", () => {
  it.each(FIELDS.map((field) => [field.name, field] as const))("%s accepts its valid example", (_name, field) => {
    expect(field.parse(field.valid)).toEqual({ ok: true });
  });

  it.each(CASES.map((c) => [c.field.name, c.variant, JSON.stringify(c.input).slice(0, 80), c] as const))(
    "%s · %s · %s is refused with a clear message",
    (_name, _variant, _shown, { field, input }) => {
      const outcome = field.parse(input);
      expect(outcome.ok, "refused").toBe(false);
      if (outcome.ok) return;
      expect(outcome.message.trim().length).toBeGreaterThan(10);
      expect(outcome.message.length).toBeLessThan(1000);
      const shown = field.multiLineMessage ? outcome.message.replace(/\n/g, " ") : outcome.message;
      expect(hasUnsafeText(shown), `no control or invisible character in: ${JSON.stringify(outcome.message)}`).toBe(false);
      expect(outcome.message, "says what to do").toMatch(ACTION);
      expect(outcome.message, "names the expected form or an example").toMatch(field.expects);
    },
  );

  it("covers every field with every variant, or says why not", () => {
    expect(FIELDS.length).toBeGreaterThanOrEqual(30);
    for (const field of FIELDS) {
      for (const variant of VARIANTS) {
        const tried = variants(field).some((c) => c.variant === variant);
        const skipped = field.skip?.[variant];
        expect(tried || skipped !== undefined, `${field.name}: ${variant}`).toBe(true);
        if (skipped !== undefined) expect(skipped.length, `${field.name}: reason for skipping ${variant}`).toBeGreaterThan(10);
      }
    }
    expect(CASES.length).toBeGreaterThanOrEqual(450);
  });
});

describe("bad input: exact messages", () => {
  it("an invisible character in an id is named, never shown, with the expected form", () => {
    expect(fromZod(environmentIdSchema.safeParse("psoxy\u200b-prod"))).toEqual({
      ok: false,
      message:
        "The environment id contains a line break, control or invisible character (U+200B), often copied along with it: type it again as up to 20 letters, digits, '-' or '_' (e.g. psoxy-prod).",
    });
  });

  it("a fullwidth digit in a numeric id is a look-alike", () => {
    expect(fromZod(gcpServiceAccountUniqueIdSchema.safeParse("１03456789012345678901"))).toEqual({
      ok: false,
      message:
        "The Unique ID contains a character that only looks like plain letters, digits or spaces (U+FF11): type it again as a number such as 123456789012345678901 (IAM & Admin › Service Accounts › Unique ID).",
    });
  });

  it("a Cyrillic letter in an owner's address is a look-alike", () => {
    expect(fromZod(ownerEmailsSchema.safeParse("\u0430lice@contoso.com"))).toEqual({
      ok: false,
      message:
        "'\u0430lice@contoso.com' contains a character that only looks like plain letters or digits (U+0430): Entra user names are plain ASCII (letters, digits and ' . - _ ! # ^ ~ before the @), so type the address again, e.g. name@contoso.com.",
    });
  });

  it("a look-alike host in the proxy URL is refused, not quietly turned into xn--", () => {
    expect(parseProxyUrl("https://\u0430bc123.lambda-url.us-east-1.on.aws/", "aws")).toEqual({
      ok: false,
      message:
        "The URL contains a character that only looks like plain letters, digits or spaces (U+0430): type it again as the connector's endpoint_url in `terraform output api_connector_instances`, e.g. https://abc123.lambda-url.us-east-1.on.aws/.",
    });
  });

  it("a control character in the pasted Cognito output", () => {
    expect(parseCognitoIdentityInput(COGNITO_OUTPUT.replace("Token", "To\u0000ken"), POOL)).toEqual({
      ok: false,
      message:
        "The pasted text contains a control or invisible character (U+0000) that the command does not print: copy its output again from the terminal, or paste only the IdentityId (region:GUID).",
    });
  });

  it("an invisible character in the pasted Teams output", () => {
    expect(
      fromZod(teamsOutputFormSchema(CLIENT).safeParse({ output: TEAMS_OUTPUT.replace("Worklytics\n", "Work\u202elytics\n") })),
    ).toEqual({
      ok: false,
      message:
        "The pasted text contains a control or invisible character (U+202E) that the script does not print: copy the output again from the PowerShell window and paste it as plain text.",
    });
  });

  it("a name mixing scripts in one word", () => {
    expect(checkVerifierName("Ad\u0430 Lovelace")).toEqual({
      ok: false,
      message:
        "The word “Adа” in the name mixes Latin letters with Cyrillic or Greek ones that look alike: fix the account's display name in Entra, or record the verification with an account whose name is plain text.",
    });
    // One script, whichever, is a name.
    expect(checkVerifierName("Владимир Петров")).toEqual({ ok: true, value: "Владимир Петров" });
    expect(checkVerifierName("José Núñez")).toEqual({ ok: true, value: "José Núñez" });
  });
});
