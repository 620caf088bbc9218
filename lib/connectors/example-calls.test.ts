import { describe, expect, it } from "vitest";
import { CONNECTORS } from "@/lib/connectors";
import {
  CATALOG_DATE_TOKENS,
  CATALOG_ID_TOKENS,
  EXAMPLE_PLACEHOLDERS,
  PLACEHOLDER_SPECS,
  placeholderValueSchema,
} from "@/lib/connectors/example-calls";

describe("example call placeholders", () => {
  it("knows every {TOKEN} in the catalog's example calls", () => {
    const tokens = new Set(
      CONNECTORS.flatMap((c) => [...c.exampleApiCalls].flatMap((call) => [...call.matchAll(/\{([A-Z_]+)\}/g)].map((m) => m[1]!))),
    );
    expect(tokens.size).toBeGreaterThan(0);
    for (const token of tokens) expect(token in CATALOG_ID_TOKENS || token in CATALOG_DATE_TOKENS, token).toBe(true);
  });

  it("maps onto each Psoxy placeholder, with the msft_365_connector_settings key of the same name", () => {
    expect(new Set(Object.values(CATALOG_ID_TOKENS))).toEqual(new Set(EXAMPLE_PLACEHOLDERS));
    for (const name of EXAMPLE_PLACEHOLDERS) {
      // Psoxy's keys are the placeholder in lower case, EXAMPLE_MSFT_TEAMS_* ↔ msft_teams_example_*.
      const key = PLACEHOLDER_SPECS[name].settingKey;
      expect(
        key
          .replace(/^msft_(teams|onedrive)_example_/, "example_msft_$1_")
          .replace("online_meeting_join_url", "online_meeting_url")
          .toUpperCase(),
      ).toBe(name);
    }
  });

  it.each([
    ["EXAMPLE_MSFT_USER_GUID", "48D31887-5FAD-4D73-A9F5-3C356E68A038", true],
    ["EXAMPLE_MSFT_USER_GUID", "alice@acme.com", false],
    ["EXAMPLE_MSFT_TEAMS_TEAM_GUID", "p~abc", false],
    ["EXAMPLE_MSFT_TEAMS_CHANNEL_GUID", "19:09fc54a3141a45d0bc769cf506d2e079@thread.tacv2", true],
    ["EXAMPLE_MSFT_TEAMS_CHAT_GUID", "19:2da4c29f6d7041eca70b638b43d45437@thread.v2", true],
    ["EXAMPLE_MSFT_TEAMS_CHAT_GUID", "19:a/b@thread.v2", false],
    ["EXAMPLE_MSFT_ONEDRIVE_DRIVE_ID", "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K", false],
    ["EXAMPLE_MSFT_ONEDRIVE_ITEM_ID", "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K", true],
    ["EXAMPLE_MSFT_TEAMS_ONLINE_MEETING_URL", "http://teams.microsoft.com/l/meetup-join/x", false],
  ] as const)("%s %s → valid: %s", (name, value, valid) => {
    expect(placeholderValueSchema(name).safeParse(value).success).toBe(valid);
  });

  it("refuses control characters and line breaks in any id, saying so", () => {
    for (const name of EXAMPLE_PLACEHOLDERS) {
      for (const bad of ["a\nb", "a\tb", "a\u2028b", "a\u0000b"]) {
        const parsed = placeholderValueSchema(name).safeParse(bad);
        expect(parsed.success).toBe(false);
        expect(parsed.error!.issues[0]!.message).toMatch(/one line/);
      }
    }
  });
});
