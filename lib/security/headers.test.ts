import { describe, expect, it } from "vitest";
import { readConfig } from "@/lib/config";
import { contentSecurityPolicy, newNonce, securityHeaders, servedOverHttps } from "./headers";

const tenant = readConfig({ ENTRA_CLIENT_ID: "5b1f0f0e-0a11-4c6b-9d2e-7a57e2e0c1d1" });
const demo = readConfig({ PSOXY_WIZARD_MODE: "demo" });
const page = { nonce: "abc123==", https: false, pathname: "/status" };

/** The policy as directive name → sources. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split("; ")
      .map((d) => d.split(" "))
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe("content security policy", () => {
  it("runs only scripts with this response's nonce: no inline script, no eval", () => {
    const csp = directives(contentSecurityPolicy(tenant, page));
    expect(csp["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'", "'report-sample'"]);
    expect(contentSecurityPolicy(tenant, page)).not.toMatch(/unsafe-eval/);
    expect(csp["script-src"]).not.toContain("'unsafe-inline'");
    expect(csp["style-src"]).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'self'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
  });

  it("tenant mode reaches exactly this server, the sign-in host and the Graph host, and frames only sign-in", () => {
    const csp = directives(contentSecurityPolicy(tenant, page));
    expect(csp["connect-src"]).toEqual(["'self'", "https://login.microsoftonline.com", "https://graph.microsoft.com"]);
    expect(csp["frame-src"]).toEqual(["'self'", "https://login.microsoftonline.com"]);

    const sovereign = readConfig({
      ENTRA_AUTHORITY_HOST: "https://login.microsoftonline.us/",
      GRAPH_BASE_URL: "https://graph.microsoft.us/",
    });
    expect(directives(contentSecurityPolicy(sovereign, page))["connect-src"]).toEqual([
      "'self'",
      "https://login.microsoftonline.us",
      "https://graph.microsoft.us",
    ]);
  });

  it("allows no plain-http host, even when one is configured (the start page reports it)", () => {
    const insecure = readConfig({ ENTRA_AUTHORITY_HOST: "http://login.example", GRAPH_BASE_URL: "http://graph.example" });
    const csp = directives(contentSecurityPolicy(insecure, page));
    expect(csp["connect-src"]).toEqual(["'self'"]);
    expect(csp["frame-src"]).toEqual(["'self'"]);
  });

  it("demo mode reaches only this server and frames nothing", () => {
    const csp = directives(contentSecurityPolicy(demo, page));
    expect(csp["connect-src"]).toEqual(["'self'"]);
    expect(csp["frame-src"]).toEqual(["'none'"]);
  });

  it("lets the redirect bridge load inside MSAL's iframe on this origin only", () => {
    expect(directives(contentSecurityPolicy(tenant, { ...page, pathname: "/auth/redirect" }))["frame-ancestors"]).toEqual(["'self'"]);
  });

  it("upgrades insecure requests only over https", () => {
    expect(contentSecurityPolicy(tenant, page)).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy(tenant, { ...page, https: true })).toMatch(/; upgrade-insecure-requests$/);
  });
});

describe("security headers", () => {
  it("every page: no referrer, no sniffing, no framing, no powerful features, its own browsing context group", () => {
    const headers = securityHeaders(tenant, page);
    expect(headers["Referrer-Policy"]).toBe("no-referrer");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["Permissions-Policy"]).toMatch(/camera=\(\).*microphone=\(\)/);
    expect(headers["Cross-Origin-Opener-Policy"]).toBe("same-origin");
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
  });

  it("the redirect bridge: no COOP and no caching, as MSAL v5 requires", () => {
    const headers = securityHeaders(tenant, { ...page, pathname: "/auth/redirect" });
    expect(headers["Cross-Origin-Opener-Policy"]).toBeUndefined();
    expect(headers["Cache-Control"]).toBe("no-store");
    expect(headers["X-Frame-Options"]).toBe("SAMEORIGIN");
  });

  it("HSTS only over https, including behind a TLS-terminating proxy", () => {
    expect(securityHeaders(tenant, { ...page, https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}/);
    expect(servedOverHttps(new URL("https://wizard.example/"), null)).toBe(true);
    expect(servedOverHttps(new URL("http://10.0.0.5:3000/"), "https")).toBe(true);
    expect(servedOverHttps(new URL("http://10.0.0.5:3000/"), "https, http")).toBe(true);
    expect(servedOverHttps(new URL("http://localhost:3000/"), null)).toBe(false);
    expect(servedOverHttps(new URL("http://localhost:3000/"), "http")).toBe(false);
  });

  it("a new nonce per response, 128 bits of base64", () => {
    const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
