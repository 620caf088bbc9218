import { DIRECTORY_ROLES, MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import { base64UrlEncode, utf8 } from "./encoding";
import { signJwt } from "./jwt";
import type { IdSource } from "./random";
import { sha256 } from "./sha256";
import type { SimAccount, UserRecord } from "./types";

/**
 * Token contents follow the claims references:
 * access tokens https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 * (Graph receives v1.0-format tokens: iss sts.windows.net, aud https://graph.microsoft.com),
 * ID tokens https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference.
 */

export const ACCESS_TOKEN_LIFETIME_S = 3599;
const KEY_ID = "sim-hs256";
export const GRAPH_AUDIENCES = new Set(["https://graph.microsoft.com", "https://graph.microsoft.com/", MICROSOFT_GRAPH_APP_ID]);
/** Template id of the default "User" role every member carries in `wids`. */
const MEMBER_ROLE_TEMPLATE_ID = "b79fbf4d-3ef9-4689-8143-76b194e85509";

export interface TokenSubject {
  user: UserRecord;
  tenantId: string;
}

interface TokenContext {
  secret: Uint8Array;
  ids: IdSource;
  nowMs: number;
  /** Records every access token minted, so the simulator can revoke them later. */
  ledger?: TokenLedger;
}

/** Why Graph refuses a token that is still within its lifetime. */
export interface Revocation {
  /** Epoch seconds: tokens must be issued after this (the `nbf` a claims challenge asks for). */
  revokedAtS: number;
  /** Answer with a continuous access evaluation claims challenge instead of a plain 401. */
  claimsChallenge: boolean;
}

/**
 * Access tokens the simulator minted, in issue order, and revocations per user. A revocation refuses every
 * token issued to the user before it, however recent (an issue-order number, not the clock, decides, so a token
 * minted in the same millisecond after the revocation is valid). Models a server-side revocation such as a
 * continuous access evaluation critical event (https://learn.microsoft.com/entra/identity/conditional-access/concept-continuous-access-evaluation).
 */
export class TokenLedger {
  private serial = 0;
  private readonly issued = new Map<string, number>();
  private readonly revoked = new Map<string, Revocation & { through: number }>();

  issue(uti: string): void {
    this.issued.set(uti, ++this.serial);
  }

  revoke(userId: string, atMs: number, claimsChallenge: boolean): void {
    this.revoked.set(userId.toLowerCase(), { through: this.serial, revokedAtS: Math.ceil(atMs / 1000), claimsChallenge });
  }

  /** The revocation that refuses this token, or null when it stands. Tokens the ledger never saw are not refused here. */
  revocationOf(claims: Record<string, unknown>): Revocation | null {
    const oid = typeof claims.oid === "string" ? claims.oid.toLowerCase() : "";
    const serial = typeof claims.uti === "string" ? this.issued.get(claims.uti) : undefined;
    const revocation = this.revoked.get(oid);
    if (!revocation || serial === undefined || serial > revocation.through) return null;
    return { revokedAtS: revocation.revokedAtS, claimsChallenge: revocation.claimsChallenge };
  }
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Pairwise `sub`: stable per user and client. */
function pairwiseSubject(objectId: string, clientId: string): string {
  return base64UrlEncode(sha256(utf8(`${objectId}|${clientId}`))).slice(0, 43);
}

export function accessToken(ctx: TokenContext, subject: TokenSubject, clientId: string, scopes: readonly string[]): string {
  const iat = seconds(ctx.nowMs);
  const { user, tenantId } = subject;
  const claims = {
    aud: "https://graph.microsoft.com",
    iss: `https://sts.windows.net/${tenantId}/`,
    iat,
    nbf: iat,
    exp: iat + ACCESS_TOKEN_LIFETIME_S,
    acct: 0,
    acr: "1",
    amr: ["pwd", "mfa"],
    appid: clientId,
    appidacr: "0",
    family_name: user.surname ?? undefined,
    given_name: user.givenName ?? undefined,
    idtyp: "user",
    name: user.displayName,
    oid: user.id,
    scp: scopes.join(" "),
    sub: pairwiseSubject(user.id, MICROSOFT_GRAPH_APP_ID),
    tid: tenantId,
    unique_name: user.userPrincipalName,
    upn: user.userPrincipalName,
    uti: ctx.ids.token(22),
    ver: "1.0",
    wids: [...user.roles.map((r) => DIRECTORY_ROLES[r].templateId), MEMBER_ROLE_TEMPLATE_ID],
  };
  ctx.ledger?.issue(claims.uti);
  return signJwt(claims, ctx.secret, KEY_ID);
}

export function idToken(ctx: TokenContext, subject: TokenSubject, clientId: string, extra: { nonce?: string; sid?: string }): string {
  const iat = seconds(ctx.nowMs);
  const { user, tenantId } = subject;
  const claims = {
    aud: clientId,
    iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + 3600,
    name: user.displayName,
    nonce: extra.nonce,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    // Real login_hint claims are opaque; the simulator resolves this one on prompt=none.
    login_hint: user.userPrincipalName,
    sid: extra.sid,
    sub: pairwiseSubject(user.id, clientId),
    tid: tenantId,
    uti: ctx.ids.token(22),
    ver: "2.0",
  };
  return signJwt(claims, ctx.secret, KEY_ID);
}

/** `client_info`: base64url of {"uid","utid"} (what MSAL builds homeAccountId from). */
export function clientInfo(subject: TokenSubject): string {
  return base64UrlEncode(JSON.stringify({ uid: subject.user.id, utid: subject.tenantId }));
}

export function simAccount(subject: TokenSubject): SimAccount {
  return {
    name: subject.user.displayName,
    username: subject.user.userPrincipalName,
    tenantId: subject.tenantId,
    objectId: subject.user.id,
    homeAccountId: `${subject.user.id}.${subject.tenantId}`,
    localAccountId: subject.user.id,
    environment: "login.windows.net",
  };
}
