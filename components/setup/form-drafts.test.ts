import { describe, expect, it } from "vitest";
import { memoryStorage } from "@/lib/memory-storage.testing";
import { gcpFields, identityDefaults, withTypedIdentity } from "./identity-form";
import { clampStep, EMPTY_DRAFT, loadSetup, saveSetup, SETUP_STORAGE_KEY, type SetupDraft } from "./storage";

const draft: SetupDraft = { ...EMPTY_DRAFT, connectorIds: ["outlook-mail", "msft-teams"] };

describe("what was typed and not submitted yet", () => {
  it("round-trips per step, as typed (half-way values included)", () => {
    const storage = memoryStorage();
    const forms = {
      environment: { environmentId: "Half-Typed" },
      connectors: { connectorIds: ["outlook-mail" as const], appMode: "shared" as const },
      identity: {
        platform: "gcp" as const,
        gcp: { "outlook-mail": "10987", "msft-teams": "" },
        aws: { region: "us-e", identityPoolId: "", developerProviderName: "psoxy-azure-access" },
      },
      owners: { extraOwners: "alex@contoso.com, sam@" },
    };
    saveSetup(storage, { step: "identity", draft, forms });
    expect(loadSetup(storage)).toEqual({ step: "identity", draft, forms });
  });

  it("drops what is not a typed value of the form: unknown connectors, other shapes, overlong text", () => {
    const storage = memoryStorage();
    storage.setItem(
      SETUP_STORAGE_KEY,
      JSON.stringify({
        step: "identity",
        draft,
        forms: {
          environment: { environmentId: 42 },
          connectors: { connectorIds: ["outlook-mail", "nope", { x: 1 }], appMode: "weird" },
          identity: { platform: "azure", gcp: ["x"], aws: null, accessToken: "secret" },
          owners: { extraOwners: "x".repeat(10_001) },
          cognito: { output: '{"Token":"secret"}' },
        },
      }),
    );
    const loaded = loadSetup(storage);
    expect(loaded.forms).toEqual({
      environment: { environmentId: "" },
      connectors: { connectorIds: ["outlook-mail"], appMode: "per-connector" },
      identity: { platform: "gcp", gcp: {}, aws: { region: "", identityPoolId: "", developerProviderName: "" } },
      owners: { extraOwners: "" },
    });
    expect(JSON.stringify(loaded)).not.toContain("secret");
  });

  it("a draft without forms (or with damaged ones) reads back without them", () => {
    const storage = memoryStorage();
    saveSetup(storage, { step: "connectors", draft });
    expect(loadSetup(storage).forms).toBeUndefined();
    storage.setItem(SETUP_STORAGE_KEY, JSON.stringify({ step: "connectors", draft, forms: "junk" }));
    expect(loadSetup(storage)).toEqual({ step: "connectors", draft });
  });
});

describe("where Back and Forward may land", () => {
  const ready: SetupDraft = {
    ...draft,
    platform: { platform: "gcp", serviceAccountUniqueIds: { "outlook-mail": "123456789012345678901" } },
  };
  it("never past a missing answer", () => {
    expect(clampStep("plan", { ...ready, connectorIds: [] })).toBe("connectors");
    expect(clampStep("results", { ...ready, platform: null })).toBe("identity");
    expect(clampStep("owners", ready)).toBe("owners");
    expect(clampStep("environment", EMPTY_DRAFT)).toBe("environment");
  });

  it("on Apply only while there is a run to show", () => {
    expect(clampStep("apply", ready)).toBe("plan");
    expect(clampStep("apply", ready, { applyRun: true })).toBe("apply");
    expect(clampStep("apply", { ...ready, platform: null }, { applyRun: true })).toBe("identity");
  });
});

describe("the identity form's values", () => {
  const fields = gcpFields(["outlook-mail", "msft-teams"]);
  const defaults = identityDefaults(
    { platform: "gcp", serviceAccountUniqueIds: { "outlook-mail": "111111111111111111111" } },
    fields,
    "psoxy",
  );

  it("lays what was typed over the saved answers", () => {
    const values = withTypedIdentity(defaults, { platform: "gcp", gcp: { "msft-teams": "2222" } });
    expect(values.gcp).toEqual({ "outlook-mail": "111111111111111111111", "msft-teams": "2222" });
    expect(values.aws.developerProviderName).toBe(defaults.aws.developerProviderName);
  });

  it("takes only the fields the form shows, and a platform it knows", () => {
    const values = withTypedIdentity(defaults, {
      platform: "azure",
      gcp: { "outlook-cal": "333", "msft-teams": undefined },
      aws: { region: "eu-west-1" },
    });
    expect(Object.keys(values.gcp).sort()).toEqual(["msft-teams", "outlook-mail"]);
    expect(values.gcp["msft-teams"]).toBe("");
    expect(values.platform).toBe("gcp");
    expect(values.aws.region).toBe("eu-west-1");
    expect(withTypedIdentity(defaults, undefined)).toBe(defaults);
  });
});
