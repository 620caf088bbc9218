import { MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import { isWizardTag, mergeWizardTags } from "@/lib/tenant/naming";
import type { Application, ApplicationPatch, RequiredResourceAccess } from "@/lib/graph/types";
import { mergeNotes } from "./desired";
import type { ActualApp, AppPlan, DesiredApp, FieldChange, OperatorCapabilities, PlanStep } from "./model";

/**
 * Desired against actual, per application and per object, like `terraform
 * plan`: create, update (which fields), unchanged, adopt, pending, blocked.
 * Pure: no Graph calls. Apply executes exactly these steps, and a plan made
 * after apply is all "unchanged" (the proof that apply converged).
 */

const list = (values: readonly string[]) => (values.length ? [...values].sort().join(", ") : "(none)");

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((value) => set.has(value));
}

function graphRoleIds(app: Application | undefined): string[] {
  const graph = app?.requiredResourceAccess.find((entry) => entry.resourceAppId === MICROSOFT_GRAPH_APP_ID);
  return (graph?.resourceAccess ?? []).filter((access) => access.type === "Role").map((access) => access.id);
}

/**
 * The app's required resource access with the Microsoft Graph application permissions set to
 * the wanted ones; delegated Graph permissions and other resources are kept as they are.
 */
export function withGraphRoles(current: readonly RequiredResourceAccess[], roleIds: readonly string[]): RequiredResourceAccess[] {
  const graph = current.find((entry) => entry.resourceAppId === MICROSOFT_GRAPH_APP_ID);
  const scopes = (graph?.resourceAccess ?? []).filter((access) => access.type !== "Role");
  const others = current.filter((entry) => entry.resourceAppId !== MICROSOFT_GRAPH_APP_ID);
  return [...others, { resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: [...scopes, ...roleIds.map((id) => ({ id, type: "Role" as const }))] }];
}

/**
 * The fields of an existing application that differ from what is wanted, as the PATCH that
 * fixes them. What others set (tags, notes before the wizard's block, delegated permissions,
 * other APIs) is kept. One definition for the plan (what it shows) and apply (what it sends).
 */
export function applicationPatch(desired: DesiredApp, app: Application): ApplicationPatch {
  const patch: ApplicationPatch = {};
  if (app.displayName !== desired.displayName) patch.displayName = desired.displayName;
  if (!app.uniqueName) patch.uniqueName = desired.uniqueName;
  const notes = mergeNotes(app.notes, desired.notes);
  if ((app.notes ?? "") !== notes) patch.notes = notes;
  if (!sameSet(app.tags.filter(isWizardTag), desired.tags)) patch.tags = mergeWizardTags(app.tags, desired.tags);
  const wanted = desired.appRoles.map((role) => role.id);
  if (!sameSet(graphRoleIds(app), wanted)) patch.requiredResourceAccess = withGraphRoles(app.requiredResourceAccess, wanted);
  return patch;
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
  const patch = applicationPatch(desired, app);
  const changes: FieldChange[] = [];
  if (patch.displayName !== undefined) changes.push({ field: "displayName", from: app.displayName ?? "", to: patch.displayName });
  if (patch.uniqueName !== undefined) changes.push({ field: "uniqueName", from: "", to: patch.uniqueName });
  if (patch.notes !== undefined) changes.push({ field: "notes", from: app.notes ?? "", to: patch.notes ?? "" });
  if (patch.tags !== undefined) changes.push({ field: "tags", from: list(app.tags), to: list(patch.tags) });
  if (actual.foundBy !== "uniqueName") {
    const how = actual.foundBy === "tags" ? "its wizard tags" : "its Psoxy name";
    return step("application", "adopt", `Adopt existing application “${app.displayName ?? app.id}” (found by ${how})`, changes);
  }
  if (changes.length === 0) return step("application", "unchanged", `Application “${desired.displayName}” is as wanted`);
  return step("application", "update", `Update application “${desired.displayName}”: ${changes.map((c) => c.field).join(", ")}`, changes);
}

function permissionsStep(desired: DesiredApp, actual: ActualApp | null): PlanStep {
  const wanted = desired.appRoles.map((role) => role.id);
  const have = graphRoleIds(actual?.application);
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

/** True when nothing is left that this user could write (blocked steps wait for someone else). */
export function isSettled(plans: readonly AppPlan[]): boolean {
  return plans.every((plan) => plan.steps.every((s) => s.action === "unchanged" || s.action === "pending" || s.action === "blocked"));
}

/**
 * Several existing applications could be the wanted one (Psoxy's display names are not unique):
 * adopting any of them would be a guess, so nothing is written and the user is told which.
 */
export function blockAmbiguous(plan: AppPlan, candidates: readonly Application[]): AppPlan {
  const ids = candidates.map((app) => app.id).join(", ");
  return {
    ...plan,
    steps: plan.steps.map((s) => (s.action === "unchanged" || s.action === "pending" ? s : { ...s, action: "blocked" })),
    blockedReason: `${candidates.length} existing applications are named “${plan.displayName}” (object ids ${ids}). Delete or rename the ones that are not in use, then plan again.`,
  };
}
