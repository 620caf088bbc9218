import { describe, expect, it } from "vitest";
import { terraformAppAddress, terraformImportBlocks, terraformImportId, tfvars } from "@/lib/exports/terraform";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OBJ_CAL = "0a1b2c3d-0000-4000-8000-000000000002";
const OBJ_TEAMS = "0a1b2c3d-0000-4000-8000-000000000001";
const CLIENT_TEAMS = "6731de76-14a6-49ae-97bc-6eba6914391e";

describe("tfvars", () => {
  it("writes tenant and owners with aligned '='", () => {
    const text = tfvars({ platform: "aws", tenantId: TENANT, ownerEmails: ["alice@acme.com", "bob@acme.com"] });
    expect(text).toContain(`msft_tenant_id    = "${TENANT}"\n`);
    expect(text).toContain('msft_owners_email = ["alice@acme.com", "bob@acme.com"]\n');
    expect(text).not.toContain("msft_connector_app_object_id");
    expect(text.endsWith("\n")).toBe(true);
  });

  it("points at the example of the platform the proxy runs on", () => {
    expect(tfvars({ platform: "gcp", tenantId: TENANT, ownerEmails: [] })).toContain("/infra/examples-dev/gcp/msft-365.tf");
    expect(tfvars({ platform: "gcp", tenantId: TENANT, ownerEmails: [] })).not.toContain("/examples-dev/aws/");
    expect(tfvars({ platform: "aws", tenantId: TENANT, ownerEmails: [] })).toContain("/infra/examples-dev/aws/msft-365.tf");
  });

  it("adds the shared app object id and notes owners are ignored", () => {
    const text = tfvars({ platform: "aws", tenantId: TENANT, ownerEmails: [], sharedAppObjectId: OBJ_CAL });
    expect(text).toContain(`msft_connector_app_object_id = "${OBJ_CAL}"`);
    expect(text).toContain(`msft_tenant_id               = "${TENANT}"`);
    expect(text).toContain("msft_owners_email            = []");
    expect(text).toMatch(/# Shared app \(BETA\).*ignores msft_owners_email/);
  });

  // Issue 8: environment_name and enabled_connectors are variables Psoxy reads, not comments.
  it("sets environment_name and enabled_connectors (catalog order) and escapes values", () => {
    const text = tfvars({
      platform: "aws",
      tenantId: TENANT,
      ownerEmails: ['x"y@acme.com'],
      connectorIds: ["msft-teams", "outlook-cal"],
      envId: "",
    });
    expect(text).toContain('enabled_connectors = ["outlook-cal", "msft-teams"]\n');
    expect(text).toContain('environment_name   = ""\n');
    expect(text).toContain('msft_owners_email  = ["x\\"y@acme.com"]');
    // every non-comment line is an attribute of Psoxy's examples
    for (const line of text
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("#"))) {
      expect(line).toMatch(/^(environment_name|enabled_connectors|msft_[a-z_]+) +=/);
    }
  });
});

describe("terraform import", () => {
  it("addresses the app in psoxy's module", () => {
    expect(terraformAppAddress("outlook-cal")).toBe(
      'module.worklytics_connectors_msft_365.module.msft_connection["outlook-cal"].azuread_application.connector',
    );
    expect(terraformImportId(OBJ_CAL)).toBe(`/applications/${OBJ_CAL}`);
    expect(terraformImportId(OBJ_CAL, "object-id")).toBe(OBJ_CAL);
  });

  it("emits one import block per app, object id under /applications/, catalog order", () => {
    const text = terraformImportBlocks({
      apps: [
        { connectorId: "msft-teams", objectId: OBJ_TEAMS, clientId: CLIENT_TEAMS },
        { connectorId: "outlook-cal", objectId: OBJ_CAL },
      ],
    });
    expect(text).toContain(
      [
        "# Outlook Calendar",
        "import {",
        '  to = module.worklytics_connectors_msft_365.module.msft_connection["outlook-cal"].azuread_application.connector',
        `  id = "/applications/${OBJ_CAL}"`,
        "}",
      ].join("\n"),
    );
    expect(text).toContain(`# Microsoft Teams (client id ${CLIENT_TEAMS})\nimport {`);
    expect(text.indexOf('["outlook-cal"]')).toBeLessThan(text.indexOf('["msft-teams"]'));
    expect(text.match(/^import \{$/gm)).toHaveLength(2);
    expect(text).not.toContain(`id = "/applications/${CLIENT_TEAMS}"`);
    expect(text).toMatch(/terraform-provider-azuread#1338/);
  });

  it("can emit bare object ids", () => {
    const blocks = terraformImportBlocks({ apps: [{ connectorId: "msft-teams", objectId: OBJ_TEAMS }], idFormat: "object-id" });
    expect(blocks).toContain(`  id = "${OBJ_TEAMS}"`);
  });
});
