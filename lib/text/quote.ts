/**
 * Quoting for values placed in generated scripts and config. Every value that reaches a shell,
 * PowerShell or HCL string goes through one of these. Line breaks, control and invisible characters
 * (see ./safe) are escaped where the format has an escape (HCL) and refused where it has none (shell,
 * PowerShell single-quoted strings): a refused value throws UnsafeTextError, it is never written.
 */
import { assertSafeText, UNSAFE_TEXT_RE } from "./safe";

/**
 * POSIX shell word: bare when it only has safe characters, else single-quoted ('\'' for quotes).
 * Refuses control and invisible characters: inside '…' a line break would survive, but a pasted
 * command would then span lines the reader does not see.
 */
export function shellQuote(value: string): string {
  assertSafeText("shell argument", value);
  if (value !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * PowerShell single-quoted string literal. Inside '…' PowerShell expands nothing; a quote is
 * written twice. PowerShell also treats the typographic quotes ‘ ’ ‚ ‛ as single quotes, so they
 * are doubled too.
 */
export function powershellQuote(value: string): string {
  assertSafeText("PowerShell string", value);
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

const UNSAFE_TEXT_GLOBAL = new RegExp(UNSAFE_TEXT_RE.source, "gu");

/** HCL's escape for one character: \n \r \t, else \uNNNN (or \UNNNNNNNN beyond the BMP). */
function hclEscape(char: string): string {
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  if (char === "\t") return "\\t";
  const code = char.codePointAt(0) ?? 0;
  return code > 0xffff
    ? `\\U${code.toString(16).toUpperCase().padStart(8, "0")}`
    : `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * HCL (Terraform) quoted string: escapes backslash, quote, every control, line-separator and invisible
 * format character (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences),
 * and the template sequences `${` and `%{` so a value is never interpolated.
 */
export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(UNSAFE_TEXT_GLOBAL, hclEscape)
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
  return `"${escaped}"`;
}

/** A `# …` comment line of HCL (or shell, PowerShell): refuses what would end the line early. */
export function commentLine(text: string): string {
  return `# ${assertSafeText("comment", text)}`;
}

/** One `KEY=value` line of an environment file: there is no escape for a line break, so it is refused. */
export function envLine(key: string, value: string): string {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) throw new Error(`envLine: '${key}' is not an environment variable name.`);
  return `${key}=${assertSafeText(`value of ${key}`, value)}`;
}
