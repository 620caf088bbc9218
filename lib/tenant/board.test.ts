import { describe, expect, it } from "vitest";
import { scopesForJob } from "@/lib/auth/jobs";
import { DEMO_MIX, seedDemoMix } from "@/lib/demo/mix";
import { statusReport, statusReportFileName, statusReportText } from "@/lib/exports/status-report";
import { createGraphClient } from "@/lib/graph";
import { createTenantSim } from "@/lib/sim";
import { simFetch } from "@/lib/sim/fetch";
import { filterStatuses, parseBoardFilter, readStatusBoard, statusChanges, statusHref } from "./board";
import type { ConnectorStatus } from "./status";

async function readAs(sim: ReturnType<typeof createTenantSim>, persona = "support") {
  const { accessToken } = sim.issueTokens(persona, scopesForJob("support"));
  const client = createGraphClient({
    baseUrl: "https://graph.microsoft.com",
    getAccessToken: async () => accessToken,
    fetch: simFetch(sim),
    sleep: async () => undefined,
  });
  return readStatusBoard(client);
}

describe("statusChanges", () => {
  it("names state changes, check changes, new and vanished apps", async () => {
    const sim = createTenantSim();
    seedDemoMix(sim);
    const before = await readAs(sim);
    const calendar = before.statuses.find((s) => s.connectorIds.includes("outlook-cal"))!;
    for (const appRoleId of calendar.granted.missing.map((ref) => ref.id))
      sim.seed.appRoleAssignment({ principalId: calendar.app!.servicePrincipal!.id, appRoleId });
    sim.seed.application({ displayName: "Psoxy Connector - Microsoft 365 Copilot dev" });
    const after = await readAs(sim);
    const changes = statusChanges(before.statuses, after.statuses);
    expect(changes).toContain(`Outlook Calendar (environment ${DEMO_MIX.gcpEnvironment}): Needs consent → Ready`);
    expect(changes).toContain(`Outlook Calendar (environment ${DEMO_MIX.gcpEnvironment}): Admin consent fail → ok`);
    expect(changes).toContain("Microsoft 365 Copilot (environment dev): found, needs action");
    const vanished = statusChanges(
      after.statuses,
      after.statuses.filter((s) => !s.connectorIds.includes("msft-copilot")),
    );
    expect(vanished).toEqual(["Microsoft 365 Copilot (environment dev): no longer found"]);
    expect(statusChanges(after.statuses, after.statuses)).toEqual([]);
  });
});

describe("the board's links and filter", () => {
  it("round-trips a per-connector link", () => {
    const href = statusHref("aws-dev", "outlook-mail");
    expect(href).toBe("/status?env=aws-dev&connector=outlook-mail");
    expect(parseBoardFilter(Object.fromEntries(new URL(href, "https://x").searchParams))).toEqual({
      environmentId: "aws-dev",
      connectorId: "outlook-mail",
    });
  });
  it("ignores values it cannot trust", () => {
    // Nothing untrusted is used; `ignored` says what was left out and why.
    expect(parseBoardFilter({ env: "a\r\nb", connector: "nope" })).toEqual({
      ignored: [
        expect.stringMatching(/^The link's environment “a\uFFFD\uFFFDb” is not valid/),
        expect.stringMatching(/^The link names “nope”, which is not a connector id/),
      ],
    });
    expect(parseBoardFilter({ env: ["a", "b"] })).toEqual({ ignored: [expect.stringMatching(/gives env more than once/)] });
    expect(parseBoardFilter({ env: "" })).toEqual({ environmentId: "" });
  });
  it("filters by environment and connector", () => {
    const rows = [
      { environmentId: "a", connectorIds: ["outlook-mail"] },
      { environmentId: "b", connectorIds: ["outlook-mail"] },
      { environmentId: "a", connectorIds: ["msft-teams"] },
    ] as unknown as ConnectorStatus[];
    expect(filterStatuses(rows, { environmentId: "a" })).toHaveLength(2);
    expect(filterStatuses(rows, { environmentId: "a", connectorId: "outlook-mail" })).toEqual([rows[0]]);
    expect(filterStatuses(rows, {})).toHaveLength(3);
  });
});

describe("the status report download", () => {
  it("holds every connector's state, reason and grants, and no token", async () => {
    const sim = createTenantSim();
    seedDemoMix(sim);
    const board = await readAs(sim);
    const report = statusReport(board, sim.tenantId);
    expect(report.connectors).toHaveLength(6);
    expect(report.connectors.map((c) => c.state).sort()).toEqual([
      "broken",
      "needs-action",
      "needs-action",
      "needs-consent",
      "ready",
      "ready",
    ]);
    const text = statusReportText(board, sim.tenantId);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT
    expect(statusReportFileName(board.readAt)).toMatch(/^psoxy-status-\d{4}-\d{2}-\d{2}\.json$/);
    expect(statusReportFileName("garbage\n")).toBe("psoxy-status-report.json");
  });
});
