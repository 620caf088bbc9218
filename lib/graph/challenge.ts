/**
 * Reading a 401's `WWW-Authenticate` header. Graph refuses an expired or revoked token with 401; a client that
 * declared the CP1 capability may get a continuous access evaluation claims challenge there:
 * `Bearer realm="", authorization_uri="…", error="insufficient_claims", claims="<base64 JSON>"`
 * (https://learn.microsoft.com/entra/identity-platform/claims-challenge). MSAL.js takes the decoded JSON as the
 * `claims` of the next token request (https://learn.microsoft.com/entra/identity-platform/app-resilience-continuous-access-evaluation).
 */

interface AuthChallenge {
  /** The `error` parameter, e.g. `insufficient_claims`. */
  error?: string;
  /** The decoded claims request (JSON text) of a claims challenge. */
  claims?: string;
}

/** Parameters of the Bearer challenge (`name="value"` or `name=token`), lower-cased names. */
function challengeParameters(header: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const match of header.matchAll(pattern)) {
    const name = match[1]!.toLowerCase();
    if (!params.has(name)) params.set(name, (match[2] ?? match[3] ?? "").replace(/\\(.)/g, "$1"));
  }
  return params;
}

/** base64 (or base64url) to UTF-8 text; undefined when it is not valid base64 or not UTF-8. */
function decodeBase64(value: string): string | undefined {
  const normalized = value.trim().replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized)) return undefined;
  try {
    const binary = atob(normalized + "=".repeat((4 - (normalized.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** What a 401's WWW-Authenticate asks for; `claims` only for a well-formed claims challenge. */
export function readAuthChallenge(header: string | null | undefined): AuthChallenge {
  if (!header || !/^\s*Bearer\b/i.test(header)) return {};
  const params = challengeParameters(header.replace(/^\s*Bearer\s*/i, ""));
  const error = params.get("error");
  const raw = params.get("claims");
  if (error !== "insufficient_claims" || !raw) return error ? { error } : {};
  const claims = decodeBase64(raw);
  if (claims === undefined) return { error };
  try {
    JSON.parse(claims);
  } catch {
    return { error };
  }
  return { error, claims };
}
