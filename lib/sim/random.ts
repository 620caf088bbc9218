/** Seeded pseudo-random numbers (mulberry32) so fault injection and generated ids repeat run to run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface IdSource {
  /** A version-4-shaped GUID. */
  guid(): string;
  /** `length` characters of base64url alphabet. */
  token(length: number): string;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function seededIds(seed: number): IdSource {
  const next = mulberry32(seed);
  const hex = (count: number) => Array.from({ length: count }, () => Math.floor(next() * 16).toString(16)).join("");
  return {
    guid: () => {
      const variant = "89ab"[Math.floor(next() * 4)] ?? "8";
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
    },
    token: (length) => Array.from({ length }, () => ALPHABET[Math.floor(next() * 64)] ?? "A").join(""),
  };
}
