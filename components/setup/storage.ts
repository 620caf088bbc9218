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

/**
 * What the operator has typed into a step's form but not submitted yet, per step, so that a reload, the
 * wizard's Back button or the browser's Back and Forward keep it. Kept as typed (it may be half-way to
 * valid): the step's schema checks it on Next, like any other typed value. Never the Cognito paste on the
 * Results step, which carries a token.
 */
export interface FormDrafts {
  environment?: { environmentId: string };
  connectors?: { connectorIds: ConnectorId[]; appMode: AppMode };
  identity?: {
    platform: HostPlatform["platform"];
    gcp: Record<string, string>;
    aws: { region: string; identityPoolId: string; developerProviderName: string };
  };
  owners?: { extraOwners: string };
}

export type FormStep = keyof FormDrafts;

export const EMPTY_DRAFT: SetupDraft = {
  environmentId: DEFAULT_ENVIRONMENT_ID,
  connectorIds: [],
  appMode: "per-connector",
  platform: null,
  ownerText: "",
  owners: [],
};

const ownerSchema = z.object({ id: z.string().min(1), userPrincipalName: z.string(), displayName: z.string() });

/** A typed value read back: a string of bounded length, or nothing. */
const typed = (max: number) => z.string().max(max).catch("");

const formDraftsSchema = z.object({
  environment: z
    .object({ environmentId: typed(200) })
    .optional()
    .catch(undefined),
  connectors: z
    .object({
      connectorIds: z
        .array(z.unknown())
        .max(50)
        .transform((ids) =>
          ids.flatMap((id) => {
            const parsed = connectorIdSchema.safeParse(id);
            return parsed.success ? [parsed.data] : [];
          }),
        ),
      appMode: z.enum(["per-connector", "shared"]).catch("per-connector"),
    })
    .optional()
    .catch(undefined),
  identity: z
    .object({
      platform: z.enum(["gcp", "aws"]).catch("gcp"),
      // Keyed by connector id; the form shows only the keys of the connectors chosen.
      gcp: z.record(z.string().max(64), typed(200)).catch({}),
      aws: z
        .object({ region: typed(200), identityPoolId: typed(200), developerProviderName: typed(200) })
        .catch({ region: "", identityPoolId: "", developerProviderName: "" }),
    })
    .optional()
    .catch(undefined),
  owners: z
    .object({ extraOwners: typed(10_000) })
    .optional()
    .catch(undefined),
});

/** Drops the steps that hold nothing, so an absent step reads back as absent. */
function presentForms(forms: z.infer<typeof formDraftsSchema>): FormDrafts {
  const out: FormDrafts = {};
  if (forms.environment) out.environment = forms.environment;
  if (forms.connectors) out.connectors = forms.connectors;
  if (forms.identity) out.identity = forms.identity;
  if (forms.owners) out.owners = forms.owners;
  return out;
}

const storedSchema = z.object({
  step: z.enum(STEP_IDS).catch("environment"),
  forms: formDraftsSchema.catch({}),
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
  /** Typed but not submitted, per step (absent: nothing typed since the step was last shown). */
  forms?: FormDrafts;
}

/**
 * The last step whose inputs are all there: a restored session, or a Back or Forward through the browser's
 * history, never lands past a missing answer. Apply is shown only while there is a run to show (`applyRun`);
 * otherwise it is never resumed blindly: the plan is read again from the tenant first.
 */
export function clampStep(step: StepId, draft: SetupDraft, { applyRun = false }: { applyRun?: boolean } = {}): StepId {
  let wanted: StepId = step === "apply" && !applyRun ? "plan" : step;
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
  const forms = presentForms(parsed.data.forms);
  return { step: clampStep(parsed.data.step, draft), draft, ...(Object.keys(forms).length ? { forms } : {}) };
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
