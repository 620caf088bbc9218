import { describe, expect, it } from "vitest";
import { adminConsentPortalUrl, adminConsentUrl } from "@/lib/exports/consent";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e";

describe("consent URLs", () => {
  it("portal CallAnAPI link takes the client id", () => {
    expect(adminConsentPortalUrl(CLIENT)).toBe(
      `https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/${CLIENT}/isMSAApp~/false`,
    );
  });

  it("v2 admin consent URL with /.default scope, redirect and state", () => {
    const url = new URL(
      adminConsentUrl({ tenantId: TENANT, clientId: CLIENT, redirectUri: "https://wizard.example/consent/done", state: "a b&c" }),
    );
    expect(url.origin + url.pathname).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0/adminconsent`);
    expect(url.searchParams.get("client_id")).toBe(CLIENT);
    expect(url.searchParams.get("scope")).toBe("https://graph.microsoft.com/.default");
    expect(url.searchParams.get("redirect_uri")).toBe("https://wizard.example/consent/done");
    expect(url.searchParams.get("state")).toBe("a b&c");
  });

  it("omits optional params and refuses multi-tenant aliases", () => {
    const url = adminConsentUrl({ tenantId: "contoso.onmicrosoft.com", clientId: CLIENT });
    expect(url).toBe(
      `https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=${CLIENT}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default`,
    );
    expect(() => adminConsentUrl({ tenantId: "common", clientId: CLIENT })).toThrow(/tenant id, not 'common'/);
    expect(() => adminConsentUrl({ tenantId: "Organizations", clientId: CLIENT })).toThrow();
  });
});
