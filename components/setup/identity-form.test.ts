import { describe, expect, it } from "vitest";
import { gcpFields, identityDefaults, identityFormSchema } from "./identity-form";

const POOL = "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const blankAws = { region: "", identityPoolId: "", developerProviderName: "" };

describe("identity form", () => {
  it("asks for one GCP id per connector and reports each under its field", () => {
    const fields = gcpFields(["outlook-mail", "msft-teams"], "per-connector");
    const schema = identityFormSchema({ fields, environmentId: "psoxy", previous: null });
    const result = schema.safeParse({ platform: "gcp", gcp: { "outlook-mail": "sa@p.iam.gserviceaccount.com", "msft-teams": "" }, aws: blankAws });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(["gcp.outlook-mail", "gcp.msft-teams"]);
    expect(result.error?.issues[0]?.message).toContain("is the service account email, not its Unique ID");
  });

  it("stores the single shared GCP id under every selected connector", () => {
    const fields = gcpFields(["outlook-cal", "msft-onedrive"], "shared");
    expect(fields.map((f) => f.key)).toEqual(["shared"]);
    const schema = identityFormSchema({ fields, environmentId: "psoxy", previous: null });
    const result = schema.parse({ platform: "gcp", gcp: { shared: "123456789012345678901" }, aws: blankAws });
    expect(result).toEqual({
      platform: "gcp",
      serviceAccountUniqueIds: { "outlook-cal": "123456789012345678901", "msft-onedrive": "123456789012345678901" },
    });
  });

  it("shows the region/pool mismatch under the pool id", () => {
    const schema = identityFormSchema({ fields: [], environmentId: "psoxy", previous: null });
    const result = schema.safeParse({ platform: "aws", gcp: {}, aws: { region: "eu-west-1", identityPoolId: POOL, developerProviderName: "psoxy-azure-access" } });
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["aws.identityPoolId"]);
    expect(result.error?.issues[0]?.message).toContain("The pool id is in us-east-1 but the region is eu-west-1");
  });

  it("keeps a custom developer provider name only, and IdentityIds only for the same pool", () => {
    const previous = { platform: "aws" as const, region: "us-east-1", identityPoolId: POOL, identityIds: { "outlook-mail": "us-east-1:11111111-2222-3333-4444-555555555555" } };
    const schema = identityFormSchema({ fields: [], environmentId: "prod", previous });
    const same = schema.parse({ platform: "aws", gcp: {}, aws: { region: "us-east-1", identityPoolId: POOL, developerProviderName: "prod-azure-access" } });
    expect(same).toEqual({ ...previous, developerProviderName: undefined });
    const other = schema.parse({
      platform: "aws",
      gcp: {},
      aws: { region: "us-east-1", identityPoolId: "us-east-1:99999999-2222-3333-4444-555555555555", developerProviderName: "custom" },
    });
    expect(other).toMatchObject({ developerProviderName: "custom", identityIds: {} });
  });

  it("prefills from saved answers, with psoxy's developer provider name by default", () => {
    const fields = gcpFields(["outlook-mail"], "per-connector");
    expect(identityDefaults(null, fields, "prod")).toEqual({
      platform: "gcp",
      gcp: { "outlook-mail": "" },
      aws: { region: "", identityPoolId: "", developerProviderName: "prod-azure-access" },
    });
  });
});
