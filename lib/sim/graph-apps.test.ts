import { describe, expect, it } from "vitest";
import { createTenantSim, PERSONAS, SIM_TENANT_DOMAIN } from "./index";
import { json, signInAs } from "./testing";

const persona = (id: string) => {
  const found = PERSONAS.find((p) => p.id === id);
  if (!found) throw new Error(id);
  return found;
};

type App = {
  id: string;
  appId: string;
  displayName: string;
  uniqueName: string | null;
  tags: string[];
  publisherDomain: string;
  createdDateTime: string;
};
type List<T> = { value: T[]; "@odata.nextLink"?: string; "@odata.context": string };

const UPSERT = { Prefer: "create-if-missing" };

describe("creating applications", () => {
  it("denies a plain user, by POST and by upsert, with 403 Authorization_RequestDenied", async () => {
    const sim = createTenantSim();
    const graph = signInAs(sim, "plain-user");
    const post = await graph("POST", "/applications", { displayName: "Psoxy Connector - Outlook Mail" });
    expect(post.status).toBe(403);
    expect(post.errorCode).toBe("Authorization_RequestDenied");
    expect(post.errorMessage).toBe("Insufficient privileges to complete the operation.");
    const upsert = await graph(
      "PATCH",
      "/applications(uniqueName='psoxy-outlook-mail')",
      { displayName: "Psoxy Connector - Outlook Mail" },
      UPSERT,
    );
    expect(upsert.status).toBe(403);
    expect(upsert.errorCode).toBe("Authorization_RequestDenied");
    expect(sim.state().applications).toHaveLength(0);
    expect(sim.writes.map((w) => [w.status, w.action, w.error])).toEqual([
      [403, "noop", "Authorization_RequestDenied"],
      [403, "noop", "Authorization_RequestDenied"],
    ]);
  });

  it("lets members create when the tenant allows it, making the creator an owner", async () => {
    const sim = createTenantSim({ allowedToCreateApps: true });
    const created = await signInAs(sim, "plain-user")("POST", "/applications", { displayName: "Mine" });
    expect(created.status).toBe(201);
    expect(sim.state().applications[0]?.owners).toEqual([persona("plain-user").objectId]);
  });

  it("lets an Application Developer create and become owner even when users may not register apps", async () => {
    const sim = createTenantSim();
    const dev = sim.seed.user({ displayName: "Dana Whitfield", roles: ["applicationDeveloper"] });
    const created = await signInAs(sim, dev.id)("POST", "/applications", { displayName: "Dev app" });
    expect(created.status).toBe(201);
    expect(sim.state().applications[0]?.owners).toEqual([dev.id]);
  });

  it("lets a Cloud Application Administrator create without becoming owner, with Graph's generated fields", async () => {
    const sim = createTenantSim({ now: () => Date.UTC(2025, 2, 3, 4, 5, 6, 789) });
    const created = await signInAs(sim, "cloud-app-admin")("POST", "/applications", {
      displayName: "Psoxy Connector - Outlook Mail",
      tags: ["psoxy"],
      requiredResourceAccess: [
        {
          resourceAppId: "00000003-0000-0000-c000-000000000000",
          resourceAccess: [{ id: "693c5e45-0940-467d-9b8a-1022fb9d42ef", type: "Role" }],
        },
      ],
    });
    expect(created.status).toBe(201);
    const app = json<App & Record<string, unknown>>(created);
    expect(app.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(app.appId).toMatch(/^[0-9a-f-]{36}$/);
    expect(app.appId).not.toBe(app.id);
    expect(app.createdDateTime).toBe("2025-03-03T04:05:06Z");
    expect(app.publisherDomain).toBe(SIM_TENANT_DOMAIN);
    expect(app["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#applications/$entity");
    expect(sim.state().applications[0]?.owners).toEqual([]);
    expect(sim.state().applications[0]?.requiredResourceAccess[0]?.resourceAccess[0]?.type).toBe("Role");
  });

  it("rejects unknown, read-only and badly typed properties with 400", async () => {
    const sim = createTenantSim();
    const graph = signInAs(sim, "app-admin");
    const unknown = await graph("POST", "/applications", { displayName: "x", favouriteColour: "blue" });
    expect(unknown.status).toBe(400);
    expect(unknown.errorCode).toBe("Request_BadRequest");
    expect(unknown.errorMessage).toContain("favouriteColour");
    expect((await graph("POST", "/applications", { displayName: "x", appId: "00000000-0000-0000-0000-000000000001" })).status).toBe(400);
    const badTags = await graph("POST", "/applications", { displayName: "x", tags: "psoxy" });
    expect(badTags.errorMessage).toBe("Invalid value specified for property 'tags' of resource 'Application'.");
    expect((await graph("POST", "/applications", { tags: [] })).status).toBe(400);
    const passthrough = await graph("POST", "/applications", { displayName: "x", web: { redirectUris: [] } });
    expect(passthrough.status).toBe(201);
    expect(sim.state().applications).toHaveLength(1);
  });
});

describe("upsert by uniqueName", () => {
  it("returns 201 then 204 and leaves one object; 404 without the Prefer header", async () => {
    const sim = createTenantSim();
    const graph = signInAs(sim, "cloud-app-admin");
    const path = "/applications(uniqueName='psoxy-msft-teams')";
    const missing = await graph("PATCH", path, { displayName: "Psoxy Connector - Microsoft Teams" });
    expect(missing.status).toBe(404);
    expect(missing.errorCode).toBe("Request_ResourceNotFound");
    const first = await graph("PATCH", path, { displayName: "Psoxy Connector - Microsoft Teams" }, UPSERT);
    expect(first.status).toBe(201);
    expect(json<App>(first).uniqueName).toBe("psoxy-msft-teams");
    const second = await graph("PATCH", path, { displayName: "Psoxy Connector - Microsoft Teams", tags: ["psoxy"] }, UPSERT);
    expect(second.status).toBe(204);
    expect(second.body).toBeUndefined();
    const third = await graph("PATCH", path, { displayName: "Psoxy Connector - Microsoft Teams", tags: ["psoxy"] }, UPSERT);
    expect(third.status).toBe(204);
    const apps = sim.state().applications;
    expect(apps).toHaveLength(1);
    expect(apps[0]?.tags).toEqual(["psoxy"]);
    expect(sim.writes.map((w) => [w.kind, w.action, w.status])).toEqual([
      ["application", "noop", 404],
      ["application", "create", 201],
      ["application", "update", 204],
      ["application", "noop", 204],
    ]);
    const byKey = await graph("GET", path);
    expect(json<App>(byKey).id).toBe(apps[0]?.id);
    const byAppId = await graph("GET", `/applications(appId='${apps[0]?.appId}')`);
    expect(json<App>(byAppId).id).toBe(apps[0]?.id);
  });

  it("refuses a POST that reuses a uniqueName and a change of uniqueName", async () => {
    const sim = createTenantSim();
    const graph = signInAs(sim, "cloud-app-admin");
    const created = json<App>(await graph("POST", "/applications", { displayName: "a", uniqueName: "u-1" }));
    expect((await graph("POST", "/applications", { displayName: "b", uniqueName: "U-1" })).status).toBe(409);
    expect((await graph("PATCH", `/applications/${created.id}`, { uniqueName: "u-2" })).status).toBe(400);
  });
});

describe("updating and deleting", () => {
  it("lets an owner without an admin role update their app, and denies other members", async () => {
    const sim = createTenantSim();
    const { id } = sim.seed.application({ displayName: "Owned", ownerPersonaIds: ["plain-user"] });
    const owner = await signInAs(sim, "plain-user")("PATCH", `/applications/${id}`, { notes: "updated by owner" });
    expect(owner.status).toBe(204);
    expect(sim.state().applications[0]?.notes).toBe("updated by owner");
    const stranger = sim.seed.user({ displayName: "Pat Doe" });
    const denied = await signInAs(sim, stranger.id)("PATCH", `/applications/${id}`, { notes: "nope" });
    expect(denied.status).toBe(403);
    expect(denied.errorCode).toBe("Authorization_RequestDenied");
    expect((await signInAs(sim, "teams-admin")("DELETE", `/applications/${id}`)).status).toBe(403);
    expect((await signInAs(sim, "support")("PATCH", `/applications/${id}`, { notes: "x" })).status).toBe(403);
    expect(sim.state().applications[0]?.notes).toBe("updated by owner");
  });

  it("lets the Global Reader read everything and change nothing", async () => {
    const sim = createTenantSim();
    sim.seed.application({ displayName: "Existing" });
    const graph = signInAs(sim, "support");
    expect((await graph("GET", "/applications")).status).toBe(200);
    expect((await graph("GET", `/users/${persona("global-admin").userPrincipalName}`)).status).toBe(200);
    expect((await graph("POST", "/applications", { displayName: "x" })).status).toBe(403);
    expect((await graph("PATCH", "/applications(uniqueName='x')", { displayName: "x" }, UPSERT)).status).toBe(403);
  });

  it("deletes with 204, then the app is gone (404)", async () => {
    const sim = createTenantSim();
    const { id } = sim.seed.application({ displayName: "Doomed" });
    const graph = signInAs(sim, "app-admin");
    expect((await graph("DELETE", `/applications/${id}`)).status).toBe(204);
    const after = await graph("GET", `/applications/${id}`);
    expect(after.status).toBe(404);
    expect(after.errorMessage).toBe(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
    expect(sim.writes.at(-1)).toMatchObject({ method: "DELETE", kind: "application", action: "delete", objectId: id, status: 204 });
  });
});

describe("owners", () => {
  it("adds an owner by reference, refuses a duplicate, lists and removes", async () => {
    const sim = createTenantSim();
    const { id } = sim.seed.application({ displayName: "App" });
    const graph = signInAs(sim, "cloud-app-admin");
    const alex = json<{ value: { id: string }[] }>(
      await graph("GET", `/users?$filter=userPrincipalName eq 'alex.kim@${SIM_TENANT_DOMAIN}'`),
    ).value[0];
    expect(alex?.id).toBeTruthy();
    const ref = { "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${alex?.id}` };
    expect((await graph("POST", `/applications/${id}/owners/$ref`, ref)).status).toBe(204);
    const again = await graph("POST", `/applications/${id}/owners/$ref`, ref);
    expect(again.status).toBe(400);
    expect(again.errorCode).toBe("Request_BadRequest");
    expect(again.errorMessage).toBe("One or more added object references already exist for the following modified properties: 'owners'.");
    const owners = json<List<{ id: string; "@odata.type": string }>>(await graph("GET", `/applications/${id}/owners`));
    expect(owners.value.map((o) => [o.id, o["@odata.type"]])).toEqual([[alex?.id, "#microsoft.graph.user"]]);
    const unknown = await graph("POST", `/applications/${id}/owners/$ref`, {
      "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.status).toBe(404);
    expect((await graph("DELETE", `/applications/${id}/owners/${alex?.id}/$ref`)).status).toBe(204);
    expect(sim.state().applications[0]?.owners).toEqual([]);
    expect(sim.writes.filter((w) => w.status < 300).map((w) => [w.kind, w.action, w.objectId])).toEqual([
      ["owner", "create", alex?.id],
      ["owner", "delete", alex?.id],
    ]);
  });

  it("needs Directory.Read.All in scope to add an owner", async () => {
    const sim = createTenantSim();
    const { id } = sim.seed.application({ displayName: "App" });
    const graph = signInAs(sim, "cloud-app-admin", ["User.Read", "Application.ReadWrite.All"]);
    const response = await graph("POST", `/applications/${id}/owners/$ref`, {
      "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${persona("plain-user").objectId}`,
    });
    expect(response.status).toBe(403);
    expect(response.errorCode).toBe("Authorization_RequestDenied");
  });
});

describe("listing and reading", () => {
  it("pages over more than 100 apps with an absolute nextLink", async () => {
    const sim = createTenantSim();
    for (let i = 0; i < 230; i++) sim.seed.application({ displayName: `Psoxy ${i}`, tags: i % 10 === 0 ? ["other"] : ["psoxy"] });
    const graph = signInAs(sim, "support");
    const seen: string[] = [];
    let link: string | undefined = "/applications?$filter=tags/any(t:t eq 'psoxy')&$select=id,displayName";
    let pages = 0;
    while (link) {
      const page: List<{ id: string; displayName: string }> = json(await graph("GET", link));
      pages++;
      expect(page.value.length).toBeLessThanOrEqual(100);
      expect(Object.keys(page.value[0] ?? {}).sort()).toEqual(["displayName", "id"]);
      seen.push(...page.value.map((a) => a.id));
      link = page["@odata.nextLink"];
      if (link) expect(link).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/applications\?.*\$skiptoken=/);
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(207);
    expect(new Set(seen).size).toBe(207);
    const top = json<List<unknown>>(await graph("GET", "/applications?$top=50"));
    expect(top.value).toHaveLength(50);
    expect((await graph("GET", "/applications?$top=1000")).status).toBe(400);
  });

  it("filters by displayName, startswith, appId, uniqueName with and/or", async () => {
    const sim = createTenantSim();
    const a = sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail", uniqueName: "psoxy-outlook-mail", tags: ["psoxy"] });
    const b = sim.seed.application({ displayName: "Psoxy Connector - Microsoft Teams", uniqueName: "psoxy-msft-teams", tags: ["psoxy"] });
    sim.seed.application({ displayName: "Something else", tags: ["x"] });
    const graph = signInAs(sim, "cloud-app-admin");
    const ids = async (filter: string) =>
      json<List<App>>(await graph("GET", `/applications?$filter=${encodeURIComponent(filter)}`)).value.map((v) => v.id);
    expect(await ids("displayName eq 'Psoxy Connector - Outlook Mail'")).toEqual([a.id]);
    expect(await ids("startswith(displayName,'Psoxy Connector')")).toEqual([a.id, b.id]);
    expect(await ids(`appId eq '${b.appId}'`)).toEqual([b.id]);
    expect(await ids("uniqueName eq 'psoxy-msft-teams' or uniqueName eq 'psoxy-outlook-mail'")).toEqual([a.id, b.id]);
    expect(await ids("tags/any(t:t eq 'psoxy') and startswith(displayName,'Psoxy Connector - M')")).toEqual([b.id]);
    const unsupported = await graph("GET", `/applications?$filter=${encodeURIComponent("notes eq 'x'")}`);
    expect(unsupported.status).toBe(400);
    expect(unsupported.errorCode).toBe("Request_UnsupportedQuery");
    expect((await graph("GET", "/applications?$select=nope")).status).toBe(400);
  });

  it("answers unknown routes like Graph and checks delegated scopes", async () => {
    const sim = createTenantSim();
    const full = signInAs(sim, "global-admin");
    const unknown = await full("GET", "/widgets");
    expect(unknown.status).toBe(400);
    expect(unknown.errorCode).toBe("BadRequest");
    expect(unknown.errorMessage).toBe("Resource not found for the segment 'widgets'.");
    expect((await full("GET", "/users/nobody@contoso-demo.onmicrosoft.com")).errorCode).toBe("Request_ResourceNotFound");
    expect((await full("PUT", "/applications")).status).toBe(405);
    const basic = signInAs(sim, "global-admin", ["User.Read"]);
    expect((await basic("GET", "/me")).status).toBe(200);
    expect((await basic("GET", "/organization")).status).toBe(200);
    for (const path of ["/applications", "/servicePrincipals", `/users/${persona("plain-user").objectId}`]) {
      const denied = await basic("GET", path);
      expect(denied.status).toBe(403);
      expect(denied.errorCode).toBe("Authorization_RequestDenied");
    }
    const readOnly = signInAs(sim, "global-admin", ["User.Read", "Application.Read.All"]);
    expect((await readOnly("GET", "/applications")).status).toBe(200);
    expect((await readOnly("POST", "/applications", { displayName: "x" })).status).toBe(403);
  });

  it("returns the Graph error envelope with request ids and CORS headers", async () => {
    const sim = createTenantSim();
    const response = await signInAs(sim, "plain-user")("POST", "/applications", { displayName: "x" }, { "client-request-id": "abc-123" });
    const body = json<{ error: { code: string; message: string; innerError: Record<string, string> } }>(response);
    expect(Object.keys(body.error).sort()).toEqual(["code", "innerError", "message"]);
    expect(body.error.innerError["client-request-id"]).toBe("abc-123");
    expect(body.error.innerError["request-id"]).toBe(response.headers["request-id"]);
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(response.headers["client-request-id"]).toBe("abc-123");
    expect(response.headers["Content-Type"]).toMatch(/^application\/json/);
    expect(response.headers["Access-Control-Allow-Origin"]).toBe("*");
    expect(response.headers["Access-Control-Expose-Headers"]).toContain("request-id");
    expect(response.headers["Access-Control-Expose-Headers"]).not.toMatch(/retry-after/i);
    const preflight = await sim.handle({
      method: "OPTIONS",
      url: "https://graph.microsoft.com/v1.0/applications",
      headers: { "Access-Control-Request-Headers": "authorization,content-type,prefer" },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers["Access-Control-Allow-Headers"]).toBe("authorization,content-type,prefer");
  });

  it("shows the signed-in user's directory roles, with details only when a role-reading scope is granted", async () => {
    const sim = createTenantSim();
    const roles = json<List<{ roleTemplateId: string | null; displayName: string | null }>>(
      await signInAs(sim, "priv-role-admin")("GET", "/me/transitiveMemberOf/microsoft.graph.directoryRole", undefined, {
        ConsistencyLevel: "eventual",
      }),
    );
    expect(roles.value.map((r) => r.roleTemplateId)).toEqual(["e8611ab8-c189-46e8-94e1-60213ab1f814"]);
    const limited = json<List<{ id: string; roleTemplateId: string | null }>>(
      await signInAs(sim, "priv-role-admin", ["User.Read"])("GET", "/me/transitiveMemberOf"),
    );
    expect(limited.value).toHaveLength(1);
    expect(limited.value[0]?.roleTemplateId).toBeNull();
    expect(
      json<List<unknown>>(await signInAs(sim, "plain-user")("GET", "/me/transitiveMemberOf/microsoft.graph.directoryRole")).value,
    ).toEqual([]);
    const org = json<List<{ displayName: string; verifiedDomains: { name: string }[] }>>(
      await signInAs(sim, "plain-user")("GET", "/organization"),
    );
    expect(org.value[0]?.displayName).toBe("Contoso (demo tenant)");
    expect(org.value[0]?.verifiedDomains[0]?.name).toBe(SIM_TENANT_DOMAIN);
  });
});
