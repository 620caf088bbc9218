import { describe, expect, it } from "vitest";
import {
  WireShapeError,
  mapApplication,
  mapAppRoleAssignment,
  mapDirectoryObject,
  mapDirectoryRole,
  mapFederatedCredential,
  mapOrganization,
  mapPage,
  mapServicePrincipal,
  toApplicationWire,
  toFederatedCredentialWire,
} from "@/lib/graph";

describe("mappers", () => {
  it("maps an application, defaulting missing and null fields", () => {
    const app = mapApplication({
      id: "obj",
      appId: "client",
      displayName: "Psoxy Connector - Outlook Mail psoxy",
      tags: null,
      requiredResourceAccess: [{ resourceAppId: "00000003-0000-0000-c000-000000000000", resourceAccess: [{ id: "r1", type: "Role" }] }],
      "@odata.context": "ignored",
    });
    expect(app).toEqual({
      id: "obj",
      appId: "client",
      displayName: "Psoxy Connector - Outlook Mail psoxy",
      uniqueName: null,
      description: null,
      notes: null,
      tags: [],
      signInAudience: null,
      requiredResourceAccess: [{ resourceAppId: "00000003-0000-0000-c000-000000000000", resourceAccess: [{ id: "r1", type: "Role" }] }],
      createdDateTime: null,
      publisherDomain: null,
      passwordCredentials: [],
      keyCredentials: [],
    });
  });

  it("rejects wire objects without ids or with wrong types", () => {
    expect(() => mapApplication({ appId: "client" })).toThrow(WireShapeError);
    expect(() => mapApplication({ id: "x", appId: "y", tags: "not-a-list" })).toThrow(/tags/);
    expect(() =>
      mapApplication({
        id: "x",
        appId: "y",
        requiredResourceAccess: [{ resourceAppId: "g", resourceAccess: [{ id: "r", type: "Bogus" }] }],
      }),
    ).toThrow(WireShapeError);
  });

  it("maps directory objects, roles, organizations and service principals", () => {
    expect(mapDirectoryObject({ "@odata.type": "#microsoft.graph.user", id: "u1", displayName: "Bob" })).toEqual({
      id: "u1",
      type: "user",
      displayName: "Bob",
      userPrincipalName: null,
    });
    expect(mapDirectoryRole({ id: "r", displayName: "Global Reader" })).toEqual({
      id: "r",
      displayName: "Global Reader",
      roleTemplateId: null,
    });
    expect(
      mapOrganization({ id: "t", displayName: "Contoso", verifiedDomains: [{ name: "contoso.com", isDefault: true }] }).verifiedDomains,
    ).toEqual([{ name: "contoso.com", isDefault: true, isInitial: false }]);
    const sp = mapServicePrincipal({
      id: "sp",
      appId: "a",
      appRoles: [{ id: "r1", value: "User.Read.All", allowedMemberTypes: ["Application"] }],
    });
    expect(sp).toMatchObject({
      tags: [],
      accountEnabled: null,
      appRoles: [{ id: "r1", value: "User.Read.All", isEnabled: true, allowedMemberTypes: ["Application"] }],
    });
  });

  it("maps FICs and assignments", () => {
    expect(
      mapFederatedCredential({
        id: "f",
        name: "GcpFederation",
        issuer: "https://accounts.google.com",
        subject: "1",
        audiences: ["api://AzureADTokenExchange"],
      }).description,
    ).toBeNull();
    expect(() => mapFederatedCredential({ id: "f", name: "n", issuer: "i", subject: "s" })).toThrow(/audiences/);
    expect(
      mapAppRoleAssignment({ id: "a", principalId: "p", resourceId: "r", appRoleId: "x", createdDateTime: "2026-01-01T00:00:00Z" }),
    ).toMatchObject({
      createdDateTime: "2026-01-01T00:00:00Z",
      resourceDisplayName: null,
    });
  });

  it("maps pages with their nextLink", () => {
    const page = mapPage(
      { value: [{ id: "r", displayName: "x" }], "@odata.nextLink": "https://graph.microsoft.com/v1.0/next" },
      mapDirectoryRole,
    );
    expect(page.items).toHaveLength(1);
    expect(page.nextLink).toBe("https://graph.microsoft.com/v1.0/next");
    expect(mapPage({ value: [] }, mapDirectoryRole).nextLink).toBeNull();
    expect(() => mapPage({ values: [] }, mapDirectoryRole)).toThrow(WireShapeError);
  });

  it("builds wire bodies with only the given fields", () => {
    expect(toApplicationWire({ displayName: "X", tags: ["a"] })).toEqual({ displayName: "X", tags: ["a"] });
    expect(toApplicationWire({ notes: null })).toEqual({ notes: null });
    expect(toFederatedCredentialWire("GcpFederation", { issuer: "i", subject: "s", audiences: ["a"] })).toEqual({
      name: "GcpFederation",
      issuer: "i",
      subject: "s",
      audiences: ["a"],
    });
  });
});
