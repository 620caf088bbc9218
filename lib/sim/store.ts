import { DIRECTORY_ROLES, type DirectoryRoleKey } from "@/lib/connectors/microsoft-ids";
import { microsoftGraphServicePrincipal } from "./graph-catalog";
import { ROLE_DESCRIPTIONS } from "./personas";
import type {
  ApplicationRecord,
  AppRoleAssignmentRecord,
  DirectoryAuditRecord,
  DirectoryRoleRecord,
  FederatedIdentityCredentialRecord,
  OAuth2PermissionGrantRecord,
  ServicePrincipalRecord,
  SignInRecord,
  SimStateSnapshot,
  UserRecord,
} from "./types";

/**
 * The directory of one simulated tenant. Every object keeps its versions with
 * the sim time they were written, so reads can look at the directory "as of"
 * a moment: Graph's eventual consistency means a read may hit a replica that
 * has not seen the latest write yet
 * (https://learn.microsoft.com/graph/api/resources/directoryobject —
 * "replication delay"; reference §5 "Just after create").
 * - `view(now - replicationDelay)`: what reads, lists, filters and references see.
 * - `latest()`: what alternate-key upserts and uniqueness checks see.
 */

interface Version<T> {
  at: number;
  value: T | null;
}

/** Seeded objects are visible at any cutoff. */
export const ALWAYS = Number.NEGATIVE_INFINITY;

class VersionedTable<T extends { id: string }> {
  private readonly rows = new Map<string, Version<T>[]>();

  put(value: T, at: number): void {
    const versions = this.rows.get(value.id);
    if (versions) versions.push({ at, value });
    else this.rows.set(value.id, [{ at, value }]);
  }

  remove(id: string, at: number): void {
    this.rows.get(id)?.push({ at, value: null });
  }

  /** The newest version written at or before `cutoff`, unless that version is a deletion. */
  get(id: string, cutoff: number): T | undefined {
    const versions = this.rows.get(id);
    if (!versions) return undefined;
    for (let i = versions.length - 1; i >= 0; i--) {
      const version = versions[i];
      if (version && version.at <= cutoff) return version.value ?? undefined;
    }
    return undefined;
  }

  /** Objects in creation order. */
  list(cutoff: number): T[] {
    const out: T[] = [];
    for (const id of this.rows.keys()) {
      const value = this.get(id, cutoff);
      if (value) out.push(value);
    }
    return out;
  }
}

const lower = (s: string) => s.toLowerCase();

/** A read-only look at the directory as of `cutoff`. */
export class DirectoryView {
  constructor(
    private readonly dir: TenantDirectory,
    readonly cutoff: number,
  ) {}

  applications(): ApplicationRecord[] {
    return this.dir.applications.list(this.cutoff);
  }
  application(id: string): ApplicationRecord | undefined {
    return this.dir.applications.get(lower(id), this.cutoff);
  }
  applicationByAppId(appId: string): ApplicationRecord | undefined {
    return this.applications().find((a) => lower(a.appId) === lower(appId));
  }
  applicationByUniqueName(uniqueName: string): ApplicationRecord | undefined {
    return this.applications().find((a) => a.uniqueName !== null && lower(a.uniqueName) === lower(uniqueName));
  }
  servicePrincipals(): ServicePrincipalRecord[] {
    return this.dir.servicePrincipals.list(this.cutoff);
  }
  servicePrincipal(id: string): ServicePrincipalRecord | undefined {
    return this.dir.servicePrincipals.get(lower(id), this.cutoff);
  }
  servicePrincipalByAppId(appId: string): ServicePrincipalRecord | undefined {
    return this.servicePrincipals().find((sp) => lower(sp.appId) === lower(appId));
  }
  federatedIdentityCredentials(applicationId: string): FederatedIdentityCredentialRecord[] {
    return this.dir.federatedIdentityCredentials.list(this.cutoff).filter((f) => f.applicationId === applicationId);
  }
  appRoleAssignments(): AppRoleAssignmentRecord[] {
    return this.dir.appRoleAssignments.list(this.cutoff);
  }
  oauth2PermissionGrants(): OAuth2PermissionGrantRecord[] {
    return this.dir.oauth2PermissionGrants.list(this.cutoff);
  }
  users(): UserRecord[] {
    return this.dir.users.list(this.cutoff);
  }
  /** By object id or userPrincipalName (case-insensitive), as `/users/{id | userPrincipalName}`. */
  user(idOrUpn: string): UserRecord | undefined {
    const key = lower(idOrUpn);
    return this.dir.users.get(key, this.cutoff) ?? this.users().find((u) => lower(u.userPrincipalName) === key);
  }
}

interface TenantInfo {
  tenantId: string;
  domain: string;
  displayName: string;
  graphServicePrincipalId: string;
  createdDateTime: string;
}

export interface TenantSettings {
  /** authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps */
  allowedToCreateApps: boolean;
  /** Microsoft Entra ID P1/P2: sign-in logs and usage reports are readable through Graph only with it. */
  premiumLicense: boolean;
}

export class TenantDirectory {
  readonly applications = new VersionedTable<ApplicationRecord>();
  readonly servicePrincipals = new VersionedTable<ServicePrincipalRecord>();
  readonly federatedIdentityCredentials = new VersionedTable<FederatedIdentityCredentialRecord>();
  readonly appRoleAssignments = new VersionedTable<AppRoleAssignmentRecord>();
  readonly oauth2PermissionGrants = new VersionedTable<OAuth2PermissionGrantRecord>();
  readonly users = new VersionedTable<UserRecord>();
  /** Sign-in log entries, oldest first (logs, not directory objects: no versions, no replication delay). */
  readonly signIns: SignInRecord[] = [];
  /** Directory audit log entries, oldest first (a log: no versions, no replication delay). */
  readonly directoryAudits: DirectoryAuditRecord[] = [];
  readonly directoryRoles: DirectoryRoleRecord[];

  constructor(
    readonly info: TenantInfo,
    readonly settings: TenantSettings,
    users: UserRecord[],
    roleIds: Record<DirectoryRoleKey, string>,
  ) {
    for (const user of users) this.users.put(user, ALWAYS);
    this.servicePrincipals.put(microsoftGraphServicePrincipal(info.graphServicePrincipalId), ALWAYS);
    this.directoryRoles = (Object.keys(DIRECTORY_ROLES) as DirectoryRoleKey[]).map((key) => ({
      id: roleIds[key],
      key,
      roleTemplateId: DIRECTORY_ROLES[key].templateId,
      displayName: DIRECTORY_ROLES[key].displayName,
      description: ROLE_DESCRIPTIONS[key],
    }));
  }

  view(cutoff: number): DirectoryView {
    return new DirectoryView(this, cutoff);
  }

  latest(): DirectoryView {
    return new DirectoryView(this, Number.POSITIVE_INFINITY);
  }

  /** Deleting an application also deletes its service principal, credentials and their assignments. */
  deleteApplication(app: ApplicationRecord, at: number): void {
    const latest = this.latest();
    for (const fic of latest.federatedIdentityCredentials(app.id)) this.federatedIdentityCredentials.remove(fic.id, at);
    const sp = latest.servicePrincipalByAppId(app.appId);
    if (sp) this.deleteServicePrincipal(sp, at);
    this.applications.remove(app.id, at);
  }

  deleteServicePrincipal(sp: ServicePrincipalRecord, at: number): void {
    for (const a of this.latest().appRoleAssignments()) {
      if (a.principalId === sp.id || a.resourceId === sp.id) this.appRoleAssignments.remove(a.id, at);
    }
    for (const g of this.latest().oauth2PermissionGrants()) {
      if (g.clientId === sp.id || g.resourceId === sp.id) this.oauth2PermissionGrants.remove(g.id, at);
    }
    this.servicePrincipals.remove(sp.id, at);
  }

  snapshot(): SimStateSnapshot {
    const latest = this.latest();
    return structuredClone({
      applications: latest.applications(),
      servicePrincipals: latest.servicePrincipals(),
      federatedIdentityCredentials: this.federatedIdentityCredentials.list(Number.POSITIVE_INFINITY),
      appRoleAssignments: latest.appRoleAssignments(),
      oauth2PermissionGrants: latest.oauth2PermissionGrants(),
      users: latest.users(),
    });
  }
}
