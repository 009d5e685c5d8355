// The smallest arguments a tool's JSON Schema accepts: required properties only, each with the smallest value its
// schema allows (first enum member, minimum length and bound, minItems items...). A discriminated union gives one
// call per branch, so every subtype is tried. Values are plain JSON.
import fc from "fast-check";
import type { JsonSchema } from "../../src/tool-spec.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const FORMAT_VALUES: Record<string, string> = {
  "date-time": "2024-01-01T00:00:00.000Z",
  date: "2024-01-01",
  time: "00:00:00Z",
  email: "a@example.com",
  uri: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
};

function stringValue(schema: Obj): string {
  if (typeof schema.pattern === "string") {
    try {
      const min = typeof schema.minLength === "number" ? schema.minLength : 0;
      const max = typeof schema.maxLength === "number" ? schema.maxLength : Infinity;
      const found = fc
        .sample(fc.stringMatching(new RegExp(schema.pattern, "u")), { numRuns: 200, seed: 7 })
        .filter((s) => [...s].length >= min && [...s].length <= max)
        .sort((a, b) => a.length - b.length)[0];
      if (found !== undefined) return found;
    } catch {
      // fast-check cannot generate from this regex: fall through to a plain string.
    }
  }
  const format = typeof schema.format === "string" ? FORMAT_VALUES[schema.format] : undefined;
  if (format) return format;
  const min = typeof schema.minLength === "number" ? schema.minLength : 1;
  return "a".repeat(Math.max(min, 1));
}

function numberValue(schema: Obj, integer: boolean): number {
  let value = 0;
  if (typeof schema.minimum === "number") value = Math.max(value, schema.minimum);
  if (typeof schema.exclusiveMinimum === "number") value = Math.max(value, schema.exclusiveMinimum + (integer ? 1 : 0.5));
  if (typeof schema.maximum === "number" && value > schema.maximum) value = schema.maximum;
  if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) value = schema.exclusiveMaximum - 1;
  if (typeof schema.multipleOf === "number") value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return integer ? Math.ceil(value) : value;
}

function firstType(schema: Obj): string | undefined {
  if (typeof schema.type === "string") return schema.type;
  if (Array.isArray(schema.type)) return (schema.type as string[]).find((t) => t !== "null") ?? "null";
  if (isObj(schema.properties) || Array.isArray(schema.required)) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

/** Candidate minimal values, best first (unions give one per branch). */
export function minimalValues(schema: unknown, depth = 0): unknown[] {
  if (schema === true || schema === undefined) return [{}];
  if (!isObj(schema) || depth > 12) return [null];
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((v) => v !== null);
    return values.length ? [values[0]] : [null];
  }
  if ("const" in schema) return [schema.const];
  const branches = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(branches)) {
    const { oneOf: _o, anyOf: _a, discriminator: _d, ...rest } = schema;
    const base = Object.keys(rest).length ? minimalValues(rest, depth + 1)[0] : undefined;
    return branches.flatMap((branch) => minimalValues(branch, depth + 1).map((v) => (isObj(base) && isObj(v) ? { ...base, ...v } : v)));
  }
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema;
    return [[rest, ...allOf].map((part) => minimalValues(part, depth + 1)[0]).reduce((acc: unknown, v) => (isObj(acc) && isObj(v) ? { ...acc, ...v } : v ?? acc), {})];
  }
  switch (firstType(schema)) {
    case "string":
      return [stringValue(schema)];
    case "integer":
      return [numberValue(schema, true)];
    case "number":
      return [numberValue(schema, false)];
    case "boolean":
      return [false];
    case "null":
      return [null];
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 0;
      const item = minimalValues(schema.items, depth + 1)[0];
      return [Array.from({ length: min }, (_, i) => (typeof item === "string" && schema.uniqueItems ? `${item}${i || ""}` : item))];
    }
    case "object": {
      const props = isObj(schema.properties) ? schema.properties : {};
      const out: Obj = {};
      for (const key of (schema.required as string[] | undefined) ?? []) {
        if (props[key] === false) continue;
        out[key] = minimalValues(props[key] ?? true, depth + 1)[0];
      }
      return [out];
    }
    default:
      return [{}];
  }
}

/** One minimal call per branch of a discriminated union, else one. */
export function minimalCalls(schema: JsonSchema): Obj[] {
  return minimalValues(schema).filter(isObj);
}
