import { DIRECTORY_ROLES, type DirectoryRoleKey, type GraphDelegatedScope } from "@/lib/connectors/microsoft-ids";

/**
 * The three user types and, for each, the delegated Graph scopes its job
 * needs and the directory roles that let it do that job. Least privilege:
 * everybody signs in with User.Read only; a job's scopes are asked for when
 * its page opens, and support never asks for a write scope.
 *
 * Sources: https://learn.microsoft.com/graph/permissions-reference and
 * the "Permissions" table of each Graph API page the job calls (application-upsert, serviceprincipal-post-approleassignedto, …).
 */
export type Job = "operator" | "consent" | "support" | "teams";

/**
 * Reading /me and /organization. The user's own directory roles need Directory.Read.All
 * (with User.Read alone Graph returns role objects without roleTemplateId), so
 * they are read with the job's scopes when a job page opens.
 */
export const SIGN_IN_SCOPES = ["User.Read"] as const satisfies readonly GraphDelegatedScope[];

/** Reading the signed-in user's own directory roles with their role template ids (read-only, every job has it). */
export const ROLE_SCOPES = ["User.Read", "Directory.Read.All"] as const satisfies readonly GraphDelegatedScope[];

interface JobSpec {
  job: Job;
  title: string;
  who: string;
  path: string;
  /** Delegated scopes asked for when the job starts, in addition to SIGN_IN_SCOPES. */
  scopes: readonly GraphDelegatedScope[];
  /** Any of these directory roles can do the whole job. */
  roles: readonly DirectoryRoleKey[];
  /** Why each scope is needed, shown to the user and in the README. */
  scopeReasons: Partial<Record<GraphDelegatedScope, string>>;
}

export const JOBS = {
  operator: {
    job: "operator",
    title: "Set up connectors",
    who: "IT admin (Cloud Application Administrator)",
    path: "/setup",
    scopes: ["Application.ReadWrite.All", "Directory.Read.All"],
    roles: ["cloudApplicationAdministrator", "applicationAdministrator", "globalAdministrator"],
    scopeReasons: {
      "Application.ReadWrite.All": "create or update the connector applications, their service principals and federated credentials",
      "Directory.Read.All": "look up owners by email, add them to the applications, and read your own directory roles",
    },
  },
  consent: {
    job: "consent",
    title: "Grant admin consent",
    who: "Privileged Role Administrator or Global Administrator",
    path: "/consent",
    // Reading only; the write scope (CONSENT_GRANT_SCOPES) is asked for when the admin grants or removes.
    scopes: ["Application.Read.All", "Directory.Read.All"],
    roles: ["privilegedRoleAdministrator", "globalAdministrator"],
    scopeReasons: {
      "Application.Read.All": "read the connector applications and the Microsoft Graph permissions they request",
      "Directory.Read.All":
        "read your own directory roles (Graph hides role ids from User.Read alone) and who holds the roles that can grant",
    },
  },
  support: {
    job: "support",
    title: "Check connector status",
    who: "Support (read-only, e.g. Global Reader)",
    path: "/status",
    scopes: ["Application.Read.All", "Directory.Read.All", "AuditLog.Read.All"],
    roles: [
      "globalReader",
      "globalAdministrator",
      "cloudApplicationAdministrator",
      "applicationAdministrator",
      "privilegedRoleAdministrator",
    ],
    scopeReasons: {
      "Application.Read.All": "read the connector applications, service principals and granted permissions",
      "Directory.Read.All": "read owners, your own directory roles and the directory objects the status board names",
      // https://learn.microsoft.com/graph/api/reportroot-list-serviceprincipalsigninactivities (beta), https://learn.microsoft.com/graph/api/signin-list
      "AuditLog.Read.All":
        "read the connectors' sign-ins (last sign-in, recent failures); works only with Reports Reader, Security Reader or Global Reader",
    },
  },
  teams: {
    job: "teams",
    title: "Allow Teams meetings",
    who: "Teams Administrator",
    path: "/teams",
    // Reading only. Recording the verification on the application needs Application.ReadWrite.All
    // (https://learn.microsoft.com/graph/api/application-update#permissions): TEAMS_RECORD_SCOPES,
    // asked for only when the user presses "Record verification".
    scopes: ["Application.Read.All", "Directory.Read.All"],
    // Teams Administrator runs the Teams PowerShell cmdlets (psoxy's msft-teams external_todo);
    // Global Administrator holds every Teams Administrator permission.
    roles: ["teamsAdministrator", "globalAdministrator"],
    scopeReasons: {
      "Application.Read.All": "read the Teams connector application: its client id and the verification recorded on it",
      "Directory.Read.All": "read your own directory roles and the application's owners",
    },
  },
} as const satisfies Record<Job, JobSpec>;

/**
 * Recording the Teams verification as a tag on the connector's application: asked for on demand.
 * Graph then lets owners of the application and application administrators write
 * (https://learn.microsoft.com/graph/api/application-update#permissions).
 */
export const TEAMS_RECORD_SCOPES = ["User.Read", "Application.ReadWrite.All"] as const satisfies readonly GraphDelegatedScope[];

/**
 * Granting or removing Microsoft Graph application permissions: asked for only when the consent admin
 * presses Grant or Remove (https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto#permissions).
 */
export const CONSENT_GRANT_SCOPES = [
  "User.Read",
  "Application.Read.All",
  "Directory.Read.All",
  "AppRoleAssignment.ReadWrite.All",
] as const satisfies readonly GraphDelegatedScope[];
export const CONSENT_GRANT_REASON =
  "grant exactly the Microsoft Graph application permissions that are missing (asked for when you press Grant)";

export type JobAccess =
  { kind: "allowed"; viaRole: DirectoryRoleKey } | { kind: "limited"; message: string } | { kind: "denied"; message: string };

const roleNames = (keys: readonly DirectoryRoleKey[]) => keys.map((key) => DIRECTORY_ROLES[key].displayName);

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** What the signed-in user's roles let them do for a job. Pure: roles in, verdict out. */
export function jobAccess(job: Job, roles: readonly DirectoryRoleKey[]): JobAccess {
  const spec: JobSpec = JOBS[job];
  const viaRole = spec.roles.find((role) => roles.includes(role));
  if (viaRole) return { kind: "allowed", viaRole };
  const needed = orList(roleNames(spec.roles.slice(0, 2)));
  switch (job) {
    case "operator":
      if (isReadOnlyReader(roles)) {
        return {
          kind: "limited",
          message:
            "Global Reader is read-only, and this page changes your tenant. The status board shows the true state of every connector and who must fix what.",
        };
      }
      return {
        kind: "limited",
        message: `You have no role that can create applications (${needed}). You can still finish connectors whose applications another admin created and made you an owner of; for new ones, ask a Global Administrator or Privileged Role Administrator to assign you Cloud Application Administrator.`,
      };
    case "consent":
      return {
        kind: "denied",
        message: `Granting Microsoft Graph application permissions needs ${needed}. Send this page's link to someone with one of those roles, or ask to be assigned one.`,
      };
    case "support":
      return {
        kind: "limited",
        message:
          "You have no directory role. You can read what the tenant lets every member read; Global Reader shows everything the status board checks.",
      };
    case "teams":
      return {
        kind: "limited",
        message: `Running the Teams PowerShell script needs ${needed}. You can still read the script here and send this page's link to a Teams Administrator.`,
      };
  }
}

/** Support staff: a reader role and no role that writes applications or grants. Sent to the status board, never into setup. */
export function isReadOnlyReader(roles: readonly DirectoryRoleKey[]): boolean {
  const writers: readonly DirectoryRoleKey[] = [...JOBS.operator.roles, ...JOBS.consent.roles, "applicationDeveloper"];
  return roles.includes("globalReader") && !roles.some((role) => writers.includes(role));
}

export function scopesForJob(job: Job): string[] {
  return [...SIGN_IN_SCOPES, ...JOBS[job].scopes];
}
