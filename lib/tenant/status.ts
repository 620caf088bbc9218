import { appRolesFor, getConnector, GRAPH_APP_ROLE_IDS, MICROSOFT_GRAPH_APP_ID, type ConnectorId } from "@/lib/connectors";
import type { AppRole, AppRoleAssignment, FederatedCredential, SecretCredential } from "@/lib/graph/types";
import { AWS_FIC_ISSUER, AZURE_AD_TOKEN_EXCHANGE_AUDIENCE, GCP_FIC_ISSUER } from "./federation";
import { cognitoIdentityIdSchema, cognitoIdentityPoolIdSchema, cognitoIdRegion, gcpServiceAccountUniqueIdSchema } from "./inputs";
import type { SnapshotApp } from "./snapshot";
import { readTeamsVerification } from "./teams-policy";

/**
 * The truth about one connector application, as checks: what is right, what is wrong, who must fix it
 * and how. Pure: a snapshot app (or its absence) in, a checklist and an overall state out. The status
 * board, the consent page, the operator's results and "Continue" all read this one rule set.
 */

/** Who can fix a failing check, by the job that does it in this wizard. */
export type Fixer = "operator" | "consent" | "teams";

export const FIXERS: Record<Fixer, { title: string; roles: string }> = {
  operator: { title: "IT admin", roles: "Cloud Application Administrator, Application Administrator or an owner of the application" },
  consent: { title: "Consent admin", roles: "Privileged Role Administrator or Global Administrator" },
  teams: { title: "Teams admin", roles: "Teams Administrator" },
};

type CheckId =
  "application" | "servicePrincipal" | "owners" | "permissions" | "grants" | "federatedCredential" | "secrets" | "teamsPolicy" | "readBack";

/**
 * ok, warn (works, but someone should look) or fail. A failing check says what kind of trouble it is:
 * broken (the proxy fails although setup ran), action (a setup step is missing), consent (only admin
 * consent is missing).
 */
export type CheckState = "ok" | "warn" | "fail";
type FailureKind = "broken" | "action" | "consent";

export interface StatusCheck {
  id: CheckId;
  label: string;
  state: CheckState;
  kind?: FailureKind;
  detail: string;
  fix?: { action: string; who: Fixer };
}

export type OverallState = "ready" | "needs-consent" | "needs-action" | "broken";

export const OVERALL_LABELS: Record<OverallState, string> = {
  ready: "Ready",
  "needs-consent": "Needs consent",
  "needs-action": "Needs action",
  broken: "Broken",
};

export interface PermissionRef {
  permission: string;
  id: string;
}

/** Required against present permissions, by app role id. Pure; used for configured and for granted permissions. */
export interface PermissionDiff {
  missing: PermissionRef[];
  extra: PermissionRef[];
  present: PermissionRef[];
}

export interface ConnectorStatus {
  key: string;
  environmentId: string;
  connectorIds: ConnectorId[];
  displayName: string;
  app: SnapshotApp | null;
  checks: StatusCheck[];
  state: OverallState;
  /** The check that decides the state, in words; "" when ready. */
  reason: string;
  nextAction: string;
  who: Fixer | null;
  /** The other failing checks, most severe first: what else must happen after the next action (often by someone else). */
  alsoFailing: StatusCheck[];
  configured: PermissionDiff;
  granted: PermissionDiff;
  /** Grants of required permissions, with when they were made. */
  grants: AppRoleAssignment[];
}

/** Milliseconds in a day, for "expires in N days". */
const DAY = 86_400_000;
/** A client secret or certificate expiring within this many days is called out. */
const EXPIRY_WARNING_DAYS = 30;

/** The permissions these connectors need, with the app-role ids the tenant's Graph service principal publishes. */
export function requiredPermissions(connectorIds: readonly ConnectorId[], graphAppRoles: readonly AppRole[]): PermissionRef[] {
  return appRolesFor(connectorIds).map(({ permission, appRoleId }) => ({
    permission,
    id: graphAppRoles.find((role) => role.value === permission && role.allowedMemberTypes.includes("Application"))?.id ?? appRoleId,
  }));
}

const CATALOG_NAMES = new Map<string, string>(Object.entries(GRAPH_APP_ROLE_IDS).map(([name, id]) => [id, name]));

/** The permission name for an app-role id: as the tenant's Graph publishes it, the catalog's, or the id itself. */
function permissionName(id: string, graphAppRoles: readonly AppRole[]): string {
  return graphAppRoles.find((role) => role.id === id)?.value ?? CATALOG_NAMES.get(id) ?? id;
}

export function comparePermissions(
  required: readonly PermissionRef[],
  presentIds: readonly string[],
  graphAppRoles: readonly AppRole[],
): PermissionDiff {
  const have = new Set(presentIds.map((id) => id.toLowerCase()));
  const want = new Set(required.map((ref) => ref.id.toLowerCase()));
  return {
    missing: required.filter((ref) => !have.has(ref.id.toLowerCase())),
    present: required.filter((ref) => have.has(ref.id.toLowerCase())),
    extra: [...have].filter((id) => !want.has(id)).map((id) => ({ id, permission: permissionName(id, graphAppRoles) })),
  };
}

const names = (refs: readonly PermissionRef[]) => refs.map((ref) => ref.permission).join(", ");

function configuredRoleIds(app: SnapshotApp): string[] {
  const graph = app.application.requiredResourceAccess.filter((entry) => entry.resourceAppId === MICROSOFT_GRAPH_APP_ID);
  return graph.flatMap((entry) => entry.resourceAccess.filter((access) => access.type === "Role").map((access) => access.id));
}

/** Grants from Microsoft Graph to this app's service principal. */
function graphGrants(app: SnapshotApp, graphResourceId: string): AppRoleAssignment[] {
  return app.grants.filter((grant) => grant.resourceId === graphResourceId);
}

// ─── Federated credential ─────────────────────────────────────────────────────────────────────────

const valid = (schema: { safeParse(value: unknown): { success: boolean } }, value: string) => schema.safeParse(value).success;

/** What is wrong with one federated credential for its platform; [] when well formed. */
export function credentialProblems(credential: FederatedCredential): string[] {
  const audience = credential.audiences[0] ?? "";
  const problems: string[] = [];
  if (credential.audiences.length !== 1) problems.push(`it has ${credential.audiences.length} audiences; Entra allows exactly one`);
  if (credential.issuer === GCP_FIC_ISSUER) {
    // https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust#google-cloud
    if (!/^\d+$/.test(credential.subject) || !valid(gcpServiceAccountUniqueIdSchema, credential.subject)) {
      problems.push("its subject is not a GCP service account unique id (a number such as 103456789012345678901)");
    }
    if (audience !== AZURE_AD_TOKEN_EXCHANGE_AUDIENCE)
      problems.push(`its audience is '${audience}', but Google tokens for Entra carry ${AZURE_AD_TOKEN_EXCHANGE_AUDIENCE}`);
  } else if (credential.issuer === AWS_FIC_ISSUER) {
    // Cognito's OpenID token has aud = the identity pool id and sub = the IdentityId
    // (https://docs.aws.amazon.com/cognito/latest/developerguide/open-id.html; Psoxy's infra/modules/aws-cognito-pool).
    if (!valid(cognitoIdentityPoolIdSchema, audience))
      problems.push(`its audience is '${audience}', but Cognito tokens carry the identity pool id (region:GUID)`);
    if (!valid(cognitoIdentityIdSchema, credential.subject)) problems.push("its subject is not a Cognito IdentityId (region:GUID)");
    else if (valid(cognitoIdentityPoolIdSchema, audience) && cognitoIdRegion(audience) !== cognitoIdRegion(credential.subject)) {
      problems.push("its IdentityId is in another region than its identity pool");
    }
  }
  return problems;
}

const isProxyIssuer = (issuer: string) => issuer === GCP_FIC_ISSUER || issuer === AWS_FIC_ISSUER;

function credentialCheck(app: SnapshotApp): StatusCheck {
  const base = { id: "federatedCredential", label: "Federated credential" } as const;
  const proxy = app.credentials.filter((c) => isProxyIssuer(c.issuer));
  const foreign = app.credentials.filter((c) => !isProxyIssuer(c.issuer));
  if (proxy.length === 0) {
    return {
      ...base,
      state: "fail",
      kind: "action",
      detail: foreign.length
        ? `No credential trusts a GCP or AWS proxy; it trusts ${foreign.map((c) => c.issuer).join(", ")} instead.`
        : "No federated credential: the proxy cannot get a token.",
      fix: {
        action: "Enter the proxy's identity (GCP service account unique id, or AWS Cognito IdentityId) in setup and apply.",
        who: "operator",
      },
    };
  }
  const broken = proxy.map((c) => ({ c, problems: credentialProblems(c) })).filter((x) => x.problems.length);
  if (broken.length) {
    const [first] = broken;
    return {
      ...base,
      state: "fail",
      kind: "broken",
      detail: `Credential '${first!.c.name}' is malformed: ${first!.problems.join("; ")}. The token exchange fails (AADSTS70021, no matching federated identity record).`,
      fix: { action: "Run setup for this environment again with the proxy's identity: the plan corrects the credential.", who: "operator" },
    };
  }
  const keys = proxy.map((c) => `${c.issuer}\n${c.subject}\n${c.audiences.join(",")}`);
  const duplicates = keys.length !== new Set(keys).size;
  const sameIssuer = !app.shared && new Set(proxy.map((c) => c.issuer)).size < proxy.length;
  if (duplicates || sameIssuer) {
    return {
      ...base,
      state: "warn",
      detail: `${proxy.length} credentials trust the proxy's platform (${proxy.map((c) => c.name).join(", ")}): only one should, so it is clear which proxy may sign in.`,
      fix: {
        action:
          "Remove the credential the proxy does not use (Entra admin center › App registrations › Certificates & secrets › Federated credentials).",
        who: "operator",
      },
    };
  }
  if (foreign.length) {
    return {
      ...base,
      state: "warn",
      detail: `Also trusts ${foreign.map((c) => `${c.issuer} (${c.name})`).join(", ")}: whoever holds that identity can sign in as this connector.`,
      fix: { action: "Remove credentials the proxy does not use, unless you know who relies on them.", who: "operator" },
    };
  }
  const c = proxy[0]!;
  const platform =
    c.issuer === GCP_FIC_ISSUER ? `GCP service account ${c.subject}` : `AWS Cognito identity ${c.subject} in pool ${c.audiences[0]}`;
  return {
    ...base,
    state: "ok",
    detail: proxy.length > 1 ? `${proxy.length} credentials trust the proxy (one per connector).` : `Trusts ${platform}.`,
  };
}

function secretsCheck(secrets: readonly SecretCredential[], now: Date): StatusCheck {
  const base = { id: "secrets", label: "Client secrets and certificates" } as const;
  if (secrets.length === 0) return { ...base, state: "ok", detail: "None: the proxy signs in with its federated credential only." };
  const described = secrets.map((secret) => {
    const end = secret.endDateTime ? Date.parse(secret.endDateTime) : Number.NaN;
    const days = Number.isNaN(end) ? null : Math.floor((end - now.getTime()) / DAY);
    const what = secret.kind === "password" ? "client secret" : "certificate";
    const when =
      days === null
        ? "no expiry date"
        : days < 0
          ? `expired ${-days} days ago`
          : days <= EXPIRY_WARNING_DAYS
            ? `expires in ${days} days`
            : `expires in ${days} days`;
    return { days, text: `${what} '${secret.displayName ?? secret.keyId}' (${when})` };
  });
  const expiring = described.some((d) => d.days !== null && d.days <= EXPIRY_WARNING_DAYS);
  return {
    ...base,
    state: "warn",
    detail: `${described.map((d) => d.text).join("; ")}. Federated credentials replace these: anyone holding one can sign in as this connector${expiring ? ", and an expiring one breaks whatever still uses it" : ""}.`,
    fix: {
      action: "Delete them unless something else signs in with them (Entra admin center › App registrations › Certificates & secrets).",
      who: "operator",
    },
  };
}

// ─── The rule set ─────────────────────────────────────────────────────────────────────────────────

export interface StatusContext {
  graphResourceId: string;
  graphAppRoles: readonly AppRole[];
  now: Date;
}

interface ExpectedApp {
  key: string;
  environmentId: string;
  connectorIds: ConnectorId[];
  displayName: string;
}

/** The status of one connector application; `app` null means it was expected but not found. Pure. */
export function connectorStatus(app: SnapshotApp | null, context: StatusContext, expected?: ExpectedApp): ConnectorStatus {
  const connectorIds = app?.connectorIds ?? expected?.connectorIds ?? [];
  const key = expected?.key ?? (app ? (app.shared ? "shared" : connectorIds[0]!) : "unknown");
  const environmentId = app?.environmentId ?? expected?.environmentId ?? "";
  const displayName = app?.application.displayName ?? expected?.displayName ?? key;
  const required = requiredPermissions(connectorIds, context.graphAppRoles);
  const empty: PermissionDiff = { missing: required, extra: [], present: [] };

  if (!app) {
    const checks: StatusCheck[] = [
      {
        id: "application",
        label: "Application",
        state: "fail",
        kind: "action",
        detail: `No application for ${connectorIds.map((id) => getConnector(id).shortName).join(", ")} in this environment.`,
        fix: { action: "Run setup for this environment and apply the plan.", who: "operator" },
      },
    ];
    return summarise({ key, environmentId, connectorIds, displayName, app, checks, configured: empty, granted: empty, grants: [] });
  }

  const checks: StatusCheck[] = [];
  checks.push(
    app.managedBy === "wizard"
      ? {
          id: "application",
          label: "Application",
          state: "ok",
          detail: `Found by its ${app.foundBy === "uniqueName" ? "uniqueName" : "wizard tags"} (${app.application.uniqueName ?? "no uniqueName"}).`,
        }
      : {
          id: "application",
          label: "Application",
          state: "warn",
          detail:
            "Made outside this wizard (found by Psoxy's display name only, no wizard tags): names are not unique, so it could be mistaken for another app.",
          fix: { action: "Run setup for this environment: the plan shows the app and asks before adopting it.", who: "operator" },
        },
  );
  if (app.dropped.length) {
    checks.push({
      id: "readBack",
      label: "Values read back",
      state: "warn",
      detail: `${app.dropped.join(". ")}.`,
      fix: { action: "Run setup for this environment again: it rewrites the wizard's tags.", who: "operator" },
    });
  }

  const sp = app.servicePrincipal;
  if (!sp) {
    checks.push({
      id: "servicePrincipal",
      label: "Service principal",
      state: "fail",
      kind: "action",
      detail: "No service principal (enterprise application) in this tenant: nothing can be granted to it and the proxy cannot sign in.",
      fix: { action: "Run setup for this environment and apply: it creates the service principal.", who: "operator" },
    });
  } else if (sp.accountEnabled === false) {
    checks.push({
      id: "servicePrincipal",
      label: "Service principal",
      state: "fail",
      kind: "broken",
      detail: "The service principal is disabled: sign-ins fail with AADSTS7000112 (application is disabled).",
      fix: {
        action: "Enable it: Entra admin center › Enterprise applications › this app › Properties › Enabled for users to sign in = Yes.",
        who: "operator",
      },
    });
  } else {
    checks.push({ id: "servicePrincipal", label: "Service principal", state: "ok", detail: "Exists and is enabled." });
  }

  const ownerNames = app.owners.map((owner) => owner.userPrincipalName ?? owner.displayName ?? owner.id);
  checks.push(
    app.owners.length
      ? { id: "owners", label: "Owners", state: "ok", detail: ownerNames.join(", ") }
      : {
          id: "owners",
          label: "Owners",
          state: "warn",
          detail: "No owner: only tenant-wide admins can manage this application.",
          fix: { action: "Add an owner in setup (step 4) and apply.", who: "operator" },
        },
  );

  const configured = comparePermissions(required, configuredRoleIds(app), context.graphAppRoles);
  if (configured.missing.length) {
    checks.push({
      id: "permissions",
      label: "Configured permissions",
      state: "fail",
      kind: "action",
      detail: `The application does not request ${names(configured.missing)}.`,
      fix: { action: "Run setup for this environment and apply: it sets the permissions the catalog lists.", who: "operator" },
    });
  } else if (configured.extra.length) {
    checks.push({
      id: "permissions",
      label: "Configured permissions",
      state: "warn",
      detail: `Requests more than the connector needs: ${names(configured.extra)}.`,
      fix: { action: "Run setup for this environment and apply: it keeps only the catalog's permissions.", who: "operator" },
    });
  } else {
    checks.push({ id: "permissions", label: "Configured permissions", state: "ok", detail: names(configured.present) });
  }

  const grants = graphGrants(app, context.graphResourceId);
  const granted = comparePermissions(
    required,
    grants.map((grant) => grant.appRoleId),
    context.graphAppRoles,
  );
  if (!sp) {
    checks.push({
      id: "grants",
      label: "Admin consent",
      state: "fail",
      kind: "consent",
      detail: `Nothing granted yet (${names(required)} needed).`,
      fix: { action: "Grant admin consent once the service principal exists.", who: "consent" },
    });
  } else if (granted.missing.length) {
    checks.push({
      id: "grants",
      label: "Admin consent",
      state: "fail",
      kind: "consent",
      detail: `Not granted: ${names(granted.missing)}${granted.present.length ? ` (granted: ${names(granted.present)})` : ""}.`,
      fix: { action: "Open the consent link and grant the missing permissions.", who: "consent" },
    });
  } else if (granted.extra.length) {
    checks.push({
      id: "grants",
      label: "Admin consent",
      state: "warn",
      detail: `All granted, and also ${names(granted.extra)}, which this connector no longer needs.`,
      fix: { action: "Open the consent link and remove the grants that are no longer needed.", who: "consent" },
    });
  } else {
    checks.push({ id: "grants", label: "Admin consent", state: "ok", detail: `Granted: ${names(granted.present)}.` });
  }

  checks.push(credentialCheck(app));
  checks.push(secretsCheck([...app.application.passwordCredentials, ...app.application.keyCredentials], context.now));

  if (connectorIds.includes("msft-teams")) {
    const verification = readTeamsVerification(app.application.tags);
    checks.push(
      verification
        ? { id: "teamsPolicy", label: "Teams access policy", state: "ok", detail: `Verified on ${verification.at} by ${verification.by}.` }
        : {
            id: "teamsPolicy",
            label: "Teams access policy",
            state: "fail",
            kind: "action",
            detail:
              "Not verified. No Graph API reads Teams application access policies; until the policy lists this app, online-meeting calls fail with 403.",
            fix: { action: "Run the Teams PowerShell script and paste its output into the verification box.", who: "teams" },
          },
    );
  }

  return summarise({ key, environmentId, connectorIds, displayName, app, checks, configured, granted, grants });
}

const SEVERITY: Record<FailureKind, OverallState> = { broken: "broken", action: "needs-action", consent: "needs-consent" };
const ORDER: OverallState[] = ["broken", "needs-action", "needs-consent"];

function summarise(status: Omit<ConnectorStatus, "state" | "reason" | "nextAction" | "who" | "alsoFailing">): ConnectorStatus {
  const severity = (check: StatusCheck) => ORDER.indexOf(SEVERITY[check.kind ?? "action"]);
  const failing = status.checks.filter((check) => check.state === "fail").sort((a, b) => severity(a) - severity(b));
  const [decisive, ...others] = failing;
  if (!decisive) return { ...status, state: "ready", reason: "", nextAction: "", who: null, alsoFailing: [] };
  return {
    ...status,
    state: SEVERITY[decisive.kind ?? "action"],
    reason: decisive.detail,
    nextAction: decisive.fix?.action ?? "",
    who: decisive.fix?.who ?? null,
    alsoFailing: others,
  };
}

/** Status of every app in a snapshot, in a stable order: environment, then connector. */
export function snapshotStatus(
  snapshot: { apps: readonly SnapshotApp[]; graphResource: { id: string; appRoles: AppRole[] } },
  now: Date,
): ConnectorStatus[] {
  const context: StatusContext = { graphResourceId: snapshot.graphResource.id, graphAppRoles: snapshot.graphResource.appRoles, now };
  return snapshot.apps
    .map((app) => connectorStatus(app, context))
    .sort(
      (a, b) => a.environmentId.localeCompare(b.environmentId) || a.key.localeCompare(b.key) || a.displayName.localeCompare(b.displayName),
    );
}
