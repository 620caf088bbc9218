/**
 * What MSAL's browser cache says without loading MSAL: whether this page load has sign-in work for it. The light
 * tenant session (components/auth/lazy-msal-session.tsx) loads MSAL only then, when the user presses Sign in, or when
 * a job page opens.
 *
 * The key names are msal-browser v5's (https://github.com/AzureAD/microsoft-authentication-library-for-js,
 * lib/msal-browser/src/cache/CacheKeys.ts and BrowserConstants.ts `TemporaryCacheKeys`); only names and the list of
 * account keys are read, never a token or an account record.
 */

/** The part of Web Storage read here (sessionStorage in the browser, a stand-in in tests). */
export type StorageKeys = Pick<Storage, "length" | "key" | "getItem">;

/** `msal.<schema>.account.keys`: the JSON list of cached account keys (`msal.account.keys` before schema versions). */
const ACCOUNT_KEYS = /^msal\.(\d+\.)?account\.keys$/;
/** `msal.interaction.status`: a redirect (sign-in, consent, sign-out) started in this tab and not yet handled. */
const INTERACTION_STATUS = "msal.interaction.status";

function keysOf(storage: StorageKeys): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    if (key !== null) keys.push(key);
  }
  return keys;
}

function holdsAccountList(value: string | null): boolean {
  if (!value) return false;
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list) && list.length > 0;
  } catch {
    // Unreadable: let MSAL decide (it repairs or drops its own cache).
    return true;
  }
}

/**
 * True when MSAL has something to do on this page load: an account is cached (a signed-in user comes back; their name
 * is shown), the wizard's active account is set, or a redirect is in progress or returning (the redirect bridge left
 * the response under `msal.<clientId>.urlHash`).
 */
export function msalCacheNeedsLibrary(storage: StorageKeys, clientId: string): boolean {
  const ownPrefix = `msal.${clientId}.`;
  return keysOf(storage).some(
    (key) =>
      key === INTERACTION_STATUS ||
      key === `${ownPrefix}urlHash` ||
      key === `${ownPrefix}active-account-filters` ||
      (ACCOUNT_KEYS.test(key) && holdsAccountList(storage.getItem(key))),
  );
}

/** The same question of the browser's sessionStorage (MSAL's cache location here); false where it cannot be read. */
export function browserMsalCacheNeedsLibrary(clientId: string): boolean {
  try {
    return msalCacheNeedsLibrary(window.sessionStorage, clientId);
  } catch {
    return false;
  }
}
