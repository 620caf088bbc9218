import { describe, expect, it } from "vitest";
import { GRAPH_DELEGATED_SCOPE_IDS } from "@/lib/connectors/microsoft-ids";
import { JOBS, jobAccess, ROLE_SCOPES, scopesForJob, TEAMS_RECORD_SCOPES, CONSENT_GRANT_SCOPES, isReadOnlyReader } from "./jobs";

describe("jobs", () => {
  it("support never asks for a write scope", () => {
    expect(scopesForJob("support").filter((scope) => /ReadWrite/.test(scope))).toEqual([]);
  });

  it("every job scope is a known delegated Graph permission and has a reason", () => {
    for (const spec of Object.values(JOBS)) {
      for (const scope of spec.scopes) {
        expect(GRAPH_DELEGATED_SCOPE_IDS).toHaveProperty(scope);
        expect(spec.scopeReasons[scope as keyof typeof spec.scopeReasons], `${spec.job} ${scope}`).toBeTruthy();
      }
    }
  });

  it("reading roles needs no write scope and is part of every job's scopes", () => {
    expect(ROLE_SCOPES.filter((scope) => /ReadWrite/.test(scope))).toEqual([]);
    for (const job of ["operator", "consent", "support"] as const)
      expect(scopesForJob(job)).toEqual(expect.arrayContaining([...ROLE_SCOPES]));
  });

  it("only the consent admin asks for AppRoleAssignment.ReadWrite.All, and only when granting", () => {
    expect(scopesForJob("consent")).not.toContain("AppRoleAssignment.ReadWrite.All");
    expect(CONSENT_GRANT_SCOPES).toContain("AppRoleAssignment.ReadWrite.All");
    expect(scopesForJob("operator")).not.toContain("AppRoleAssignment.ReadWrite.All");
    expect(scopesForJob("support")).not.toContain("AppRoleAssignment.ReadWrite.All");
  });

  it.each([
    ["operator", ["cloudApplicationAdministrator"], "allowed"],
    ["operator", ["applicationAdministrator"], "allowed"],
    ["operator", [], "limited"],
    ["operator", ["globalReader"], "limited"],
    ["consent", ["privilegedRoleAdministrator"], "allowed"],
    ["consent", ["globalAdministrator"], "allowed"],
    ["consent", ["cloudApplicationAdministrator"], "denied"],
    ["support", ["globalReader"], "allowed"],
    ["support", [], "limited"],
  ] as const)("%s with %j is %s", (job, roles, kind) => {
    expect(jobAccess(job, roles).kind).toBe(kind);
  });

  it("a denied consent admin is told which roles can do it", () => {
    const access = jobAccess("consent", ["cloudApplicationAdministrator"]);
    expect(access.kind === "denied" && access.message).toMatch(/Privileged Role Administrator or Global Administrator/);
  });
});

describe("the Teams Administrator's job", () => {
  it("reads with read scopes only; the write scope is asked for separately, on demand", () => {
    expect(scopesForJob("teams").filter((scope) => /ReadWrite/.test(scope))).toEqual([]);
    expect(scopesForJob("teams")).toEqual(expect.arrayContaining(["Application.Read.All", ...ROLE_SCOPES]));
    expect(TEAMS_RECORD_SCOPES).toContain("Application.ReadWrite.All");
    expect(TEAMS_RECORD_SCOPES.filter((scope) => scope !== "User.Read" && scope !== "Application.ReadWrite.All")).toEqual([]);
  });

  it.each([
    [["teamsAdministrator"], "allowed"],
    [["globalAdministrator"], "allowed"],
    [[], "limited"],
    [["cloudApplicationAdministrator"], "limited"],
  ] as const)("with %j is %s", (roles, kind) => {
    expect(jobAccess("teams", roles).kind).toBe(kind);
  });

  it("someone without the role still sees the script and is told who runs it", () => {
    const access = jobAccess("teams", []);
    expect(access.kind === "limited" && access.message).toMatch(/Teams Administrator.*still read the script/);
  });

  it("support (Global Reader) is sent to the status board, not into setup", () => {
    expect(isReadOnlyReader(["globalReader"])).toBe(true);
    expect(isReadOnlyReader(["globalReader", "cloudApplicationAdministrator"])).toBe(false);
    expect(isReadOnlyReader([])).toBe(false);
    const access = jobAccess("operator", ["globalReader"]);
    expect(access.kind === "limited" && access.message).toMatch(/status board/);
  });
});
