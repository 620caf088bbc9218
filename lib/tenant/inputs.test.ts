import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AWS_REGION_MESSAGE,
  COGNITO_IDENTITY_ID_MESSAGE,
  COGNITO_POOL_ID_MESSAGE,
  DEVELOPER_PROVIDER_NAME_MESSAGE,
  ENVIRONMENT_ID_MESSAGE,
  awsRegionSchema,
  cognitoIdentityIdSchema,
  cognitoIdentityPoolIdSchema,
  cognitoOpenIdTokenCommand,
  cognitoRegionIssues,
  connectorSelectionSchema,
  defaultDeveloperProviderName,
  developerProviderNameSchema,
  environmentIdSchema,
  gcloudUniqueIdCommand,
  gcpServiceAccountUniqueIdSchema,
  hostPlatformSchema,
  ownerEmailsSchema,
  parseCognitoIdentityInput,
  resolveDeveloperProviderName,
} from "@/lib/tenant/inputs";

const POOL = "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const POOL_EU = "eu-west-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const IDENTITY = "us-east-1:11111111-2222-4333-8444-555555555555";
const IDENTITY_EU = "eu-west-1:11111111-2222-4333-8444-555555555555";
const SA_EMAIL = "psoxy-outlook-cal@acme-psoxy.iam.gserviceaccount.com";

type Case = [name: string, schema: z.ZodType, input: unknown, expected: { ok: unknown } | { message: string }];

const cases: Case[] = [
  // environment id
  ["env default", environmentIdSchema, undefined, { ok: "psoxy" }],
  ["env trimmed", environmentIdSchema, "  psoxy-prod ", { ok: "psoxy-prod" }],
  ["env empty allowed", environmentIdSchema, "", { ok: "" }],
  ["env 20 chars", environmentIdSchema, "a".repeat(20), { ok: "a".repeat(20) }],
  ["env 21 chars", environmentIdSchema, "a".repeat(21), { message: ENVIRONMENT_ID_MESSAGE }],
  // Psoxy's AWS example allows '_' (issue 8: environment ids as Psoxy defines them per platform)
  ["env underscore (AWS)", environmentIdSchema, "psoxy_prod", { ok: "psoxy_prod" }],
  ["env upper case (AWS)", environmentIdSchema, "Prod", { ok: "Prod" }],
  ["env space inside", environmentIdSchema, "psoxy prod", { message: ENVIRONMENT_ID_MESSAGE }],
  ["env leading hyphen", environmentIdSchema, "-prod", { message: ENVIRONMENT_ID_MESSAGE }],
  ["env trailing underscore", environmentIdSchema, "prod_", { message: ENVIRONMENT_ID_MESSAGE }],
  // Refused before the shape is checked, naming the character (lib/text/safe.ts plainAsciiProblem).
  [
    "env line break",
    environmentIdSchema,
    "psoxy\nREFRESH_ENDPOINT=x",
    {
      message:
        "The environment id contains a line break, control or invisible character (U+000A), often copied along with it: type it again as up to 20 letters, digits, '-' or '_' (e.g. psoxy-prod).",
    },
  ],
  [
    "env zero-width space",
    environmentIdSchema,
    "psoxy\u200b",
    {
      message:
        "The environment id contains a line break, control or invisible character (U+200B), often copied along with it: type it again as up to 20 letters, digits, '-' or '_' (e.g. psoxy-prod).",
    },
  ],
  // GCP unique id
  // Spaces are trimmed; a line break is refused, not trimmed away (lib/bad-input.test.ts).
  ["gcp 21 digits trimmed", gcpServiceAccountUniqueIdSchema, " 103456789012345678901 ", { ok: "103456789012345678901" }],
  ["gcp 15 digits", gcpServiceAccountUniqueIdSchema, "123456789012345", { ok: "123456789012345" }],
  [
    "gcp email pasted",
    gcpServiceAccountUniqueIdSchema,
    SA_EMAIL,
    {
      message: `'${SA_EMAIL}' is the service account email, not its Unique ID. Run: gcloud iam service-accounts describe ${SA_EMAIL} --format='value(uniqueId)'`,
    },
  ],
  [
    "gcp too short",
    gcpServiceAccountUniqueIdSchema,
    "12345678901",
    {
      message:
        "A Unique ID has 15 to 30 digits (Google's have 21) but this has 11: copy it again from IAM & Admin › Service Accounts › Unique ID.",
    },
  ],
  [
    "gcp not numeric",
    gcpServiceAccountUniqueIdSchema,
    "projects/acme/serviceAccounts/x",
    {
      message:
        "The Unique ID is a number such as 123456789012345678901: copy it from IAM & Admin › Service Accounts › Unique ID, or run gcloud iam service-accounts describe <SA_EMAIL> --format='value(uniqueId)'",
    },
  ],
  [
    "gcp empty",
    gcpServiceAccountUniqueIdSchema,
    "   ",
    { message: "Paste the service account's Unique ID (IAM & Admin › Service Accounts › Unique ID)." },
  ],
  // AWS region
  ["region us-east-1", awsRegionSchema, "us-east-1", { ok: "us-east-1" }],
  ["region eu-central-1", awsRegionSchema, "eu-central-1", { ok: "eu-central-1" }],
  ["region ap-southeast-2", awsRegionSchema, "ap-southeast-2", { ok: "ap-southeast-2" }],
  ["region us-gov-west-1", awsRegionSchema, "us-gov-west-1", { ok: "us-gov-west-1" }],
  ["region upper-case normalised", awsRegionSchema, " US-EAST-1 ", { ok: "us-east-1" }],
  ["region name not code", awsRegionSchema, "N. Virginia", { message: AWS_REGION_MESSAGE }],
  ["region az not region", awsRegionSchema, "us-east-1a", { message: "Use an AWS region code such as us-east-1 or eu-central-1." }],
  // Cognito pool / identity
  ["pool ok", cognitoIdentityPoolIdSchema, ` ${POOL} `, { ok: POOL }],
  ["pool bare guid", cognitoIdentityPoolIdSchema, "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0", { message: COGNITO_POOL_ID_MESSAGE }],
  [
    "pool ARN",
    cognitoIdentityPoolIdSchema,
    `arn:aws:cognito-identity:us-east-1:123456789012:identitypool/${POOL}`,
    { message: `That is the pool ARN: paste only the part after 'identitypool/' (${POOL}).` },
  ],
  [
    "pool user pool id",
    cognitoIdentityPoolIdSchema,
    "us-east-1_AbCdEf123",
    {
      message:
        "'us-east-1_AbCdEf123' is a Cognito user pool id; Psoxy uses an identity pool: paste its id, region:GUID (e.g. us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0).",
    },
  ],
  ["identity ok", cognitoIdentityIdSchema, IDENTITY, { ok: IDENTITY }],
  ["identity missing region", cognitoIdentityIdSchema, ":11111111-2222-4333-8444-555555555555", { message: COGNITO_IDENTITY_ID_MESSAGE }],
  // developer provider name
  ["dev provider default shape", developerProviderNameSchema, "psoxy-azure-access", { ok: "psoxy-azure-access" }],
  ["dev provider empty", developerProviderNameSchema, "", { message: DEVELOPER_PROVIDER_NAME_MESSAGE }],
  ["dev provider with '='", developerProviderNameSchema, "psoxy=azure", { message: DEVELOPER_PROVIDER_NAME_MESSAGE }],
  // owners
  [
    "owners mixed separators, deduped case-insensitively",
    ownerEmailsSchema,
    "Alice@Acme.com, bob@acme.com;\nalice@acme.com  carol_ext.com#EXT#@acme.onmicrosoft.com",
    { ok: ["Alice@Acme.com", "bob@acme.com", "carol_ext.com#EXT#@acme.onmicrosoft.com"] },
  ],
  ["owners Outlook format", ownerEmailsSchema, '"Bob Smith" <bob@acme.com>; Dan <dan@acme.com>', { ok: ["bob@acme.com", "dan@acme.com"] }],
  ["owners empty text", ownerEmailsSchema, "  \n ", { ok: [] }],
  ["owners list input", ownerEmailsSchema, [" a@b.co ", "A@B.CO"], { ok: ["a@b.co"] }],
  ["owners bob@", ownerEmailsSchema, "alice@acme.com, bob@", { message: "'bob@' is not an email or UPN: use name@domain" }],
  ["owners no domain dot", ownerEmailsSchema, "bob@acme", { message: "'bob@acme' is not an email or UPN: use name@domain" }],
  ["owners trailing dot", ownerEmailsSchema, "bob@acme.com.", { message: "'bob@acme.com.' is not an email or UPN: use name@domain" }],
  ["owners bare name", ownerEmailsSchema, "bob", { message: "'bob' is not an email or UPN: use name@domain" }],
  [
    "owners over 20",
    ownerEmailsSchema,
    Array.from({ length: 21 }, (_, i) => `user${i}@acme.com`).join(","),
    { message: "List at most 20 owners (you listed 21)." },
  ],
  // connector selection
  ["selection dedupes", connectorSelectionSchema, ["outlook-cal", "msft-teams", "outlook-cal"], { ok: ["outlook-cal", "msft-teams"] }],
  ["selection empty", connectorSelectionSchema, [], { message: "Choose at least one connector." }],
  ["selection deprecated", connectorSelectionSchema, ["azure-ad"], { message: "'azure-ad' is deprecated: choose msft-entra-id instead." }],
  ["selection unknown", connectorSelectionSchema, ["slack"], { message: "Unknown connector 'slack': pick one from the list." }],
];

describe("input schemas (table)", () => {
  it("has at least 25 cases", () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases)("%s", (_name, schema, input, expected) => {
    const result = schema.safeParse(input);
    if ("ok" in expected) {
      expect(result.error?.issues).toBeUndefined();
      expect(result.data).toEqual(expected.ok);
    } else {
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(expected.message);
    }
  });
});

describe("commands", () => {
  it("gcloudUniqueIdCommand with and without email, quoting odd input", () => {
    expect(gcloudUniqueIdCommand()).toBe("gcloud iam service-accounts describe <SA_EMAIL> --format='value(uniqueId)'");
    expect(gcloudUniqueIdCommand(` ${SA_EMAIL} `)).toBe(`gcloud iam service-accounts describe ${SA_EMAIL} --format='value(uniqueId)'`);
    expect(gcloudUniqueIdCommand("x@y.com; rm -rf ~")).toBe(
      "gcloud iam service-accounts describe 'x@y.com; rm -rf ~' --format='value(uniqueId)'",
    );
  });

  it("cognitoOpenIdTokenCommand builds psoxy's CLI call", () => {
    expect(
      cognitoOpenIdTokenCommand({
        poolId: POOL,
        region: "us-east-1",
        developerProviderName: "psoxy-azure-access",
        clientId: "6731de76-14a6-49ae-97bc-6eba6914391e",
      }),
    ).toBe(
      `aws cognito-identity get-open-id-token-for-developer-identity --identity-pool-id ${POOL} --logins psoxy-azure-access=6731de76-14a6-49ae-97bc-6eba6914391e --region us-east-1`,
    );
    expect(cognitoOpenIdTokenCommand({ poolId: POOL, region: "us-east-1", developerProviderName: "a b", clientId: "x" })).toContain(
      "--logins 'a b=x'",
    );
  });

  it("developer provider name defaults to <env>-azure-access, psoxy when env is empty", () => {
    expect(defaultDeveloperProviderName("prod")).toBe("prod-azure-access");
    expect(defaultDeveloperProviderName("")).toBe("psoxy-azure-access");
    expect(defaultDeveloperProviderName(undefined)).toBe("psoxy-azure-access");
    expect(resolveDeveloperProviderName({ platform: "gcp", serviceAccountUniqueIds: {} }, "dev")).toBe("dev-azure-access");
    expect(
      resolveDeveloperProviderName(
        { platform: "aws", region: "us-east-1", identityPoolId: POOL, developerProviderName: "custom", identityIds: {} },
        "dev",
      ),
    ).toBe("custom");
  });
});

describe("parseCognitoIdentityInput", () => {
  const token = "eyJraWQiOiJ1cy1lYXN0LTEiLCJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

  it("accepts a bare IdentityId", () => {
    expect(parseCognitoIdentityInput(` ${IDENTITY}\n`, POOL)).toEqual({ ok: true, identityId: IDENTITY });
  });

  it("accepts the whole JSON output and drops the Token", () => {
    const json = JSON.stringify({ IdentityId: IDENTITY, Token: token }, null, 4);
    const result = parseCognitoIdentityInput(json, POOL);
    expect(result).toEqual({ ok: true, identityId: IDENTITY });
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it("accepts --output text (IdentityId<TAB>Token)", () => {
    expect(parseCognitoIdentityInput(`${IDENTITY}\t${token}`, POOL)).toEqual({ ok: true, identityId: IDENTITY });
  });

  it.each([
    ["", "Paste the IdentityId or the whole JSON output of the command."],
    ['{"IdentityId": "us-east-1:', "That looks like JSON but could not be read: paste the whole output, from { to }."],
    [
      `{"Token": "${token}"}`,
      "The JSON has no IdentityId: paste the output of aws cognito-identity get-open-id-token-for-developer-identity.",
    ],
    [token, "That is the Token, not the IdentityId: paste the IdentityId (region:GUID) or the whole JSON output."],
    ["hello", COGNITO_IDENTITY_ID_MESSAGE],
    [POOL, "That is the identity pool id: paste the IdentityId from the command output instead."],
    [
      IDENTITY_EU,
      "The identity id is in eu-west-1 but the pool is in us-east-1: run the command against this pool and paste the IdentityId it returns.",
    ],
  ])("rejects %j", (text, message) => {
    expect(parseCognitoIdentityInput(text, POOL)).toEqual({ ok: false, message });
  });
});

describe("hostPlatformSchema", () => {
  it("parses a GCP platform with per-connector unique ids", () => {
    const parsed = hostPlatformSchema.parse({
      platform: "gcp",
      serviceAccountUniqueIds: { "outlook-cal": " 103456789012345678901 " },
    });
    expect(parsed).toEqual({ platform: "gcp", serviceAccountUniqueIds: { "outlook-cal": "103456789012345678901" } });
  });

  it("parses AWS with identity ids optional until the apps exist", () => {
    const parsed = hostPlatformSchema.parse({ platform: "aws", region: "us-east-1", identityPoolId: POOL });
    expect(parsed).toEqual({ platform: "aws", region: "us-east-1", identityPoolId: POOL, identityIds: {} });
  });

  it("reports a pool in another region on the pool field", () => {
    const result = hostPlatformSchema.safeParse({ platform: "aws", region: "us-east-1", identityPoolId: POOL_EU });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ["identityPoolId"],
        message:
          "The pool id is in eu-west-1 but the region is us-east-1: choose eu-west-1 as the region, or paste the pool id from us-east-1.",
      }),
    ]);
  });

  it("reports an identity in another region than the pool on that connector", () => {
    const result = hostPlatformSchema.safeParse({
      platform: "aws",
      region: "us-east-1",
      identityPoolId: POOL,
      identityIds: { "msft-teams": IDENTITY_EU, "outlook-cal": IDENTITY },
    });
    expect(result.error?.issues.map((i) => i.path)).toEqual([["identityIds", "msft-teams"]]);
  });

  it("reports bad field values with the field schema's message", () => {
    const result = hostPlatformSchema.safeParse({
      platform: "gcp",
      serviceAccountUniqueIds: { "msft-teams": SA_EMAIL },
    });
    expect(result.error?.issues[0]?.path).toEqual(["serviceAccountUniqueIds", "msft-teams"]);
    expect(result.error?.issues[0]?.message).toMatch(/is the service account email, not its Unique ID/);
  });

  it("rejects an unknown platform", () => {
    expect(hostPlatformSchema.safeParse({ platform: "azure" }).success).toBe(false);
  });

  it("cognitoRegionIssues skips ids that don't parse", () => {
    expect(cognitoRegionIssues({ region: "us-east-1", identityPoolId: "junk", identityIds: { x: IDENTITY_EU } })).toEqual([]);
  });
});
