import { describe, expect, it } from "vitest";
import { DIRECTORY_ROLES } from "@/lib/connectors/microsoft-ids";
import { createTenantSim } from "./index";
import { HOME_DIRECTORY_ROLE_IDS, PERSONAS } from "./personas";
import { json, signInAs } from "./testing";

type Member = { "@odata.type"?: string; id: string; displayName?: string; userPrincipalName?: string; mail?: string };
type List<T> = { value: T[]; "@odata.context": string; "@odata.nextLink"?: string };

const PRA = DIRECTORY_ROLES.privilegedRoleAdministrator.templateId;
const CONSENT_SCOPES = ["User.Read", "Application.Read.All", "AppRoleAssignment.ReadWrite.All", "Directory.Read.All"];
const byTemplate = (templateId: string, query = "") => `/directoryRoles(roleTemplateId='${templateId}')/members${query}`;

function world() {
  const sim = createTenantSim({ now: () => Date.parse("2026-06-01T12:00:00Z") });
  const second = sim.seed.user({ displayName: "Dana Whitfield", roles: ["privilegedRoleAdministrator", "reportsReader"] });
  return { sim, second };
}

describe("GET /directoryRoles/{id}/members", () => {
  it("lists the users holding a role by its template id, with @odata.type and $select", async () => {
    const { sim, second } = world();
    const graph = signInAs(sim, "cloud-app-admin", CONSENT_SCOPES);
    const response = await graph("GET", byTemplate(PRA, "?$select=id,displayName,userPrincipalName"));
    expect(response.status).toBe(200);
    const body = json<List<Member>>(response);
    expect(body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#directoryObjects(id,displayName,userPrincipalName)");
    const morgan = PERSONAS.find((p) => p.id === "priv-role-admin")!;
    expect(body.value).toEqual([
      {
        "@odata.type": "#microsoft.graph.user",
        id: morgan.objectId,
        displayName: morgan.displayName,
        userPrincipalName: morgan.userPrincipalName,
      },
      { "@odata.type": "#microsoft.graph.user", id: second.id, displayName: "Dana Whitfield", userPrincipalName: second.userPrincipalName },
    ]);
  });

  it("answers the same by the role's object id and by the older roleTemplateId= segment", async () => {
    const { sim } = world();
    const graph = signInAs(sim, "support");
    const ids = async (path: string) => json<List<Member>>(await graph("GET", path)).value.map((m) => m.id);
    const expected = await ids(byTemplate(PRA));
    expect(expected).toHaveLength(2);
    expect(await ids(`/directoryRoles/${HOME_DIRECTORY_ROLE_IDS.privilegedRoleAdministrator}/members`)).toEqual(expected);
    expect(await ids(`/directoryRoles/roleTemplateId=${PRA}/members`)).toEqual(expected);
    // A role nobody holds is an empty list; Global Administrator is held by its persona only.
    expect(await ids(byTemplate(DIRECTORY_ROLES.securityAdministrator.templateId))).toEqual([]);
    expect(await ids(byTemplate(DIRECTORY_ROLES.globalAdministrator.templateId))).toEqual([
      PERSONAS.find((p) => p.id === "global-admin")!.objectId,
    ]);
  });

  it("reads the role itself and the list of roles", async () => {
    const { sim } = world();
    const graph = signInAs(sim, "plain-user", ["User.Read", "Directory.Read.All"]);
    const role = json<{ id: string; roleTemplateId: string; displayName: string }>(
      await graph("GET", `/directoryRoles(roleTemplateId='${PRA}')`),
    );
    expect(role).toMatchObject({
      id: HOME_DIRECTORY_ROLE_IDS.privilegedRoleAdministrator,
      roleTemplateId: PRA,
      displayName: "Privileged Role Administrator",
    });
    const list = json<List<{ roleTemplateId: string }>>(await graph("GET", "/directoryRoles"));
    expect(list.value.map((r) => r.roleTemplateId)).toContain(PRA);
  });

  it("needs a scope that can read roles (Directory.Read.All for the wizard), not an admin role", async () => {
    const { sim } = world();
    const bare = await signInAs(sim, "global-admin", ["User.Read"])("GET", byTemplate(PRA));
    expect([bare.status, bare.errorCode]).toEqual([403, "Authorization_RequestDenied"]);
    const member = await signInAs(sim, "plain-user", ["User.Read", "Directory.Read.All"])("GET", byTemplate(PRA));
    expect(member.status).toBe(200);
  });

  it("answers 404 for an unknown role and 405 for writes", async () => {
    const { sim } = world();
    const graph = signInAs(sim, "global-admin");
    const unknown = await graph("GET", byTemplate("00000000-0000-0000-0000-000000000000"));
    expect([unknown.status, unknown.errorCode]).toEqual([404, "Request_ResourceNotFound"]);
    const post = await graph("POST", byTemplate(PRA), { "@odata.id": "x" });
    expect(post.status).toBe(405);
    const other = await graph("GET", `/directoryRoles(roleTemplateId='${PRA}')/owners`);
    expect([other.status, other.errorMessage]).toEqual([400, "Resource not found for the segment 'owners'."]);
  });
});
