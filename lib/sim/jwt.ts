import { base64UrlDecode, base64UrlEncode, bytesEqual, fromUtf8, utf8 } from "./encoding";
import { hmacSha256 } from "./sha256";

/**
 * Compact JWS with HS256 (RFC 7515/7518). Real Entra signs with RS256; MSAL
 * only parses tokens, and Graph in the simulator verifies with the per-sim
 * secret, so a token from another simulator instance fails verification.
 */

type JwtClaims = Record<string, unknown>;

export function signJwt(claims: JwtClaims, secret: Uint8Array, keyId: string): string {
  const header = base64UrlEncode(JSON.stringify({ typ: "JWT", alg: "HS256", kid: keyId }));
  const payload = base64UrlEncode(JSON.stringify(claims));
  const signature = base64UrlEncode(hmacSha256(secret, utf8(`${header}.${payload}`)));
  return `${header}.${payload}.${signature}`;
}

type JwtCheck = { ok: true; claims: JwtClaims } | { ok: false; reason: "malformed" | "signature" };

function parseJsonObject(part: string): JwtClaims | null {
  const bytes = base64UrlDecode(part);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(fromUtf8(bytes));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as JwtClaims) : null;
  } catch {
    return null;
  }
}

/** Parses without verifying (what MSAL does with id tokens). */
export function decodeJwt(token: string): JwtClaims | null {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return null;
  return parseJsonObject(parts[1]);
}

export function verifyJwt(token: string, secret: Uint8Array): JwtCheck {
  const parts = token.split(".");
  const [headerPart, payloadPart, signaturePart] = parts;
  if (parts.length !== 3 || !headerPart || !payloadPart || signaturePart === undefined) return { ok: false, reason: "malformed" };
  const header = parseJsonObject(headerPart);
  const claims = parseJsonObject(payloadPart);
  const signature = base64UrlDecode(signaturePart);
  if (!header || !claims || !signature) return { ok: false, reason: "malformed" };
  if (header.alg !== "HS256") return { ok: false, reason: "signature" };
  const expected = hmacSha256(secret, utf8(`${headerPart}.${payloadPart}`));
  return bytesEqual(expected, signature) ? { ok: true, claims } : { ok: false, reason: "signature" };
}
