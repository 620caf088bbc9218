import { describe, expect, it } from "vitest";
import { GRAPH_APP_ROLE_IDS, MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import { GraphError, calls, createGraphClient, createGraphVerbs, describeGraphError, toBatchItem } from "@/lib/graph";
import { errorAnswer, graphErrorBody, scriptedFetch, type Scripted } from "./scripted-fetch";

function setup(answers: Scripted[]) {
  const sf = scriptedFetch(answers);
  const sleeps: number[] = [];
  const client = createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => "t",
    fetch: sf.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
  });
  return { graph: createGraphVerbs(client), client, sf, sleeps };
}

const app = (id: string, extra: Record<string, unknown> = {}) => ({ id, appId: `client-${id}`, displayName: `App ${id}`, ...extra });
const NEXT = "https://graph.microsoft.com/v1.0/applications?$select=id&$skiptoken=";
const DUP_OWNER = "One or more added object references already exist for the following modified properties: 'owners'.";
const DUP_GRANT = "Permission being assigned already exists on the object";

describe("paging", () => {
  it("follows @odata.nextLink to the end", async () => {
    const { graph, sf } = setup([
      { status: 200, body: { value: [app("1"), app("2")], "@odata.nextLink": `${NEXT}p2` } },
      { status: 200, body: { value: [app("3")], "@odata.nextLink": `${NEXT}p3` } },
      { status: 200, body: { value: [app("4")] } },
    ]);
    const apps = await graph.listApplications();
    expect(apps.map((a) => a.id)).toEqual(["1", "2", "3", "4"]);
    expect(sf.requests.map((r) => r.path)).toEqual([
      expect.stringMatching(/^\/applications\?\$select=id,appId,displayName,uniqueName/),
      "/applications?$select=id&$skiptoken=p2",
      "/applications?$select=id&$skiptoken=p3",
    ]);
  });

  it("sends ConsistencyLevel: eventual and $count for the directoryRole cast, on every page", async () => {
    const { graph, sf } = setup([
      {
        status: 200,
        body: {
          value: [{ id: "r1", displayName: "Cloud Application Administrator", roleTemplateId: "158c047a-c907-4556-b7ef-446551a6b5f7" }],
          "@odata.nextLink":
            "https://graph.microsoft.com/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole?$count=true&$skiptoken=x",
        },
      },
      { status: 200, body: { value: [{ id: "r2", displayName: "Global Reader", roleTemplateId: null }] } },
    ]);
    const roles = await graph.getMyDirectoryRoles();
    expect(roles).toEqual([
      { id: "r1", displayName: "Cloud Application Administrator", roleTemplateId: "158c047a-c907-4556-b7ef-446551a6b5f7" },
      { id: "r2", displayName: "Global Reader", roleTemplateId: null },
    ]);
    expect(sf.requests[0]!.path).toBe(
      "/me/transitiveMemberOf/microsoft.graph.directoryRole?$count=true&$select=id,displayName,roleTemplateId",
    );
    expect(sf.requests.map((r) => r.headers.consistencylevel)).toEqual(["eventual", "eventual"]);
  });

  it("finds applications by tag with an escaped OData literal", async () => {
    const { graph, sf } = setup([{ status: 200, body: { value: [app("1", { tags: ["psoxy-wizard"] })] } }]);
    const apps = await graph.findApplicationsByTag("it's");
    expect(apps[0]!.tags).toEqual(["psoxy-wizard"]);
    expect(sf.requests[0]!.path).toContain("$filter=tags/any(t:t eq 'it''s')");
  });
});

describe("applications", () => {
  it("upserts with PATCH (uniqueName) + Prefer and reports created on 201", async () => {
    const { graph, sf } = setup([{ status: 201, body: app("new", { uniqueName: "psoxy-outlook-mail" }) }]);
    const result = await graph.upsertApplication("psoxy-outlook-mail", {
      displayName: "Psoxy Connector - Outlook Mail psoxy",
      tags: ["psoxy-wizard"],
    });
    expect(result.created).toBe(true);
    expect(result.application?.uniqueName).toBe("psoxy-outlook-mail");
    expect(sf.requests[0]).toMatchObject({
      method: "PATCH",
      path: "/applications(uniqueName='psoxy-outlook-mail')",
      headers: { prefer: "create-if-missing" },
      body: { displayName: "Psoxy Connector - Outlook Mail psoxy", tags: ["psoxy-wizard"] },
    });
  });

  it("reports not created on 204 and fetches nothing more", async () => {
    const { graph, sf } = setup([{ status: 204 }]);
    expect(await graph.upsertApplication("u", { displayName: "X" })).toEqual({ created: false });
    expect(sf.requests).toHaveLength(1);
  });

  it("turns an unexpected 2xx shape into a GraphError UnexpectedResponse", async () => {
    const { graph } = setup([{ status: 200, body: { appId: "no-id" }, headers: { "request-id": "rid" } }]);
    const err = (await graph.getApplication("x").catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ code: "UnexpectedResponse", requestId: "rid", operation: "Read application x" });
  });

  it("getApplication retries 404 only when asked", async () => {
    const lag = () =>
      errorAnswer(
        404,
        "Request_ResourceNotFound",
        "Resource 'x' does not exist or one of its queried reference-property objects are not present.",
      );
    const plain = setup([lag()]);
    await expect(plain.graph.getApplication("x")).rejects.toMatchObject({ status: 404 });
    const patient = setup([lag(), { status: 200, body: app("x") }]);
    expect((await patient.graph.getApplication("x", { retryOnReplication: true })).id).toBe("x");
  });

  it("getApplicationByUniqueName reads by alternate key and gives null on 404", async () => {
    const { graph, sf } = setup([
      { status: 200, body: app("1", { uniqueName: "psoxy-x" }) },
      errorAnswer(404, "Request_ResourceNotFound", "Resource 'psoxy-y' does not exist"),
    ]);
    expect((await graph.getApplicationByUniqueName("psoxy-x"))?.id).toBe("1");
    expect(await graph.getApplicationByUniqueName("psoxy-y")).toBeNull();
    expect(sf.requests[0]!.path).toMatch(/^\/applications\(uniqueName='psoxy-x'\)\?\$select=id,appId,/);
  });

  it("updateApplication sends only the given fields, uniqueName included", async () => {
    const { graph, sf } = setup([{ status: 204 }]);
    await graph.updateApplication("obj-1", { uniqueName: "psoxy-x", tags: ["a"] });
    expect(sf.requests[0]).toMatchObject({ method: "PATCH", path: "/applications/obj-1", body: { uniqueName: "psoxy-x", tags: ["a"] } });
    expect(Object.keys(sf.requests[0]!.body as object).sort()).toEqual(["tags", "uniqueName"]);
  });

  it("deleteApplication treats 404 as already gone", async () => {
    const { graph, sf } = setup([{ status: 204 }, errorAnswer(404, "Request_ResourceNotFound", "gone")]);
    expect(await graph.deleteApplication("a")).toEqual({ deleted: true });
    expect(await graph.deleteApplication("a")).toEqual({ deleted: false });
    expect(sf.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /applications/a", "DELETE /applications/a"]);
  });
});

describe("owners", () => {
  it("addApplicationOwner is idempotent: duplicate-reference 400 counts as success", async () => {
    const { graph, sf } = setup([{ status: 204 }, errorAnswer(400, "Request_BadRequest", DUP_OWNER)]);
    expect(await graph.addApplicationOwner("app-1", "user-1")).toEqual({ added: true });
    expect(await graph.addApplicationOwner("app-1", "user-1")).toEqual({ added: false });
    expect(sf.requests[0]).toMatchObject({
      method: "POST",
      path: "/applications/app-1/owners/$ref",
      body: { "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/user-1" },
    });
  });

  it("other 400s still fail", async () => {
    const { graph } = setup([errorAnswer(400, "Request_BadRequest", "Invalid object identifier 'nope'.")]);
    await expect(
      graph.addApplicationOwner("app-1", "nope", { label: "Psoxy Connector - Outlook Mail psoxy", userLabel: "bob@contoso.com" }),
    ).rejects.toMatchObject({
      code: "Request_BadRequest",
      operation: "Add owner bob@contoso.com to application Psoxy Connector - Outlook Mail psoxy",
    });
  });

  it("the batch form shares the verb's request and idempotency rule", async () => {
    const verb = setup([{ status: 204 }]);
    await verb.graph.addApplicationOwner("app-1", "user-1");
    const item = toBatchItem(calls.addApplicationOwner("app-1", "user-1"), "owner-1", ["app"]);
    const sent = verb.sf.requests[0]!;
    expect(`${item.method} ${item.url}`).toBe(`${sent.method} ${sent.path}`);
    expect(item.body).toEqual(sent.body);
    expect(item.dependsOn).toEqual(["app"]);

    const batch = setup([
      (r) => ({
        status: 200,
        body: {
          responses: (r.body as { requests: { id: string }[] }).requests.map((q) => ({
            id: q.id,
            status: 400,
            body: graphErrorBody("Request_BadRequest", DUP_OWNER),
          })),
        },
      }),
    ]);
    const items = [
      toBatchItem(calls.addApplicationOwner("app-1", "user-1"), "a"),
      toBatchItem(calls.addApplicationOwner("app-1", "user-2"), "b"),
    ];
    const result = await batch.client.batch(items);
    expect(items.map((it, i) => it.read(result.results[i]!))).toEqual([{ added: false }, { added: false }]);
  });
});

describe("users and tenant", () => {
  it("findUser tries the UPN, then mail, then gives null", async () => {
    const { graph, sf } = setup([
      { status: 200, body: { id: "u1", userPrincipalName: "bob@contoso.com" } },
      errorAnswer(404, "Request_ResourceNotFound", "Resource 'x' does not exist"),
      {
        status: 200,
        body: { value: [{ id: "u2", mail: "alice@contoso.com", userPrincipalName: "alice_contoso.com#EXT#@t.onmicrosoft.com" }] },
      },
      errorAnswer(404, "Request_ResourceNotFound", "Resource 'x' does not exist"),
      { status: 200, body: { value: [] } },
    ]);
    expect((await graph.findUser("bob@contoso.com"))?.id).toBe("u1");
    expect((await graph.findUser("alice@contoso.com"))?.id).toBe("u2");
    expect(await graph.findUser("nobody@contoso.com")).toBeNull();
    expect(sf.requests.map((r) => r.path)).toEqual([
      "/users/bob@contoso.com?$select=id,displayName,userPrincipalName,mail",
      "/users/alice@contoso.com?$select=id,displayName,userPrincipalName,mail",
      "/users?$filter=mail eq 'alice@contoso.com'&$select=id,displayName,userPrincipalName,mail",
      "/users/nobody@contoso.com?$select=id,displayName,userPrincipalName,mail",
      "/users?$filter=mail eq 'nobody@contoso.com'&$select=id,displayName,userPrincipalName,mail",
    ]);
  });

  it("getOrganization returns the tenant", async () => {
    const { graph } = setup([{ status: 200, body: { value: [{ id: "tenant-1", displayName: "Contoso", verifiedDomains: [] }] } }]);
    expect(await graph.getOrganization()).toEqual({ id: "tenant-1", displayName: "Contoso", verifiedDomains: [] });
  });
});

describe("service principals and grants", () => {
  it("getServicePrincipalByAppId returns null on 404", async () => {
    const { graph, sf } = setup([errorAnswer(404, "Request_ResourceNotFound", "Resource 'x' does not exist")]);
    expect(await graph.getServicePrincipalByAppId("client-1")).toBeNull();
    expect(sf.requests[0]!.path).toBe("/servicePrincipals(appId='client-1')?$select=id,appId,displayName,tags,appRoles,accountEnabled");
  });

  it("upsertServicePrincipal retries replication lag by default", async () => {
    const { graph, sf, sleeps } = setup([
      errorAnswer(
        400,
        "Request_BadRequest",
        "The appId 'client-1' of the service principal does not reference a valid application object.",
      ),
      { status: 201, body: { id: "sp-1", appId: "client-1", displayName: "X" } },
    ]);
    const result = await graph.upsertServicePrincipal("client-1", { tags: ["HideApp"] });
    expect(result).toMatchObject({ created: true, servicePrincipal: { id: "sp-1" } });
    expect(sf.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sf.requests[0]).toMatchObject({
      method: "PATCH",
      path: "/servicePrincipals(appId='client-1')",
      headers: { prefer: "create-if-missing" },
      body: { tags: ["HideApp"] },
    });
  });

  it("reads the Graph resource service principal with its app roles", async () => {
    const { graph, sf } = setup([
      {
        status: 200,
        body: {
          id: "graph-sp",
          appId: MICROSOFT_GRAPH_APP_ID,
          appRoles: [{ id: GRAPH_APP_ROLE_IDS["User.Read.All"], value: "User.Read.All" }],
        },
      },
    ]);
    const sp = await graph.getGraphResourceServicePrincipal();
    expect(sp.appRoles[0]!.value).toBe("User.Read.All");
    expect(sf.requests[0]!.path).toBe(`/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id,appId,displayName,appRoles`);
  });

  it("grantAppRole posts to appRoleAssignedTo and treats the duplicate as already granted", async () => {
    const assignment = { id: "as-1", principalId: "client-sp", resourceId: "graph-sp", appRoleId: GRAPH_APP_ROLE_IDS["User.Read.All"] };
    const { graph, sf } = setup([{ status: 201, body: assignment }, errorAnswer(400, "Request_BadRequest", DUP_GRANT)]);
    const grant = { clientSpId: "client-sp", resourceSpId: "graph-sp", appRoleId: GRAPH_APP_ROLE_IDS["User.Read.All"] };
    expect(await graph.grantAppRole(grant)).toMatchObject({ status: "granted", assignment: { id: "as-1" } });
    expect(await graph.grantAppRole(grant)).toEqual({ status: "already-granted" });
    expect(sf.requests[0]).toMatchObject({
      method: "POST",
      path: "/servicePrincipals/graph-sp/appRoleAssignedTo",
      body: { principalId: "client-sp", resourceId: "graph-sp", appRoleId: GRAPH_APP_ROLE_IDS["User.Read.All"] },
    });
  });

  it("a denied grant names the permission and points to the consent admin", async () => {
    const { graph } = setup([errorAnswer(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")]);
    const err = (await graph
      .grantAppRole(
        { clientSpId: "c", resourceSpId: "g", appRoleId: GRAPH_APP_ROLE_IDS["Mail.ReadBasic.All"] },
        { label: "Psoxy Connector - Outlook Mail psoxy" },
      )
      .catch((e: unknown) => e)) as GraphError;
    expect(err.operation).toBe("Grant Mail.ReadBasic.All to Psoxy Connector - Outlook Mail psoxy");
    expect(describeGraphError(err).who).toBe("consent-admin");
  });

  it("lists assignments and revokes one", async () => {
    const { graph, sf } = setup([
      { status: 200, body: { value: [{ id: "as-1", principalId: "c", resourceId: "g", appRoleId: "r" }] } },
      { status: 204 },
    ]);
    expect((await graph.listAppRoleAssignments("c")).map((a) => a.id)).toEqual(["as-1"]);
    expect(await graph.revokeAppRole("g", "as-1")).toEqual({ deleted: true });
    expect(sf.requests[1]).toMatchObject({ method: "DELETE", path: "/servicePrincipals/g/appRoleAssignedTo/as-1" });
  });
});

describe("federated credentials", () => {
  it("upserts by name with Prefer: create-if-missing", async () => {
    const { graph, sf } = setup([
      {
        status: 201,
        body: {
          id: "f1",
          name: "GcpFederation",
          issuer: "https://accounts.google.com",
          subject: "123",
          audiences: ["api://AzureADTokenExchange"],
        },
      },
      { status: 204 },
    ]);
    const input = { issuer: "https://accounts.google.com", subject: "123", audiences: ["api://AzureADTokenExchange"] };
    expect((await graph.upsertFederatedCredential("app-1", "GcpFederation", input)).created).toBe(true);
    expect(await graph.upsertFederatedCredential("app-1", "GcpFederation", input)).toEqual({ created: false });
    expect(sf.requests[0]).toMatchObject({
      method: "PATCH",
      path: "/applications/app-1/federatedIdentityCredentials(name='GcpFederation')",
      headers: { prefer: "create-if-missing" },
      body: { name: "GcpFederation", ...input },
    });
  });
});
