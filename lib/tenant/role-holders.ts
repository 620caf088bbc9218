import { DIRECTORY_ROLES, type DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import {
  GRAPH_ERROR_CODES,
  GraphError,
  describeGraphError,
  directoryCalls,
  readBatchItem,
  toBatchItem,
  withRestOfPages,
  type DirectoryObjectRef,
  type GraphClient,
} from "@/lib/graph";
import { hasUnsafeText } from "@/lib/text/safe";

/**
 * Who holds a directory role, where the signed-in user may read it: for telling someone who lacks the role
 * (e.g. a Cloud Application Administrator on the consent page) whom to ask. One v1.0 `$batch` with one
 * `GET /directoryRoles(roleTemplateId='…')/members` per role (https://learn.microsoft.com/graph/api/directoryrole-list-members,
 * Directory.Read.All). Graph errors never throw: the answer says the holders can't be shown, in plain words.
 * Names and UPNs come from the tenant and are shown to the user, so they are validated and entries that fail are left out.
 */

interface RoleHolder {
  displayName: string;
  userPrincipalName: string;
}

type RoleHolders =
  | { status: "ok"; holders: { role: DirectoryRoleKey; users: RoleHolder[] }[] }
  | { status: "unavailable"; message: string; error?: GraphError };

export const ROLE_HOLDERS_MESSAGES = {
  scope:
    "Who holds these roles can't be shown: reading directory role members needs the Directory.Read.All permission for this wizard. Sign in again and consent, or ask an administrator.",
} as const;

/** `local@domain.tld`: one @, no spaces, a dot in the domain. */
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Generous caps: a user's displayName is at most 256 characters (https://learn.microsoft.com/graph/api/resources/user); UPNs are far shorter. */
const MAX_UPN = 256;
const MAX_NAME = 256;

/** A user from a role's member list, or null when it is not a user or a value is not fit to show. */
export function toRoleHolder(member: DirectoryObjectRef): RoleHolder | null {
  if (member.type !== null && member.type.toLowerCase() !== "user") return null;
  const upn = member.userPrincipalName;
  const name = member.displayName?.trim();
  if (!upn || upn.length > MAX_UPN || hasUnsafeText(upn) || !UPN.test(upn)) return null;
  if (!name || name.length > MAX_NAME || hasUnsafeText(name)) return null;
  return { displayName: name, userPrincipalName: upn };
}

function unavailable(error: GraphError): Extract<RoleHolders, { status: "unavailable" }> {
  if (error.status === 403 || error.code === GRAPH_ERROR_CODES.msGraphPermissionMissing) {
    return { status: "unavailable", message: ROLE_HOLDERS_MESSAGES.scope, error };
  }
  const ids = [error.code, error.requestId ? `request-id ${error.requestId}` : null].filter(Boolean).join(", ");
  return {
    status: "unavailable",
    message: `Who holds these roles could not be read (${ids}). ${describeGraphError(error).nextStep}`,
    error,
  };
}

/** The holders of each role, in the order asked (duplicates once); users sorted by display name. */
export async function readRoleHolders(client: GraphClient, roleKeys: readonly DirectoryRoleKey[]): Promise<RoleHolders> {
  const roles = [...new Set(roleKeys)];
  if (roles.length === 0) return { status: "ok", holders: [] };
  const items = roles.map((role, i) => {
    const call = directoryCalls.listRoleMembers(DIRECTORY_ROLES[role].templateId, { label: DIRECTORY_ROLES[role].displayName });
    return { role, call, item: toBatchItem(call, `r${i}`) };
  });
  try {
    const result = await client.batch(items.map((i) => i.item));
    const holders = await Promise.all(
      items.map(async ({ role, call, item }) => {
        const members = await withRestOfPages(client, call, readBatchItem(item, result.get(item.id)));
        const byUpn = new Map<string, RoleHolder>();
        for (const member of members) {
          const user = toRoleHolder(member);
          if (user && !byUpn.has(user.userPrincipalName.toLowerCase())) byUpn.set(user.userPrincipalName.toLowerCase(), user);
        }
        const users = [...byUpn.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
        return { role, users };
      }),
    );
    return { status: "ok", holders };
  } catch (error) {
    if (error instanceof GraphError) return unavailable(error);
    throw error;
  }
}
