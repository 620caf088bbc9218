/**
 * The pasted PowerShell output, kept in sessionStorage per application while the Teams step is open:
 * asking for Application.ReadWrite.All may send the browser to Microsoft and back, and the user should
 * not have to paste again. It holds no secret (a policy name and client ids).
 */
const KEY_PREFIX = "psoxy-teams-output:";
const MAX_CHARS = 20_000;

function store(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.sessionStorage;
  } catch {
    return undefined; // storage disabled: the draft simply is not kept
  }
}

export function loadTeamsDraft(objectId: string): string {
  const value = store()?.getItem(KEY_PREFIX + objectId);
  return typeof value === "string" && value.length <= MAX_CHARS ? value : "";
}

export function saveTeamsDraft(objectId: string, output: string): void {
  try {
    if (output && output.length <= MAX_CHARS) store()?.setItem(KEY_PREFIX + objectId, output);
    else store()?.removeItem(KEY_PREFIX + objectId);
  } catch {
    // quota or disabled storage: the draft is a convenience only
  }
}

export function clearTeamsDraft(objectId: string): void {
  try {
    store()?.removeItem(KEY_PREFIX + objectId);
  } catch {
    // ignore
  }
}
