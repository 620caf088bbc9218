import { describe, expect, it } from "vitest";
import { proxyEnvironment, proxyEnvironmentText } from "@/lib/exports/identity";
import { resultsFileName, resultsJsonText } from "@/lib/exports/results";
import { teamsAccessPolicyScript } from "@/lib/exports/teams";
import { terraformImportBlocks, tfvars } from "@/lib/exports/terraform";
import {
  cognitoCreatePoolCommand,
  cognitoOpenIdTokenCommand,
  cognitoProxyPolicyJson,
  gcloudListUniqueIdsCommand,
  gcloudUniqueIdCommand,
  type HostPlatform,
} from "@/lib/tenant/inputs";
import { commentLine, envLine, hclString, powershellQuote, shellQuote } from "./quote";
import { jsonText, safeFileName, UnsafeTextError, UNSAFE_TEXT_RE, visibleText } from "./safe";

/** Issue 8: every generated file escapes or refuses line breaks and control characters. */

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OBJECT = "0a1b2c3d-0000-4000-8000-000000000002";
const POOL = "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";

/** Line feed, carriage return, NUL, ESC, NEL (C1), line separator, right-to-left override, zero-width space, BOM. */
const NASTY = ["\n", "\r", "\u0000", "\u001b", "\u0085", "\u2028", "\u202e", "\u200b", "\ufeff"];
const bad = (char: string) => `psoxy${char}REFRESH_ENDPOINT=https://evil.example`;

/** A generated text is safe when its only control characters are the line feeds between its own lines. */
function assertNoInjectedLine(text: string) {
  for (const line of text.split("\n")) expect(UNSAFE_TEXT_RE.test(line), JSON.stringify(line)).toBe(false);
  expect(text).not.toMatch(/^REFRESH_ENDPOINT=/m);
}

describe.each(NASTY.map((char) => [JSON.stringify(char), char] as const))("a value with %s", (_name, char) => {
  it("is escaped inside HCL strings (tfvars, import ids) and never starts a line of its own", () => {
    expect(hclString(bad(char))).not.toMatch(UNSAFE_TEXT_RE);
    const vars = tfvars({
      platform: "aws",
      tenantId: bad(char),
      ownerEmails: [bad(char)],
      envId: bad(char),
      connectorIds: ["outlook-mail"],
      sharedAppObjectId: bad(char),
    });
    assertNoInjectedLine(vars);
    expect(vars.split("\n").filter((l) => l && !l.startsWith("#"))).toHaveLength(5);
    const imports = terraformImportBlocks({
      apps: [{ connectorId: "outlook-mail", objectId: bad(char) }],
      platform: "aws",
      credentials: [{ key: "outlook-mail", objectId: bad(char), credentialId: bad(char), name: "n" }],
      identityPoolId: bad(char),
    });
    assertNoInjectedLine(imports);
    expect(imports.match(/^import \{$/gm)).toHaveLength(3);
  });

  it("is refused where the format has no escape: comments, env lines, shell and PowerShell", () => {
    expect(() => commentLine(bad(char))).toThrow(UnsafeTextError);
    expect(() => envLine("CLIENT_ID", bad(char))).toThrow(UnsafeTextError);
    expect(() => shellQuote(bad(char))).toThrow(UnsafeTextError);
    expect(() => powershellQuote(bad(char))).toThrow(UnsafeTextError);
    expect(() => terraformImportBlocks({ apps: [{ connectorId: "outlook-mail", objectId: OBJECT, clientId: bad(char) }] })).toThrow(
      UnsafeTextError,
    );
    expect(() => teamsAccessPolicyScript({ clientIds: [bad(char)] })).toThrow();
    expect(() => cognitoOpenIdTokenCommand({ poolId: POOL, region: "us-east-1", developerProviderName: bad(char), clientId: "c" })).toThrow(
      UnsafeTextError,
    );
    expect(() => cognitoCreatePoolCommand({ envId: bad(char), region: "us-east-1" })).toThrow(UnsafeTextError);
    expect(() => gcloudUniqueIdCommand(`sa${char}@p.iam.gserviceaccount.com`)).toThrow(UnsafeTextError);
    expect(() => gcloudListUniqueIdsCommand(bad(char))).toThrow(UnsafeTextError);
    const gcp: HostPlatform = { platform: "gcp", serviceAccountUniqueIds: {} };
    const env = proxyEnvironment({ tenantId: TENANT, clientId: bad(char), connectorId: "outlook-mail", envId: "psoxy", platform: gcp });
    expect(() => proxyEnvironmentText(env)).toThrow(UnsafeTextError);
    // The error names the character, never the value.
    try {
      envLine("CLIENT_ID", bad(char));
    } catch (error) {
      expect((error as Error).message).not.toContain("evil");
    }
  });

  it("is escaped by JSON and removed from file names and shown text", () => {
    const gcp: HostPlatform = { platform: "gcp", serviceAccountUniqueIds: {} };
    const json = resultsJsonText({
      tenantId: bad(char),
      envId: "psoxy",
      platform: gcp,
      apps: [{ connectorId: "outlook-mail", clientId: bad(char), objectId: OBJECT, appDisplayName: bad(char) }],
    });
    assertNoInjectedLine(json);
    expect(JSON.parse(json).tenantId).toBe(bad(char));
    expect(safeFileName(`${bad(char)}/../x.json`)).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(resultsFileName(bad(char))).toMatch(/^[A-Za-z0-9._-]+\.json$/);
    expect(visibleText(bad(char))).not.toMatch(UNSAFE_TEXT_RE);
  });
});

describe("generated files with ordinary values", () => {
  it("keep their values verbatim", () => {
    expect(hclString('a\\b"c ${x} %{y}')).toBe('"a\\\\b\\"c $${x} %%{y}"');
    expect(hclString("x\u202ey")).toBe('"x\\u202Ey"');
    expect(hclString("x\u{e0001}y")).toBe('"x\\U000E0001y"');
    expect(envLine("CLIENT_ID", "6731de76-14a6-49ae-97bc-6eba6914391e")).toBe("CLIENT_ID=6731de76-14a6-49ae-97bc-6eba6914391e");
    expect(proxyEnvironmentText({ CLIENT_ID: "c", REFRESH_ENDPOINT: "r", TOKEN_SCOPE: "s", GRANT_TYPE: "g", DEVELOPER_NAME_ID: "d" })).toBe(
      "CLIENT_ID=c\nREFRESH_ENDPOINT=r\nTOKEN_SCOPE=s\nGRANT_TYPE=g\nDEVELOPER_NAME_ID=d",
    );
    expect(cognitoCreatePoolCommand({ envId: "psoxy", region: "us-east-1" })).toBe(
      "aws cognito-identity create-identity-pool --identity-pool-name psoxy-azure-ad-federation --no-allow-unauthenticated-identities --no-allow-classic-flow --developer-provider-name psoxy-azure-access --region us-east-1",
    );
    expect(JSON.parse(cognitoProxyPolicyJson({ region: "us-east-1", identityPoolId: POOL }))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["cognito-identity:GetOpenIdTokenForDeveloperIdentity"],
          Resource: `arn:aws:cognito-identity:us-east-1:<ACCOUNT_ID>:identitypool/${POOL}`,
        },
      ],
    });
    expect(safeFileName("psoxy-msft-365-connectors.json")).toBe("psoxy-msft-365-connectors.json");
    expect(safeFileName("../..")).toBe("download.txt");
  });
});

describe("jsonText", () => {
  it("escapes invisible characters JSON.stringify leaves raw, and reads back as the same value", () => {
    const value = { a: "x\u2028y\u202ez\u{e0001}", b: ["\n"] };
    const text = jsonText(value);
    expect(text).not.toMatch(/[\u2028\u202e]/);
    expect(text).toContain("\\u2028");
    expect(text).toContain("\\udb40\\udc01");
    expect(JSON.parse(text)).toEqual(value);
  });
});
