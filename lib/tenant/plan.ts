import { MICROSOFT_GRAPH_APP_ID } from "@/lib/connectors/microsoft-ids";
import { isWizardTag, mergeWizardTags } from "@/lib/tenant/naming";
import type { Application, ApplicationPatch, RequiredResourceAccess } from "@/lib/graph/types";
import { visibleLines, visibleTag, visibleText } from "@/lib/text/safe";
import { withAdoptionDecision } from "./adoption";
import { mergeNotes } from "./desired";
import { MAX_FEDERATED_CREDENTIALS_PER_APP } from "./federation";
import type { ActualApp, AppPlan, DesiredApp, DesiredCredential, FieldChange, OperatorCapabilities, PlanStep } from "./model";

/**
 * Desired against actual, per application and per object, like `terraform
 * plan`: create, update (which fields), unchanged, adopt, pending, blocked.
 * Pure: no Graph calls. Apply executes exactly these steps, and a plan made
 * after apply is all "unchanged" (the proof that apply converged).
 */

const list = (values: readonly string[]) => (values.length ? [...values].sort().join(", ") : "(none)");
/**
 * Values read from the tenant, as the plan shows them: a tag with a line break or control character is described,
 * never shown; names and notes have such characters replaced (lib/text/safe). What is written stays as planned.
 */
const tagList = (values: readonly string[]) => list(values.map(visibleTag));
const appName = (app: Application) => (app.displayName ? visibleText(app.displayName) : app.id);

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
function withGraphRoles(current: readonly RequiredResourceAccess[], roleIds: readonly string[]): RequiredResourceAccess[] {
  const graph = current.find((entry) => entry.resourceAppId === MICROSOFT_GRAPH_APP_ID);
  const scopes = (graph?.resourceAccess ?? []).filter((access) => access.type !== "Role");
  const others = current.filter((entry) => entry.resourceAppId !== MICROSOFT_GRAPH_APP_ID);
  return [
    ...others,
    { resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: [...scopes, ...roleIds.map((id) => ({ id, type: "Role" as const }))] },
  ];
}

/**
 * The application tag Psoxy's Terraform writes: `azuread_application.connector` has `feature_tags { hide = true }`
 * (https://github.com/Worklytics/psoxy/blob/main/infra/modules/azuread-connection/main.tf), which the azuread
 * provider turns into the tag "HideApp" and sets as the app's whole tag list, dropping the wizard's tags.
 */
const TERRAFORM_HIDE_TAG = "HideApp";

/**
 * True when Psoxy's Terraform manages the app's tags: it carries "HideApp" and none of the wizard's tags (an app
 * Psoxy's Terraform made, or one the wizard made and Terraform imported and applied). The wizard then leaves the
 * tags to Terraform, so the two never rewrite them in turn; it keeps finding the app by its uniqueName.
 */
function tagsManagedByTerraform(app: Pick<Application, "tags">): boolean {
  return app.tags.includes(TERRAFORM_HIDE_TAG) && !app.tags.some(isWizardTag);
}

/**
 * The fields of an existing application that differ from what is wanted, as the PATCH that
 * fixes them. What others set (tags, notes before the wizard's block, delegated permissions,
 * other APIs) is kept. One definition for the plan (what it shows) and apply (what it sends).
 * The display name is compared without surrounding spaces: Psoxy's Terraform writes it with a
 * trailing space (" <env> "), and the wizard does not rename such an app back and forth.
 */
export function applicationPatch(desired: DesiredApp, app: Application): ApplicationPatch {
  const patch: ApplicationPatch = {};
  if ((app.displayName ?? "").trim() !== desired.displayName.trim()) patch.displayName = desired.displayName;
  if (!app.uniqueName) patch.uniqueName = desired.uniqueName;
  const notes = mergeNotes(app.notes, desired.notes);
  if ((app.notes ?? "") !== notes) patch.notes = notes;
  if (!tagsManagedByTerraform(app) && !sameSet(app.tags.filter(isWizardTag), desired.tags))
    patch.tags = mergeWizardTags(app.tags, desired.tags);
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
  if (patch.displayName !== undefined)
    changes.push({ field: "displayName", from: visibleText(app.displayName ?? ""), to: patch.displayName });
  if (patch.uniqueName !== undefined) changes.push({ field: "uniqueName", from: "", to: patch.uniqueName });
  if (patch.notes !== undefined) changes.push({ field: "notes", from: visibleLines(app.notes ?? ""), to: visibleLines(patch.notes ?? "") });
  if (patch.tags !== undefined) changes.push({ field: "tags", from: tagList(app.tags), to: tagList(patch.tags) });
  if (actual.foundBy !== "uniqueName") {
    const how = actual.foundBy === "tags" ? "its wizard tags" : "its Psoxy name";
    return step("application", "adopt", `Adopt existing application “${appName(app)}” (found by ${how})`, changes);
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
  const changes: FieldChange[] = [
    { field: "Microsoft Graph application permissions", from: list(have.map(name)), to: list(wanted.map(name)) },
  ];
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
  // Once Psoxy's Terraform manages the app's tags, Entra copies them to the service principal
  // (https://github.com/hashicorp/terraform-provider-azuread/blob/main/docs/resources/application.md, "Tag values also
  // propagate to any linked service principals"): only hiding it is the wizard's concern then.
  const wanted = actual && tagsManagedByTerraform(actual.application) ? [TERRAFORM_HIDE_TAG] : desired.servicePrincipalTags;
  const missing = wanted.filter((tag) => !sp.tags.includes(tag));
  if (missing.length === 0) return step("servicePrincipal", "unchanged", "Service principal exists, hidden from app launchers");
  return step("servicePrincipal", "update", `Update service principal tags: add ${missing.join(", ")}`, [
    { field: "tags", from: tagList(sp.tags), to: tagList([...sp.tags, ...missing]) },
  ]);
}

const sameCredential = (a: { issuer: string; subject: string }, b: { issuer: string; subject: string }) =>
  a.issuer === b.issuer && a.subject === b.subject;

/** What each wanted credential needs: created, updated (which fields) or nothing (as wanted, or a twin under another name). */
export function credentialChanges(
  desired: DesiredApp,
  actual: ActualApp | null,
): { credential: DesiredCredential; action: "create" | "update" | "unchanged"; changes: FieldChange[]; twin?: string }[] {
  return desired.credentials.map((wanted) => {
    const existing = actual?.credentials.find((credential) => credential.name === wanted.name);
    if (!existing) {
      const twin = actual?.credentials.find((c) => sameCredential(c, wanted) && sameSet(c.audiences, wanted.audiences));
      if (twin) return { credential: wanted, action: "unchanged", changes: [], twin: visibleText(twin.name) };
      return {
        credential: wanted,
        action: "create",
        changes: [
          { field: "issuer", from: "", to: wanted.issuer },
          { field: "subject", from: "", to: wanted.subject },
          { field: "audiences", from: "", to: list(wanted.audiences) },
        ],
      };
    }
    const changes: FieldChange[] = [];
    if (existing.issuer !== wanted.issuer) changes.push({ field: "issuer", from: visibleTag(existing.issuer), to: wanted.issuer });
    if (existing.subject !== wanted.subject) changes.push({ field: "subject", from: visibleTag(existing.subject), to: wanted.subject });
    if (!sameSet(existing.audiences, wanted.audiences))
      changes.push({ field: "audiences", from: tagList(existing.audiences), to: list(wanted.audiences) });
    return { credential: wanted, action: changes.length ? "update" : "unchanged", changes };
  });
}

function credentialStep(desired: DesiredApp, actual: ActualApp | null): PlanStep {
  const wanted = desired.credentials;
  const pending = desired.credentialPendingReason;
  if (wanted.length === 0) return step("federatedCredential", "pending", pending ?? "Waiting for the proxy's identity");
  const planned = credentialChanges(desired, actual);
  const creates = planned.filter((p) => p.action === "create");
  const updates = planned.filter((p) => p.action === "update");
  const several = wanted.length > 1;
  const label = (name: string, field: string) => (several ? `${name}: ${field}` : field);
  const changes = [...creates, ...updates].flatMap((p) => p.changes.map((c) => ({ ...c, field: label(p.credential.name, c.field) })));
  const after = (actual?.credentials.length ?? 0) + creates.length;
  if (creates.length && after > MAX_FEDERATED_CREDENTIALS_PER_APP) {
    return step(
      "federatedCredential",
      "blocked",
      `Entra allows ${MAX_FEDERATED_CREDENTIALS_PER_APP} federated credentials per application; this one has ${actual?.credentials.length ?? 0} and needs ${creates.length} more. Remove the ones no proxy uses, then plan again.`,
      changes,
    );
  }
  const suffix = pending ? ` (${pending})` : "";
  if (creates.length) {
    const summary = several
      ? `Create federated credential${creates.length > 1 ? "s" : ""} ${creates.map((p) => `“${p.credential.name}” (subject ${p.credential.subject})`).join(", ")}${updates.length ? `; update ${updates.map((p) => `“${p.credential.name}”`).join(", ")}` : ""}`
      : `Create federated credential “${creates[0]!.credential.name}” trusting ${creates[0]!.credential.issuer} subject ${creates[0]!.credential.subject}`;
    return step("federatedCredential", "create", `${summary}${suffix}`, changes);
  }
  if (updates.length) {
    const summary = updates
      .map((p) => `Update federated credential “${p.credential.name}”: ${p.changes.map((c) => c.field).join(", ")}`)
      .join("; ");
    return step("federatedCredential", "update", `${summary}${suffix}`, changes);
  }
  if (pending) return step("federatedCredential", "pending", pending);
  if (several)
    return step("federatedCredential", "unchanged", `${wanted.length} federated credentials are as wanted (one per service account)`);
  const [only] = planned;
  if (only?.twin)
    return step("federatedCredential", "unchanged", `Trust for ${only.credential.subject} exists as credential “${only.twin}”`);
  return step("federatedCredential", "unchanged", `Federated credential “${wanted[0]!.name}” is as wanted`);
}

/** Who may write an app: an app admin role, or ownership of that app (https://learn.microsoft.com/graph/api/application-update). */
function blockedReason(desired: DesiredApp, actual: ActualApp | null, caps: OperatorCapabilities): string | undefined {
  if (caps.isAppAdmin) return undefined;
  if (!actual) {
    return `Creating “${desired.displayName}” needs Cloud Application Administrator or Application Administrator. Ask someone with that role to run this setup, or to create the application and make you an owner; then run the plan again.`;
  }
  if (!actual.owners.some((owner) => owner.id === caps.userId)) {
    return `You are not an owner of “${appName(actual.application)}” and have no application administrator role. Ask an owner or a Cloud Application Administrator to add you as an owner.`;
  }
  return undefined;
}

/**
 * One application's plan. An existing app that holds owners, secrets or credentials the wizard did not make
 * gets a decision (see adoption.ts): its writing steps wait as "decide" unless `confirmedToken` confirms it.
 */
export function planApp(desired: DesiredApp, actual: ActualApp | null, caps: OperatorCapabilities, confirmedToken?: string): AppPlan {
  const steps = [
    applicationStep(desired, actual),
    permissionsStep(desired, actual),
    ownersStep(desired, actual),
    servicePrincipalStep(desired, actual),
    credentialStep(desired, actual),
  ];
  const needsWrite = steps.some((s) => s.action !== "unchanged" && s.action !== "pending");
  const reason = needsWrite ? blockedReason(desired, actual, caps) : undefined;
  const plan: AppPlan = {
    key: desired.key,
    displayName: desired.displayName,
    connectorIds: desired.connectorIds,
    desired,
    actual,
    steps: reason ? steps.map((s) => (s.action === "unchanged" || s.action === "pending" ? s : { ...s, action: "blocked" })) : steps,
    blockedReason: reason,
  };
  return withAdoptionDecision(plan, caps, confirmedToken);
}

export function planApps(
  desired: readonly DesiredApp[],
  actual: Readonly<Record<string, ActualApp | null>>,
  caps: OperatorCapabilities,
  confirmations: Readonly<Record<string, string>> = {},
): AppPlan[] {
  return desired.map((app) => planApp(app, actual[app.key] ?? null, caps, confirmations[app.key]));
}

export interface PlanSummary {
  create: number;
  update: number;
  adopt: number;
  unchanged: number;
  pending: number;
  blocked: number;
  /** Steps waiting for the user's decision about an existing app (see adoption.ts). */
  decide: number;
}

export function summarizePlan(plans: readonly AppPlan[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, adopt: 0, unchanged: 0, pending: 0, blocked: 0, decide: 0 };
  for (const plan of plans) for (const s of plan.steps) summary[s.action] += 1;
  return summary;
}

/** True when applying would write nothing. */
export function isConverged(plans: readonly AppPlan[]): boolean {
  return plans.every((plan) => plan.steps.every((s) => s.action === "unchanged" || s.action === "pending"));
}

/** True when nothing is left that this user could write (blocked steps wait for someone else, "decide" steps for the user). */
export function isSettled(plans: readonly AppPlan[]): boolean {
  return plans.every((plan) =>
    plan.steps.every((s) => s.action === "unchanged" || s.action === "pending" || s.action === "blocked" || s.action === "decide"),
  );
}

/**
 * Several existing applications could be the wanted one (Psoxy's display names are not unique):
 * adopting any of them would be a guess, so nothing is written and the user is told which.
 */
export function blockAmbiguous(plan: AppPlan, candidates: readonly Application[]): AppPlan {
  const ids = candidates.map((app) => app.id).join(", ");
  return block(
    plan,
    `${candidates.length} existing applications are named “${plan.displayName}” (object ids ${ids}). Delete or rename the ones that are not in use, then plan again.`,
  );
}

function block(plan: AppPlan, blockedReason: string): AppPlan {
  const steps = plan.decision?.stepsIfConfirmed ?? plan.steps;
  return {
    ...plan,
    steps: steps.map((s) => (s.action === "unchanged" || s.action === "pending" ? s : { ...s, action: "blocked" })),
    blockedReason,
    decision: undefined,
  };
}

/**
 * The app with this uniqueName belongs to another environment whose id differs only in case (or in characters a
 * uniqueName cannot hold): Entra would treat both environments' apps as one, so nothing is written.
 */
export function blockEnvironmentClash(plan: AppPlan, environmentId: string, otherEnvironmentId: string, app: Application): AppPlan {
  return block(
    plan,
    `Application “${appName(app)}” (object id ${app.id}) belongs to environment “${otherEnvironmentId}”, which Entra cannot tell apart from “${environmentId}”: both would use the uniqueName ${app.uniqueName ?? plan.desired.uniqueName}. Continue environment “${otherEnvironmentId}” instead, or choose an environment id that differs in more than letter case.`,
  );
}
