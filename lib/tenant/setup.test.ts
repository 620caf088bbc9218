import { describe, expect, it } from "vitest";
import { createTenantSim, type TenantSim } from "@/lib/sim";
import type { SetupAnswers } from "./desired";
import { isConverged, summarizePlan } from "./plan";
import { signedInOperator } from "./operator.testing";
import { applySetup, planSetup, readBack } from "./setup";

const operator = (sim: TenantSim, persona?: string) => signedInOperator(sim, persona);

function answers(me: SetupAnswers["owners"][number], overrides: Partial<SetupAnswers> = {}): SetupAnswers {
  return {
    environmentId: "psoxy",
    connectorIds: ["outlook-mail", "msft-teams"],
    appMode: "per-connector",
    platform: {
      platform: "gcp",
      serviceAccountUniqueIds: { "outlook-mail": "111111111111111111111", "msft-teams": "222222222222222222222" },
    },
    owners: [me],
    ...overrides,
  };
}

const creates = (sim: TenantSim, kind: string) => sim.writes.filter((w) => w.kind === kind && w.action === "create");

describe("setup against the simulated tenant", () => {
  it("applies a plan, then a second plan writes nothing", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = operator(sim);
    const first = await planSetup(client, answers(me), caps);
    expect(summarizePlan(first.plans).create).toBe(10);
    const report = await applySetup(client, first.plans);
    expect(report.failed).toEqual([]);
    expect(creates(sim, "application")).toHaveLength(2);

    const writes = sim.writes.length;
    const second = await planSetup(client, answers(me), caps);
    expect(isConverged(second.plans)).toBe(true);
    await applySetup(client, second.plans);
    expect(sim.writes.length).toBe(writes);
  });

  it("finishes a half-done setup without duplicates", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = operator(sim);
    const { plans } = await planSetup(client, answers(me), caps);
    // Only the applications got written (the tab closed before the next round).
    const appsOnly = plans.map((plan) => ({
      ...plan,
      steps: plan.steps.map((s) => (s.object === "application" || s.object === "permissions" ? s : { ...s, action: "unchanged" as const })),
    }));
    await applySetup(client, appsOnly);
    expect(creates(sim, "servicePrincipal")).toHaveLength(0);

    const resumed = await planSetup(client, answers(me), caps);
    expect(resumed.plans.map((p) => p.steps.find((s) => s.object === "application")?.action)).toEqual(["unchanged", "unchanged"]);
    await applySetup(client, resumed.plans);
    expect(creates(sim, "application")).toHaveLength(2);
    expect(creates(sim, "servicePrincipal")).toHaveLength(2);
    expect(creates(sim, "federatedIdentityCredential")).toHaveLength(2);
  });

  it("gets through replication delay and reads back once Entra shows the writes", async () => {
    let now = Date.parse("2026-11-29T12:00:00Z");
    const sim = createTenantSim({ now: () => now, faults: { replicationDelayMs: 5_000 } });
    const { client, me, caps } = signedInOperator(sim, "cloud-app-admin", {
      sleep: async (ms) => {
        now += ms;
      },
    });
    const { plans } = await planSetup(client, answers(me), caps);
    const report = await applySetup(client, plans);
    expect(report.failed).toEqual([]);
    const back = await readBack(client, answers(me), caps, { sleep: async (ms) => void (now += ms) });
    expect(back.converged).toBe(true);
    expect(back.plans.every((plan) => plan.actual?.servicePrincipal)).toBe(true);
  });

  it("reports a failed step with Graph's code and request-id, and skips only its dependants", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = operator(sim);
    sim.faults.failNext({
      method: "PATCH",
      pathIncludes: "uniqueName='psoxy.psoxy.msft-teams'",
      status: 403,
      code: "Authorization_RequestDenied",
      times: 1,
    });
    const { plans } = await planSetup(client, answers(me), caps);
    const report = await applySetup(client, plans);
    expect(report.failed.map((f) => `${f.key}/${f.object}`)).toEqual(["msft-teams/application", "msft-teams/permissions"]);
    expect(report.failed[0]!.error?.code).toBe("Authorization_RequestDenied");
    expect(report.failed[0]!.error?.requestId).toBeTruthy();
    expect(report.progress.filter((p) => p.key === "msft-teams" && p.status === "skipped").map((p) => p.object)).toEqual([
      "owners",
      "servicePrincipal",
      "federatedCredential",
    ]);
    expect(report.progress.filter((p) => p.key === "outlook-mail").every((p) => p.status === "done")).toBe(true);
  });

  it("one shared application carries the union of permissions", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = operator(sim);
    const { plans } = await planSetup(client, answers(me, { appMode: "shared" }), caps);
    expect(plans).toHaveLength(1);
    const permissions = plans[0]!.desired.appRoles.map((r) => r.permission);
    expect(permissions).toEqual(expect.arrayContaining(["Mail.ReadBasic.All", "Chat.Read.All", "User.Read.All"]));
    expect(new Set(permissions).size).toBe(permissions.length);
    await applySetup(client, plans);
    expect(sim.state().applications.filter((app) => app.tags.includes("psoxy-shared"))).toHaveLength(1);
  });

  it("AWS: the credential waits for the Cognito identity id, then is created", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = operator(sim);
    const aws = {
      platform: "aws" as const,
      region: "us-east-1",
      identityPoolId: "us-east-1:0f7d7a4c-33d2-4d9f-a0d8-3a8e1c2b9d10",
      identityIds: {},
    };
    const first = await planSetup(client, answers(me, { connectorIds: ["outlook-mail"], platform: aws }), caps);
    expect(first.plans[0]!.steps.find((s) => s.object === "federatedCredential")?.action).toBe("pending");
    await applySetup(client, first.plans);
    const withId = { ...aws, identityIds: { "outlook-mail": "us-east-1:5a1c1c3e-8d9a-4f5e-9d0b-2f6f7e8a9b0c" } };
    const second = await planSetup(client, answers(me, { connectorIds: ["outlook-mail"], platform: withId }), caps);
    expect(second.plans[0]!.steps.find((s) => s.object === "federatedCredential")?.action).toBe("create");
    await applySetup(client, second.plans);
    const fic = sim.state().federatedIdentityCredentials.find((c) => c.subject === withId.identityIds["outlook-mail"]);
    expect(fic?.audiences).toEqual([aws.identityPoolId]);
    expect(fic?.issuer).toBe("https://cognito-identity.amazonaws.com");
  });

  it("gets through throttling and transient errors with the same objects and no duplicates", async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const sim = createTenantSim({ seed, faults: { throttleRate: 0.2, retryAfterSeconds: 1, transientRate: 0.05 } });
      const { client, me, caps } = operator(sim);
      const all = answers(me, {
        connectorIds: ["msft-entra-id", "outlook-cal", "outlook-mail", "msft-teams", "msft-onedrive", "msft-copilot"],
        platform: {
          platform: "gcp",
          serviceAccountUniqueIds: {
            "msft-entra-id": "100000000000000000001",
            "outlook-cal": "100000000000000000002",
            "outlook-mail": "100000000000000000003",
            "msft-teams": "100000000000000000004",
            "msft-onedrive": "100000000000000000005",
            "msft-copilot": "100000000000000000006",
          },
        },
      });
      const { plans } = await planSetup(client, all, caps);
      const report = await applySetup(client, plans);
      expect(report.failed, `seed ${seed}`).toEqual([]);
      expect(sim.writes.filter((w) => [429, 503, 504].includes(w.status)).length, `seed ${seed} injected faults`).toBeGreaterThan(0);
      expect(
        sim.state().applications.filter((app) => app.tags.includes("psoxy-wizard")),
        `seed ${seed}`,
      ).toHaveLength(6);
      expect(
        sim.state().servicePrincipals.filter((sp) => sp.tags.includes("HideApp")),
        `seed ${seed}`,
      ).toHaveLength(6);
      expect(sim.state().federatedIdentityCredentials, `seed ${seed}`).toHaveLength(6);
      sim.faults.reset();
      expect(isConverged((await planSetup(client, all, caps)).plans), `seed ${seed}`).toBe(true);
    }
  });

  it("adopting an existing app keeps what others set: tags, notes, delegated permissions, service principal tags", async () => {
    const sim = createTenantSim();
    const { client, me, caps } = operator(sim);
    const userRead = { id: "e1fe6dd8-ba31-4d61-89e7-88639da4683d", type: "Scope" as const };
    const otherApi = {
      resourceAppId: "00000002-0000-0ff1-ce00-000000000000",
      resourceAccess: [{ id: "dc890d15-9560-4a4c-9b7f-a736ec74ec40", type: "Role" as const }],
    };
    const seeded = sim.seed.application({
      displayName: "Psoxy Connector - Outlook Mail psoxy ",
      tags: ["team:data", "psoxyfoo-keep"],
      notes: "Owned by the data team; ticket 1234.",
      requiredResourceAccess: [{ resourceAppId: "00000003-0000-0000-c000-000000000000", resourceAccess: [userRead] }, otherApi],
    });
    sim.seed.servicePrincipal(seeded.appId, { tags: ["CustomTag"] });
    const mailOnly = answers(me, { connectorIds: ["outlook-mail"] });
    const { plans } = await planSetup(client, mailOnly, caps);
    expect(plans[0]!.steps[0]!.action).toBe("adopt");
    const report = await applySetup(client, plans);
    expect(report.failed).toEqual([]);

    const app = sim.state().applications.find((a) => a.id === seeded.id)!;
    expect(app.tags).toEqual(
      expect.arrayContaining(["team:data", "psoxyfoo-keep", "psoxy-wizard", "psoxy-connector:outlook-mail", "psoxy-env:psoxy"]),
    );
    expect(app.notes).toMatch(/^Owned by the data team; ticket 1234\.\n\nManaged by the Psoxy/);
    const graph = app.requiredResourceAccess.find((r) => r.resourceAppId === "00000003-0000-0000-c000-000000000000")!;
    expect(graph.resourceAccess).toEqual(expect.arrayContaining([userRead]));
    expect(graph.resourceAccess.filter((a) => a.type === "Role")).toHaveLength(4);
    expect(app.requiredResourceAccess).toEqual(expect.arrayContaining([otherApi]));
    const sp = sim.state().servicePrincipals.find((x) => x.appId === seeded.appId)!;
    expect(sp.tags).toEqual(expect.arrayContaining(["CustomTag", "HideApp"]));
    expect(isConverged((await planSetup(client, mailOnly, caps)).plans)).toBe(true);
  });

  it("finds a Terraform-made app among more than a page of Psoxy apps instead of creating a duplicate", async () => {
    const sim = createTenantSim();
    for (let i = 0; i < 105; i++) sim.seed.application({ displayName: `Psoxy Connector - Other ${i} psoxy` });
    const seeded = sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy" });
    const { client, me, caps } = operator(sim);
    const { plans } = await planSetup(client, answers(me, { connectorIds: ["outlook-mail"] }), caps);
    expect(plans[0]!.actual?.application.id).toBe(seeded.id);
    expect(plans[0]!.steps[0]!.action).toBe("adopt");
  });

  it("does not guess between two apps with the same Psoxy name", async () => {
    const sim = createTenantSim();
    const a = sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy" });
    const b = sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy" });
    const { client, me, caps } = operator(sim);
    const { plans } = await planSetup(client, answers(me, { connectorIds: ["outlook-mail"] }), caps);
    expect(plans[0]!.blockedReason).toContain(a.id);
    expect(plans[0]!.blockedReason).toContain(b.id);
    await applySetup(client, plans);
    expect(sim.writes).toHaveLength(0);
  });

  it("read back does not wait for steps only someone else can do", async () => {
    const sim = createTenantSim();
    const { client, me } = operator(sim, "plain-user");
    let waits = 0;
    const back = await readBack(client, answers(me), { userId: me.id, isAppAdmin: false }, { sleep: async () => void (waits += 1) });
    expect(back.reads).toBe(1);
    expect(waits).toBe(0);
    expect(back.plans.every((plan) => plan.blockedReason)).toBe(true);
  });

  it("reads every owner of an app with more than one page of them", async () => {
    const sim = createTenantSim();
    const seeded = sim.seed.application({ displayName: "Psoxy Connector - Outlook Mail psoxy" });
    const { client, me, caps } = operator(sim);
    const extra = Array.from({ length: 101 }, (_, i) => sim.seed.user({ displayName: `Owner ${i}` }).id);
    // Owners are added through Graph as the operator would, then read back by the planner.
    for (const id of extra) {
      await client.request({
        method: "POST",
        url: `/applications/${seeded.id}/owners/$ref`,
        body: { "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${id}` },
        operation: "seed owner",
      });
    }
    const { plans } = await planSetup(client, answers(me, { connectorIds: ["outlook-mail"] }), caps);
    expect(plans[0]!.actual?.owners).toHaveLength(101);
  });
});
