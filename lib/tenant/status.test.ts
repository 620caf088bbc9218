import { describe, expect, it } from "vitest";
import { appRolesFor, GRAPH_APP_ROLE_IDS, MICROSOFT_GRAPH_APP_ID, type ConnectorId } from "@/lib/connectors";
import type { AppRole, Application, FederatedCredential, SecretCredential, ServicePrincipal } from "@/lib/graph/types";
import type { SnapshotApp } from "./snapshot";
import { comparePermissions, connectorStatus, credentialProblems, requiredPermissions, type StatusContext } from "./status";
import { teamsVerificationTag } from "./teams-policy";

const NOW = new Date("2026-12-01T12:00:00Z");
const GRAPH_SP = "graph-sp-id";
const graphAppRoles: AppRole[] = Object.entries(GRAPH_APP_ROLE_IDS).map(([value, id]) => ({
  id,
  value,
  displayName: value,
  allowedMemberTypes: ["Application"],
  isEnabled: true,
}));
const context: StatusContext = { graphResourceId: GRAPH_SP, graphAppRoles, now: NOW };

const POOL = "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const IDENTITY = "us-east-1:11111111-2222-4333-8444-555555555555";
const gcpCredential: FederatedCredential = {
  id: "f1",
  name: "GcpFederation",
  issuer: "https://accounts.google.com",
  subject: "103456789012345678901",
  audiences: ["api://AzureADTokenExchange"],
  description: null,
};
const awsCredential: FederatedCredential = {
  id: "f2",
  name: "psoxyAccessFromAWS",
  issuer: "https://cognito-identity.amazonaws.com",
  subject: IDENTITY,
  audiences: [POOL],
  description: null,
};

const roleIds = (connectorIds: ConnectorId[]) => appRolesFor(connectorIds).map((role) => role.appRoleId);

interface Options {
  connectorIds?: ConnectorId[];
  configured?: string[];
  granted?: string[];
  credentials?: FederatedCredential[];
  servicePrincipal?: Partial<ServicePrincipal> | null;
  secrets?: SecretCredential[];
  tags?: string[];
  managedBy?: SnapshotApp["managedBy"];
  owners?: number;
}

function app(options: Options = {}): SnapshotApp {
  const connectorIds = options.connectorIds ?? ["outlook-mail"];
  const application: Application = {
    id: "obj",
    appId: "client",
    displayName: "Psoxy Connector - Outlook Mail psoxy",
    uniqueName: options.managedBy === "terraform" ? null : "psoxy.psoxy.outlook-mail",
    description: null,
    notes: null,
    tags: options.tags ?? [],
    signInAudience: "AzureADMyOrg",
    requiredResourceAccess: [
      {
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        resourceAccess: (options.configured ?? roleIds(connectorIds)).map((id) => ({ id, type: "Role" as const })),
      },
    ],
    createdDateTime: null,
    publisherDomain: null,
    passwordCredentials: (options.secrets ?? []).filter((s) => s.kind === "password"),
    keyCredentials: (options.secrets ?? []).filter((s) => s.kind === "certificate"),
  };
  const servicePrincipal: ServicePrincipal | null =
    options.servicePrincipal === null
      ? null
      : { id: "sp", appId: "client", displayName: null, tags: [], appRoles: [], accountEnabled: true, ...options.servicePrincipal };
  return {
    application,
    environmentId: "psoxy",
    connectorIds,
    shared: false,
    managedBy: options.managedBy ?? "wizard",
    foundBy: options.managedBy === "terraform" ? "displayName" : "uniqueName",
    owners: Array.from({ length: options.owners ?? 1 }, (_, i) => ({
      id: `u${i}`,
      type: "user",
      displayName: `Owner ${i}`,
      userPrincipalName: `owner${i}@contoso.com`,
    })),
    credentials: options.credentials ?? [gcpCredential],
    servicePrincipal,
    grants: servicePrincipal
      ? (options.granted ?? roleIds(connectorIds)).map((appRoleId, i) => ({
          id: `g${i}`,
          principalId: "sp",
          resourceId: GRAPH_SP,
          appRoleId,
          createdDateTime: "2026-11-30T10:00:00Z",
          principalDisplayName: null,
          resourceDisplayName: "Microsoft Graph",
        }))
      : [],
    dropped: [],
  };
}

const check = (status: ReturnType<typeof connectorStatus>, id: string) => status.checks.find((c) => c.id === id);
const MAIL = roleIds(["outlook-mail"]);
const MAIL_BASIC = GRAPH_APP_ROLE_IDS["Mail.ReadBasic.All"];

describe("connectorStatus over a table of tenant states", () => {
  const table: {
    name: string;
    app: SnapshotApp | null;
    state: string;
    who: string | null;
    reason?: RegExp;
    checkId?: string;
    checkState?: string;
  }[] = [
    { name: "everything in place (GCP)", app: app(), state: "ready", who: null },
    { name: "everything in place (AWS)", app: app({ credentials: [awsCredential] }), state: "ready", who: null },
    {
      name: "consent missing for one permission",
      app: app({ granted: MAIL.filter((id) => id !== MAIL_BASIC) }),
      state: "needs-consent",
      who: "consent",
      reason: /Not granted: Mail\.ReadBasic\.All/,
    },
    { name: "nothing granted", app: app({ granted: [] }), state: "needs-consent", who: "consent", reason: /Not granted/ },
    {
      name: "AWS credential with the wrong audience",
      app: app({ credentials: [{ ...awsCredential, audiences: ["api://AzureADTokenExchange"] }] }),
      state: "broken",
      who: "operator",
      reason: /identity pool id/,
    },
    {
      name: "AWS IdentityId in another region than its pool",
      app: app({ credentials: [{ ...awsCredential, subject: "eu-west-1:11111111-2222-4333-8444-555555555555" }] }),
      state: "broken",
      who: "operator",
      reason: /another region/,
    },
    {
      name: "GCP subject that is an email",
      app: app({ credentials: [{ ...gcpCredential, subject: "proxy@project.iam.gserviceaccount.com" }] }),
      state: "broken",
      who: "operator",
      reason: /unique id/,
    },
    {
      name: "no federated credential",
      app: app({ credentials: [] }),
      state: "needs-action",
      who: "operator",
      reason: /No federated credential/,
    },
    {
      name: "service principal missing",
      app: app({ servicePrincipal: null }),
      state: "needs-action",
      who: "operator",
      reason: /No service principal/,
    },
    {
      name: "service principal disabled",
      app: app({ servicePrincipal: { accountEnabled: false } }),
      state: "broken",
      who: "operator",
      reason: /AADSTS7000112/,
    },
    {
      name: "a configured permission missing",
      app: app({ configured: MAIL.slice(1) }),
      state: "needs-action",
      who: "operator",
      checkId: "permissions",
      checkState: "fail",
    },
    {
      name: "an extra configured permission",
      app: app({ configured: [...MAIL, GRAPH_APP_ROLE_IDS["Files.Read.All"]] }),
      state: "ready",
      who: null,
      checkId: "permissions",
      checkState: "warn",
    },
    {
      name: "an extra grant (drift)",
      app: app({ granted: [...MAIL, GRAPH_APP_ROLE_IDS["Files.Read.All"]] }),
      state: "ready",
      who: null,
      checkId: "grants",
      checkState: "warn",
    },
    {
      name: "Terraform-named app without tags, nothing else",
      app: app({ managedBy: "terraform", credentials: [], servicePrincipal: null }),
      state: "needs-action",
      who: "operator",
      checkId: "application",
      checkState: "warn",
    },
    { name: "no owner", app: app({ owners: 0 }), state: "ready", who: null, checkId: "owners", checkState: "warn" },
    {
      name: "two GCP credentials on a per-connector app",
      app: app({ credentials: [gcpCredential, { ...gcpCredential, id: "f9", name: "Other", subject: "203456789012345678901" }] }),
      state: "ready",
      who: null,
      checkId: "federatedCredential",
      checkState: "warn",
    },
    {
      name: "a credential trusting another issuer",
      app: app({
        credentials: [
          gcpCredential,
          {
            ...gcpCredential,
            id: "f8",
            name: "GitHub",
            issuer: "https://token.actions.githubusercontent.com",
            subject: "repo:x/y:ref:refs/heads/main",
          },
        ],
      }),
      state: "ready",
      who: null,
      checkId: "federatedCredential",
      checkState: "warn",
    },
    {
      name: "Teams without a recorded verification",
      app: app({ connectorIds: ["msft-teams"] }),
      state: "needs-action",
      who: "teams",
      reason: /Not verified/,
    },
    {
      name: "Teams verified",
      app: app({ connectorIds: ["msft-teams"], tags: [teamsVerificationTag({ at: NOW, by: "Tess Admin" })] }),
      state: "ready",
      who: null,
      checkId: "teamsPolicy",
      checkState: "ok",
    },
    {
      name: "broken beats missing consent",
      app: app({ granted: [], servicePrincipal: { accountEnabled: false } }),
      state: "broken",
      who: "operator",
    },
    {
      name: "missing setup step beats missing consent",
      app: app({ granted: [], credentials: [] }),
      state: "needs-action",
      who: "operator",
    },
    { name: "expected but not found", app: null, state: "needs-action", who: "operator", reason: /No application/ },
  ];

  for (const row of table) {
    it(row.name, () => {
      const status = connectorStatus(row.app, context, {
        key: "outlook-mail",
        environmentId: "psoxy",
        connectorIds: ["outlook-mail"],
        displayName: "Psoxy Connector - Outlook Mail psoxy",
      });
      expect(status.state).toBe(row.state);
      expect(status.who).toBe(row.who);
      if (row.reason) expect(status.reason).toMatch(row.reason);
      if (row.state !== "ready") expect(status.nextAction).not.toBe("");
      if (row.checkId) expect(check(status, row.checkId)?.state).toBe(row.checkState);
    });
  }

  it("the state follows the most severe failure; the others are listed with who fixes each", () => {
    const teams = connectorStatus(app({ connectorIds: ["msft-teams"], granted: [] }), context);
    expect(teams.state).toBe("needs-action");
    expect(teams.who).toBe("teams");
    expect(teams.alsoFailing.map((c) => [c.id, c.fix?.who])).toEqual([["grants", "consent"]]);
    expect(teams.alsoFailing[0]?.detail).toMatch(/^Not granted: /);

    const broken = connectorStatus(app({ granted: [], credentials: [], servicePrincipal: { accountEnabled: false } }), context);
    expect(broken.state).toBe("broken");
    expect(broken.alsoFailing.map((c) => c.id)).toEqual(["federatedCredential", "grants"]);
    expect(connectorStatus(app(), context).alsoFailing).toEqual([]);
  });

  it("a client secret expiring soon warns with the days left, an old one says it expired", () => {
    const status = connectorStatus(
      app({
        secrets: [
          { kind: "password", keyId: "k1", displayName: "legacy", startDateTime: null, endDateTime: "2026-12-11T12:00:00Z" },
          { kind: "certificate", keyId: "k2", displayName: "old cert", startDateTime: null, endDateTime: "2026-11-01T12:00:00Z" },
        ],
      }),
      context,
    );
    expect(status.state).toBe("ready");
    const secrets = check(status, "secrets")!;
    expect(secrets.state).toBe("warn");
    expect(secrets.detail).toContain("client secret 'legacy' (expires in 10 days)");
    expect(secrets.detail).toContain("certificate 'old cert' (expired 30 days ago)");
  });

  it("lists the granted permissions with their grants", () => {
    const status = connectorStatus(app(), context);
    expect(status.granted.missing).toEqual([]);
    expect(status.grants).toHaveLength(MAIL.length);
  });
});

describe("comparePermissions", () => {
  const required = requiredPermissions(["outlook-cal"], graphAppRoles);
  it("finds missing, extra and unchanged permissions by app role id", () => {
    const diff = comparePermissions(
      required,
      [GRAPH_APP_ROLE_IDS["Calendars.Read"], GRAPH_APP_ROLE_IDS["Files.Read.All"], "00000000-0000-0000-0000-00000000abcd"],
      graphAppRoles,
    );
    expect(diff.present.map((p) => p.permission)).toEqual(["Calendars.Read"]);
    expect(diff.missing.map((p) => p.permission).sort()).toEqual(["Group.Read.All", "MailboxSettings.Read", "User.Read.All"]);
    expect(diff.extra.map((p) => p.permission)).toEqual(["Files.Read.All", "00000000-0000-0000-0000-00000000abcd"]);
  });
  it("is unchanged when everything required is present", () => {
    const diff = comparePermissions(
      required,
      required.map((r) => r.id.toUpperCase()),
      graphAppRoles,
    );
    expect(diff).toEqual({ missing: [], extra: [], present: required });
  });
  it("uses the ids the tenant's Graph publishes over the catalog's", () => {
    const tenantRoles = graphAppRoles.map((role) =>
      role.value === "Calendars.Read" ? { ...role, id: "11111111-1111-1111-1111-111111111111" } : role,
    );
    expect(requiredPermissions(["outlook-cal"], tenantRoles).find((r) => r.permission === "Calendars.Read")?.id).toBe(
      "11111111-1111-1111-1111-111111111111",
    );
  });
});

describe("credentialProblems", () => {
  it("accepts well-formed GCP and AWS credentials", () => {
    expect(credentialProblems(gcpCredential)).toEqual([]);
    expect(credentialProblems(awsCredential)).toEqual([]);
  });
  it("names each problem", () => {
    expect(credentialProblems({ ...gcpCredential, audiences: ["x", "y"] })).toEqual(
      expect.arrayContaining([expect.stringMatching(/2 audiences/)]),
    );
    expect(credentialProblems({ ...awsCredential, subject: "not-an-id" })).toEqual([expect.stringMatching(/IdentityId/)]);
  });
});
