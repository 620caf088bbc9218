import { describe, expect, it } from "vitest";
import { msalCacheNeedsLibrary, type StorageKeys } from "./msal-cache";

const CLIENT_ID = "8f3a1c52-0c1d-4a57-9d3e-2b6a7c9e0f14";

function storage(entries: Record<string, string>): StorageKeys {
  const keys = Object.keys(entries);
  return { length: keys.length, key: (i) => keys[i] ?? null, getItem: (key) => entries[key] ?? null };
}

describe("msalCacheNeedsLibrary", () => {
  it.each<[string, Record<string, string>, boolean]>([
    ["a first visit (nothing cached)", {}, false],
    ["another app's keys only", { theme: "dark", "psoxy.setup.draft": "{}" }, false],
    [
      "MSAL's bookkeeping without an account",
      { "msal.version": "5.30.0", "msal.3.account.keys": "[]", [`msal.3.token.keys.${CLIENT_ID}`]: "{}" },
      false,
    ],
    ["a cached account (schema 3)", { "msal.3.account.keys": JSON.stringify(["uid.utid-login.microsoftonline.com-utid"]) }, true],
    ["a cached account (unversioned key)", { "msal.account.keys": JSON.stringify(["uid.utid-login.microsoftonline.com-utid"]) }, true],
    ["an account list MSAL must repair", { "msal.3.account.keys": "{not json" }, true],
    ["the wizard's active account", { [`msal.${CLIENT_ID}.active-account-filters`]: "{}" }, true],
    ["another client's active account", { "msal.00000000-0000-0000-0000-000000000001.active-account-filters": "{}" }, false],
    ["a redirect in progress or returning", { "msal.interaction.status": JSON.stringify({ clientId: CLIENT_ID, type: "signin" }) }, true],
    ["a response left by the redirect bridge", { [`msal.${CLIENT_ID}.urlHash`]: "#code=…" }, true],
  ])("%s → %s", (_, entries, expected) => {
    expect(msalCacheNeedsLibrary(storage(entries), CLIENT_ID)).toBe(expected);
  });
});
