import { describe, expect, it } from "vitest";
import { CONNECTORS } from "@/lib/connectors";
import {
  connectorAppName,
  connectorUniqueName,
  isValidUniqueName,
  parseWizardTags,
  wizardTagFilter,
  wizardTags,
} from "@/lib/tenant/naming";

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

  it("round-trips through parseWizardTags and keeps foreign tags", () => {
    const tags = ["HideApp", ...wizardTags("outlook-mail", "dev"), "WindowsAzureActiveDirectoryIntegratedApp"];
    expect(parseWizardTags(tags)).toEqual({
      managed: true,
      connectorId: "outlook-mail",
      envId: "dev",
      otherTags: ["HideApp", "WindowsAzureActiveDirectoryIntegratedApp"],
    });
    expect(parseWizardTags(wizardTags("outlook-cal", "")).envId).toBe("");
  });

  it("handles unknown connectors, missing tags and null", () => {
    expect(parseWizardTags(["psoxy-connector:slack"])).toEqual({
      managed: false,
      unknownConnector: "slack",
      otherTags: [],
    });
    expect(parseWizardTags(null)).toEqual({ managed: false, otherTags: [] });
  });

  it("builds the OData tag filter", () => {
    expect(wizardTagFilter()).toBe("tags/any(t:t eq 'psoxy-wizard')");
    expect(wizardTagFilter("psoxy-env:o'x")).toBe("tags/any(t:t eq 'psoxy-env:o''x')");
  });
});
