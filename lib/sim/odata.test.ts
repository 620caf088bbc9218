import { describe, expect, it } from "vitest";
import { SimGraphError } from "./http";
import { checkFilter, matches, paginate, parseFilter } from "./odata";

const app = {
  displayName: "Psoxy Connector - Outlook Mail",
  appId: "AB-1",
  uniqueName: "psoxy-outlook-mail",
  tags: ["psoxy", "Outlook"],
  notes: null,
};

function run(filter: string, item: Record<string, unknown> = app): boolean {
  return matches(parseFilter(filter), item);
}

function graphError(fn: () => unknown): SimGraphError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SimGraphError) return error;
    throw error;
  }
  throw new Error("expected a SimGraphError");
}

describe("$filter", () => {
  it("evaluates eq, startswith, any, in, and/or with parentheses, case-insensitively", () => {
    expect(run("displayName eq 'psoxy connector - outlook mail'")).toBe(true);
    expect(run("displayName eq 'Psoxy Connector - Outlook Cal'")).toBe(false);
    expect(run("startswith(displayName,'Psoxy Connector')")).toBe(true);
    expect(run("tags/any(t:t eq 'psoxy')")).toBe(true);
    expect(run("tags/any(t: t eq 'missing')")).toBe(false);
    expect(run("appId in ('x','ab-1')")).toBe(true);
    expect(run("uniqueName eq 'nope' or tags/any(t:t eq 'outlook')")).toBe(true);
    expect(run("uniqueName eq 'nope' or tags/any(t:t eq 'outlook') and appId eq 'zzz'")).toBe(false);
    expect(run("(uniqueName eq 'nope' or tags/any(t:t eq 'outlook')) and appId eq 'ab-1'")).toBe(true);
    expect(run("notes eq null")).toBe(true);
    expect(run("displayName ne 'x'")).toBe(true);
    expect(run("displayName eq 'it''s'", { displayName: "it's" })).toBe(true);
  });

  it("rejects malformed filters with 400 BadRequest", () => {
    for (const bad of ["displayName eq", "displayName eq 'x", "(displayName eq 'x'", "startswith(displayName)", "displayName eq 'x' and"]) {
      const error = graphError(() => parseFilter(bad));
      expect(error.status).toBe(400);
      expect(error.message).toMatch(/Invalid filter clause/);
    }
  });

  it("rejects unsupported operators and properties with Request_UnsupportedQuery", () => {
    expect(graphError(() => parseFilter("createdDateTime gt '2024'")).code).toBe("Request_UnsupportedQuery");
    const error = graphError(() => checkFilter(parseFilter("notes eq 'x'"), { displayName: ["eq"] }, "application"));
    expect(error.status).toBe(400);
    expect(error.message).toBe("Unsupported or invalid query filter clause specified for property 'notes' of resource 'application'.");
    expect(graphError(() => checkFilter(parseFilter("startswith(appId,'x')"), { appId: ["eq"] }, "application")).code).toBe(
      "Request_UnsupportedQuery",
    );
  });
});

describe("paging", () => {
  it("pages with $skiptoken in an absolute nextLink that keeps the other options", () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    const url = "https://graph.microsoft.com/v1.0/applications?$top=3&$filter=x";
    const first = paginate(items, new URL(url).searchParams, url);
    expect(first.value).toEqual([0, 1, 2]);
    expect(first.nextLink).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/applications\?\$top=3&\$filter=x&\$skiptoken=/);
    const second = paginate(items, new URL(first.nextLink ?? "").searchParams, first.nextLink ?? "");
    expect(second.value).toEqual([3, 4, 5]);
    const third = paginate(items, new URL(second.nextLink ?? "").searchParams, second.nextLink ?? "");
    expect(third.value).toEqual([6]);
    expect(third.nextLink).toBeUndefined();
  });

  it("validates $top and the skip token", () => {
    const bad = (query: string) => graphError(() => paginate([1], new URLSearchParams(query), "https://graph.microsoft.com/v1.0/x"));
    expect(bad("$top=0").status).toBe(400);
    expect(bad("$top=1000").message).toMatch(/between 1 and 999/);
    expect(bad("$skiptoken=garbage").status).toBe(400);
  });
});
