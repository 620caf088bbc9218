/**
 * Terraform handoff to Psoxy's own configuration: tfvars and import blocks, so Psoxy's root configuration
 * (https://github.com/Worklytics/psoxy/blob/main/infra/examples-dev/gcp/msft-365.tf,
 * https://github.com/Worklytics/psoxy/blob/main/infra/examples-dev/aws/msft-365.tf) adopts what the wizard
 * created (applications, federated credentials, on AWS the Cognito identity pool) instead of creating it again,
 * which Entra and AWS would refuse and `terraform apply` would fail on. Formatting only: every value goes
 * through hclString (escaped) or commentLine (refused when it holds a line break or control character).
 */
import { CONNECTOR_IDS, getConnector, PSOXY_SOURCE, type ConnectorId } from "@/lib/connectors";
import { commentLine, hclString } from "@/lib/text/quote";

function hclList(values: readonly string[]): string {
  return `[${values.map(hclString).join(", ")}]`;
}

function sortByCatalog<T extends { connectorId: ConnectorId }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => CONNECTOR_IDS.indexOf(a.connectorId) - CONNECTOR_IDS.indexOf(b.connectorId));
}

interface TfvarsInput {
  /** Where the proxy runs: which of Psoxy's examples the variables belong to. */
  platform: "gcp" | "aws";
  tenantId: string;
  ownerEmails: readonly string[];
  /** Object id of one shared app (psoxy BETA `msft_connector_app_object_id`): psoxy then creates no apps. */
  sharedAppObjectId?: string;
  /** Connectors the wizard set up: `enabled_connectors`. */
  connectorIds?: readonly ConnectorId[];
  /** The environment id: `environment_name` (the Microsoft 365 module's `environment_id`). */
  envId?: string;
}

/**
 * `terraform.tfvars` for Psoxy's examples: `environment_name`, `enabled_connectors`, `msft_tenant_id`,
 * `msft_owners_email` and, for a shared app, `msft_connector_app_object_id` (variables of
 * https://github.com/Worklytics/psoxy/blob/main/infra/examples-dev/aws/variables.tf and msft-365-variables.tf;
 * the same names on GCP). Owners are the users' UPNs, which the module looks up with `azuread_users`.
 */
export function tfvars(input: TfvarsInput): string {
  const comments = [
    commentLine("Microsoft 365 settings for Psoxy, from the Psoxy M365 setup wizard."),
    commentLine(`Variables of psoxy's examples: ${input.platform === "gcp" ? PSOXY_SOURCE.gcpExample : PSOXY_SOURCE.awsExample}`),
  ];
  const ids = input.connectorIds && input.connectorIds.length > 0 ? CONNECTOR_IDS.filter((id) => input.connectorIds?.includes(id)) : [];
  if (ids.length) {
    comments.push(commentLine("Merge into your terraform.tfvars: if it already sets enabled_connectors, add these ids to that list"));
    comments.push(commentLine("(other data sources stay), and keep one environment_name for the whole configuration."));
  }
  if (input.sharedAppObjectId) {
    comments.push(commentLine("Shared app (BETA): one app serves all connectors; psoxy creates none and ignores msft_owners_email."));
  }
  const attributes: [string, string][] = [];
  if (input.envId !== undefined) attributes.push(["environment_name", hclString(input.envId)]);
  if (ids.length) attributes.push(["enabled_connectors", hclList(ids)]);
  attributes.push(["msft_tenant_id", hclString(input.tenantId)], ["msft_owners_email", hclList(input.ownerEmails)]);
  if (input.sharedAppObjectId) attributes.push(["msft_connector_app_object_id", hclString(input.sharedAppObjectId)]);
  const width = Math.max(...attributes.map(([key]) => key.length));
  const lines = attributes.map(([key, value]) => `${key.padEnd(width)} = ${value}`);
  return `${[...comments, ...lines].join("\n")}\n`;
}

/** Resource address of a connector's app inside psoxy's root configuration [aws][mod]. */
export function terraformAppAddress(connectorId: ConnectorId): string {
  return `module.worklytics_connectors_msft_365.module.msft_connection[${hclString(connectorId)}].azuread_application.connector`;
}

type TerraformPlatform = "gcp" | "aws";

/**
 * Resource address of a federated credential in Psoxy's root configuration: the GCP example's
 * `module "msft-connection-auth-federation"` and the AWS example's `module "msft_connection_auth_federation"`,
 * keyed by connector id (AWS shared app: "shared"), each `azuread_application_federated_identity_credential.federated_credential`
 * (https://github.com/Worklytics/psoxy/blob/main/infra/modules/azuread-federated-credentials/main.tf).
 */
function terraformCredentialAddress(platform: TerraformPlatform, key: ConnectorId | "shared"): string {
  const name = platform === "gcp" ? "msft-connection-auth-federation" : "msft_connection_auth_federation";
  return `module.${name}[${hclString(key)}].azuread_application_federated_identity_credential.federated_credential`;
}

/**
 * Import id of a federated credential: `{application object id}/federatedIdentityCredential/{credential id}`, the
 * only shape the azuread provider parses (`FederatedIdentityCredentialID` in
 * https://github.com/hashicorp/terraform-provider-azuread/blob/main/internal/services/applications/parse/credentials.go
 * splits on '/' into exactly three parts; the same in provider 2.x and 3.x).
 */
function terraformCredentialImportId(objectId: string, credentialId: string): string {
  return `${objectId}/federatedIdentityCredential/${credentialId}`;
}

/** The AWS example's Cognito identity pool: `module.cognito_identity_pool[0]` (count = 1 when Microsoft 365 is enabled). */
const TERRAFORM_COGNITO_POOL_ADDRESS = "module.cognito_identity_pool[0].aws_cognito_identity_pool.main";

/**
 * Import id for azuread_application. Disputed [docs][tf]: the azuread provider docs say
 * `/applications/<object id>` (hashicorp/terraform-provider-azuread issue #1338), psoxy's docs say
 * the bare object id. Default follows the provider docs; both take the object id, never the client id.
 */
type ImportIdFormat = "applications-path" | "object-id";

export function terraformImportId(objectId: string, format: ImportIdFormat = "applications-path"): string {
  return format === "applications-path" ? `/applications/${objectId}` : objectId;
}

interface ImportApp {
  connectorId: ConnectorId;
  objectId: string;
  clientId?: string;
}

/** A federated credential the wizard made, at the key Psoxy's configuration gives it (connector id, or "shared" on AWS). */
export interface ImportCredential {
  key: ConnectorId | "shared";
  /** Object id of the application holding it. */
  objectId: string;
  /** The credential's id (Graph `federatedIdentityCredential.id`). */
  credentialId: string;
  name: string;
}

interface ImportInput {
  /** Per-connector applications (none in shared mode: Psoxy reads the shared app as data and manages none). */
  apps: readonly ImportApp[];
  /** Needed for credential and Cognito pool addresses; without it only the applications are imported. */
  platform?: TerraformPlatform;
  credentials?: readonly ImportCredential[];
  /** AWS: the Cognito identity pool id, imported into `module.cognito_identity_pool[0]`. */
  identityPoolId?: string;
  idFormat?: ImportIdFormat;
}

interface ImportTarget {
  comment: string;
  to: string;
  id: string;
}

const keyOrder = (key: ConnectorId | "shared") => (key === "shared" ? -1 : CONNECTOR_IDS.indexOf(key));

function importTargets(input: ImportInput): ImportTarget[] {
  const format = input.idFormat ?? "applications-path";
  const targets: ImportTarget[] = sortByCatalog(input.apps).map((app) => ({
    comment: `${getConnector(app.connectorId).displayName}${app.clientId ? ` (client id ${app.clientId})` : ""}`,
    to: terraformAppAddress(app.connectorId),
    id: terraformImportId(app.objectId, format),
  }));
  if (input.platform) {
    const platform = input.platform;
    for (const credential of [...(input.credentials ?? [])].sort((a, b) => keyOrder(a.key) - keyOrder(b.key))) {
      targets.push({
        comment: `Federated credential ${credential.name} (${credential.key === "shared" ? "shared application" : getConnector(credential.key).displayName})`,
        to: terraformCredentialAddress(platform, credential.key),
        id: terraformCredentialImportId(credential.objectId, credential.credentialId),
      });
    }
    if (platform === "aws" && input.identityPoolId) {
      targets.push({ comment: "Cognito identity pool", to: TERRAFORM_COGNITO_POOL_ADDRESS, id: input.identityPoolId });
    }
  }
  return targets;
}

/**
 * Terraform `import` blocks (Terraform ≥ 1.5) adopting what the wizard created into Psoxy's configuration: each
 * per-connector application, every federated credential the wizard made, and on AWS the Cognito identity pool.
 */
export function terraformImportBlocks(input: ImportInput): string {
  const header = [
    commentLine("Adopt what the Psoxy M365 setup wizard created into psoxy's Terraform (needs Terraform >= 1.5)."),
    commentLine("Application import ids are the OBJECT id, not the client id. The azuread provider documents"),
    commentLine('"/applications/<object id>"; psoxy\'s docs show the bare object id (see terraform-provider-azuread#1338).'),
    commentLine("If terraform rejects the id, swap the format."),
  ];
  const blocks = importTargets(input).map((target) =>
    [commentLine(target.comment), "import {", `  to = ${target.to}`, `  id = ${hclString(target.id)}`, "}"].join("\n"),
  );
  return `${[header.join("\n"), ...blocks].join("\n\n")}\n`;
}

/** Who manages what once the handoff is done: one row per kind of object. */
interface OwnershipRow {
  what: string;
  owner: string;
}

/**
 * "Who owns what afterwards", from what Psoxy's modules manage: azuread_application with `feature_tags { hide }`,
 * `ignore_changes = [notes]` and `owners` (azuread-connection), azuread_application_federated_identity_credential
 * (azuread-federated-credentials), no service principal and no grant (entra-grant-all-users only writes a TODO),
 * and on AWS aws_cognito_identity_pool plus its IAM policy (aws-cognito-pool).
 */
export function terraformOwnership(platform: TerraformPlatform, shared: boolean): OwnershipRow[] {
  const rows: OwnershipRow[] = shared
    ? [
        {
          what: "The shared application",
          owner: "You and its owners. Psoxy's Terraform only reads it (msft_connector_app_object_id) and never changes it.",
        },
      ]
    : [
        {
          what: "Applications (name, Graph permissions, owners, tags)",
          owner:
            "Psoxy's Terraform after the import. Its first plan updates them in place: tags become HideApp (the wizard's tags go; the wizard still finds the apps by their uniqueName and no longer writes tags), the display name gets Psoxy's trailing space, owners become msft_owners_email plus whoever runs Terraform.",
        },
        {
          what: "Application notes",
          owner: "Nobody fights over them: Psoxy's Terraform ignores notes, so the wizard's proxy-identity note stays.",
        },
      ];
  rows.push(
    { what: "Federated credentials", owner: "Psoxy's Terraform after the import (same names and subjects, so nothing is replaced)." },
    {
      what: "Service principals and admin consent",
      owner:
        "Not Terraform: Psoxy's modules create no service principal and grant nothing. They stay as the wizard made them; the consent admin grants the permissions.",
    },
  );
  if (platform === "aws") {
    rows.push(
      { what: "Cognito identity pool", owner: "Psoxy's Terraform after the import (module.cognito_identity_pool)." },
      {
        what: "IAM policy for the proxy's role",
        owner:
          "Psoxy's Terraform creates and attaches it (<pool name>_CognitoDeveloperIdentity). Do not create it by hand if Terraform will.",
      },
    );
  }
  rows.push({
    what: "This wizard",
    owner:
      "Re-running it finds the apps again by their uniqueName and leaves their tags to Terraform. It still adds owners you list, so keep msft_owners_email in step with them: Terraform removes owners it does not know.",
  });
  return rows;
}

/**
 * What the user must change in Psoxy's configuration for the handoff to apply cleanly, if anything. GCP with a
 * shared app: Psoxy's example gives every connector's credential the name `GcpFederation`, which Entra refuses on
 * one app [ficc]; the wizard names them `GcpFederation-<connector>`, so the example's `display_name` must say so.
 */
export function terraformConfigChanges(platform: TerraformPlatform, shared: boolean): string[] {
  if (platform === "gcp" && shared) {
    return [
      'In infra/examples-dev/gcp/msft-365.tf (module "msft-connection-auth-federation"), set display_name = "GcpFederation-${each.key}": Entra allows one credential per name on an application, and the shared application has one per connector.',
    ];
  }
  return [];
}
