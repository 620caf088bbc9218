import { z } from "zod";
import { getConnector, type ConnectorId } from "@/lib/connectors";
import {
  awsPlatformSchema,
  defaultDeveloperProviderName,
  duplicateGcpUniqueIds,
  environmentIdProblem,
  gcpPlatformSchema,
  gcpServiceAccountUniqueIdSchema,
  gcpUniqueIdWarnings,
  type HostPlatform,
} from "@/lib/tenant/inputs";

/**
 * The proxy identity step's form: the field schemas of lib/tenant/inputs composed around the
 * fields this form shows (one GCP field per connector, or one in shared mode). No rule is
 * restated here; issues are only moved to the path of the field that shows them.
 */

interface GcpField {
  /** Form key: the connector id, or "shared". */
  key: string;
  label: string;
  /** Where the id is stored. */
  connectorIds: ConnectorId[];
}

/**
 * One field per connector, in both modes: each of Psoxy's GCP connectors runs as its own service account
 * (https://github.com/Worklytics/psoxy/blob/main/infra/examples-dev/gcp/msft-365.tf), and a shared application
 * trusts each of them through a federated credential of its own.
 */
export function gcpFields(connectorIds: readonly ConnectorId[]): GcpField[] {
  return connectorIds.map((id) => ({
    key: id,
    label: `Service account unique ID for ${getConnector(id).displayName}`,
    connectorIds: [id],
  }));
}

/** Warnings per GCP field (key → messages): unusual length, all zeros, the same id as another connector's. */
export function gcpFieldWarnings(
  fields: readonly GcpField[],
  values: Readonly<Record<string, string | undefined>>,
): Record<string, string[]> {
  const duplicates = duplicateGcpUniqueIds(values);
  const label = (key: string) =>
    fields
      .find((field) => field.key === key)
      ?.connectorIds.map((id) => getConnector(id).shortName)
      .join(", ") ?? key;
  const warnings: Record<string, string[]> = {};
  for (const field of fields) {
    const value = values[field.key] ?? "";
    const list = gcpUniqueIdWarnings(value, field.connectorIds[0]);
    const others = duplicates[field.key];
    if (others?.length) {
      list.push(
        `${others.map(label).join(", ")} has the same Unique ID. Each of Psoxy's GCP connectors runs as its own service account: check that this is not a copy-paste slip.`,
      );
    }
    if (list.length) warnings[field.key] = list;
  }
  return warnings;
}

export interface IdentityFormValues {
  platform: "gcp" | "aws";
  gcp: Record<string, string>;
  aws: { region: string; identityPoolId: string; developerProviderName: string };
}

export function identityDefaults(platform: HostPlatform | null, fields: readonly GcpField[], environmentId: string): IdentityFormValues {
  const gcp: Record<string, string> = {};
  for (const field of fields) {
    const first = field.connectorIds[0];
    gcp[field.key] = (platform?.platform === "gcp" && first ? platform.serviceAccountUniqueIds[first] : undefined) ?? "";
  }
  return {
    platform: platform?.platform ?? "gcp",
    gcp,
    aws: {
      region: platform?.platform === "aws" ? platform.region : "",
      identityPoolId: platform?.platform === "aws" ? platform.identityPoolId : "",
      developerProviderName:
        (platform?.platform === "aws" ? platform.developerProviderName : undefined) ?? defaultDeveloperProviderName(environmentId),
    },
  };
}

/**
 * The form's values with what was typed and not submitted yet laid over them (`typed` may be partial: read back
 * from storage, or from the form while it is typed). Only the fields the form shows are taken: a GCP id typed
 * for a connector no longer chosen is left out, and a connector chosen since keeps its default.
 */
export function withTypedIdentity(values: IdentityFormValues, typed: DeepPartialIdentity | undefined): IdentityFormValues {
  if (!typed) return values;
  const text = (value: unknown, fallback: string) => (typeof value === "string" ? value : fallback);
  const gcp: Record<string, string> = {};
  for (const key of Object.keys(values.gcp)) gcp[key] = text(typed.gcp?.[key], values.gcp[key] ?? "");
  return {
    platform: typed.platform === "aws" || typed.platform === "gcp" ? typed.platform : values.platform,
    gcp,
    aws: {
      region: text(typed.aws?.region, values.aws.region),
      identityPoolId: text(typed.aws?.identityPoolId, values.aws.identityPoolId),
      developerProviderName: text(typed.aws?.developerProviderName, values.aws.developerProviderName),
    },
  };
}

type DeepPartialIdentity = {
  platform?: string;
  gcp?: Record<string, string | undefined>;
  aws?: { region?: string; identityPoolId?: string; developerProviderName?: string };
};

export function identityFormSchema(input: { fields: readonly GcpField[]; environmentId: string; previous: HostPlatform | null }) {
  return z
    .object({
      platform: z.enum(["gcp", "aws"]),
      gcp: z.record(z.string(), z.string()),
      aws: z.object({ region: z.string(), identityPoolId: z.string(), developerProviderName: z.string() }),
    })
    .transform((values, ctx): HostPlatform => {
      // The environment id chosen in step 1 must be one Psoxy's Terraform for this platform accepts.
      const envProblem = environmentIdProblem(input.environmentId, values.platform);
      if (envProblem) {
        ctx.addIssue({
          code: "custom",
          path: ["platform"],
          message: `Environment id “${input.environmentId}”: ${envProblem} Go back to the Environment step to change it.`,
        });
        return z.NEVER;
      }
      if (values.platform === "gcp") {
        const ids: Partial<Record<ConnectorId, string>> = {};
        let ok = true;
        for (const field of input.fields) {
          const parsed = gcpServiceAccountUniqueIdSchema.safeParse(values.gcp[field.key] ?? "");
          if (!parsed.success) {
            ok = false;
            for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["gcp", field.key], message: issue.message });
            continue;
          }
          for (const id of field.connectorIds) ids[id] = parsed.data;
        }
        if (!ok) return z.NEVER;
        return gcpPlatformSchema.parse({ platform: "gcp", serviceAccountUniqueIds: ids });
      }

      const previous = input.previous?.platform === "aws" ? input.previous : null;
      const developerProviderName = values.aws.developerProviderName.trim();
      const parsed = awsPlatformSchema.safeParse({
        platform: "aws",
        region: values.aws.region,
        identityPoolId: values.aws.identityPoolId,
        // The default follows the environment id, as psoxy's does; only a custom name is stored.
        developerProviderName:
          developerProviderName === defaultDeveloperProviderName(input.environmentId) ? undefined : developerProviderName,
        // IdentityIds obtained earlier stay valid only for the same pool.
        identityIds: previous && previous.identityPoolId === values.aws.identityPoolId.trim() ? previous.identityIds : {},
      });
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        const path = field === "region" || field === "identityPoolId" || field === "developerProviderName" ? field : "identityPoolId";
        ctx.addIssue({ code: "custom", path: ["aws", path], message: issue.message });
      }
      return z.NEVER;
    });
}
