// Checks that zodSource(schema) accepts exactly what ajv accepts, on many generated JSON values.
// Reusable: the generator's tests run it over every generated tool.
//
// Candidates come from fast-check with a fixed seed: half are "clean" (derived from the schema: right types,
// enum members, required keys, boundary lengths and numbers), half are "dirty" (each node may be mutated:
// wrong type, null, out of range, too long/short, pattern-violating, wrong enum member, dropped required key,
// extra key, duplicate item). Every candidate is passed through JSON so both sides see real JSON values.
//
// The reference is the schema with oneOf → anyOf (the documented relaxation in zod-source.ts). Values that
// only that relaxation accepts are counted in `oneOfRelaxed`, not reported as disagreements.

import { Ajv } from "ajv";
import fc from "fast-check";
import { z } from "zod";
import type { JsonSchema } from "../../src/tool-spec.js";
import { zodSource } from "../../codegen/transform/zod-source.js";

export interface AgreementOptions {
  /** Number of candidate values (default 200). */
  samples?: number;
  /** fast-check seed (default 42): same seed, same candidates. */
  seed?: number;
  /** Source generator under test (default zodSource); lets a test prove the check catches a wrong one. */
  sourceOf?: (schema: JsonSchema) => string;
}

export interface Disagreement {
  value: unknown;
  ajv: boolean;
  zod: boolean;
  zodIssues?: string;
}

export interface AgreementResult {
  source: string;
  samples: number;
  /** Candidates the (relaxed) JSON Schema accepts / rejects. */
  valid: number;
  invalid: number;
  /** Accepted only because oneOf is treated as anyOf. */
  oneOfRelaxed: number;
  /** Candidates ajv itself crashed on (not compared). */
  skipped: number;
  disagreements: Disagreement[];
}

// optimize: false compiles ~40% faster; the checks are the same.
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, code: { optimize: false } });

export function checkAgreement(schema: JsonSchema, options: AgreementOptions = {}): AgreementResult {
  const samples = options.samples ?? 200;
  const source = (options.sourceOf ?? zodSource)(schema);
  const zodSchema = new Function("z", `return ${source}`)(z) as z.ZodType;
  const relaxed = relaxOneOf(schema) as JsonSchema;
  const reference = ajv.compile(relaxed);
  const strict = hasOneOf(schema) ? ajv.compile(schema) : undefined;

  const arb = fc.oneof(arbitraryFor(schema, false, 0), arbitraryFor(schema, true, 0));
  const values = fc.sample(arb, { numRuns: samples, seed: options.seed ?? 42 }).map(toJson);

  const result: AgreementResult = { source, samples, valid: 0, invalid: 0, oneOfRelaxed: 0, skipped: 0, disagreements: [] };
  for (const value of values) {
    let expected: boolean;
    try {
      expected = reference(value);
    } catch {
      // ajv's deep-equal (const/enum/uniqueItems) throws on keys like "toString": 1. No reference, no verdict.
      result.skipped++;
      continue;
    }
    const parsed = zodSchema.safeParse(value);
    if (expected) result.valid++;
    else result.invalid++;
    if (expected && strict && !safe(strict, value)) result.oneOfRelaxed++;
    if (expected !== parsed.success) {
      result.disagreements.push({
        value,
        ajv: expected,
        zod: parsed.success,
        zodIssues: parsed.success ? undefined : JSON.stringify(parsed.error.issues.map((i) => [i.path.join("."), i.message])),
      });
    }
  }
  ajv.removeSchema(relaxed);
  if (strict) ajv.removeSchema(schema);
  return result;
}

/** Candidate values for `schema` (the same mix checkAgreement uses): clean ones shaped by it, and near misses. */
export function sampleValues(schema: JsonSchema, samples: number, seed = 42): unknown[] {
  const arb = fc.oneof(arbitraryFor(schema, false, 0), arbitraryFor(schema, true, 0));
  return fc.sample(arb, { numRuns: samples, seed }).map(toJson);
}

export interface RelaxationResult {
  /** Candidates the narrow schema accepts (each must be accepted by the wide one). */
  accepted: number;
  /** Accepted by the narrow schema, refused by the wide one. */
  violations: unknown[];
}

/** Checks that `wide` accepts every sampled value `narrow` accepts (the served schema relaxes the validator's). */
export function checkRelaxation(
  narrow: JsonSchema,
  wide: JsonSchema,
  options: { samples?: number; seed?: number; /** How a value accepted by `narrow` is put to `wide`. */ prepare?: (value: unknown) => unknown } = {},
): RelaxationResult {
  const narrowCheck = ajv.compile(relaxOneOf(narrow) as JsonSchema);
  const wideCheck = ajv.compile(relaxOneOf(wide) as JsonSchema);
  const result: RelaxationResult = { accepted: 0, violations: [] };
  for (const value of sampleValues(narrow, options.samples ?? 200, options.seed)) {
    if (!safe(narrowCheck, value)) continue;
    result.accepted++;
    if (!safe(wideCheck, options.prepare ? options.prepare(value) : value)) result.violations.push(value);
  }
  return result;
}

function safe(validate: (v: unknown) => boolean, value: unknown): boolean {
  try {
    return validate(value);
  } catch {
    return false;
  }
}

// ---- reference schema ---------------------------------------------------------------------------------------

const SUBSCHEMA_KEYS = ["items", "additionalProperties", "not"];
const SUBSCHEMA_LIST_KEYS = ["anyOf", "oneOf", "allOf"];

function mapSubschemas(schema: unknown, f: (s: Record<string, unknown>) => Record<string, unknown>): unknown {
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = { ...f(schema) };
  for (const key of SUBSCHEMA_KEYS) if (key in out) out[key] = mapSubschemas(out[key], f);
  for (const key of SUBSCHEMA_LIST_KEYS) {
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((s) => mapSubschemas(s, f));
  }
  if (isObject(out.properties)) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, s]) => [k, mapSubschemas(s, f)]));
  }
  return out;
}

function relaxOneOf(schema: unknown): unknown {
  return mapSubschemas(schema, (s) => {
    if (!("oneOf" in s)) return s;
    const { oneOf, ...rest } = s;
    // anyOf and oneOf together: both must hold, so the relaxed oneOf goes under allOf.
    if ("anyOf" in rest) return { ...rest, allOf: [...((rest.allOf as unknown[]) ?? []), { anyOf: oneOf }] };
    return { ...rest, anyOf: oneOf };
  });
}

function hasOneOf(schema: unknown): boolean {
  let found = false;
  mapSubschemas(schema, (s) => {
    if ("oneOf" in s) found = true;
    return s;
  });
  return found;
}

// ---- candidate values ---------------------------------------------------------------------------------------

type Arb = fc.Arbitrary<unknown>;

const MAX_DEPTH = 6;
const anyJson: Arb = fc.jsonValue({ maxDepth: 2 });
const EXTRA_KEY = "zz_extra";

/** Values shaped by `schema`; when `dirty`, any node may be replaced by a near-miss. */
function arbitraryFor(schema: unknown, dirty: boolean, depth: number): Arb {
  const valid = validish(schema, dirty, depth);
  if (!dirty) return valid;
  return fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: mutant(schema), weight: 1 });
}

function validish(schema: unknown, dirty: boolean, depth: number): Arb {
  if (schema === false) return anyJson;
  if (!isObject(schema) || depth > MAX_DEPTH) return anyJson;
  const child = (s: unknown) => arbitraryFor(s, dirty, depth + 1);

  if (Array.isArray(schema.enum)) return schema.enum.length ? fc.constantFrom(...schema.enum) : anyJson;
  if ("const" in schema) return fc.constant(schema.const);

  let base: Arb | undefined = typedArbitrary(schema, child);
  for (const key of ["anyOf", "oneOf"]) {
    const list = schema[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    const branch = fc.oneof(...list.map(child));
    base = base ? fc.tuple(base, branch).map(([a, b]) => mergeObjects(a, b)) : branch;
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length) {
    const all = fc.tuple(...schema.allOf.map(child));
    base = base
      ? fc.tuple(base, all).map(([a, parts]) => parts.reduce((acc: unknown, p) => mergeObjects(acc, p), a))
      : all.map((parts) => parts.slice(1).reduce((acc: unknown, p) => mergeObjects(acc, p), parts[0]));
  }
  return base ?? anyJson;
}

function typedArbitrary(schema: Record<string, unknown>, child: (s: unknown) => Arb): Arb | undefined {
  let types: string[];
  if (schema.type !== undefined) {
    types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (schema.nullable === true) types = [...types, "null"];
  } else {
    types = [];
    if ("properties" in schema || "required" in schema || "additionalProperties" in schema) types.push("object");
    if ("items" in schema || "minItems" in schema || "maxItems" in schema) types.push("array");
    if ("minLength" in schema || "maxLength" in schema || "pattern" in schema) types.push("string");
    if (["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"].some((k) => k in schema)) {
      types.push("number");
    }
    if (types.length === 0) return undefined;
  }
  if (types.length === 0) return anyJson;
  return fc.oneof(...types.map((t) => arbitraryOfType(t, schema, child)));
}

function arbitraryOfType(type: string, schema: Record<string, unknown>, child: (s: unknown) => Arb): Arb {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "string":
      return stringArbitrary(schema);
    case "number":
    case "integer":
      return numberArbitrary(schema, type === "integer");
    case "array":
      return arrayArbitrary(schema, child);
    case "object":
      return objectArbitrary(schema, child);
    default:
      return anyJson;
  }
}

function stringArbitrary(schema: Record<string, unknown>): Arb {
  const min = num(schema.minLength) ?? 0;
  // Contradictory bounds (min > max) still need a generator: such schemas accept no string.
  const max = Math.max(num(schema.maxLength) ?? Math.max(min + 8, 12), min);
  const sized: Arb[] = [
    fc.string({ minLength: min, maxLength: max }),
    // Astral characters: one code point, two UTF-16 units (catches length counted the wrong way).
    fc.string({ unit: "binary", minLength: min, maxLength: max }),
    fc.constantFrom(min, max).chain((n) => fc.string({ unit: "binary", minLength: n, maxLength: n })),
  ];
  if (typeof schema.pattern === "string") {
    try {
      const matching = fc.stringMatching(new RegExp(schema.pattern, "u"));
      fc.sample(matching, { numRuns: 1, seed: 1 });
      return fc.oneof({ arbitrary: matching, weight: 4 }, ...sized.map((arbitrary) => ({ arbitrary, weight: 1 })));
    } catch {
      // fast-check cannot generate this regex: the sized strings still exercise it.
    }
  }
  return fc.oneof(...sized);
}

function numberArbitrary(schema: Record<string, unknown>, integer: boolean): Arb {
  const bounds = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
    .map((k) => num(schema[k]))
    .filter((n): n is number => n !== undefined);
  const lo = Math.min(...bounds, -1000);
  const hi = Math.max(...bounds, 1000);
  const step = num(schema.multipleOf);
  const edges = bounds.flatMap((b) => [b, b - 1, b + 1, b - 0.5, b + 0.5, Math.floor(b), Math.ceil(b)]);
  const arbs: Arb[] = [
    fc.integer({ min: Math.ceil(lo) - 2, max: Math.floor(hi) + 2 }),
    fc.constantFrom(0, 1, -1, 1.5, 2 ** 53 + 2, -(2 ** 60), 1e21, ...edges),
  ];
  if (step !== undefined) arbs.push(fc.integer({ min: -50, max: 50 }).map((k) => k * step));
  if (!integer) arbs.push(fc.double({ min: lo - 1, max: hi + 1, noNaN: true, noDefaultInfinity: true }));
  return fc.oneof(...arbs);
}

function arrayArbitrary(schema: Record<string, unknown>, child: (s: unknown) => Arb): Arb {
  const min = num(schema.minItems) ?? 0;
  const max = Math.max(Math.min(num(schema.maxItems) ?? min + 3, min + 4), min);
  const item = Array.isArray(schema.items) || schema.items === undefined ? anyJson : child(schema.items);
  const plain = fc.array(item, { minLength: min, maxLength: max });
  if (schema.uniqueItems !== true) return plain;
  return fc.oneof(
    // No minLength: fast-check would spin forever when the items cannot supply that many distinct values.
    fc.uniqueArray(item, { maxLength: max, selector: (v) => JSON.stringify(v) }),
    plain.map((a) => (a.length ? [...a, a[0]] : a)),
  );
}

function objectArbitrary(schema: Record<string, unknown>, child: (s: unknown) => Arb): Arb {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const model: Record<string, Arb> = {};
  for (const [key, sub] of Object.entries(properties)) model[key] = child(sub);
  for (const key of required) if (!(key in model)) model[key] = anyJson;
  const record = fc.record(model, { requiredKeys: required.filter((k) => k in model), noNullPrototype: true });
  const extra = schema.additionalProperties;
  if (extra === false) return record;
  const extraValue = isObject(extra) ? child(extra) : anyJson;
  const extras = fc.dictionary(fc.string({ maxLength: 6 }), extraValue, { maxKeys: 2, noNullPrototype: true });
  return fc.tuple(record, extras).map(([r, e]) => ({ ...e, ...r }));
}

/** A near-miss for `schema`: usually invalid, sometimes accidentally valid (ajv decides). */
function mutant(schema: unknown): Arb {
  const options: Arb[] = [anyJson, fc.constant(null), fc.constant("wrong"), fc.constant(7), fc.constant(2.5), fc.constant([])];
  if (isObject(schema)) {
    if (Array.isArray(schema.enum) && schema.enum.length) {
      options.push(fc.constantFrom(...schema.enum).map((v) => (typeof v === "string" ? `${v}_x` : typeof v === "number" ? v + 1 : "not_a_member")));
    }
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    if (Object.keys(properties).length || required.length) {
      // A valid-looking object missing one required key, or carrying an unexpected one.
      const clean = objectArbitrary(schema, (s) => validish(s, false, MAX_DEPTH - 1));
      if (required.length) {
        options.push(fc.tuple(clean, fc.constantFrom(...required)).map(([o, k]) => withoutKey(o, k)));
      }
      options.push(clean.map((o) => ({ ...(o as object), [EXTRA_KEY]: 1 })));
    }
    if (typeof schema.pattern === "string") options.push(fc.constantFrom("", " ", "!@#$", "a\nb", "ÿ😀"));
    const maxLength = num(schema.maxLength);
    if (maxLength !== undefined) options.push(fc.constant("x".repeat(maxLength + 1)), fc.constant("😀".repeat(maxLength + 1)));
    const maxItems = num(schema.maxItems);
    if (maxItems !== undefined) options.push(fc.constant(Array.from({ length: maxItems + 1 }, () => "x")));
  }
  return fc.oneof(...options);
}

function withoutKey(o: unknown, key: string): unknown {
  if (!isObject(o)) return o;
  const copy = { ...o };
  delete copy[key];
  return copy;
}

function mergeObjects(a: unknown, b: unknown): unknown {
  return isObject(a) && isObject(b) ? { ...a, ...b } : b;
}

function toJson(v: unknown): unknown {
  const text = JSON.stringify(v);
  return text === undefined ? null : JSON.parse(text);
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
