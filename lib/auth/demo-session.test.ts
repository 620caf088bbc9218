import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./demo-session";

const ORIGIN = "http://localhost:3000";

describe("safeReturnTo", () => {
  it.each([
    ["/setup", "/setup"],
    ["/status?x=1#top", "/status?x=1#top"],
    [null, "/"],
    ["", "/"],
    ["//evil.example/path", "/"],
    ["/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    // issue 8: paths the URL parser turns into "//host"
    ["/.//evil.example", "/"],
    ["/./\\evil.example", "/"],
    ["/a/..//evil.example", "/"],
    ["/%2e//evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["setup", "/"],
    ["/setup/./step", "/setup/step"],
  ])("%j → %j", (input, expected) => {
    expect(safeReturnTo(input, ORIGIN)).toBe(expected);
  });
});
