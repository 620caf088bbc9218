import { describe, expect, it } from "vitest";
import { CONNECTORS } from "@/lib/connectors";
import { connectorAppName, connectorUniqueName, isValidUniqueName, wizardTagFilter, wizardTags } from "@/lib/tenant/naming";

describe("connectorAppName", () => {
  it("follows psoxy's naming, without the trailing space", () => {
    expect(connectorAppName("Outlook Calendar", "psoxy")).toBe("Psoxy Connector - Outlook Calendar psoxy");
    expect(connectorAppName("Microsoft Entra ID (former Azure AD)", "prod")).toBe(
      "Psoxy Connector - Microsoft Entra ID (former Azure AD) prod",
    );
  });

  it("has no suffix without env", () => {
    expect(connectorAppName("Microsoft Teams", "")).toBe("Psoxy Connector - Microsoft Teams");
    expect(connectorAppName("Microsoft Teams", undefined)).toBe("Psoxy Connector - Microsoft Teams");
    expect(connectorAppName("Microsoft Teams", "  ")).toBe("Psoxy Connector - Microsoft Teams");
  });
});

describe("connectorUniqueName", () => {
  it("is psoxy.<env>.<connector>, or psoxy.<connector> without env", () => {
    expect(connectorUniqueName("outlook-cal", "prod")).toBe("psoxy.prod.outlook-cal");
    expect(connectorUniqueName("msft-teams", "")).toBe("psoxy.msft-teams");
  });

  it("is valid, short and injective for every connector and several envs", () => {
    const seen = new Set<string>();
    for (const env of ["", "psoxy", "msft", "a".repeat(20), "prod-1"]) {
      for (const connector of CONNECTORS) {
        const name = connectorUniqueName(connector.id, env);
        expect(isValidUniqueName(name), name).toBe(true);
        expect(name.length).toBeLessThanOrEqual(120);
        expect(seen.has(name), name).toBe(false);
        seen.add(name);
      }
    }
  });
});

describe("wizard tags", () => {
  it("marks managed apps with connector and env", () => {
    expect(wizardTags("msft-teams", "prod")).toEqual(["psoxy-wizard", "psoxy-connector:msft-teams", "psoxy-env:prod"]);
    expect(wizardTags("outlook-cal", "")).toEqual(["psoxy-wizard", "psoxy-connector:outlook-cal", "psoxy-env:"]);
  });

  it("builds the OData tag filter", () => {
    expect(wizardTagFilter()).toBe("tags/any(t:t eq 'psoxy-wizard')");
    expect(wizardTagFilter("psoxy-env:o'x")).toBe("tags/any(t:t eq 'psoxy-env:o''x')");
  });
});
