import type { ConnectorId } from "@/lib/connectors";
import type { Application, AppRoleAssignment, DirectoryObjectRef, FederatedCredential, ServicePrincipal } from "@/lib/graph/types";

/**
 * The operator's domain: what the tenant should hold (desired), what it holds
 * (snapshot), and the difference (plan). Pure data; React, MSAL and fetch are
 * elsewhere.
 */

/** Objects the wizard manages per connector application, in the order they are set up. */
export const APP_OBJECTS = ["application", "permissions", "owners", "servicePrincipal", "federatedCredential"] as const;
export type AppObject = (typeof APP_OBJECTS)[number];

export const OBJECT_LABELS: Record<AppObject, string> = {
  application: "Application",
  permissions: "Graph permissions",
  owners: "Owners",
  servicePrincipal: "Service principal",
  federatedCredential: "Federated credential",
};

export interface Owner {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

export interface DesiredCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string;
}

export interface RequiredAppRole {
  permission: string;
  id: string;
}

/** One Entra application the wizard wants: per connector, or one shared by all. */
export interface DesiredApp {
  /** Connector id, or "shared" for the one shared application. */
  key: string;
  connectorIds: ConnectorId[];
  uniqueName: string;
  displayName: string;
  tags: string[];
  /** Microsoft Graph application permissions, ids as the tenant's Graph service principal publishes them. */
  appRoles: RequiredAppRole[];
  owners: Owner[];
  servicePrincipalTags: string[];
  /** The application's notes: who manages it and the proxy identity, for people and for resuming. */
  notes: string;
  /**
   * The federated credentials the app should carry: one, or on a shared GCP app one per connector service
   * account. Empty (or short of some connectors) with a reason while a subject cannot be known yet (AWS: the
   * Cognito identity id needs the client id).
   */
  credentials: DesiredCredential[];
  credentialPendingReason?: string;
  /** Connectors of this app whose proxy identity is not known yet. */
  pendingConnectorIds?: ConnectorId[];
  /** AWS before the IdentityId is known: the name, issuer and pool a credential the wizard made would have. */
  credentialPendingMatch?: { name: string; issuer: string; audiences: string[] };
}

/** How an existing application was found again. */
export type FoundBy = "uniqueName" | "tags" | "displayName";

export interface ActualApp {
  application: Application;
  foundBy: FoundBy;
  owners: DirectoryObjectRef[];
  credentials: FederatedCredential[];
  servicePrincipal: ServicePrincipal | null;
  /** App roles granted to the service principal, when read from a snapshot. */
  grants?: AppRoleAssignment[];
  /** Values read from the tenant that failed validation and were dropped (see snapshot.ts). */
  dropped?: string[];
  /** Environment the app carries (uniqueName, tag or display name), when read from a snapshot. */
  environmentId?: string;
}

/** What the signed-in operator may do, from their directory roles. */
export interface OperatorCapabilities {
  userId: string;
  /** Cloud Application Administrator, Application Administrator or Global Administrator: may create and update any app. */
  isAppAdmin: boolean;
}

/** "decide": the step would write to an app that holds things the wizard did not make; it waits for the user's confirmation. */
export type StepAction = "create" | "update" | "unchanged" | "adopt" | "pending" | "blocked" | "decide";

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface PlanStep {
  object: AppObject;
  action: StepAction;
  summary: string;
  changes: FieldChange[];
}

export interface AppPlan {
  key: string;
  displayName: string;
  connectorIds: ConnectorId[];
  desired: DesiredApp;
  actual: ActualApp | null;
  steps: PlanStep[];
  /** Set when nothing can be written for this app; says who must do what. */
  blockedReason?: string;
  /** Set when the existing app holds owners, secrets or credentials the wizard did not make (see adoption.ts). */
  decision?: AdoptionDecision;
}

/** Something on an existing app that the wizard did not put there and that stays if the app is adopted. */
export interface AdoptionFinding {
  kind: "owner" | "clientSecret" | "certificate" | "federatedCredential";
  /** Stable id (directory object id, keyId, credential id): part of the confirmation token. */
  id: string;
  /** What the user sees, e.g. "Owner Pat Doe (pat@contoso.com)". Read from the tenant, so shown as text only. */
  label: string;
  /** What it can do once the app has the Graph permissions. */
  risk: string;
}

/**
 * "Needs your decision": the existing app stays as it is unless the user confirms, for this app, that the
 * listed findings stay. The token binds the confirmation to exactly this app and these findings: one more
 * secret or owner between plan and apply, and the confirmation no longer counts. The default is to stop.
 */
export interface AdoptionDecision {
  findings: AdoptionFinding[];
  token: string;
  confirmed: boolean;
  /** The steps apply runs once confirmed (`steps` shows them as "decide" until then). */
  stepsIfConfirmed: PlanStep[];
}
