/**
 * Admin consent links: Psoxy's consent TODO link (infra/modules/entra-grant-all-users) and Entra's admin consent
 * endpoint (https://learn.microsoft.com/entra/identity-platform/v2-admin-consent).
 */
import { TOKEN_SCOPE } from "./identity";

/**
 * The Entra portal's "API permissions" page of the app, where an admin clicks "Grant admin consent"
 * (psoxy's consent TODO link [grant]). Takes the client id (appId), not the object id.
 */
export function adminConsentPortalUrl(clientId: string): string {
  return `https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/${encodeURIComponent(clientId)}/isMSAApp~/false`;
}

const MULTI_TENANT_ALIASES = new Set(["common", "organizations", "consumers"]);

/**
 * v2 admin consent URL [v2ac]: app permissions need scope `https://graph.microsoft.com/.default`;
 * the tenant must be the customer's tenant id or domain, never `common`/`organizations`.
 * `redirectUri` must exactly match one registered on the app (psoxy registers none [conn]).
 * On return, don't trust the `tenant` query parameter for authorization [v2ac].
 */
export function adminConsentUrl(input: {
  tenantId: string;
  clientId: string;
  redirectUri?: string;
  state?: string;
}): string {
  const tenant = input.tenantId.trim();
  if (!tenant || MULTI_TENANT_ALIASES.has(tenant.toLowerCase())) {
    throw new Error(`Admin consent needs the customer's tenant id, not '${tenant}'.`);
  }
  const params = new URLSearchParams({ client_id: input.clientId, scope: TOKEN_SCOPE });
  if (input.redirectUri) params.set("redirect_uri", input.redirectUri);
  if (input.state) params.set("state", input.state);
  return `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/v2.0/adminconsent?${params.toString()}`;
}
