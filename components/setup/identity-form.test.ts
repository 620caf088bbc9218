import { describe, expect, it } from "vitest";
import { gcpFieldWarnings, gcpFields, identityDefaults, identityFormSchema } from "./identity-form";

const POOL = "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const blankAws = { region: "", identityPoolId: "", developerProviderName: "" };

describe("identity form", () => {
  it("asks for one GCP id per connector and reports each under its field", () => {
    const fields = gcpFields(["outlook-mail", "msft-teams"]);
    const schema = identityFormSchema({ fields, environmentId: "psoxy", previous: null });
    const result = schema.safeParse({
      platform: "gcp",
      gcp: { "outlook-mail": "sa@p.iam.gserviceaccount.com", "msft-teams": "" },
      aws: blankAws,
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(["gcp.outlook-mail", "gcp.msft-teams"]);
    expect(result.error?.issues[0]?.message).toContain("is the service account email, not its Unique ID");
  });

  // Issue 8: a shared application trusts each connector's own service account, so shared mode asks for one id per connector too.
  it("asks for one GCP id per connector in shared mode too", () => {
    const fields = gcpFields(["outlook-cal", "msft-onedrive"]);
    expect(fields.map((f) => f.key)).toEqual(["outlook-cal", "msft-onedrive"]);
    const schema = identityFormSchema({ fields, environmentId: "psoxy", previous: null });
    const result = schema.parse({
      platform: "gcp",
      gcp: { "outlook-cal": "123456789012345678901", "msft-onedrive": "223456789012345678901" },
      aws: blankAws,
    });
    expect(result).toEqual({
      platform: "gcp",
      serviceAccountUniqueIds: { "outlook-cal": "123456789012345678901", "msft-onedrive": "223456789012345678901" },
    });
  });

  it("warns about an unusual length, all zeros and the same id for two connectors, without refusing them", () => {
    const fields = gcpFields(["outlook-cal", "msft-onedrive", "msft-teams"]);
    const warnings = gcpFieldWarnings(fields, {
      "outlook-cal": "123456789012345678901",
      "msft-onedrive": "123456789012345678901",
      "msft-teams": "000000000000000000000",
    });
    expect(warnings["outlook-cal"]).toEqual([expect.stringContaining("OneDrive has the same Unique ID")]);
    expect(warnings["msft-onedrive"]).toEqual([expect.stringContaining("Calendar has the same Unique ID")]);
    expect(warnings["msft-teams"]).toEqual([
      expect.stringMatching(/^An all-zero Unique ID .* gcloud iam service-accounts list .*--filter='email~msft-teams'/),
    ]);
    const short = gcpFieldWarnings(fields.slice(0, 1), { "outlook-cal": "1234567890123456" });
    expect(short["outlook-cal"]).toEqual([expect.stringMatching(/have 21 digits; this one has 16/)]);
    const schema = identityFormSchema({ fields, environmentId: "psoxy", previous: null });
    expect(
      schema.safeParse({
        platform: "gcp",
        gcp: { "outlook-cal": "1234567890123456", "msft-onedrive": "1234567890123456", "msft-teams": "000000000000000000000" },
        aws: blankAws,
      }).success,
    ).toBe(true);
  });

  it("refuses a platform whose Psoxy Terraform would refuse the environment id, pointing back to step 1", () => {
    const schema = identityFormSchema({ fields: gcpFields(["outlook-cal"]), environmentId: "Prod_1", previous: null });
    const gcp = schema.safeParse({ platform: "gcp", gcp: { "outlook-cal": "123456789012345678901" }, aws: blankAws });
    expect(gcp.error?.issues.map((issue) => issue.path.join("."))).toEqual(["platform"]);
    expect(gcp.error?.issues[0]?.message).toContain("lowercase");
    const awsSchema = identityFormSchema({ fields: [], environmentId: "", previous: null });
    const aws = awsSchema.safeParse({
      platform: "aws",
      gcp: {},
      aws: { region: "us-east-1", identityPoolId: POOL, developerProviderName: "psoxy-azure-access" },
    });
    expect(aws.error?.issues[0]?.message).toContain("cannot be empty");
  });

  it("normalises a pool id typed in upper case, like the region", () => {
    const schema = identityFormSchema({ fields: [], environmentId: "psoxy", previous: null });
    const result = schema.parse({
      platform: "aws",
      gcp: {},
      aws: { region: " US-EAST-1 ", identityPoolId: ` ${POOL.toUpperCase()} `, developerProviderName: "psoxy-azure-access" },
    });
    expect(result).toMatchObject({ region: "us-east-1", identityPoolId: POOL });
  });

  it("shows the region/pool mismatch under the pool id", () => {
    const schema = identityFormSchema({ fields: [], environmentId: "psoxy", previous: null });
    const result = schema.safeParse({
      platform: "aws",
      gcp: {},
      aws: { region: "eu-west-1", identityPoolId: POOL, developerProviderName: "psoxy-azure-access" },
    });
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["aws.identityPoolId"]);
    expect(result.error?.issues[0]?.message).toContain("The pool id is in us-east-1 but the region is eu-west-1");
  });

  it("keeps a custom developer provider name only, and IdentityIds only for the same pool", () => {
    const previous = {
      platform: "aws" as const,
      region: "us-east-1",
      identityPoolId: POOL,
      identityIds: { "outlook-mail": "us-east-1:11111111-2222-3333-4444-555555555555" },
    };
    const schema = identityFormSchema({ fields: [], environmentId: "prod", previous });
    const same = schema.parse({
      platform: "aws",
      gcp: {},
      aws: { region: "us-east-1", identityPoolId: POOL, developerProviderName: "prod-azure-access" },
    });
    expect(same).toEqual({ ...previous, developerProviderName: undefined });
    const other = schema.parse({
      platform: "aws",
      gcp: {},
      aws: { region: "us-east-1", identityPoolId: "us-east-1:99999999-2222-3333-4444-555555555555", developerProviderName: "custom" },
    });
    expect(other).toMatchObject({ developerProviderName: "custom", identityIds: {} });
  });

  it("prefills from saved answers, with psoxy's developer provider name by default", () => {
    const fields = gcpFields(["outlook-mail"]);
    expect(identityDefaults(null, fields, "prod")).toEqual({
      platform: "gcp",
      gcp: { "outlook-mail": "" },
      aws: { region: "", identityPoolId: "", developerProviderName: "prod-azure-access" },
    });
  });
});
