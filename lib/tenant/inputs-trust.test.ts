import { describe, expect, it } from "vitest";
import {
  cognitoIdentityPoolIdSchema,
  duplicateGcpUniqueIds,
  ENVIRONMENT_ID_MESSAGES,
  environmentIdPlatforms,
  environmentIdProblem,
  environmentIdSchemaFor,
  gcpUniqueIdWarnings,
  MAX_OWNER_TEXT_LENGTH,
  ownerEmailsSchema,
} from "./inputs";
import { parsePsoxyDisplayName } from "./snapshot";

/** Issue 8: environment ids as Psoxy's examples define them per platform, proxy identity and owners input. */

describe("environment id per platform (Psoxy's infra/examples-dev/{gcp,aws}/variables.tf)", () => {
  it.each([
    // value, GCP accepts, AWS accepts
    ["psoxy", true, true],
    ["", true, false],
    ["psoxy-prod", true, true],
    ["a".repeat(20), true, true],
    ["a".repeat(21), false, false],
    ["Prod", false, true],
    ["prod_1", false, true],
    ["1prod", true, false],
    ["-prod", false, false],
    ["prod-", false, false],
    ["prod_", false, false],
    ["awsprod", true, false],
    ["SSM-x", false, false],
    ["ssm-x", true, false],
    ["my env", false, false],
    ["psoxy\n", false, false],
  ])("%j: GCP %s, AWS %s", (value, gcp, aws) => {
    expect(environmentIdProblem(value, "gcp") === undefined).toBe(gcp);
    expect(environmentIdProblem(value, "aws") === undefined).toBe(aws);
    expect(environmentIdPlatforms(value)).toEqual([...(gcp ? ["gcp"] : []), ...(aws ? ["aws"] : [])]);
  });

  it("says why, in Psoxy's terms", () => {
    expect(environmentIdProblem("my env", "aws")).toBe(ENVIRONMENT_ID_MESSAGES.awsSpace);
    expect(environmentIdProblem("awsprod", "aws")).toBe(ENVIRONMENT_ID_MESSAGES.awsReserved);
    expect(environmentIdProblem("", "aws")).toBe(ENVIRONMENT_ID_MESSAGES.awsEmpty);
    expect(environmentIdProblem("Prod", "gcp")).toBe(ENVIRONMENT_ID_MESSAGES.gcpShape);
    expect(environmentIdSchemaFor("gcp").safeParse(" prod ").data).toBe("prod");
  });

  it("still finds Terraform-made apps with and without the environment suffix, for ids of either platform", () => {
    expect(parsePsoxyDisplayName("Psoxy Connector - Outlook Mail")).toEqual({ connectorId: "outlook-mail", environmentId: "" });
    expect(parsePsoxyDisplayName("Psoxy Connector - Outlook Mail psoxy ")).toEqual({ connectorId: "outlook-mail", environmentId: "psoxy" });
    expect(parsePsoxyDisplayName("Psoxy Connector - Outlook Mail Prod_1 ")).toEqual({
      connectorId: "outlook-mail",
      environmentId: "Prod_1",
    });
    expect(parsePsoxyDisplayName("Psoxy Connector - Outlook Mail bad env")).toBeNull();
  });
});

describe("proxy identity input", () => {
  it("warns on an unusual GCP id length or all zeros, never on a usual one", () => {
    expect(gcpUniqueIdWarnings("103456789012345678901")).toEqual([]);
    expect(gcpUniqueIdWarnings("123456789012345")[0]).toMatch(/have 21 digits; this one has 15.*gcloud iam service-accounts list/);
    expect(gcpUniqueIdWarnings("000000000000000000000")[0]).toMatch(/all-zero/);
    expect(gcpUniqueIdWarnings("not-an-id")).toEqual([]); // the schema reports that one
  });

  it("finds the same id entered for several connectors", () => {
    expect(duplicateGcpUniqueIds({ a: "103456789012345678901", b: " 103456789012345678901 ", c: "203456789012345678901", d: "" })).toEqual({
      a: ["b"],
      b: ["a"],
    });
  });

  it("normalises a Cognito pool id like the region, and still refuses anything else", () => {
    expect(cognitoIdentityPoolIdSchema.parse(" US-EAST-1:0F1E2D3C-4B5A-4978-8796-A5B4C3D2E1F0 ")).toBe(
      "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0",
    );
    expect(cognitoIdentityPoolIdSchema.safeParse("us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0\n--region x").success).toBe(false);
  });
});

describe("owners field", () => {
  it("caps the text, refuses control and invisible characters, and over-long entries", () => {
    expect(ownerEmailsSchema.safeParse("a@b.com ".repeat(700)).error?.issues[0]?.message).toMatch(
      new RegExp(`at most 20 owners \\(${MAX_OWNER_TEXT_LENGTH} characters\\)`),
    );
    expect(ownerEmailsSchema.safeParse("alex@contoso.com\u200b").error?.issues[0]?.message).toMatch(
      /invisible or control character \(U\+200B\)/,
    );
    expect(ownerEmailsSchema.safeParse("alex@contoso.com\u202e").error?.issues[0]?.message).toMatch(/U\+202E/);
    expect(ownerEmailsSchema.safeParse("alex@contoso.com\u0000").error?.issues[0]?.message).toMatch(/U\+0000/);
    expect(ownerEmailsSchema.safeParse(`${"a".repeat(250)}@b.com`).error?.issues[0]?.message).toMatch(/too long/);
    expect(ownerEmailsSchema.parse("alex@contoso.com,\n\tsam@contoso.com\r\n")).toEqual(["alex@contoso.com", "sam@contoso.com"]);
  });
});
