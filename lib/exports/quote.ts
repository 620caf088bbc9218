/**
 * Quoting for values placed in generated scripts and config. Every value that reaches a shell,
 * PowerShell or HCL string goes through one of these.
 */

/** POSIX shell word: bare when it only has safe characters, else single-quoted ('\'' for quotes). */
export function shellQuote(value: string): string {
  if (value !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * PowerShell single-quoted string literal. Inside '…' PowerShell expands nothing; a quote is
 * written twice. PowerShell also treats the typographic quotes ‘ ’ ‚ ‛ as single quotes, so they
 * are doubled too.
 */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/**
 * HCL (Terraform) quoted string: escapes backslash, quote and control characters, and the
 * template sequences `${` and `%{` so a value is never interpolated.
 */
export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
  return `"${escaped}"`;
}
