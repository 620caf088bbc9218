import { describe, expect, it } from "vitest";
import { GUID_PATTERN, GUID_RE, isGuid } from "./guid";

describe("isGuid, the one GUID check", () => {
  it.each([
    ["48d31887-5fad-4d73-a9f5-3c356e68a038", true],
    ["48D31887-5FAD-4D73-A9F5-3C356E68A038", true],
    ["00000000-0000-0000-0000-000000000000", true],
    ["{48d31887-5fad-4d73-a9f5-3c356e68a038}", false],
    ["48d318875fad4d73a9f53c356e68a038", false],
    ["48d31887-5fad-4d73-a9f5-3c356e68a038 ", false],
    ["48d31887-5fad-4d73-a9f5-3c356e68a038\n", false],
    ["48d31887-5fad-4d73-a9f5-3c356e68a0380", false],
    ["48d31887-5f\u0430d-4d73-a9f5-3c356e68a038", false], // Cyrillic а
    ["４8d31887-5fad-4d73-a9f5-3c356e68a038", false], // fullwidth 4
    ["48d31887-5fad-4d73-a9f5-3c356e68a03g", false],
    ["", false],
  ])("%j: %s", (value, expected) => {
    expect(isGuid(value)).toBe(expected);
    expect(GUID_RE.test(value)).toBe(expected);
  });

  it("is not fooled by null or undefined, and composes into larger patterns", () => {
    expect(isGuid(undefined)).toBe(false);
    expect(isGuid(null)).toBe(false);
    expect(new RegExp(`^us-east-1:${GUID_PATTERN}$`).test("us-east-1:48d31887-5fad-4d73-a9f5-3c356e68a038")).toBe(true);
  });
});
