import { describe, expect, it } from "vitest";
import { adminConsentPortalUrl } from "@/lib/exports/consent";

const CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e";

describe("consent URLs", () => {
  it("portal CallAnAPI link takes the client id", () => {
    expect(adminConsentPortalUrl(CLIENT)).toBe(
      `https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/${CLIENT}/isMSAApp~/false`,
    );
  });
});
