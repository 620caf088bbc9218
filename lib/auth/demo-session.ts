import type { SignedInAccount, TokenOptions } from "./session";

/**
 * The demo tenant's sign-in: the persona picker stands in for Microsoft's
 * sign-in page and the simulator mints the tokens. Kept in sessionStorage like
 * MSAL's cache, so closing the tab signs out.
 */
const DEMO_API = "/api/demo-tenant";
const STORAGE_KEY = "psoxy-wizard.demo-session";

export interface DemoPersona {
  id: string;
  displayName: string;
  userPrincipalName: string;
  description: string;
  roles: string[];
}

interface StoredToken {
  scopes: string[];
  accessToken: string;
  expiresAt: number;
}

interface StoredSession {
  personaId: string;
  account: SignedInAccount;
  tokens: StoredToken[];
}

class DemoSessionError extends Error {
  constructor(
    message: string,
    readonly errorCode: string,
  ) {
    super(message);
    this.name = "DemoSessionError";
  }
}

function load(storage: Storage): StoredSession | null {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

async function mint(
  personaId: string,
  scopes: readonly string[],
): Promise<{ accessToken: string; expiresIn: number; account: SignedInAccount }> {
  const response = await fetch(`${DEMO_API}/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ personaId, scopes }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    error?: string;
    error_description?: string;
    accessToken?: string;
    expiresIn?: number;
    account?: SignedInAccount;
  };
  if (!response.ok || !body.accessToken || !body.account) {
    throw new DemoSessionError(body.error_description ?? `The demo tenant answered ${response.status}.`, body.error ?? "demo_error");
  }
  return { accessToken: body.accessToken, expiresIn: body.expiresIn ?? 3600, account: body.account };
}

export async function listDemoPersonas(): Promise<DemoPersona[]> {
  const response = await fetch(`${DEMO_API}/personas`);
  if (!response.ok) throw new DemoSessionError(`The demo tenant answered ${response.status}.`, "demo_unavailable");
  return (await response.json()) as DemoPersona[];
}

export function demoAccount(storage: Storage): SignedInAccount | null {
  return load(storage)?.account ?? null;
}

export async function demoSignIn(storage: Storage, personaId: string, scopes: readonly string[]): Promise<SignedInAccount> {
  const { accessToken, expiresIn, account } = await mint(personaId, scopes);
  const session: StoredSession = {
    personaId,
    account,
    tokens: [{ scopes: [...scopes], accessToken, expiresAt: Date.now() + expiresIn * 1000 }],
  };
  storage.setItem(STORAGE_KEY, JSON.stringify(session));
  return account;
}

export function demoSignOut(storage: Storage): void {
  storage.removeItem(STORAGE_KEY);
}

/** A token for these scopes: cached, or minted; `forceRefresh` (Graph refused the cached one) mints a new one and drops the old. */
export async function demoAccessToken(storage: Storage, scopes: readonly string[], options: TokenOptions = {}): Promise<string> {
  const session = load(storage);
  if (!session) throw new DemoSessionError("You are signed out of the demo tenant.", "no_account");
  const covers = (token: StoredToken) => scopes.every((scope) => token.scopes.includes(scope));
  const renew = options.forceRefresh === true || options.claims !== undefined;
  const cached = renew ? undefined : session.tokens.find((token) => covers(token) && token.expiresAt > Date.now() + 60_000);
  if (cached) return cached.accessToken;
  const { accessToken, expiresIn } = await mint(session.personaId, scopes);
  const kept = session.tokens.filter((token) => token.expiresAt > Date.now() && !(renew && covers(token)));
  session.tokens = [...kept, { scopes: [...scopes], accessToken, expiresAt: Date.now() + expiresIn * 1000 }];
  storage.setItem(STORAGE_KEY, JSON.stringify(session));
  return accessToken;
}

/**
 * Only paths of this app: never send the user to another origin after sign-in ("//x", "/\\x", control
 * characters…). The value must be a path ("/…", not "//" or "/\\"), and so must what the URL parser makes of it:
 * "/.//evil.example" resolves to the path "//evil.example", which a router would treat as a protocol-relative URL
 * to another host.
 */
export function safeReturnTo(value: string | null, origin: string): string {
  if (!value) return "/";
  const offSite = (path: string) => !path.startsWith("/") || /^[/\\]{2}/.test(path) || /[\u0000-\u001f\u007f]/.test(path);
  if (offSite(value)) return "/";
  try {
    const url = new URL(value, origin);
    if (url.origin !== origin) return "/";
    const path = `${url.pathname}${url.search}${url.hash}`;
    return offSite(path) ? "/" : path;
  } catch {
    return "/";
  }
}
