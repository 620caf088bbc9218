import { z } from "zod";
import { GUID_RE } from "@/lib/text/guid";
import { badRequest } from "./http";
import type { JsonObject, JsonValue } from "./types";

/**
 * Validation of entity bodies the way the directory answers: a property the
 * type does not declare → 400 "Property 'x' does not exist as a declared property
 * or extension property."; a read-only one → 400; a bad value → 400 "Invalid value
 * specified for property 'x' of resource 'Y'." (Request_BadRequest).
 */

export interface BodySpec {
  /** Resource name used in messages, e.g. `Application`. */
  resource: string;
  /** Properties the simulator models, with their value schema. */
  modelled: Record<string, z.ZodType>;
  /** Declared by Graph, kept verbatim but not interpreted. */
  passthrough: readonly string[];
  /** Declared but read-only. */
  readOnly: readonly string[];
}

interface ParsedBody {
  /** Modelled properties present in the body, validated. */
  fields: Record<string, unknown>;
  extra: JsonObject;
}

export function invalidValue(property: string, resource: string) {
  return badRequest(`Invalid value specified for property '${property}' of resource '${resource}'.`);
}

export function parseEntityBody(body: Record<string, unknown>, spec: BodySpec): ParsedBody {
  const fields: Record<string, unknown> = {};
  const extra: JsonObject = {};
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith("@odata.")) continue;
    const modelledKey = Object.keys(spec.modelled).find((k) => k.toLowerCase() === name.toLowerCase());
    if (modelledKey) {
      const schema = spec.modelled[modelledKey];
      const parsed = schema?.safeParse(value);
      if (!parsed?.success) throw invalidValue(modelledKey, spec.resource);
      fields[modelledKey] = parsed.data;
      continue;
    }
    const passthroughKey = spec.passthrough.find((k) => k.toLowerCase() === name.toLowerCase());
    if (passthroughKey) {
      extra[passthroughKey] = value as JsonValue;
      continue;
    }
    if (spec.readOnly.some((k) => k.toLowerCase() === name.toLowerCase())) {
      throw badRequest(`Property '${name}' is read-only and cannot be set.`);
    }
    throw badRequest(`Property '${name}' does not exist as a declared property or extension property.`);
  }
  return { fields, extra };
}

export const guidSchema = z.string().regex(GUID_RE);
export const nullableText = (max: number) => z.string().max(max).nullable();
export const stringList = (maxItem: number) => z.array(z.string().min(1).max(maxItem));
