import { describe, expect, it } from "vitest";
import type { ConnectorId } from "@/lib/connectors";
import { createTenantSim } from "@/lib/sim";
import { setupResults } from "@/lib/exports/setup-results";
import { terraformConfigChanges, terraformImportBlocks, terraformOwnership, tfvars, type ImportCredential } from "@/lib/exports/terraform";
import type { AppMode, SetupAnswers } from "@/lib/tenant/desired";
import type { HostPlatform } from "@/lib/tenant/inputs";
import { signedInOperator } from "@/lib/tenant/operator.testing";
import { applySetup, planSetup, readBack } from "@/lib/tenant/setup";

/**
 * The Terraform handoff against Psoxy's own configuration. The addresses below are copied from Psoxy's files, not
 * from our generator:
 *  - apps: module "worklytics_connectors_msft_365" → module "msft_connection" (for_each connector) →
 *    resource azuread_application "connector"
 *    (https://github.com/Worklytics/psoxy/blob/main/infra/examples-dev/gcp/msft-365.tf,
 *     https://github.com/Worklytics/psoxy/blob/main/infra/modules/worklytics-connectors-msft-365/main.tf,
 *     https://github.com/Worklytics/psoxy/blob/main/infra/modules/azuread-connection/main.tf)
 *  - credentials, GCP: module "msft-connection-auth-federation" (for_each enabled connector);
 *    AWS: module "msft_connection_auth_federation" (for_each connector, or "shared") → resource
 *    azuread_application_federated_identity_credential "federated_credential"
 *    (https://github.com/Worklytics/psoxy/blob/main/infra/examples-dev/aws/msft-365.tf,
 *     https://github.com/Worklytics/psoxy/blob/main/infra/modules/azuread-federated-credentials/main.tf)
 *  - Cognito pool, AWS: module "cognito_identity_pool" (count = 1) → resource aws_cognito_identity_pool "main"
 *    (https://github.com/Worklytics/psoxy/blob/main/infra/modules/aws-cognito-pool/main.tf)
 *  - variables: environment_name, enabled_connectors, msft_tenant_id, msft_owners_email, msft_connector_app_object_id
 *    (infra/examples-dev/{gcp,aws}/variables.tf and msft-365-variables.tf)
 */
const PSOXY = {
  app: (c: string) => `module.worklytics_connectors_msft_365.module.msft_connection["${c}"].azuread_application.connector`,
  gcpCredential: (c: string) =>
    `module.msft-connection-auth-federation["${c}"].azuread_application_federated_identity_credential.federated_credential`,
  awsCredential: (c: string) =>
    `module.msft_connection_auth_federation["${c}"].azuread_application_federated_identity_credential.federated_credential`,
  pool: "module.cognito_identity_pool[0].aws_cognito_identity_pool.main",
  variables: ["environment_name", "enabled_connectors", "msft_tenant_id", "msft_owners_email", "msft_connector_app_object_id"],
};

const POOL = "us-east-1:0f7d7a4c-33d2-4d9f-a0d8-3a8e1c2b9d10";
const IDENTITY = "us-east-1:5a1c1c3e-8d9a-4f5e-9d0b-2f6f7e8a9b0c";
const CONNECTORS: ConnectorId[] = ["outlook-cal", "outlook-mail", "msft-teams"];
const GCP: HostPlatform = {
  platform: "gcp",
  serviceAccountUniqueIds: {
    "outlook-cal": "103456789012345678901",
    "outlook-mail": "103456789012345678902",
    "msft-teams": "103456789012345678903",
  },
};
const AWS: HostPlatform = {
  platform: "aws",
  region: "us-east-1",
  identityPoolId: POOL,
  identityIds: { "outlook-cal": IDENTITY, "outlook-mail": IDENTITY, "msft-teams": IDENTITY },
};

/** Sets the connectors up in a simulated tenant and returns the handoff exactly as the Results step builds it. */
async function handoff(platform: HostPlatform, appMode: AppMode) {
  const sim = createTenantSim();
  const { client, me, caps } = signedInOperator(sim);
  const answers: SetupAnswers = { environmentId: "psoxy", connectorIds: CONNECTORS, appMode, platform, owners: [me] };
  await applySetup(client, (await planSetup(client, answers, caps)).plans);
  const back = await readBack(client, answers, caps, { sleep: async () => undefined });
  const results = setupResults({ plans: back.plans, tenantId: "tenant-1", environmentId: "psoxy", platform });
  const shared = appMode === "shared";
  const apps = results.apps.flatMap((app) =>
    app.connectors.map((c) => ({ connectorId: c.connectorId, objectId: app.objectId, clientId: app.clientId })),
  );
  const credentials: ImportCredential[] = results.apps.flatMap((app) =>
    app.credentials.map((c) => ({ key: c.key, objectId: app.objectId, credentialId: c.credentialId, name: c.name })),
  );
  const input = {
    apps: shared ? [] : apps,
    platform: platform.platform,
    credentials,
    identityPoolId: platform.platform === "aws" ? platform.identityPoolId : undefined,
  };
  const vars = tfvars({
    platform: platform.platform,
    tenantId: "tenant-1",
    ownerEmails: [me.userPrincipalName],
    sharedAppObjectId: shared ? results.apps[0]!.objectId : undefined,
    connectorIds: CONNECTORS,
    envId: "psoxy",
  });
  return { sim, results, vars, imports: terraformImportBlocks(input) };
}

/** `import { to = … id = "…" }` blocks as pairs. */
function importPairs(text: string): [string, string][] {
  return [...text.matchAll(/import \{\n {2}to = (.+)\n {2}id = "(.+)"\n\}/g)].map((m) => [m[1]!, m[2]!]);
}

describe("Terraform handoff Psoxy accepts", () => {
  it("GCP, one app per connector: tfvars with Psoxy's variables; imports for every app and credential at Psoxy's addresses", async () => {
    const { sim, vars, imports } = await handoff(GCP, "per-connector");
    const state = sim.state();
    const attributes = vars
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.split(/ +=/)[0]);
    expect(attributes).toEqual(["environment_name", "enabled_connectors", "msft_tenant_id", "msft_owners_email"]);
    expect(attributes.every((name) => PSOXY.variables.includes(name!))).toBe(true);
    expect(vars).toContain('enabled_connectors = ["outlook-cal", "outlook-mail", "msft-teams"]');
    expect(vars).toContain('environment_name   = "psoxy"');

    const expected: [string, string][] = [];
    for (const connector of CONNECTORS) {
      const app = state.applications.find((a) => a.uniqueName === `psoxy.psoxy.${connector}`)!;
      expected.push([PSOXY.app(connector), `/applications/${app.id}`]);
    }
    for (const connector of CONNECTORS) {
      const app = state.applications.find((a) => a.uniqueName === `psoxy.psoxy.${connector}`)!;
      const fic = state.federatedIdentityCredentials.find((c) => c.applicationId === app.id)!;
      // Psoxy's name, so importing replaces nothing (display_name forces a new resource)
      expect(fic.name).toBe("GcpFederation");
      expected.push([PSOXY.gcpCredential(connector), `${app.id}/federatedIdentityCredential/${fic.id}`]);
    }
    expect(importPairs(imports)).toEqual(expected);
  });

  it("AWS, one app per connector: credentials at the AWS example's addresses and the Cognito pool", async () => {
    const { sim, imports } = await handoff(AWS, "per-connector");
    const pairs = importPairs(imports);
    const fics = sim.state().federatedIdentityCredentials;
    expect(fics.map((f) => f.name)).toEqual(["psoxyAccessFromAWS", "psoxyAccessFromAWS", "psoxyAccessFromAWS"]);
    expect(pairs.map(([to]) => to)).toEqual([...CONNECTORS.map(PSOXY.app), ...CONNECTORS.map(PSOXY.awsCredential), PSOXY.pool]);
    expect(pairs.at(-1)).toEqual([PSOXY.pool, POOL]);
    for (const [to, id] of pairs.filter(([to]) => to.includes("federated"))) {
      const fic = fics.find((f) => id.endsWith(`/federatedIdentityCredential/${f.id}`));
      expect(fic, to).toBeDefined();
      expect(id).toBe(`${fic!.applicationId}/federatedIdentityCredential/${fic!.id}`);
    }
    expect(imports).not.toContain("msft-connection-auth-federation");
  });

  it("GCP, one shared app: no app import (Psoxy only reads it), one credential per connector, and the configuration change Psoxy needs", async () => {
    const { sim, vars, imports } = await handoff(GCP, "shared");
    const [app] = sim.state().applications.filter((a) => a.uniqueName === "psoxy.psoxy.shared");
    expect(vars).toContain(`msft_connector_app_object_id = "${app!.id}"`);
    const pairs = importPairs(imports);
    expect(pairs.map(([to]) => to)).toEqual(CONNECTORS.map(PSOXY.gcpCredential));
    expect(imports).not.toContain("azuread_application.connector");
    const fics = sim.state().federatedIdentityCredentials.filter((f) => f.applicationId === app!.id);
    expect(fics.map((f) => [f.name, f.subject]).sort()).toEqual(
      CONNECTORS.map((c) => [`GcpFederation-${c}`, GCP.platform === "gcp" ? GCP.serviceAccountUniqueIds[c] : ""]).sort(),
    );
    expect(terraformConfigChanges("gcp", true)[0]).toContain('display_name = "GcpFederation-${each.key}"');
  });

  it('AWS, one shared app: one credential keyed "shared" as Psoxy keys it, and the pool', async () => {
    const { imports } = await handoff(AWS, "shared");
    expect(importPairs(imports).map(([to]) => to)).toEqual([PSOXY.awsCredential("shared"), PSOXY.pool]);
    expect(terraformConfigChanges("aws", true)).toEqual([]);
  });

  it("says who owns what afterwards, per platform and mode", () => {
    const aws = terraformOwnership("aws", false).map((row) => row.what);
    expect(aws).toEqual(
      expect.arrayContaining([
        "Federated credentials",
        "Cognito identity pool",
        "IAM policy for the proxy's role",
        "Service principals and admin consent",
      ]),
    );
    expect(terraformOwnership("gcp", false).map((row) => row.what)).not.toContain("Cognito identity pool");
    expect(terraformOwnership("gcp", true)[0]!.owner).toMatch(/only reads it/);
  });
});
