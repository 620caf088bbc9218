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
  ])("%j → %j", (input, expected) => {
    expect(safeReturnTo(input, ORIGIN)).toBe(expected);
  });
});
