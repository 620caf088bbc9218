import { NextResponse, type NextRequest } from "next/server";
import { readConfig } from "@/lib/config";

/**
 * The demo tenant (persona picker and simulator routes) exists only in demo
 * mode; otherwise those paths answer a plain 404 before any page renders.
 */
export function proxy(request: NextRequest) {
  if (readConfig().mode === "demo") return NextResponse.next();
  return new NextResponse(`Not found: ${request.nextUrl.pathname} exists only in demo mode.`, { status: 404 });
}

export const config = { matcher: ["/demo", "/demo/:path*", "/api/demo-tenant/:path*"] };
