import { describe, expect, it } from "vitest";
import { base64UrlDecode, base64UrlEncode, fromUtf8, utf8 } from "./encoding";
import { decodeJwt, signJwt, verifyJwt } from "./jwt";
import { pkceMatches } from "./login";
import { mulberry32, seededIds } from "./random";
import { hmacSha256, sha256 } from "./sha256";

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

describe("sha256 / hmac", () => {
  it("matches the FIPS 180-2 test vectors", () => {
    expect(toHex(sha256(utf8("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(toHex(sha256(utf8("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(toHex(sha256(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("matches RFC 4231 test case 2", () => {
    expect(toHex(hmacSha256(utf8("Jefe"), utf8("what do ya want for nothing?")))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("verifies the RFC 7636 appendix B PKCE example and rejects another verifier", () => {
    const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    expect(pkceMatches("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", challenge, "S256")).toBe(true);
    expect(pkceMatches("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXx", challenge, "S256")).toBe(false);
  });
});

describe("base64url", () => {
  it("round-trips text and bytes", () => {
    const text = '{"uid":"ü","x":"?>"}';
    const encoded = base64UrlEncode(text);
    expect(encoded).not.toMatch(/[+/=]/);
    const decoded = base64UrlDecode(encoded);
    expect(decoded && fromUtf8(decoded)).toBe(text);
    expect(base64UrlDecode("not base64!")).toBeNull();
  });
});

describe("jwt", () => {
  const secret = utf8("a".repeat(32));

  it("signs and verifies HS256, and rejects a different secret or a tampered payload", () => {
    const token = signJwt({ sub: "x", n: 1 }, secret, "k");
    expect(verifyJwt(token, secret)).toEqual({ ok: true, claims: { sub: "x", n: 1 } });
    expect(verifyJwt(token, utf8("b".repeat(32)))).toEqual({ ok: false, reason: "signature" });
    const [h, , s] = token.split(".");
    const forged = `${h}.${base64UrlEncode(JSON.stringify({ sub: "y", n: 1 }))}.${s}`;
    expect(verifyJwt(forged, secret)).toEqual({ ok: false, reason: "signature" });
    expect(verifyJwt("abc", secret)).toEqual({ ok: false, reason: "malformed" });
    expect(decodeJwt(token)).toEqual({ sub: "x", n: 1 });
  });
});

describe("seeded randomness", () => {
  it("repeats for a seed and differs across seeds", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    const guid = seededIds(1).guid();
    expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seededIds(1).guid()).toBe(guid);
  });
});
