import { MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import type { ActualApp, AppPlan, DesiredApp, FieldChange, OperatorCapabilities, PlanStep } from "./model";

/**
 * Desired against actual, per application and per object, like `terraform
 * plan`: create, update (which fields), unchanged, adopt, pending, blocked.
 * Pure: no Graph calls. Apply executes exactly these steps, and a plan made
 * after apply is all "unchanged" (the proof that apply converged).
 */

const list = (values: readonly string[]) => (values.length ? [...values].sort().join(", ") : "(none)");

/** Tags the wizard owns on an app; others (set by people or tools) are left alone. */
function ownTags(tags: readonly string[]): string[] {
  return tags.filter((tag) => tag.startsWith("psoxy"));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((value) => set.has(value));
}

function graphRoleIds(actual: ActualApp | null): string[] {
  const graph = actual?.application.requiredResourceAccess.find((entry) => entry.resourceAppId === MICROSOFT_GRAPH_APP_ID);
  return (graph?.resourceAccess ?? []).filter((access) => access.type === "Role").map((access) => access.id);
}

function step(object: PlanStep["object"], action: PlanStep["action"], summary: string, changes: FieldChange[] = []): PlanStep {
  return { object, action, summary, changes };
}

function applicationStep(desired: DesiredApp, actual: ActualApp | null): PlanStep {
  if (!actual) {
    return step("application", "create", `Create application “${desired.displayName}”`, [
      { field: "displayName", from: "", to: desired.displayName },
      { field: "uniqueName", from: "", to: desired.uniqueName },
      { field: "tags", from: "", to: list(desired.tags) },
    ]);
  }
  const app = actual.application;
  const changes: FieldChange[] = [];
  if (app.displayName !== desired.displayName) changes.push({ field: "displayName", from: app.displayName ?? "", to: desired.displayName });
  if (!app.uniqueName) changes.push({ field: "uniqueName", from: "", to: desired.uniqueName });
  if ((app.notes ?? "") !== desired.notes) changes.push({ field: "notes", from: app.notes ?? "", to: desired.notes });
  const wantedTags = [...new Set([...app.tags.filter((tag) => !tag.startsWith("psoxy")), ...desired.tags])];
  if (!sameSet(ownTags(app.tags), desired.tags)) changes.push({ field: "tags", from: list(app.tags), to: list(wantedTags) });
  if (actual.foundBy !== "uniqueName") {
    const how = actual.foundBy === "tags" ? "its wizard tags" : "its Psoxy name";
    return step("application", "adopt", `Adopt existing application “${app.displayName ?? app.id}” (found by ${how})`, changes);
  }
  if (changes.length === 0) return step("application", "unchanged", `Application “${desired.displayName}” is as wanted`);
  return step("application", "update", `Update application “${desired.displayName}”: ${changes.map((c) => c.field).join(", ")}`, changes);
}

function permissionsStep(desired: DesiredApp, actual: ActualApp | null): PlanStep {
  const wanted = desired.appRoles.map((role) => role.id);
  const have = graphRoleIds(actual);
  const name = (id: string) => desired.appRoles.find((role) => role.id === id)?.permission ?? id;
  const added = wanted.filter((id) => !have.includes(id)).map(name);
  const removed = have.filter((id) => !wanted.includes(id)).map(name);
  if (added.length === 0 && removed.length === 0) {
    return step("permissions", "unchanged", `Requests ${wanted.length} Microsoft Graph application permissions`);
  }
  const changes: FieldChange[] = [{ field: "Microsoft Graph application permissions", from: list(have.map(name)), to: list(wanted.map(name)) }];
  const parts = [added.length ? `add ${added.join(", ")}` : "", removed.length ? `remove ${removed.join(", ")}` : ""].filter(Boolean);
  return step("permissions", actual ? "update" : "create", `Request Microsoft Graph permissions: ${parts.join("; ")}`, changes);
}

function ownersStep(desired: DesiredApp, actual: ActualApp | null): PlanStep {
  const have = new Set(actual?.owners.map((owner) => owner.id) ?? []);
  const missing = desired.owners.filter((owner) => !have.has(owner.id));
  if (missing.length === 0) return step("owners", "unchanged", `Owners include ${list(desired.owners.map((o) => o.userPrincipalName))}`);
  return step(
    "owners",
    actual ? "update" : "create",
    `Add owner${missing.length > 1 ? "s" : ""} ${missing.map((owner) => owner.userPrincipalName).join(", ")}`,
    missing.map((owner) => ({ field: "owner", from: "", to: owner.userPrincipalName })),
  );
}

function servicePrincipalStep(desired: DesiredApp, actual: ActualApp | null): PlanStep {
  const sp = actual?.servicePrincipal;
  if (!sp) {
    return step("servicePrincipal", "create", "Create the service principal (enterprise application), hidden from users' app launchers", [
      { field: "tags", from: "", to: list(desired.servicePrincipalTags) },
    ]);
  }
  const missing = desired.servicePrincipalTags.filter((tag) => !sp.tags.includes(tag));
  if (missing.length === 0) return step("servicePrincipal", "unchanged", "Service principal exists, hidden from app launchers");
  return step("servicePrincipal", "update", `Update service principal tags: add ${missing.join(", ")}`, [
    { field: "tags", from: list(sp.tags), to: list([...sp.tags, ...missing]) },
  ]);
}

function credentialStep(desired: DesiredApp, actual: ActualApp | null): PlanStep {
  const wanted = desired.credential;
  if (!wanted) return step("federatedCredential", "pending", desired.credentialPendingReason ?? "Waiting for the proxy's identity");
  const existing = actual?.credentials.find((credential) => credential.name === wanted.name);
  if (!existing) {
    const twin = actual?.credentials.find((c) => c.issuer === wanted.issuer && c.subject === wanted.subject);
    if (twin) return step("federatedCredential", "unchanged", `Trust for ${wanted.subject} exists as credential “${twin.name}”`);
    return step("federatedCredential", "create", `Create federated credential “${wanted.name}” trusting ${wanted.issuer} subject ${wanted.subject}`, [
      { field: "issuer", from: "", to: wanted.issuer },
      { field: "subject", from: "", to: wanted.subject },
      { field: "audiences", from: "", to: list(wanted.audiences) },
    ]);
  }
  const changes: FieldChange[] = [];
  if (existing.issuer !== wanted.issuer) changes.push({ field: "issuer", from: existing.issuer, to: wanted.issuer });
  if (existing.subject !== wanted.subject) changes.push({ field: "subject", from: existing.subject, to: wanted.subject });
  if (!sameSet(existing.audiences, wanted.audiences)) changes.push({ field: "audiences", from: list(existing.audiences), to: list(wanted.audiences) });
  if (changes.length === 0) return step("federatedCredential", "unchanged", `Federated credential “${wanted.name}” is as wanted`);
  return step("federatedCredential", "update", `Update federated credential “${wanted.name}”: ${changes.map((c) => c.field).join(", ")}`, changes);
}

/** Who may write an app: an app admin role, or ownership of that app (https://learn.microsoft.com/graph/api/application-update). */
function blockedReason(desired: DesiredApp, actual: ActualApp | null, caps: OperatorCapabilities): string | undefined {
  if (caps.isAppAdmin) return undefined;
  if (!actual) {
    return `Creating “${desired.displayName}” needs Cloud Application Administrator or Application Administrator. Ask someone with that role to run this setup, or to create the application and make you an owner; then run the plan again.`;
  }
  if (!actual.owners.some((owner) => owner.id === caps.userId)) {
    return `You are not an owner of “${actual.application.displayName ?? actual.application.id}” and have no application administrator role. Ask an owner or a Cloud Application Administrator to add you as an owner.`;
  }
  return undefined;
}

export function planApp(desired: DesiredApp, actual: ActualApp | null, caps: OperatorCapabilities): AppPlan {
  const steps = [applicationStep(desired, actual), permissionsStep(desired, actual), ownersStep(desired, actual), servicePrincipalStep(desired, actual), credentialStep(desired, actual)];
  const needsWrite = steps.some((s) => s.action !== "unchanged" && s.action !== "pending");
  const reason = needsWrite ? blockedReason(desired, actual, caps) : undefined;
  return {
    key: desired.key,
    displayName: desired.displayName,
    connectorIds: desired.connectorIds,
    desired,
    actual,
    steps: reason ? steps.map((s) => (s.action === "unchanged" || s.action === "pending" ? s : { ...s, action: "blocked" })) : steps,
    blockedReason: reason,
  };
}

export function planApps(desired: readonly DesiredApp[], actual: Readonly<Record<string, ActualApp | null>>, caps: OperatorCapabilities): AppPlan[] {
  return desired.map((app) => planApp(app, actual[app.key] ?? null, caps));
}

export interface PlanSummary {
  create: number;
  update: number;
  adopt: number;
  unchanged: number;
  pending: number;
  blocked: number;
}

export function summarizePlan(plans: readonly AppPlan[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, adopt: 0, unchanged: 0, pending: 0, blocked: 0 };
  for (const plan of plans) for (const s of plan.steps) summary[s.action] += 1;
  return summary;
}

/** True when applying would write nothing. */
export function isConverged(plans: readonly AppPlan[]): boolean {
  return plans.every((plan) => plan.steps.every((s) => s.action === "unchanged" || s.action === "pending"));
}
