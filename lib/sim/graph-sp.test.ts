import { describe, expect, it } from "vitest";
import { GRAPH_APP_ROLE_IDS, GRAPH_DELEGATED_SCOPE_IDS, MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import { createTenantSim, type TenantSim } from "./index";
import { json, signInAs } from "./testing";

type Sp = {
  id: string;
  appId: string;
  displayName: string;
  appRoles: { id: string; value: string; allowedMemberTypes: string[]; isEnabled: boolean; displayName: string }[];
  oauth2PermissionScopes: { id: string; value: string }[];
};
type Assignment = {
  id: string;
  principalId: string;
  principalDisplayName: string;
  principalType: string;
  resourceId: string;
  resourceDisplayName: string;
  appRoleId: string;
  createdDateTime: string;
};
type List<T> = { value: T[] };

const USER_READ_ALL = GRAPH_APP_ROLE_IDS["User.Read.All"];
const UPSERT = { Prefer: "create-if-missing" };

/** An app with a service principal, as the CAA would leave it. */
function connectorWithSp(sim: TenantSim, name = "Psoxy Connector - Microsoft Entra ID") {
  const app = sim.seed.application({ displayName: name, tags: ["psoxy"] });
  const sp = sim.seed.servicePrincipal(app.appId);
  return { app, sp };
}

const grantBody = (sim: TenantSim, principalId: string, appRoleId: string = USER_READ_ALL) => ({
  principalId,
  resourceId: sim.graphServicePrincipalId,
  appRoleId,
});

describe("the Microsoft Graph service principal", () => {
  it("holds every connector app role and the wizard's delegated scopes", async () => {
    const sim = createTenantSim();
    const graph = signInAs(sim, "support");
    const sp = json<Sp>(
      await graph("GET", `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id,appRoles,oauth2PermissionScopes`),
    );
    expect(sp.id).toBe(sim.graphServicePrincipalId);
    for (const [value, id] of Object.entries(GRAPH_APP_ROLE_IDS)) {
      const role = sp.appRoles.find((r) => r.id === id);
      expect(role, value).toMatchObject({ value, allowedMemberTypes: ["Application"], isEnabled: true });
      expect(role?.displayName.length).toBeGreaterThan(5);
    }
    for (const [value, id] of Object.entries(GRAPH_DELEGATED_SCOPE_IDS))
      expect(sp.oauth2PermissionScopes).toContainEqual(expect.objectContaining({ id, value }));
    const filtered = json<List<Sp>>(await graph("GET", `/servicePrincipals?$filter=appId eq '${MICROSOFT_GRAPH_APP_ID}'`));
    expect(filtered.value.map((s) => s.displayName)).toEqual(["Microsoft Graph"]);
  });
});

describe("creating service principals", () => {
  it("creates with POST, refuses a second one with 409, and upserts by appId with 201/204", async () => {
    const sim = createTenantSim();
    const graph = signInAs(sim, "cloud-app-admin");
    const a = sim.seed.application({ displayName: "A" });
    const created = await graph("POST", "/servicePrincipals", { appId: a.appId });
    expect(created.status).toBe(201);
    expect(json<Sp>(created)).toMatchObject({ appId: a.appId, displayName: "A" });
    const again = await graph("POST", "/servicePrincipals", { appId: a.appId });
    expect(again.status).toBe(409);
    expect(again.errorCode).toBe("Request_MultipleObjectsWithSameKeyValue");

    const b = sim.seed.application({ displayName: "B" });
    const path = `/servicePrincipals(appId='${b.appId}')`;
    expect((await graph("PATCH", path, { tags: ["x"] })).status).toBe(404);
    expect((await graph("PATCH", path, { tags: ["HideApp"] }, UPSERT)).status).toBe(201);
    expect((await graph("PATCH", path, { tags: ["HideApp", "psoxy"] }, UPSERT)).status).toBe(204);
    const sps = sim.state().servicePrincipals.filter((s) => s.appId === b.appId);
    expect(sps).toHaveLength(1);
    expect(sps[0]?.tags).toEqual(["HideApp", "psoxy"]);
  });

  it("refuses an appId without an application object", async () => {
    const sim = createTenantSim();
    const response = await signInAs(sim, "global-admin")("POST", "/servicePrincipals", { appId: "11111111-2222-4333-8444-555555555555" });
    expect(response.status).toBe(400);
    expect(response.errorCode).toBe("Request_BadRequest");
    expect(response.errorMessage).toBe(
      "The appId '11111111-2222-4333-8444-555555555555' of the service principal does not reference a valid application object.",
    );
  });

  it("lets an app owner create the app's service principal but not a stranger", async () => {
    const sim = createTenantSim();
    const owned = sim.seed.application({ displayName: "Owned", ownerPersonaIds: ["plain-user"] });
    expect((await signInAs(sim, "teams-admin")("POST", "/servicePrincipals", { appId: owned.appId })).status).toBe(403);
    expect((await signInAs(sim, "plain-user")("POST", "/servicePrincipals", { appId: owned.appId })).status).toBe(201);
  });

  it("deleting the application deletes its service principal and grants", async () => {
    const sim = createTenantSim();
    const { app, sp } = connectorWithSp(sim);
    sim.seed.appRoleAssignment({ principalId: sp.id, appRoleId: USER_READ_ALL });
    expect((await signInAs(sim, "app-admin")("DELETE", `/applications/${app.id}`)).status).toBe(204);
    const state = sim.state();
    expect(state.servicePrincipals.some((s) => s.id === sp.id)).toBe(false);
    expect(state.appRoleAssignments).toHaveLength(0);
  });
});

describe("granting app roles", () => {
  it("denies a Cloud Application Administrator Microsoft Graph app roles (403)", async () => {
    const sim = createTenantSim();
    const { sp } = connectorWithSp(sim);
    const response = await signInAs(sim, "cloud-app-admin")(
      "POST",
      `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo`,
      grantBody(sim, sp.id),
    );
    expect(response.status).toBe(403);
    expect(response.errorCode).toBe("Authorization_RequestDenied");
    expect((await signInAs(sim, "app-admin")("POST", `/servicePrincipals/${sp.id}/appRoleAssignments`, grantBody(sim, sp.id))).status).toBe(
      403,
    );
    expect(sim.state().appRoleAssignments).toHaveLength(0);
  });

  it("lets a Privileged Role Administrator grant; a duplicate is 400 with Graph's message", async () => {
    const sim = createTenantSim({ now: () => Date.UTC(2025, 0, 2, 3, 4, 5) });
    const { sp } = connectorWithSp(sim);
    const graph = signInAs(sim, "priv-role-admin");
    const granted = await graph("POST", `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo`, grantBody(sim, sp.id));
    expect(granted.status).toBe(201);
    expect(json<Assignment>(granted)).toMatchObject({
      principalId: sp.id,
      principalDisplayName: "Psoxy Connector - Microsoft Entra ID",
      principalType: "ServicePrincipal",
      resourceId: sim.graphServicePrincipalId,
      resourceDisplayName: "Microsoft Graph",
      appRoleId: USER_READ_ALL,
      createdDateTime: "2025-01-02T03:04:05Z",
    });
    const duplicate = await graph("POST", `/servicePrincipals/${sp.id}/appRoleAssignments`, grantBody(sim, sp.id));
    expect(duplicate.status).toBe(400);
    expect(duplicate.errorCode).toBe("Request_BadRequest");
    expect(duplicate.errorMessage).toBe("Permission being assigned already exists on the object");
    const other = await graph(
      "POST",
      `/servicePrincipals/${sp.id}/appRoleAssignments`,
      grantBody(sim, sp.id, GRAPH_APP_ROLE_IDS["Group.Read.All"]),
    );
    expect(other.status).toBe(201);
    expect(sim.state().appRoleAssignments).toHaveLength(2);
  });

  it("rejects an app role the resource does not define", async () => {
    const sim = createTenantSim();
    const { sp } = connectorWithSp(sim);
    const response = await signInAs(sim, "global-admin")(
      "POST",
      `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo`,
      grantBody(sim, sp.id, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"),
    );
    expect(response.status).toBe(400);
    expect(response.errorMessage).toMatch(/^Permission being assigned was not found on application/);
  });

  it("lets a Cloud Application Administrator grant roles of a resource other than Microsoft Graph", async () => {
    const sim = createTenantSim();
    const { sp } = connectorWithSp(sim);
    const roleId = "0f6b1c3e-2a45-4b8c-9d71-3e5f7a9b1c2d";
    const api = sim.seed.application({
      displayName: "Internal API",
      appRoles: [
        {
          id: roleId,
          value: "Data.Read",
          displayName: "Read data",
          description: "Read data",
          allowedMemberTypes: ["Application"],
          isEnabled: true,
          origin: "Application",
        },
      ],
    });
    const apiSp = sim.seed.servicePrincipal(api.appId);
    const response = await signInAs(sim, "cloud-app-admin")("POST", `/servicePrincipals/${apiSp.id}/appRoleAssignedTo`, {
      principalId: sp.id,
      resourceId: apiSp.id,
      appRoleId: roleId,
    });
    expect(response.status).toBe(201);
  });

  it("needs AppRoleAssignment.ReadWrite.All and Application.Read.All (or higher) in scope", async () => {
    const sim = createTenantSim();
    const { sp } = connectorWithSp(sim);
    const path = `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo`;
    const noAssign = await signInAs(sim, "global-admin", ["User.Read", "Application.ReadWrite.All"])("POST", path, grantBody(sim, sp.id));
    expect(noAssign.status).toBe(403);
    const noRead = await signInAs(sim, "global-admin", ["User.Read", "AppRoleAssignment.ReadWrite.All"])(
      "POST",
      path,
      grantBody(sim, sp.id),
    );
    expect(noRead.status).toBe(403);
    expect(noRead.errorCode).toBe("Authorization_RequestDenied");
    const both = await signInAs(sim, "global-admin", ["AppRoleAssignment.ReadWrite.All", "Application.Read.All"])(
      "POST",
      path,
      grantBody(sim, sp.id),
    );
    expect(both.status).toBe(201);
  });

  it("lists grants from both sides with $filter and revokes with 204", async () => {
    const sim = createTenantSim();
    const first = connectorWithSp(sim, "One");
    const second = connectorWithSp(sim, "Two");
    sim.seed.appRoleAssignment({ principalId: first.sp.id, appRoleId: USER_READ_ALL });
    sim.seed.appRoleAssignment({ principalId: second.sp.id, appRoleId: USER_READ_ALL });
    const graph = signInAs(sim, "priv-role-admin");
    const mine = json<List<Assignment>>(await graph("GET", `/servicePrincipals/${first.sp.id}/appRoleAssignments`));
    expect(mine.value.map((a) => a.principalId)).toEqual([first.sp.id]);
    const resourceSide = json<List<Assignment>>(
      await graph("GET", `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo?$filter=principalId eq '${second.sp.id}'`),
    );
    expect(resourceSide.value.map((a) => a.principalId)).toEqual([second.sp.id]);
    const assignmentId = resourceSide.value[0]?.id ?? "";
    expect((await graph("DELETE", `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo/${assignmentId}`)).status).toBe(204);
    expect((await graph("DELETE", `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo/${assignmentId}`)).status).toBe(404);
    expect(sim.state().appRoleAssignments.map((a) => a.principalId)).toEqual([first.sp.id]);
    expect(sim.writes.filter((w) => w.status === 204).map((w) => [w.kind, w.action, w.objectId])).toEqual([
      ["appRoleAssignment", "delete", assignmentId],
    ]);
    const caa = await signInAs(sim, "cloud-app-admin")(
      "DELETE",
      `/servicePrincipals/${sim.graphServicePrincipalId}/appRoleAssignedTo/${mine.value[0]?.id}`,
    );
    expect(caa.status).toBe(403);
  });
});
