import type { ConnectorId } from "@/lib/connectors";
import type { Application, DirectoryObjectRef, FederatedCredential, ServicePrincipal } from "@/lib/graph/types";

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
  /** Null with a reason while the credential cannot be known yet (AWS: the Cognito identity id needs the client id). */
  credential: DesiredCredential | null;
  credentialPendingReason?: string;
}

/** How an existing application was found again. */
export type FoundBy = "uniqueName" | "tags" | "displayName";

export interface ActualApp {
  application: Application;
  foundBy: FoundBy;
  owners: DirectoryObjectRef[];
  credentials: FederatedCredential[];
  servicePrincipal: ServicePrincipal | null;
}

/** What the signed-in operator may do, from their directory roles. */
export interface OperatorCapabilities {
  userId: string;
  /** Cloud Application Administrator, Application Administrator or Global Administrator: may create and update any app. */
  isAppAdmin: boolean;
}

export type StepAction = "create" | "update" | "unchanged" | "adopt" | "pending" | "blocked";

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
}
