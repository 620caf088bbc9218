import { UnsafeTextError } from "@/lib/text/safe";

/**
 * Runs a generator for a code block or download. A generator refuses (throws UnsafeTextError) a value with a
 * line break or control character rather than write it; the page then shows why instead of the file, and
 * nothing half-written can be copied.
 */
export function generated(make: () => string): string {
  try {
    return make();
  } catch (error) {
    if (error instanceof UnsafeTextError) return `# Not generated: ${error.message}`;
    throw error;
  }
}
