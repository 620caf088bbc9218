import "server-only";
import { readConfig } from "@/lib/config";
import { demoTenantResponse } from "@/lib/demo/tenant";

/** The demo tenant over HTTP. Demo mode only (proxy.ts answers 404 first; this is the second lock). */
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ path: string[] }> };

async function handle(request: Request, context: Context): Promise<Response> {
  if (readConfig().mode !== "demo") return new Response("Not found", { status: 404 });
  const { path } = await context.params;
  return demoTenantResponse(request, path);
}

export { handle as GET, handle as POST, handle as PATCH, handle as PUT, handle as DELETE, handle as OPTIONS };
