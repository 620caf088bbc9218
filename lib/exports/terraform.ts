/**
 * Terraform handoff to psoxy's own configuration: tfvars and import blocks, so psoxy's
 * `worklytics-connectors-msft-365` module adopts the apps the wizard created instead of creating
 * duplicates. Facts: /work/shared/reference/m365-connectors.md §1 "Apps, owners, outputs" and
 * "Import" ([mod][aws][docs][tf]).
 */
import { CONNECTOR_IDS, getConnector, PSOXY_SOURCE, type ConnectorId } from "@/lib/connectors";
import { hclString } from "@/lib/text/quote";

function hclList(values: readonly string[]): string {
  return `[${values.map(hclString).join(", ")}]`;
}

function sortByCatalog<T extends { connectorId: ConnectorId }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => CONNECTOR_IDS.indexOf(a.connectorId) - CONNECTOR_IDS.indexOf(b.connectorId));
}

export interface TfvarsInput {
  tenantId: string;
  ownerEmails: readonly string[];
  /** Object id of one shared app (psoxy BETA `msft_connector_app_object_id`): psoxy then creates no apps. */
  sharedAppObjectId?: string;
  /** Connectors the wizard set up; listed in a comment so enabled_connectors can be checked. */
  connectorIds?: readonly ConnectorId[];
  envId?: string;
}

/**
 * `terraform.tfvars` lines for psoxy's examples (variables msft_tenant_id, msft_owners_email,
 * msft_connector_app_object_id [aws][gcp][mod]).
 */
export function tfvars(input: TfvarsInput): string {
  const comments = [
    "# Microsoft 365 settings for Psoxy, from the Psoxy M365 setup wizard.",
    `# Variables of psoxy's examples: ${PSOXY_SOURCE.awsExample}`,
  ];
  if (input.envId !== undefined) {
    comments.push(`# Environment id used for the app names: ${input.envId === "" ? "(none)" : input.envId}`);
  }
  if (input.connectorIds && input.connectorIds.length > 0) {
    const ids = CONNECTOR_IDS.filter((id) => input.connectorIds?.includes(id));
    comments.push(`# enabled_connectors must include: ${ids.map(hclString).join(", ")}`);
  }
  if (input.sharedAppObjectId) {
    comments.push(
      "# Shared app (BETA): one app serves all connectors; psoxy creates none and ignores msft_owners_email.",
    );
  }
  const attributes: [string, string][] = [
    ["msft_tenant_id", hclString(input.tenantId)],
    ["msft_owners_email", hclList(input.ownerEmails)],
  ];
  if (input.sharedAppObjectId) attributes.push(["msft_connector_app_object_id", hclString(input.sharedAppObjectId)]);
  const width = Math.max(...attributes.map(([key]) => key.length));
  const lines = attributes.map(([key, value]) => `${key.padEnd(width)} = ${value}`);
  return `${[...comments, ...lines].join("\n")}\n`;
}

/** Resource address of a connector's app inside psoxy's root configuration [aws][mod]. */
export function terraformAppAddress(connectorId: ConnectorId): string {
  return `module.worklytics_connectors_msft_365.module.msft_connection[${hclString(connectorId)}].azuread_application.connector`;
}

/**
 * Import id for azuread_application. Disputed [docs][tf]: the azuread provider docs say
 * `/applications/<object id>` (hashicorp/terraform-provider-azuread issue #1338), psoxy's docs say
 * the bare object id. Default follows the provider docs; both take the object id, never the client id.
 */
export type ImportIdFormat = "applications-path" | "object-id";

export function terraformImportId(objectId: string, format: ImportIdFormat = "applications-path"): string {
  return format === "applications-path" ? `/applications/${objectId}` : objectId;
}

export interface ImportApp {
  connectorId: ConnectorId;
  objectId: string;
  clientId?: string;
}

/**
 * Terraform `import` blocks (Terraform ≥ 1.5) adopting each wizard-created app into psoxy's module.
 * Not for shared-app mode: there psoxy manages no per-connector apps.
 */
export function terraformImportBlocks(input: { apps: readonly ImportApp[]; idFormat?: ImportIdFormat }): string {
  const format = input.idFormat ?? "applications-path";
  const header = [
    "# Adopt the Entra apps created by the Psoxy M365 setup wizard into psoxy's Terraform (needs Terraform >= 1.5).",
    "# The import id is the application's OBJECT id, not its client id. The azuread provider documents",
    "# \"/applications/<object id>\"; psoxy's docs show the bare object id (see terraform-provider-azuread#1338).",
    "# If terraform rejects the id, swap the format.",
  ];
  const blocks = sortByCatalog(input.apps).map((app) => {
    const { displayName } = getConnector(app.connectorId);
    const comment = `# ${displayName}${app.clientId ? ` (client id ${app.clientId})` : ""}`;
    return [
      comment,
      "import {",
      `  to = ${terraformAppAddress(app.connectorId)}`,
      `  id = ${hclString(terraformImportId(app.objectId, format))}`,
      "}",
    ].join("\n");
  });
  return `${[header.join("\n"), ...blocks].join("\n\n")}\n`;
}

/** The same as CLI commands (`terraform import '<address>' '<id>'`) for Terraform < 1.5 [aws][docs]. */
export function terraformImportCommands(input: { apps: readonly ImportApp[]; idFormat?: ImportIdFormat }): string {
  const format = input.idFormat ?? "applications-path";
  return sortByCatalog(input.apps)
    .map((app) => {
      const address = terraformAppAddress(app.connectorId);
      const id = terraformImportId(app.objectId, format);
      return `terraform import '${address.replace(/'/g, `'\\''`)}' '${id.replace(/'/g, `'\\''`)}'`;
    })
    .join("\n")
    .concat(input.apps.length > 0 ? "\n" : "");
}
