import { describe, expect, it } from "vitest";
import { memoryStorage } from "@/lib/memory-storage.testing";
import { EMPTY_DRAFT, loadSetup, saveSetup, SETUP_STORAGE_KEY, type SetupDraft } from "./storage";

const draft: SetupDraft = {
  ...EMPTY_DRAFT,
  connectorIds: ["outlook-mail"],
  platform: { platform: "gcp", serviceAccountUniqueIds: { "outlook-mail": "123456789012345678901" } },
};

describe("setup storage", () => {
  it("round-trips the answers and never resumes in the middle of apply", () => {
    const storage = memoryStorage();
    saveSetup(storage, { step: "apply", draft });
    expect(loadSetup(storage)).toEqual({ step: "plan", draft });
  });

  it("does not land past a missing answer", () => {
    const storage = memoryStorage();
    saveSetup(storage, { step: "results", draft: { ...draft, platform: null } });
    expect(loadSetup(storage).step).toBe("identity");
    saveSetup(storage, { step: "owners", draft: { ...draft, connectorIds: [] } });
    expect(loadSetup(storage).step).toBe("connectors");
  });

  it("starts fresh on missing or damaged data, and drops unknown values", () => {
    const storage = memoryStorage();
    expect(loadSetup(storage)).toEqual({ step: "environment", draft: EMPTY_DRAFT });
    storage.setItem(SETUP_STORAGE_KEY, "{not json");
    expect(loadSetup(storage).draft).toEqual(EMPTY_DRAFT);
    storage.setItem(
      SETUP_STORAGE_KEY,
      JSON.stringify({
        step: "connectors",
        draft: { environmentId: "x", connectorIds: ["nope"], appMode: "weird", accessToken: "secret" },
      }),
    );
    const loaded = loadSetup(storage);
    expect(loaded.draft).toEqual({ ...EMPTY_DRAFT, environmentId: "x" });
    expect(JSON.stringify(loaded)).not.toContain("secret");
  });

  it("reads the environment id back through the same schema as typed input", () => {
    const storage = memoryStorage();
    storage.setItem(
      SETUP_STORAGE_KEY,
      JSON.stringify({ step: "connectors", draft: { ...draft, environmentId: "psoxy\nREFRESH_ENDPOINT=x" } }),
    );
    expect(loadSetup(storage).draft.environmentId).toBe("psoxy");
    storage.setItem(SETUP_STORAGE_KEY, JSON.stringify({ step: "connectors", draft: { ...draft, environmentId: "-bad-" } }));
    expect(loadSetup(storage).draft.environmentId).toBe("psoxy");
  });
});
