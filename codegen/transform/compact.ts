// Large request bodies cost too much context: keep top-level properties, point nested ones at schema resources.
import type { JsonSchema } from "../../src/tool-spec.js";
import { COMPONENT, resourceUri, type Cleaned } from "./json-schema.js";

/** Bodies whose inlined schema is larger than this many JSON characters are compacted by default. */
export const COMPACT_THRESHOLD = 1500;

export function isLarge(schema: JsonSchema): boolean {
  return JSON.stringify(schema).length > COMPACT_THRESHOLD;
}

function pointer(schema: Cleaned, fallback: string | undefined): string | undefined {
  const items = schema.items as Cleaned | undefined;
  return schema[COMPONENT] ?? items?.[COMPONENT] ?? fallback;
}

/**
 * One property, compact: scalars keep type, enum, format and description; objects and arrays of objects
 * become open objects/arrays whose description names the resource with their full schema.
 */
export function compactProperty(schema: Cleaned, parentName: string | undefined): Cleaned {
  const isComplex =
    schema.properties !== undefined ||
    schema.anyOf !== undefined ||
    (typeof schema.type === "string" && schema.type === "object") ||
    (Array.isArray(schema.type) && schema.type.includes("object")) ||
    (isComplexItems(schema.items as Cleaned | undefined));
  if (!isComplex) {
    const out: Cleaned = {};
    for (const key of ["type", "description", "enum", "format", "pattern", "items", "minimum", "maximum", "maxLength"]) {
      if (schema[key] !== undefined) out[key] = schema[key];
    }
    return out;
  }
  const name = pointer(schema, parentName);
  const isArray = schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"));
  const text = typeof schema.description === "string" ? schema.description : "";
  const see = name ? `See resource ${resourceUri(name)}` : "";
  const description = [text && see && !/[.…]$/.test(text) ? `${text}.` : text, see].filter(Boolean).join(" ") || undefined;
  const out: Cleaned = isArray ? { type: "array", items: { type: "object", additionalProperties: true } } : { type: "object", additionalProperties: true };
  if (description) out.description = description;
  return out;
}

function isComplexItems(items: Cleaned | undefined): boolean {
  if (!items) return false;
  return items.properties !== undefined || items.type === "object" || items.anyOf !== undefined;
}
