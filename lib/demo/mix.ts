import { appRolesFor, getConnector, MICROSOFT_GRAPH_APP_ID, type ConnectorId } from "@/lib/connectors";
import type { TenantSim } from "@/lib/sim";
import { NOTES_HEADER, SERVICE_PRINCIPAL_TAGS } from "@/lib/tenant/desired";
import {
  AWS_FIC_ISSUER,
  awsFederatedCredentialName,
  AZURE_AD_TOKEN_EXCHANGE_AUDIENCE,
  GCP_FIC_ISSUER,
  GCP_FIC_NAME,
} from "@/lib/tenant/federation";
import { connectorAppName, connectorUniqueName, wizardTags } from "@/lib/tenant/naming";

/**
 * The demo tenant's starting state: a realistic mix so a newcomer sees every state on /status before
 * setting anything up. Environment "psoxy" (GCP): Entra ID ready; Outlook Calendar still missing consent;
 * Outlook Mail ready but with a leftover client secret about to expire; Teams granted but its access
 * policy not verified. Environment "aws-dev": Outlook Mail whose AWS credential has the wrong audience
 * (and the failed sign-ins that causes). No environment: a OneDrive app made by Psoxy's Terraform, no tags,
 * no service principal, no credential.
 */
export const DEMO_MIX = {
  gcpEnvironment: "psoxy",
  awsEnvironment: "aws-dev",
  awsPool: "us-east-1:7d3e9a4b-2c1f-4e8d-9a6b-5c4d3e2f1a0b",
  awsIdentity: "us-east-1:4f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
} as const;

const OWNER = "cloud-app-admin";
const DAY = 86_400_000;

interface WizardAppInput {
  connectorId: ConnectorId;
  environmentId: string;
  credential: { issuer: string; subject: string; audience: string; name: string };
  note: string;
  /** Permissions granted (default: all the connector needs). */
  granted?: readonly string[];
  secretExpiresInDays?: number;
}

function wizardApp(sim: TenantSim, input: WizardAppInput) {
  const roles = appRolesFor([input.connectorId]);
  const app = sim.seed.application({
    displayName: connectorAppName(getConnector(input.connectorId).displayName, input.environmentId),
    uniqueName: connectorUniqueName(input.connectorId, input.environmentId),
    tags: wizardTags(input.connectorId, input.environmentId),
    notes: `${NOTES_HEADER}\n${input.note}`,
    ownerPersonaIds: [OWNER],
    requiredResourceAccess: [
      { resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: roles.map((role) => ({ id: role.appRoleId, type: "Role" })) },
    ],
    ...(input.secretExpiresInDays !== undefined
      ? {
          passwordCredentials: [
            {
              displayName: "legacy-secret",
              endDateTime: new Date(Date.now() + input.secretExpiresInDays * DAY).toISOString().replace(/\.\d{3}Z$/, "Z"),
            },
          ],
        }
      : {}),
  });
  const sp = sim.seed.servicePrincipal(app.appId, { tags: [...SERVICE_PRINCIPAL_TAGS] });
  const granted = input.granted ?? roles.map((role) => role.permission);
  for (const role of roles)
    if (granted.includes(role.permission)) sim.seed.appRoleAssignment({ principalId: sp.id, appRoleId: role.appRoleId });
  sim.seed.federatedIdentityCredential(app.id, {
    name: input.credential.name,
    issuer: input.credential.issuer,
    subject: input.credential.subject,
    audiences: [input.credential.audience],
  });
  return app;
}

const gcp = (subject: string) => ({ issuer: GCP_FIC_ISSUER, subject, audience: AZURE_AD_TOKEN_EXCHANGE_AUDIENCE, name: GCP_FIC_NAME });
const gcpNote = (subject: string) => `Proxy identity: GCP service account ${subject}.`;

export function seedDemoMix(sim: TenantSim, now = Date.now()): void {
  const env = DEMO_MIX.gcpEnvironment;
  const entra = wizardApp(sim, {
    connectorId: "msft-entra-id",
    environmentId: env,
    credential: gcp("103456789012345678901"),
    note: gcpNote("103456789012345678901"),
  });
  wizardApp(sim, {
    connectorId: "outlook-cal",
    environmentId: env,
    credential: gcp("103456789012345678902"),
    note: gcpNote("103456789012345678902"),
    granted: ["User.Read.All"],
  });
  const mail = wizardApp(sim, {
    connectorId: "outlook-mail",
    environmentId: env,
    credential: gcp("103456789012345678903"),
    note: gcpNote("103456789012345678903"),
    secretExpiresInDays: 12,
  });
  wizardApp(sim, {
    connectorId: "msft-teams",
    environmentId: env,
    credential: gcp("103456789012345678904"),
    note: gcpNote("103456789012345678904"),
  });

  // AWS: the credential's audience is Entra's GCP audience instead of the Cognito pool id.
  const aws = DEMO_MIX.awsEnvironment;
  const awsMail = wizardApp(sim, {
    connectorId: "outlook-mail",
    environmentId: aws,
    credential: {
      issuer: AWS_FIC_ISSUER,
      subject: DEMO_MIX.awsIdentity,
      audience: AZURE_AD_TOKEN_EXCHANGE_AUDIENCE,
      name: awsFederatedCredentialName(aws),
    },
    note: `Proxy identity: AWS Cognito pool ${DEMO_MIX.awsPool} (us-east-1, developer provider ${aws}-azure-access).`,
  });

  // Made by Psoxy's Terraform before anyone used the wizard: display name only.
  sim.seed.application({ displayName: connectorAppName(getConnector("msft-onedrive").displayName, ""), ownerPersonaIds: [OWNER] });

  sim.seed.signIn({ appId: entra.appId, at: now - 2 * 3_600_000 });
  sim.seed.signIn({ appId: mail.appId, at: now - 40 * 60_000 });
  for (const minutesAgo of [15, 75]) {
    sim.seed.signIn({
      appId: awsMail.appId,
      at: now - minutesAgo * 60_000,
      errorCode: 70021,
      failureReason: "No matching federated identity record found for presented assertion.",
    });
  }
}
