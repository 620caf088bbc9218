/**
 * Names, keys and tags of the Entra applications the wizard manages: domain facts, read by the plan,
 * the snapshot and the exports.
 * Sources: Psoxy's infra/modules/azuread-connection/main.tf (display name), Graph's application upsert by
 * uniqueName (https://learn.microsoft.com/graph/api/application-upsert) and tag filters
 * (https://learn.microsoft.com/graph/api/application-list). Display names are not keys: Psoxy's are not unique.
 */
import { isConnectorId, type ConnectorId } from "@/lib/connectors";

/**
 * psoxy's app display name [mod]:
 * `"Psoxy Connector - ${display_name}${length(env) > 0 ? " ${env} " : ""}"`. psoxy leaves a
 * trailing space after the env; it is trimmed here, so an app later adopted by psoxy's Terraform
 * may show a display-name-only diff.
 */
export function connectorAppName(displayName: string, envId: string | undefined): string {
  const env = envId?.trim() ?? "";
  return `${CONNECTOR_APP_NAME_PREFIX}${displayName}${env ? ` ${env}` : ""}`.trim();
}

/** How every Psoxy connector application's display name starts. */
export const CONNECTOR_APP_NAME_PREFIX = "Psoxy Connector - ";

/** The environment as it stands in a uniqueName: characters a uniqueName cannot hold become '-'. */
export function uniqueNameSegment(envId: string | undefined): string {
  return (envId ?? "").trim().replace(/[^A-Za-z0-9_-]/g, "-");
}

/**
 * Two different environment ids that would give their apps the same uniqueName: Entra compares alternate
 * keys without regard to case (the simulator follows it), and `uniqueNameSegment` turns characters a
 * uniqueName cannot hold into '-'. Such a pair would write into each other's applications, so the second is
 * refused.
 */
export function environmentsClash(a: string, b: string): boolean {
  return a !== b && uniqueNameSegment(a).toLowerCase() === uniqueNameSegment(b).toLowerCase();
}

/** Graph application uniqueName: letters, digits, '-', '_', '.', kept ≤ 120 characters. */
const UNIQUE_NAME_RE = /^[A-Za-z0-9._-]{1,120}$/;

export function isValidUniqueName(value: string): boolean {
  return UNIQUE_NAME_RE.test(value);
}

/**
 * Stable alternate key for `PATCH /applications(uniqueName='…')` + `Prefer: create-if-missing`
 * [appups]: `psoxy.<env>.<connector>` (or `psoxy.<connector>` without env). '.' never occurs in env
 * ids or connector ids, so distinct (env, connector) pairs never collide ("msft" + "teams-x" vs
 * "" + "msft-teams-x" would with '-'). Display names are not keys: psoxy's are not unique.
 */
export function connectorUniqueName(connectorId: ConnectorId, envId: string | undefined): string {
  const env = uniqueNameSegment(envId);
  const name = env ? `psoxy.${env}.${connectorId}` : `psoxy.${connectorId}`;
  if (!isValidUniqueName(name)) throw new Error(`Cannot build a uniqueName from '${envId}' and '${connectorId}'`);
  return name;
}

/** Tags on every wizard-managed app; find them with `GET /applications?$filter=tags/any(t:t eq 'psoxy-wizard')` [tags]. */
export const WIZARD_TAGS = {
  managed: "psoxy-wizard",
  connectorPrefix: "psoxy-connector:",
  envPrefix: "psoxy-env:",
} as const;

/** Tags for one connector app: managed marker, connector and environment (`psoxy-env:` when empty). */
export function wizardTags(connectorId: ConnectorId, envId: string | undefined): string[] {
  return [WIZARD_TAGS.managed, `${WIZARD_TAGS.connectorPrefix}${connectorId}`, `${WIZARD_TAGS.envPrefix}${(envId ?? "").trim()}`];
}

/** OData filter for wizard-managed apps (value quoted per OData: ' doubled). */
export function wizardTagFilter(tag: string = WIZARD_TAGS.managed): string {
  return `tags/any(t:t eq '${tag.replace(/'/g, "''")}')`;
}

/** Marks the one shared application (psoxy's BETA `msft_connector_app_object_id` mode). */
export const SHARED_TAG = "psoxy-shared";

/**
 * uniqueName of the shared application: `psoxy.<env>.shared` (`psoxy.shared` without env).
 * "shared" is no connector id, so it never collides with `connectorUniqueName`.
 */
export function sharedUniqueName(envId: string | undefined): string {
  const env = uniqueNameSegment(envId);
  return env ? `psoxy.${env}.shared` : "psoxy.shared";
}

/** True for tags this wizard writes (and may therefore rewrite); every other tag belongs to someone else. */
export function isWizardTag(tag: string): boolean {
  return (
    tag === WIZARD_TAGS.managed ||
    tag === SHARED_TAG ||
    tag.startsWith(WIZARD_TAGS.connectorPrefix) ||
    tag.startsWith(WIZARD_TAGS.envPrefix)
  );
}

/** The wizard's tags replaced by `wanted`; tags others set are kept, in their order. */
export function mergeWizardTags(current: readonly string[], wanted: readonly string[]): string[] {
  return [...new Set([...current.filter((tag) => !isWizardTag(tag)), ...wanted])];
}

/** All values of the wizard tags with this prefix (a shared app carries several connector tags). */
export function wizardTagValues(tags: readonly string[], prefix: string): string[] {
  return tags.filter((tag) => tag.startsWith(prefix)).map((tag) => tag.slice(prefix.length));
}

/**
 * The environment and connector a wizard uniqueName names (`psoxy.<env>.<connector>`, `psoxy.<connector>`,
 * `psoxy.<env>.shared`, `psoxy.shared`); null for anything else, including connectors the catalog lacks.
 */
export function uniqueNameEnvironment(uniqueName: string): { environmentId: string; connector: ConnectorId | "shared" } | null {
  const match = /^psoxy\.(?:([A-Za-z0-9_-]{1,64})\.)?([a-z0-9-]+)$/.exec(uniqueName);
  if (!match) return null;
  const connector = match[2]!;
  if (connector !== "shared" && !isConnectorId(connector)) return null;
  return { environmentId: match[1] ?? "", connector };
}
