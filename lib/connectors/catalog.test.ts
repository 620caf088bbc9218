import { describe, expect, it } from "vitest";
import {
  CONNECTORS,
  DIRECTORY_ROLES,
  GRAPH_APP_ROLE_IDS,
  PSOXY_SOURCE,
  TEAMS_POLICY_NAME,
  appRolesFor,
  findConnector,
  getConnector,
  isConnectorId,
  selectableConnectors,
  type Connector,
  type ConnectorId,
} from "@/lib/connectors";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("connector catalog integrity", () => {
  it("has unique ids and unique display names", () => {
    const ids = CONNECTORS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const names = CONNECTORS.map((c) => c.displayName);
    expect(new Set(names).size).toBe(names.length);
  });

  it("uses psoxy's exact display names, availability and Worklytics ids [spec]", () => {
    const table = CONNECTORS.map((c) => [c.id, c.displayName, c.availability, c.worklyticsConnectorId]);
    expect(table).toEqual([
      ["msft-entra-id", "Microsoft Entra ID (former Azure AD)", "ga", "azure-ad-psoxy"],
      ["azure-ad", "(Deprecated, use MSFT Entra Id instead) Azure Directory", "deprecated", "azure-ad-psoxy"],
      ["outlook-cal", "Outlook Calendar", "ga", "outlook-cal-psoxy"],
      ["outlook-mail", "Outlook Mail", "ga", "outlook-mail-psoxy"],
      ["msft-teams", "Microsoft Teams", "ga", "msft-teams-psoxy"],
      ["msft-onedrive", "Microsoft OneDrive", "beta", "msft-onedrive-psoxy"],
      ["msft-copilot", "Microsoft 365 Copilot", "alpha", "msft-copilot-psoxy"],
    ]);
  });

  it("only outlook-cal is enabled by default", () => {
    expect(CONNECTORS.filter((c) => c.enableByDefault).map((c) => c.id)).toEqual(["outlook-cal"]);
  });

  it("every permission has a Graph app role id that is a GUID, and none repeats within a connector", () => {
    for (const connector of CONNECTORS) {
      expect(connector.permissions.length, connector.id).toBeGreaterThan(0);
      expect(new Set(connector.permissions).size, connector.id).toBe(connector.permissions.length);
      for (const permission of connector.permissions) {
        expect(GRAPH_APP_ROLE_IDS[permission], `${connector.id} ${permission}`).toMatch(GUID);
      }
    }
  });

  it("lists the spec's app roles per connector", () => {
    expect(getConnector("msft-teams").permissions).toEqual([
      "User.Read.All",
      "Team.ReadBasic.All",
      "Channel.ReadBasic.All",
      "Chat.Read.All",
      "ChannelMessage.Read.All",
      "CallRecords.Read.All",
      "OnlineMeetings.Read.All",
      "OnlineMeetingArtifact.Read.All",
    ]);
    expect(getConnector("outlook-cal").permissions).toEqual(["Calendars.Read", "MailboxSettings.Read", "Group.Read.All", "User.Read.All"]);
    expect(getConnector("msft-copilot").permissions).toEqual(["User.Read.All", "AiEnterpriseInteraction.Read.All"]);
  });

  it("a deprecated alias is hidden, names its replacement and has the same permissions", () => {
    const deprecated = CONNECTORS.filter((c) => c.availability === "deprecated");
    expect(deprecated.map((c) => c.id)).toEqual(["azure-ad"]);
    for (const alias of deprecated as Connector[]) {
      expect(alias.hiddenFromNewSetups).toBe(true);
      expect(alias.replacedBy).toBe("msft-entra-id");
      const replacement = getConnector(alias.replacedBy as ConnectorId);
      expect([...alias.permissions].sort()).toEqual([...replacement.permissions].sort());
      expect(alias.worklyticsConnectorId).toBe(replacement.worklyticsConnectorId);
    }
    // hidden only for the alias
    expect(CONNECTORS.filter((c) => c.hiddenFromNewSetups).map((c) => c.id)).toEqual(["azure-ad"]);
  });

  it("every GA connector has example calls, all Graph paths with a version", () => {
    for (const connector of CONNECTORS) {
      if (connector.availability === "ga") expect(connector.exampleApiCalls.length, connector.id).toBeGreaterThan(0);
      for (const call of connector.exampleApiCalls) expect(call).toMatch(/^\/(v1\.0|beta)\//);
    }
    expect(getConnector("outlook-mail").exampleApiCalls).toContain("/v1.0/users/{USER_ID}/mailFolders/SentItems/messages");
  });

  it("Teams has the application access policy step for a Teams Administrator, ≤30 min, with sources", () => {
    const teams = getConnector("msft-teams");
    expect(teams.manualSteps).toHaveLength(1);
    const [step] = teams.manualSteps;
    expect(step.id).toBe("teams-application-access-policy");
    expect(DIRECTORY_ROLES[step.requiredRole].displayName).toBe("Teams Administrator");
    expect(step.propagationMinutes).toBe(30);
    expect(step.commands.join("\n")).toContain(`New-CsApplicationAccessPolicy -Identity ${TEAMS_POLICY_NAME} -AppIds`);
    expect(step.commands.join("\n")).toContain(`Grant-CsApplicationAccessPolicy -PolicyName ${TEAMS_POLICY_NAME} -Global`);
    expect(step.sources).toContain(PSOXY_SOURCE.spec);
    expect(step.troubleshooting.join(" ")).toMatch(/reopen PowerShell/);
    for (const other of CONNECTORS.filter((c) => c.id !== "msft-teams")) expect(other.manualSteps).toHaveLength(0);
  });

  it("every entry keeps its source", () => {
    for (const connector of CONNECTORS) expect(connector.source).toBe(PSOXY_SOURCE.spec);
  });
});

describe("catalog helpers", () => {
  it("selectableConnectors leaves out hidden connectors and keeps order", () => {
    expect(selectableConnectors().map((c) => c.id)).toEqual([
      "msft-entra-id",
      "outlook-cal",
      "outlook-mail",
      "msft-teams",
      "msft-onedrive",
      "msft-copilot",
    ]);
  });

  it("getConnector / findConnector / isConnectorId", () => {
    expect(getConnector("outlook-cal").displayName).toBe("Outlook Calendar");
    expect(findConnector("nope")).toBeUndefined();
    expect(findConnector("msft-teams")?.shortName).toBe("Teams");
    expect(isConnectorId("azure-ad")).toBe(true);
    expect(isConnectorId("google-calendar")).toBe(false);
    expect(isConnectorId(3)).toBe(false);
    expect(() => getConnector("nope" as never)).toThrow(/Unknown connector id: nope/);
    expect((getConnector("msft-teams") as Connector).replacedBy).toBeUndefined();
  });

  it("appRolesFor unions, dedupes and sorts with role ids", () => {
    const roles = appRolesFor(["outlook-cal", "msft-entra-id", "outlook-cal"]);
    expect(roles).toEqual([
      { permission: "Calendars.Read", appRoleId: "798ee544-9d2d-430c-a058-570e29e34338" },
      { permission: "Group.Read.All", appRoleId: "5b567255-7703-4780-807c-7be8301ae99b" },
      { permission: "MailboxSettings.Read", appRoleId: "40f97065-369a-49f4-947c-6a255697ae91" },
      { permission: "User.Read.All", appRoleId: "df021288-bdef-4463-88db-98f22de89214" },
    ]);
    expect(appRolesFor([])).toEqual([]);
    const all = appRolesFor(CONNECTORS.map((c) => c.id));
    expect(all.map((r) => r.permission)).toEqual(Object.keys(GRAPH_APP_ROLE_IDS).sort());
  });
});
