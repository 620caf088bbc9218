import { z } from "zod";
import type { ConnectorId } from "@/lib/connectors";
import type { AppMode } from "@/lib/tenant/desired";
import { connectorIdSchema, DEFAULT_ENVIRONMENT_ID, environmentIdSchema, hostPlatformSchema, type HostPlatform } from "@/lib/tenant/inputs";
import type { Owner } from "@/lib/tenant/model";
import { STEP_IDS, stepIndex, type StepId } from "./steps";

/**
 * The wizard's answers, kept in sessionStorage under one key so a reload keeps them. Only what the
 * operator typed or chose (and the owners they picked) is stored: never tokens, never Graph
 * responses, never plans. Everything else is read again from the tenant.
 */
export const SETUP_STORAGE_KEY = "psoxy-m365-setup";

export interface SetupDraft {
  environmentId: string;
  connectorIds: ConnectorId[];
  appMode: AppMode;
  /** Null until the proxy identity step is done. */
  platform: HostPlatform | null;
  /** What the operator typed as extra owners. */
  ownerText: string;
  /** The extra owners, resolved to users of the tenant (the signed-in user is added at plan time). */
  owners: Owner[];
}

export const EMPTY_DRAFT: SetupDraft = {
  environmentId: DEFAULT_ENVIRONMENT_ID,
  connectorIds: [],
  appMode: "per-connector",
  platform: null,
  ownerText: "",
  owners: [],
};

const ownerSchema = z.object({ id: z.string().min(1), userPrincipalName: z.string(), displayName: z.string() });

const storedSchema = z.object({
  step: z.enum(STEP_IDS).catch("environment"),
  draft: z.object({
    // Read back like any other value: through the schema typed input goes through.
    environmentId: environmentIdSchema.catch(DEFAULT_ENVIRONMENT_ID),
    connectorIds: z.array(connectorIdSchema).catch([]),
    appMode: z.enum(["per-connector", "shared"]).catch("per-connector"),
    platform: hostPlatformSchema.nullable().catch(null),
    ownerText: z.string().catch(""),
    owners: z.array(ownerSchema).catch([]),
  }),
});

export interface StoredSetup {
  step: StepId;
  draft: SetupDraft;
}

/** The last step whose inputs are all there: a restored session never lands past a missing answer. */
function clampStep(step: StepId, draft: SetupDraft): StepId {
  // Apply is never resumed blindly: the plan is read again from the tenant first.
  let wanted: StepId = step === "apply" ? "plan" : step;
  if (draft.connectorIds.length === 0 && stepIndex(wanted) > stepIndex("connectors")) wanted = "connectors";
  if (!draft.platform && stepIndex(wanted) > stepIndex("identity")) wanted = "identity";
  return wanted;
}

export function loadSetup(storage: Storage | undefined): StoredSetup {
  const fallback: StoredSetup = { step: "environment", draft: EMPTY_DRAFT };
  if (!storage) return fallback;
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(SETUP_STORAGE_KEY) ?? "null");
  } catch {
    return fallback;
  }
  const parsed = storedSchema.safeParse(raw);
  if (!parsed.success) return fallback;
  const { draft } = parsed.data;
  return { step: clampStep(parsed.data.step, draft), draft };
}

export function saveSetup(storage: Storage | undefined, value: StoredSetup): void {
  try {
    storage?.setItem(SETUP_STORAGE_KEY, JSON.stringify(value));
  } catch {
    // storage full or disabled: the wizard still works, only a reload loses the answers
  }
}

export function clearSetup(storage: Storage | undefined): void {
  try {
    storage?.removeItem(SETUP_STORAGE_KEY);
  } catch {
    // nothing to clear
  }
}
