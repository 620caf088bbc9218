import { NextResponse, type NextRequest } from "next/server";
import { readConfig } from "@/lib/config";
import { newNonce, securityHeaders, servedOverHttps } from "@/lib/security/headers";

/** The demo tenant's persona picker and simulator routes. */
const DEMO_ONLY = /^\/(demo|api\/demo-tenant)(\/|$)/;

/**
 * Every response gets the security headers (lib/security/headers.ts) with a fresh CSP nonce, which Next.js
 * reads from the request's Content-Security-Policy header and puts on its own scripts
 * (https://nextjs.org/docs/app/guides/content-security-policy). The demo tenant (persona picker and
 * simulator routes) exists only in demo mode; otherwise those paths answer a plain 404 before any page renders.
 */
export function proxy(request: NextRequest) {
  const wizard = readConfig();
  const nonce = newNonce();
  const { pathname } = request.nextUrl;
  const headers = securityHeaders(wizard, {
    nonce,
    pathname,
    https: servedOverHttps(request.nextUrl, request.headers.get("x-forwarded-proto")),
  });

  let response: NextResponse;
  if (wizard.mode !== "demo" && DEMO_ONLY.test(pathname)) {
    response = new NextResponse(`Not found: ${pathname} exists only in demo mode.`, { status: 404 });
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set("content-security-policy", headers["Content-Security-Policy"]);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Everything but the build's immutable files (scripts, CSS, fonts are checked by the page's policy).
export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
