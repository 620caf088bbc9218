import { isHttpsUrl, type PublicConfig } from "@/lib/config";

/**
 * The security headers every response of the wizard carries, built per request by proxy.ts.
 *
 * This page holds an admin's token that can create applications in a company's tenant, so scripts run only
 * when they carry this request's nonce (Next.js puts it on its own scripts when it finds it in the request's
 * Content-Security-Policy: https://nextjs.org/docs/app/guides/content-security-policy), and the page talks
 * only to this server, the configured sign-in host and the configured Graph host.
 */

interface RequestFacts {
  /** A fresh, unguessable value per request (see `newNonce`). */
  nonce: string;
  /** The page was served over https (directly or behind a TLS-terminating proxy). */
  https: boolean;
  /** The request's path, e.g. "/status" or "/auth/redirect". */
  pathname: string;
}

/** 128 random bits, base64: the CSP nonce of one response (https://w3c.github.io/webappsec-csp/#security-nonces). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The origin of a configured https URL, or nothing (a bad value is reported by configProblems, not allowed here). */
function httpsOrigin(value: string): string[] {
  return isHttpsUrl(value) ? [new URL(value).origin] : [];
}

/** MSAL's redirect-bridge page: it receives the authorization response, also inside MSAL's hidden renewal iframe. */
function isRedirectBridge(config: PublicConfig, pathname: string): boolean {
  return pathname === config.redirectPath || pathname === `${config.redirectPath}/`;
}

export function contentSecurityPolicy(config: PublicConfig, facts: RequestFacts): string {
  const demo = config.mode === "demo";
  // Demo mode: no MSAL, and Graph is this server (/api/demo-tenant), so 'self' is all the page may reach.
  const signIn = demo ? [] : httpsOrigin(config.authorityHost);
  const graph = demo ? [] : httpsOrigin(config.graphBaseUrl);
  const bridge = isRedirectBridge(config, facts.pathname);
  const nonce = `'nonce-${facts.nonce}'`;
  const directives: string[][] = [
    ["default-src", "'self'"],
    // No 'unsafe-inline', no 'unsafe-eval' (production React and Next.js use no eval). 'strict-dynamic' lets the
    // nonce-carrying framework scripts load their chunks; CSP3 browsers then ignore 'self', which stays for
    // CSP2-only browsers (https://developer.mozilla.org/docs/Web/HTTP/Headers/Content-Security-Policy/script-src#strict-dynamic).
    // 'report-sample' puts the start of a blocked inline script in the violation event, so a test can tell
    // what was refused.
    ["script-src", "'self'", nonce, "'strict-dynamic'", "'report-sample'"],
    // <style> and stylesheets: this server's CSS files (Tailwind compiles to one) and Next.js's own inline
    // <style> elements, which carry the nonce. Inline event handlers and javascript: URLs stay blocked.
    ["style-src", "'self'", nonce],
    // Style *attributes* cannot carry a nonce (https://w3c.github.io/webappsec-csp/#directive-style-src-attr).
    // Server-rendered markup uses a few (the stepper's grid columns; Next.js's built-in error pages), and
    // without this they are dropped until React re-renders. They cannot run script; the worst an injected
    // style attribute could do is restyle the page, and React escapes tenant data before it reaches one.
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    // MSAL: authorize/token/discovery on the sign-in host; the Graph client on the Graph host; RSC on 'self'.
    ["connect-src", "'self'", ...signIn, ...graph],
    // MSAL renews tokens silently in a hidden iframe sent to the sign-in host, which redirects back to the
    // redirect bridge on this origin (https://learn.microsoft.com/entra/msal/javascript/browser/redirect-bridge),
    // and CSP checks frame-src on every redirect. Demo mode frames nothing.
    ["frame-src", ...(demo ? ["'none'"] : ["'self'", ...signIn])],
    // Nothing may frame the wizard (clickjacking), except that the bridge loads inside MSAL's own iframe on our pages.
    ["frame-ancestors", bridge ? "'self'" : "'none'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    // MSAL's default authorization request is a GET navigation, not a form post (a form to the sign-in host
    // would be needed only for httpMethod POST / EAR); the wizard's own forms never submit to a server.
    ["form-action", "'self'"],
    ...(facts.https ? [["upgrade-insecure-requests"]] : []),
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

type SecurityHeaders = Record<string, string> & { "Content-Security-Policy": string };

/**
 * Every header proxy.ts sets. Header meanings: https://developer.mozilla.org/docs/Web/HTTP/Headers
 */
export function securityHeaders(config: PublicConfig, facts: RequestFacts): SecurityHeaders {
  const bridge = isRedirectBridge(config, facts.pathname);
  const headers: SecurityHeaders = {
    "Content-Security-Policy": contentSecurityPolicy(config, facts),
    // Sign-in codes arrive in the bridge's URL; no page's URL is worth sending to another site.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    // Browsers without frame-ancestors.
    "X-Frame-Options": bridge ? "SAMEORIGIN" : "DENY",
    "Permissions-Policy":
      "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
  if (bridge) {
    // MSAL v5: the bridge must not send Cross-Origin-Opener-Policy (it would cut the bridge off from the page
    // that started sign-in), and must not be cached (it handles the authorization response).
    headers["Cache-Control"] = "no-store";
  } else {
    // Every other page: no cross-origin window keeps a handle on a tab that holds tokens (MSAL's own
    // guidance sets it on every route but the bridge).
    headers["Cross-Origin-Opener-Policy"] = "same-origin";
  }
  // Browsers ignore HSTS received over plain http (https://www.rfc-editor.org/rfc/rfc6797#section-8.1); send it only over https.
  if (facts.https) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/** https when the request reached this server over TLS, or a TLS-terminating proxy in front of it says so. */
export function servedOverHttps(url: URL, forwardedProto: string | null): boolean {
  if (url.protocol === "https:") return true;
  return forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}
