import type { FederatedCredential, SecretCredential } from "@/lib/graph/types";
import { visibleText } from "@/lib/text/safe";
import type { ActualApp, AdoptionDecision, AdoptionFinding, AppPlan, DesiredApp, OperatorCapabilities, PlanStep } from "./model";

/**
 * Adoption safety: an existing application the wizard would write to (found by its uniqueName, its wizard tags
 * or Psoxy's display name) may have been made by someone else first. Anyone allowed to register apps can create
 * `psoxy.psoxy.outlook-mail` with a client secret of their own; if the wizard then added Mail.ReadBasic.All to
 * it, that secret would read every mailbox once an admin consents. So whatever the wizard did not put there and
 * would leave in place is listed, and the app is only written after the user confirms, for this app, that these
 * stay. The default is to stop. Pure.
 *
 * What the wizard puts on an app: the owners it is given (the signed-in user and the listed owners), the
 * federated credentials it wants (by name, which it overwrites, or by the same issuer, subject and audience),
 * never a client secret or certificate. Sources: https://learn.microsoft.com/graph/api/resources/passwordcredential,
 * https://learn.microsoft.com/graph/api/resources/keycredential,
 * https://learn.microsoft.com/graph/api/resources/federatedidentitycredential,
 * https://learn.microsoft.com/entra/identity/enterprise-apps/overview-assign-app-owners (owners manage an app's credentials).
 */

const RISKS = {
  owner: "An owner can add secrets or credentials to the app at any time, and use them once its Graph permissions are consented.",
  clientSecret: "Whoever holds this secret can sign in as the app and use every Graph permission it is granted.",
  certificate: "Whoever holds this certificate's private key can sign in as the app and use every Graph permission it is granted.",
  federatedCredential: "This identity outside your tenant can sign in as the app and use every Graph permission it is granted.",
} as const;

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "no date");

function ownerFindings(desired: DesiredApp, actual: ActualApp, caps: OperatorCapabilities): AdoptionFinding[] {
  const ours = new Set([caps.userId, ...desired.owners.map((owner) => owner.id)]);
  return actual.owners
    .filter((owner) => !ours.has(owner.id))
    .map((owner) => {
      const kind = owner.type && owner.type !== "user" ? ` (${visibleText(owner.type, 40)})` : "";
      const name = visibleText(owner.displayName ?? owner.userPrincipalName ?? owner.id);
      const upn = owner.userPrincipalName && owner.displayName ? ` ${visibleText(owner.userPrincipalName)}` : "";
      return { kind: "owner", id: owner.id, label: `Owner${kind} ${name}${upn}`, risk: RISKS.owner };
    });
}

function secretFinding(secret: SecretCredential): AdoptionFinding {
  const kind = secret.kind === "password" ? "clientSecret" : "certificate";
  const what = secret.kind === "password" ? "Client secret" : "Certificate";
  const name = secret.displayName ? `“${visibleText(secret.displayName, 80)}”` : "without a name";
  return { kind, id: secret.keyId, label: `${what} ${name}, valid until ${day(secret.endDateTime)}`, risk: RISKS[kind] };
}

const sameAudiences = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value) => b.includes(value));

/** True when the wizard made this credential or will overwrite it with one it wants. */
function isWizardCredential(credential: FederatedCredential, desired: DesiredApp): boolean {
  if (desired.credentials.some((wanted) => wanted.name === credential.name)) return true;
  if (
    desired.credentials.some(
      (wanted) =>
        wanted.issuer === credential.issuer &&
        wanted.subject === credential.subject &&
        sameAudiences(wanted.audiences, credential.audiences),
    )
  )
    return true;
  // AWS before the identity id is known: the wizard's name, issuer and pool (the pool is the operator's own).
  const pending = desired.credentialPendingMatch;
  return Boolean(
    pending &&
    pending.name === credential.name &&
    pending.issuer === credential.issuer &&
    sameAudiences(pending.audiences, credential.audiences),
  );
}

function credentialFinding(credential: FederatedCredential): AdoptionFinding {
  const audience = credential.audiences.length ? `, audience ${visibleText(credential.audiences.join(", "), 120)}` : "";
  return {
    kind: "federatedCredential",
    id: credential.id,
    label: `Federated credential “${visibleText(credential.name, 120)}” trusting ${visibleText(credential.issuer, 120)} subject ${visibleText(credential.subject, 120)}${audience}`,
    risk: RISKS.federatedCredential,
  };
}

/** Everything on the existing app that the wizard did not put there and would leave in place. */
function adoptionFindings(desired: DesiredApp, actual: ActualApp, caps: OperatorCapabilities): AdoptionFinding[] {
  return [
    ...ownerFindings(desired, actual, caps),
    ...actual.application.passwordCredentials.map(secretFinding),
    ...actual.application.keyCredentials.map(secretFinding),
    ...actual.credentials.filter((credential) => !isWizardCredential(credential, desired)).map(credentialFinding),
  ];
}

/** Binds a confirmation to this app and exactly these findings. */
function adoptionToken(objectId: string, findings: readonly AdoptionFinding[]): string {
  return [objectId, ...findings.map((finding) => `${finding.kind}:${finding.id}`).sort()].join("|");
}

const WRITES = new Set<PlanStep["action"]>(["create", "update", "adopt"]);

/**
 * The plan with a decision when the existing app holds findings: its writing steps wait as "decide" unless
 * `confirmedToken` is this decision's token.
 */
export function withAdoptionDecision(plan: AppPlan, caps: OperatorCapabilities, confirmedToken?: string): AppPlan {
  const actual = plan.actual;
  if (!actual || plan.blockedReason) return plan;
  const findings = adoptionFindings(plan.desired, actual, caps);
  if (findings.length === 0) return plan;
  const token = adoptionToken(actual.application.id, findings);
  const decision: AdoptionDecision = { findings, token, confirmed: confirmedToken === token, stepsIfConfirmed: plan.steps };
  if (decision.confirmed) return { ...plan, decision };
  return { ...plan, decision, steps: plan.steps.map((s) => (WRITES.has(s.action) ? { ...s, action: "decide" } : s)) };
}

/** The plans with the user's confirmations (app key → token) applied; a stale token confirms nothing. */
export function applyConfirmations(plans: readonly AppPlan[], confirmations: Readonly<Record<string, string>>): AppPlan[] {
  return plans.map((plan) => {
    const decision = plan.decision;
    if (!decision) return plan;
    const confirmed = confirmations[plan.key] === decision.token;
    if (confirmed === decision.confirmed) return plan;
    const steps = confirmed
      ? decision.stepsIfConfirmed
      : decision.stepsIfConfirmed.map((s) => (WRITES.has(s.action) ? { ...s, action: "decide" as const } : s));
    return { ...plan, steps, decision: { ...decision, confirmed } };
  });
}

/** True when apply may write to this app: no decision, or one the user confirmed. */
export function isCleared(plan: AppPlan): boolean {
  return !plan.decision || plan.decision.confirmed;
}
