import { describe, expect, it } from "vitest";
import { createTenantSim } from "./index";
import { json, signInAs } from "./testing";

type Fic = { id: string; name: string; issuer: string; subject: string; audiences: string[]; description: string | null };
const UPSERT = { Prefer: "create-if-missing" };
const GCP = { issuer: "https://accounts.google.com", subject: "112233445566778899001", audiences: ["api://AzureADTokenExchange"] };

function setup() {
  const sim = createTenantSim();
  const app = sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail" });
  const graph = signInAs(sim, "cloud-app-admin");
  const base = `/applications/${app.id}/federatedIdentityCredentials`;
  return { sim, app, graph, base };
}

describe("federated identity credentials", () => {
  it("creates by POST and upserts by name with 201 then 204", async () => {
    const { sim, graph, base } = setup();
    const posted = await graph("POST", base, { name: "GcpFederation", ...GCP });
    expect(posted.status).toBe(201);
    expect(json<Fic>(posted)).toMatchObject({ name: "GcpFederation", ...GCP });
    const path = `${base}(name='psoxyAccessFromAWS')`;
    const aws = {
      issuer: "https://cognito-identity.amazonaws.com",
      subject: "us-east-1:0f0e0d0c-1111-2222-3333-444455556666",
      audiences: ["us-east-1:aaaabbbb-cccc-dddd-eeee-ffff00001111"],
    };
    expect((await graph("PATCH", path, aws)).status).toBe(404);
    const created = await graph("PATCH", path, aws, UPSERT);
    expect(created.status).toBe(201);
    const updated = await graph("PATCH", path, { ...aws, subject: "us-east-1:99999999-1111-2222-3333-444455556666" }, UPSERT);
    expect(updated.status).toBe(204);
    const fics = sim.state().federatedIdentityCredentials;
    expect(fics.map((f) => [f.name, f.subject])).toEqual([
      ["GcpFederation", GCP.subject],
      ["psoxyAccessFromAWS", "us-east-1:99999999-1111-2222-3333-444455556666"],
    ]);
    const byName = await graph("GET", `${base}/psoxyAccessFromAWS`);
    expect(json<Fic>(byName).id).toBe(json<Fic>(created).id);
    const list = json<{ value: Fic[] }>(await graph("GET", base));
    expect(list.value).toHaveLength(2);
    expect(sim.writes.map((w) => [w.kind, w.action, w.status])).toEqual([
      ["federatedIdentityCredential", "create", 201],
      ["federatedIdentityCredential", "noop", 404],
      ["federatedIdentityCredential", "create", 201],
      ["federatedIdentityCredential", "update", 204],
    ]);
  });

  it("validates name, audiences and lengths with 400", async () => {
    const { sim, graph, base } = setup();
    const cases: [string, Record<string, unknown>][] = [
      ["too short", { name: "ab", ...GCP }],
      ["starts with dash", { name: "-abc", ...GCP }],
      ["bad character", { name: "gcp federation", ...GCP }],
      ["too long", { name: "a".repeat(121), ...GCP }],
      ["two audiences", { name: "two", ...GCP, audiences: ["api://AzureADTokenExchange", "other"] }],
      ["no audience", { name: "none", ...GCP, audiences: [] }],
      ["long issuer", { name: "longissuer", ...GCP, issuer: `https://${"a".repeat(600)}` }],
      ["long subject", { name: "longsubject", ...GCP, subject: "s".repeat(601) }],
      ["missing subject", { name: "nosubject", issuer: GCP.issuer, audiences: GCP.audiences }],
      ["unknown property", { name: "extra", ...GCP, color: "red" }],
    ];
    for (const [label, body] of cases) {
      const response = await graph("POST", base, body);
      expect(response.status, label).toBe(400);
      expect(response.errorCode, label).toBeTruthy();
    }
    expect((await graph("POST", base, { name: "a".repeat(120), ...GCP })).status).toBe(201);
    expect((await graph("PATCH", `${base}(name='x')`, GCP, UPSERT)).status).toBe(400);
    expect(sim.state().federatedIdentityCredentials).toHaveLength(1);
  });

  it("keeps issuer+subject unique per app, names immutable, and at most 20 per app", async () => {
    const { sim, graph, base } = setup();
    expect((await graph("POST", base, { name: "first", ...GCP })).status).toBe(201);
    const clash = await graph("POST", base, { name: "second", ...GCP });
    expect(clash.status).toBe(400);
    expect(clash.errorMessage).toMatch(/^The combination of issuer and subject must be unique for the application/);
    const rename = await graph("PATCH", `${base}(name='first')`, { name: "renamed" }, UPSERT);
    expect(rename.status).toBe(400);
    for (let i = 2; i <= 20; i++) {
      const response = await graph("POST", base, { name: `fic${i}`, ...GCP, subject: `subject-${i}` });
      expect(response.status).toBe(201);
    }
    const over = await graph("POST", base, { name: "fic21", ...GCP, subject: "subject-21" });
    expect(over.status).toBe(400);
    expect(sim.state().federatedIdentityCredentials).toHaveLength(20);
    const other = sim.seed.application({ displayName: "Other" });
    expect((await graph("POST", `/applications/${other.id}/federatedIdentityCredentials`, { name: "first", ...GCP })).status).toBe(201);
  });

  it("deletes by id, and denies members who neither own the app nor hold an app admin role", async () => {
    const { sim, app, graph, base } = setup();
    const created = json<Fic>(await graph("POST", base, { name: "GcpFederation", ...GCP }));
    expect((await signInAs(sim, "plain-user")("PATCH", `${base}(name='GcpFederation')`, GCP, UPSERT)).status).toBe(403);
    expect((await signInAs(sim, "support")("DELETE", `${base}/${created.id}`)).status).toBe(403);
    expect((await graph("DELETE", `${base}/${created.id}`)).status).toBe(204);
    expect((await graph("GET", `${base}/${created.id}`)).status).toBe(404);
    expect(sim.state().federatedIdentityCredentials.filter((f) => f.applicationId === app.id)).toHaveLength(0);
  });
});
