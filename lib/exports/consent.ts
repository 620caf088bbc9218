/** Admin consent link: Psoxy's consent TODO link (infra/modules/entra-grant-all-users). */
/**
 * The Entra portal's "API permissions" page of the app, where an admin clicks "Grant admin consent"
 * (psoxy's consent TODO link [grant]). Takes the client id (appId), not the object id.
 */
export function adminConsentPortalUrl(clientId: string): string {
  return `https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/${encodeURIComponent(clientId)}/isMSAApp~/false`;
}
