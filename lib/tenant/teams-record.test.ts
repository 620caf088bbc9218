import { describe, expect, it } from "vitest";
import { scopesForJob, TEAMS_RECORD_SCOPES } from "@/lib/auth/jobs";
import { createGraphClient, isGraphError } from "@/lib/graph";
import { createTenantSim, type TenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import { connectorUniqueName } from "./naming";
import { readTenantSnapshot } from "./snapshot";
import { readTeamsVerification, teamsConnectorApps } from "./teams-policy";
import { recordTeamsVerification } from "./teams-record";

const AT = new Date("2026-05-04T09:00:00Z");
const OLD = "psoxy-teams-verified:2025-01-02:Someone Earlier";
const TAGS = ["psoxy-wizard", "psoxy-connector:msft-teams", "psoxy-env:prod", "owned-by:finance", OLD, "psoxy-teams-verified:not-a-date"];

function world(owner?: string) {
  const sim = createTenantSim({ seed: 11 });
  const app = sim.seed.application({
    displayName: "Psoxy Connector - Microsoft Teams prod",
    uniqueName: "psoxy.prod.msft-teams",
    tags: TAGS,
    ...(owner ? { ownerPersonaIds: [owner] } : {}),
  });
  sim.clearLogs();
  const clientFor = (personaId: string, scopes: readonly string[]) =>
    createGraphClient({
      baseUrl: "https://graph.microsoft.com",
      getAccessToken: async () => sim.issueTokens(personaId, scopes).accessToken,
      fetch: simFetch(sim),
      sleep: async () => undefined,
    });
  return { sim, app, clientFor };
}

const tagsOf = (sim: TenantSim, id: string) => sim.state().applications.find((a) => a.id === id)!.tags;

describe("recordTeamsVerification against the tenant simulator", () => {
  it("an application administrator records it: every other tag kept, earlier verifications replaced, read back", async () => {
    const { sim, app, clientFor } = world();
    const recorded = await recordTeamsVerification(clientFor("cloud-app-admin", TEAMS_RECORD_SCOPES), {
      objectId: app.id,
      by: "Avery Admin",
      at: AT,
    });

    expect(recorded).toEqual({ verification: { at: "2026-05-04", by: "Avery Admin" }, visible: true });
    expect(tagsOf(sim, app.id)).toEqual([
      "psoxy-wizard",
      "psoxy-connector:msft-teams",
      "psoxy-env:prod",
      "owned-by:finance",
      "psoxy-teams-verified:2026-05-04:Avery Admin",
    ]);
    // Exactly one write reached Graph: the PATCH of the application's tags.
    expect(sim.writes.map((w) => `${w.method} ${w.path} ${w.status} ${w.action}`)).toEqual([`PATCH /applications/${app.id} 204 update`]);
  });

  it("an owner of the application may record it too", async () => {
    const { sim, app, clientFor } = world("teams-admin");
    await recordTeamsVerification(clientFor("teams-admin", TEAMS_RECORD_SCOPES), { objectId: app.id, by: "Casey Nguyen", at: AT });
    expect(readTeamsVerification(tagsOf(sim, app.id))).toEqual({ at: "2026-05-04", by: "Casey Nguyen" });
  });

  it("a Teams Administrator who does not own the application is refused (403) and nothing changes", async () => {
    const { sim, app, clientFor } = world();
    const error = await recordTeamsVerification(clientFor("teams-admin", TEAMS_RECORD_SCOPES), {
      objectId: app.id,
      by: "Casey Nguyen",
      at: AT,
    }).catch((e: unknown) => e);
    expect(isGraphError(error) && error.status).toBe(403);
    expect(isGraphError(error) && error.action).toBe("updateApplication");
    expect(tagsOf(sim, app.id)).toEqual(TAGS);
    expect(sim.writes.map((w) => `${w.method} ${w.status}`)).toEqual(["PATCH 403"]);
  });

  it("the Teams job's own read scopes cannot write: the write scope is a separate request", async () => {
    const { sim, app, clientFor } = world();
    const error = await recordTeamsVerification(clientFor("cloud-app-admin", scopesForJob("teams")), {
      objectId: app.id,
      by: "Avery Admin",
      at: AT,
    }).catch((e: unknown) => e);
    expect(isGraphError(error) && error.status).toBe(403);
    expect(tagsOf(sim, app.id)).toEqual(TAGS);
  });

  it("refuses a name that cannot be stored before calling Graph", async () => {
    const { sim, app, clientFor } = world();
    await expect(
      recordTeamsVerification(clientFor("cloud-app-admin", TEAMS_RECORD_SCOPES), { objectId: app.id, by: "Avery\u202EAdmin", at: AT }),
    ).rejects.toThrow(/invisible/);
    expect(sim.requests.filter((r) => r.service === "graph")).toEqual([]);
  });
});

describe("the Teams step's read", () => {
  it("a Teams Administrator reads the connector's application with the Teams job's read-only scopes", async () => {
    const { sim, app, clientFor } = world();
    const snapshot = await readTenantSnapshot(clientFor("teams-admin", scopesForJob("teams")), {
      environmentId: "prod",
      uniqueNames: [connectorUniqueName("msft-teams", "prod")],
    });
    const apps = teamsConnectorApps(snapshot.apps, "msft-teams", "prod");
    expect(apps.map((a) => a.application.id)).toEqual([app.id]);
    expect(readTeamsVerification(apps[0]!.application.tags)).toEqual({ at: "2025-01-02", by: "Someone Earlier" });
    expect(sim.writes).toEqual([]);
  });
});
