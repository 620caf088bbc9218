/**
 * Text that may be written into a generated file (env lines, tfvars, HCL, PowerShell, shell) or a file name.
 * One definition of "unsafe": C0/C1 control characters (line breaks and tabs included), the Unicode line and
 * paragraph separators, and invisible format characters (zero-width spaces and joiners, bidirectional
 * overrides such as U+202E, the byte-order mark, tag characters). A value with any of them either gets
 * escaped by the format (HCL strings) or is refused (everything without an escape), never interpolated.
 */

/** Unicode general categories Cc (controls), Cf (format), Zl and Zp (line/paragraph separators). */
export const UNSAFE_TEXT_RE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const UNSAFE_TEXT_GLOBAL_RE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

export function hasUnsafeText(value: string): boolean {
  return UNSAFE_TEXT_RE.test(value);
}

/**
 * A value read from the tenant, made fit to show as one line of text: every unsafe character becomes U+FFFD
 * (so a right-to-left override cannot reorder what the user reads), and it is cut at `max` characters.
 */
export function visibleText(value: string, max = 200): string {
  const cleaned = value.replace(UNSAFE_TEXT_GLOBAL_RE, "\uFFFD");
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}

/**
 * Multi-line text read from the tenant (an app's notes), fit to show: line breaks stay, every other unsafe
 * character becomes U+FFFD.
 */
export function visibleLines(value: string, max = 2000): string {
  const cleaned = value.replace(UNSAFE_TEXT_GLOBAL_RE, (char) => (char === "\n" ? char : "\uFFFD"));
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}

/** A tag (or any one-line value) shown in a list: one with a line break or control character is described, never shown. */
export function visibleTag(value: string): string {
  return hasUnsafeText(value)
    ? `(a tag of ${value.length} characters with a line break or control character, not shown)`
    : visibleText(value);
}

/** "U+000A", "U+202E": how an unsafe character is named in messages (never the character itself). */
export function describeCodePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The unsafe characters of a value, named (deduplicated, in order of appearance). */
export function unsafeCharacters(value: string): string[] {
  return [...new Set([...value.matchAll(UNSAFE_TEXT_GLOBAL_RE)].map((m) => describeCodePoint(m[0])))];
}

/** Printable ASCII: U+0020 (space) to U+007E ('~'). */
const NOT_PRINTABLE_ASCII_GLOBAL_RE = /[^\u0020-\u007e]/gu;

/**
 * The characters of a value outside printable ASCII, named (deduplicated, in order of appearance): a Cyrillic 'а'
 * (U+0430) or Greek 'ο' (U+03BF) that looks like a Latin letter, a fullwidth digit ('１', U+FF11), a non-breaking
 * space (U+00A0), and every unsafe character as well.
 */
export function nonAsciiCharacters(value: string): string[] {
  return [...new Set([...value.matchAll(NOT_PRINTABLE_ASCII_GLOBAL_RE)].map((m) => describeCodePoint(m[0])))];
}

/**
 * What is wrong with a one-line value a person typed or pasted that can only be plain ASCII (ids, region codes, ARNs,
 * URLs, user names): a line break, control or invisible character, or a character that only looks like an ASCII one.
 * Both are refused, never stripped, wherever they stand (a line break at the end too). Undefined when there is none.
 * `expected` completes "type it again as …", e.g. "a GUID such as 48d31887-5fad-4d73-a9f5-3c356e68a038".
 */
export function plainAsciiProblem(what: string, value: string, expected?: string): string | undefined {
  const again = expected ? `type it again as ${expected}.` : "type it again.";
  const unsafe = unsafeCharacters(value);
  if (unsafe.length) {
    return `The ${what} contains a line break, control or invisible character (${unsafe.join(", ")}), often copied along with it: ${again}`;
  }
  const foreign = nonAsciiCharacters(value);
  if (foreign.length) {
    return `The ${what} contains ${foreign.length === 1 ? "a character" : "characters"} that only look${foreign.length === 1 ? "s" : ""} like plain letters, digits or spaces (${foreign.join(", ")}): ${again}`;
  }
  return undefined;
}

/** Thrown by a generator asked to write a value it cannot escape. The message never contains the value. */
export class UnsafeTextError extends Error {
  constructor(
    readonly what: string,
    readonly characters: string[],
  ) {
    super(`Refusing to write the ${what}: it contains a line break, control or invisible character (${characters.join(", ")}).`);
    this.name = "UnsafeTextError";
  }
}

/** Returns the value when it is safe to write; throws UnsafeTextError otherwise. */
export function assertSafeText(what: string, value: string): string {
  if (hasUnsafeText(value)) throw new UnsafeTextError(what, unsafeCharacters(value));
  return value;
}

/**
 * A download's file name: letters, digits, '.', '_' and '-' only (path separators, controls, spaces and
 * anything else become '-'), no leading dot or dash, at most 100 characters.
 */
export function safeFileName(name: string, fallback = "download.txt"): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[.-]+/, "")
    .slice(0, 100);
  return cleaned && !/^[.-]*$/.test(cleaned) ? cleaned : fallback;
}

/**
 * Pretty JSON for a download. JSON.stringify escapes C0 controls inside strings but leaves U+2028, bidirectional
 * overrides, zero-width and other invisible characters as they are; these are written as \uXXXX escapes too (still
 * the same JSON value). The only raw line breaks left are the ones between the file's own lines.
 */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(UNSAFE_TEXT_GLOBAL_RE, (char) =>
    char === "\n"
      ? char
      : char
          .split("")
          .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`)
          .join(""),
  );
  return `${text}\n`;
}
