/**
 * The one GUID check. Microsoft's ids (object ids, client ids, app role ids, tenant ids, request ids) are written as
 * UUIDs: 32 hexadecimal digits in groups of 8-4-4-4-12, any letter case (RFC 9562 §4,
 * https://www.rfc-editor.org/rfc/rfc9562#section-4). Only ASCII digits and letters count: a fullwidth digit or a
 * Cyrillic letter that looks like one makes the value not a GUID.
 */

/** The pattern without anchors or flags, for composing larger patterns (`region:GUID`, a GUID inside text). */
export const GUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/** A whole value that is one GUID. */
export const GUID_RE = new RegExp(`^${GUID_PATTERN}$`);

export function isGuid(value: string | null | undefined): boolean {
  return typeof value === "string" && GUID_RE.test(value);
}
