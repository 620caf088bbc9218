import { describe, expect, it } from "vitest";
import { MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import type { Application } from "@/lib/graph/types";
import type { ActualApp, DesiredApp, OperatorCapabilities } from "./model";
import { isConverged, planApp, summarizePlan } from "./plan";

const ME = { id: "u-me", userPrincipalName: "me@contoso.test", displayName: "Me" };
const BOB = { id: "u-bob", userPrincipalName: "bob@contoso.test", displayName: "Bob" };
const admin: OperatorCapabilities = { userId: ME.id, isAppAdmin: true };
const plain: OperatorCapabilities = { userId: ME.id, isAppAdmin: false };

const desired: DesiredApp = {
  key: "outlook-mail",
  connectorIds: ["outlook-mail"],
  uniqueName: "psoxy-psoxy-outlook-mail",
  displayName: "Psoxy Connector - Outlook Mail psoxy",
  tags: ["psoxy-wizard", "psoxy-connector:outlook-mail", "psoxy-env:psoxy"],
  appRoles: [
    { permission: "Mail.ReadBasic.All", id: "693c5e45-0940-467d-9b8a-1022fb9d42ef" },
    { permission: "User.Read.All", id: "df021288-bdef-4463-88db-98f22de89214" },
  ],
  owners: [ME, BOB],
  servicePrincipalTags: ["HideApp", "WindowsAzureActiveDirectoryIntegratedApp"],
  notes: "Managed by the Psoxy Microsoft 365 setup wizard.\nProxy identity: GCP service account 123456789012345678901.",
  credentials: [
    {
      name: "GcpFederation",
      issuer: "https://accounts.google.com",
      subject: "123456789012345678901",
      audiences: ["api://AzureADTokenExchange"],
      description: "d",
    },
  ],
};

function application(overrides: Partial<Application> = {}): Application {
  return {
    id: "obj-1",
    appId: "client-1",
    displayName: desired.displayName,
    uniqueName: desired.uniqueName,
    description: null,
    notes: desired.notes,
    tags: [...desired.tags],
    signInAudience: "AzureADMyOrg",
    requiredResourceAccess: [
      { resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: desired.appRoles.map((r) => ({ id: r.id, type: "Role" as const })) },
    ],
    createdDateTime: null,
    publisherDomain: null,
    passwordCredentials: [],
    keyCredentials: [],
    ...overrides,
  };
}

function matching(overrides: Partial<ActualApp> = {}): ActualApp {
  return {
    application: application(),
    foundBy: "uniqueName",
    owners: [ME, BOB].map((o) => ({ id: o.id, type: "user", displayName: o.displayName, userPrincipalName: o.userPrincipalName })),
    credentials: [{ id: "f1", ...desired.credentials[0]!, description: null, audiences: [...desired.credentials[0]!.audiences] }],
    servicePrincipal: {
      id: "sp-1",
      appId: "client-1",
      displayName: desired.displayName,
      tags: [...desired.servicePrincipalTags],
      appRoles: [],
      accountEnabled: true,
    },
    ...overrides,
  };
}

const actions = (plan: ReturnType<typeof planApp>) => Object.fromEntries(plan.steps.map((s) => [s.object, s.action]));

describe("planApp", () => {
  it("plans every object as create in an empty tenant", () => {
    const plan = planApp(desired, null, admin);
    expect(actions(plan)).toEqual({
      application: "create",
      permissions: "create",
      owners: "create",
      servicePrincipal: "create",
      federatedCredential: "create",
    });
    expect(summarizePlan([plan]).create).toBe(5);
    expect(isConverged([plan])).toBe(false);
  });

  it("writes nothing when the tenant already matches", () => {
    const plan = planApp(desired, matching(), admin);
    expect(new Set(plan.steps.map((s) => s.action))).toEqual(new Set(["unchanged"]));
    expect(isConverged([plan])).toBe(true);
  });

  it("names the fields that differ", () => {
    const actual = matching({ application: application({ displayName: "Old name", requiredResourceAccess: [] }) });
    const plan = planApp(desired, actual, admin);
    expect(actions(plan)).toMatchObject({ application: "update", permissions: "update" });
    expect(plan.steps[0]!.changes).toEqual([{ field: "displayName", from: "Old name", to: desired.displayName }]);
    expect(plan.steps[1]!.summary).toContain("add Mail.ReadBasic.All, User.Read.All");
  });

  it("removes Graph permissions the connector does not need", () => {
    const extra = application();
    extra.requiredResourceAccess[0]!.resourceAccess.push({ id: "01d4889c-1287-42c6-ac1f-5d1e02578ef6", type: "Role" });
    const plan = planApp(desired, matching({ application: extra }), admin);
    expect(plan.steps[1]!.action).toBe("update");
    expect(plan.steps[1]!.summary).toContain("remove 01d4889c");
  });

  it("adopts an app found by its Psoxy name and sets the uniqueName it lacks", () => {
    const plan = planApp(
      desired,
      matching({ foundBy: "displayName", application: application({ uniqueName: null, tags: [], notes: null }) }),
      admin,
    );
    expect(plan.steps[0]!.action).toBe("adopt");
    expect(plan.steps[0]!.changes.map((c) => c.field)).toEqual(["uniqueName", "notes", "tags"]);
  });

  it("adds only missing owners and never removes any, once the owner nobody listed is confirmed to stay", () => {
    const actual = matching();
    actual.owners = [{ id: "u-carol", type: "user", displayName: "Carol", userPrincipalName: "carol@contoso.test" }, actual.owners[0]!];
    // Issue 8: an owner nobody listed needs a decision first (see adoption.test.ts).
    const waiting = planApp(desired, actual, admin);
    expect(waiting.steps[2]!.action).toBe("decide");
    expect(waiting.decision?.findings.map((f) => f.label)).toEqual(["Owner Carol carol@contoso.test"]);
    const plan = planApp(desired, actual, admin, waiting.decision!.token);
    expect(plan.steps[2]!.action).toBe("update");
    expect(plan.steps[2]!.changes).toEqual([{ field: "owner", from: "", to: BOB.userPrincipalName }]);
  });

  it("updates a credential whose subject changed and keeps a twin under another name", () => {
    const changed = matching({
      credentials: [
        {
          id: "f1",
          name: "GcpFederation",
          issuer: "https://accounts.google.com",
          subject: "999999999999999999999",
          audiences: ["api://AzureADTokenExchange"],
          description: null,
        },
      ],
    });
    expect(planApp(desired, changed, admin).steps[4]!.action).toBe("update");
    const twin = matching({
      credentials: [
        {
          id: "f1",
          name: "Other",
          issuer: "https://accounts.google.com",
          subject: desired.credentials[0]!.subject,
          audiences: ["api://AzureADTokenExchange"],
          description: null,
        },
      ],
    });
    expect(planApp(desired, twin, admin).steps[4]!.action).toBe("unchanged");
  });

  it("leaves the credential pending while the identity is unknown", () => {
    const plan = planApp(
      { ...desired, credentials: [], credentialPendingReason: "Waiting for the Cognito identity id" },
      matching(),
      admin,
    );
    expect(plan.steps[4]).toMatchObject({ action: "pending", summary: "Waiting for the Cognito identity id" });
    expect(isConverged([plan])).toBe(true);
  });

  it("blocks creation for a user without an app admin role, saying who must act", () => {
    const plan = planApp(desired, null, plain);
    expect(plan.blockedReason).toMatch(/Cloud Application Administrator/);
    expect(new Set(plan.steps.map((s) => s.action))).toEqual(new Set(["blocked"]));
  });

  it("lets an owner without a role finish a pre-created app", () => {
    const actual = matching({ servicePrincipal: null, credentials: [] });
    const plan = planApp(desired, actual, plain);
    expect(plan.blockedReason).toBeUndefined();
    expect(actions(plan)).toMatchObject({ servicePrincipal: "create", federatedCredential: "create" });
  });

  it("blocks a non-owner without a role from changing an existing app", () => {
    const actual = matching({ servicePrincipal: null, owners: [] });
    const plan = planApp(desired, actual, plain);
    expect(plan.blockedReason).toMatch(/not an owner/);
  });

  it("keeps other people's tags, even ones starting with psoxy, and only rewrites the wizard's", () => {
    const actual = matching({
      application: application({ tags: ["psoxy-wizard", "psoxy-connector:outlook-mail", "psoxy-env:old", "psoxyfoo", "team:data"] }),
    });
    const plan = planApp(desired, actual, admin);
    const tags = plan.steps[0]!.changes.find((c) => c.field === "tags")!.to;
    expect(tags).toContain("psoxyfoo");
    expect(tags).toContain("team:data");
    expect(tags).toContain("psoxy-env:psoxy");
    expect(tags).not.toContain("psoxy-env:old");
  });
});
