// JSON Schema → source text of an equivalent zod 4 expression (identifier `z`).
// The output is emitted into src/generated/validators.ts, so it must be a single expression that is valid
// plain JavaScript *and* type-checks as TypeScript (no `as`, generics or annotations; callbacks get contextual types).
//
// Semantics mirror ajv 8 (draft-07, `unicodeRegExp: true`) on JSON values, with these deliberate choices:
// - `oneOf` is treated like `anyOf` (accept if ANY branch matches). JSON Schema rejects a value that matches
//   two branches; open-object branches split by a discriminator overlap, so exact oneOf would reject valid calls.
//   test/codegen/schema-agreement.ts compares against the schema with oneOf → anyOf.
// - Conjunctions (allOf, enum/anyOf next to other keywords) use `a.pipe(z.any().pipe(b))`, never `.and()`:
//   zod's intersection forgives a key that only one strict side rejects, which JSON Schema does not.
//   (`z.any()` in between only keeps TypeScript from requiring b's input to match a's output.)
// - minLength/maxLength: zod 4.6.7's string .min/.max count code points, like ajv (older zod counted UTF-16 units).
// - `integer` accepts every integral number like ajv (zod's .int() rejects unsafe integers above 2^53).
// - NaN/Infinity: ajv (strict: false) accepts them as numbers, zod rejects them; JSON cannot carry them.
// - An own key named "__proto__" (possible via JSON.parse) is dropped by zod objects before a later conjunct sees it.
//
// Ignored keywords (annotations or things validators do not check): format, description, title, default,
// example, examples, readOnly, writeOnly, deprecated, discriminator, xml, externalDocs, $comment, $id, $schema,
// $defs/definitions, contentMediaType, contentEncoding, x-* and any other unknown keyword.
// Assertion keywords we do not implement (not, if/then/else, patternProperties, propertyNames, min/maxProperties,
// dependencies, dependentRequired, dependentSchemas, contains, prefixItems, additionalItems, tuple-form items,
// unevaluated*, $ref, boolean exclusiveMinimum/Maximum) throw a TypeError instead of silently loosening the validator.

import type { JsonSchema } from "../../src/tool-spec.js";

type JsonType = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";

const JSON_TYPES: readonly JsonType[] = ["null", "boolean", "integer", "number", "string", "array", "object"];

const STRING_KEYWORDS = ["minLength", "maxLength", "pattern"];
const NUMBER_KEYWORDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const ARRAY_KEYWORDS = ["items", "minItems", "maxItems", "uniqueItems"];
const OBJECT_KEYWORDS = ["properties", "required", "additionalProperties"];

const UNSUPPORTED_KEYWORDS = [
  "not",
  "if",
  "then",
  "else",
  "patternProperties",
  "propertyNames",
  "minProperties",
  "maxProperties",
  "dependencies",
  "dependentRequired",
  "dependentSchemas",
  "contains",
  "minContains",
  "maxContains",
  "prefixItems",
  "additionalItems",
  "unevaluatedProperties",
  "unevaluatedItems",
  "$ref",
  "$dynamicRef",
  "$recursiveRef",
];

/** Keywords that may sit next to object keywords in an allOf branch without blocking a static merge. */
const ANNOTATIONS = new Set([
  "description",
  "title",
  "default",
  "example",
  "examples",
  "readOnly",
  "writeOnly",
  "deprecated",
  "discriminator",
  "xml",
  "externalDocs",
  "$comment",
]);

const ANY = "z.any()";

/** Source of a zod 4 expression accepting exactly the JSON values `schema` accepts (see header for deviations). */
export function zodSource(schema: JsonSchema): string {
  return emit(schema, "#");
}

function emit(schema: unknown, at: string): string {
  if (schema === true) return ANY;
  if (schema === false) return "z.never()";
  if (!isPlainObject(schema)) throw new TypeError(`zodSource: schema at ${at} must be an object or boolean`);
  checkSupported(schema, at);

  const merged = mergeObjectAllOf(schema);
  if (merged) return emit(merged, at);

  const parts: string[] = [];
  const enumPart = emitEnum(schema, at);
  const restHasAssertions = [...STRING_KEYWORDS, ...NUMBER_KEYWORDS, ...ARRAY_KEYWORDS, ...OBJECT_KEYWORDS].some(
    (k) => k in schema,
  );
  if (enumPart !== undefined) {
    parts.push(enumPart);
    // The enum values were already filtered by `type`; other keywords still need checking.
    if (restHasAssertions) parts.push(emitTyped(schema, at) ?? ANY);
  } else {
    const typed = emitTyped(schema, at);
    if (typed !== undefined) parts.push(typed);
  }
  for (const key of ["anyOf", "oneOf"] as const) {
    if (!(key in schema)) continue;
    const branches = schemaList(schema[key], `${at}/${key}`);
    parts.push(emitDiscriminated(schema.discriminator, branches, `${at}/${key}`) ?? emitUnion(branches, `${at}/${key}`));
  }
  if ("allOf" in schema) {
    schemaList(schema.allOf, `${at}/allOf`).forEach((s, i) => parts.push(emit(s, `${at}/allOf/${i}`)));
  }
  return conjoin(parts);
}

function conjoin(parts: string[]): string {
  const useful = parts.filter((p) => p !== ANY);
  if (useful.length === 0) return ANY;
  if (useful.includes("z.never()")) return "z.never()";
  return useful.slice(1).reduce((acc, p) => `${acc}.pipe(z.any().pipe(${p}))`, useful[0]);
}

function emitUnion(branches: unknown[], at: string): string {
  const sources = branches.map((b, i) => emit(b, `${at}/${i}`));
  if (sources.includes(ANY)) return ANY;
  const possible = sources.filter((s) => s !== "z.never()");
  if (possible.length === 0) return "z.never()";
  if (possible.length === 1) return possible[0];
  return `z.union([${possible.join(", ")}])`;
}

// ---- discriminated unions -----------------------------------------------------------------------------------

/**
 * `oneOf`/`anyOf` of object branches told apart by one property (OpenAPI `discriminator.propertyName`): each branch
 * requires it with its own string values (`enum`/`const`), or forbids it (`false`: the branch for "absent").
 * Then z.discriminatedUnion picks the branch by value, which accepts exactly what anyOf accepts (the value sets
 * are disjoint) and reports errors inside that branch, with their paths, instead of one "Invalid input".
 * Returns undefined when the branches do not have that shape (a plain union is emitted instead).
 */
function emitDiscriminated(discriminator: unknown, branches: unknown[], at: string): string | undefined {
  if (!isPlainObject(discriminator) || typeof discriminator.propertyName !== "string") return undefined;
  const key = discriminator.propertyName;
  const seen = new Set<string>();
  let absent = false;
  const sources: string[] = [];
  for (const [i, branch] of branches.entries()) {
    if (!isPlainObject(branch) || branch.type !== "object" || !isPlainObject(branch.properties) || "allOf" in branch || "anyOf" in branch || "oneOf" in branch || "enum" in branch || "const" in branch) return undefined;
    const required = Array.isArray(branch.required) ? branch.required : [];
    const prop = branch.properties[key];
    let values: string[];
    if (prop === false) {
      if (absent || required.includes(key)) return undefined;
      absent = true;
      values = [];
    } else {
      values = discriminatorValues(prop);
      if (values.length === 0 || !required.includes(key) || values.some((v) => seen.has(v))) return undefined;
    }
    values.forEach((v) => seen.add(v));
    const never = prop === false ? "not accepted without " + key : `not a field when ${key} is ${values.join(" or ")}`;
    sources.push(emitObject(branch, `${at}/${i}`, { [key]: prop === false ? "z.undefined()" : undefined }, never));
  }
  return `z.discriminatedUnion(${JSON.stringify(key)}, [${sources.join(", ")}])`;
}

/** The string values a discriminator property schema allows (its enum or const, filtered by its type). */
function discriminatorValues(prop: unknown): string[] {
  if (!isPlainObject(prop)) return [];
  const extra = Object.keys(prop).filter((k) => !["type", "enum", "const", ...ANNOTATIONS].includes(k));
  if (extra.length) return [];
  if (prop.type !== undefined && prop.type !== "string") return [];
  const values = "const" in prop ? [prop.const] : Array.isArray(prop.enum) ? prop.enum : [];
  return values.every((v) => typeof v === "string") ? [...new Set(values as string[])] : [];
}

// ---- type-specific keywords -------------------------------------------------------------------------------

/** The schema's types; undefined when `type` is absent (every type allowed). */
function declaredTypes(schema: Record<string, unknown>, at: string): JsonType[] | undefined {
  if (!("type" in schema)) return undefined;
  const raw = Array.isArray(schema.type) ? schema.type : [schema.type];
  const types: JsonType[] = [];
  for (const t of raw) {
    if (typeof t !== "string" || !JSON_TYPES.includes(t as JsonType)) {
      throw new TypeError(`zodSource: unknown type ${JSON.stringify(t)} at ${at}`);
    }
    if (!types.includes(t as JsonType)) types.push(t as JsonType);
  }
  // Leftover OpenAPI `nullable: true` (ajv honours it too when `type` is present).
  if (schema.nullable === true && !types.includes("null")) types.push("null");
  if (types.includes("number")) return types.filter((t) => t !== "integer");
  return types;
}

/** Type + type-specific keywords; undefined when they constrain nothing. */
function emitTyped(schema: Record<string, unknown>, at: string): string | undefined {
  const has = (keys: string[]) => keys.some((k) => k in schema);
  const types = declaredTypes(schema, at);
  if (types === undefined) {
    // JSON Schema: keywords only constrain values of their own type; everything else passes.
    const constrained: JsonType[] = [];
    if (has(OBJECT_KEYWORDS)) constrained.push("object");
    if (has(ARRAY_KEYWORDS)) constrained.push("array");
    if (has(STRING_KEYWORDS)) constrained.push("string");
    if (has(NUMBER_KEYWORDS)) constrained.push("number");
    if (constrained.length === 0) return undefined;
    const rest: JsonType[] = ["object", "array", "string", "number", "boolean", "null"].filter(
      (t) => !constrained.includes(t as JsonType),
    ) as JsonType[];
    const sources = [...constrained.map((t) => emitType(t, schema, at)), ...rest.map((t) => emitType(t, {}, at))];
    return `z.union([${sources.join(", ")}])`;
  }
  if (types.length === 0) return "z.never()";
  const nonNull = types.filter((t) => t !== "null");
  const sources = nonNull.map((t) => emitType(t, schema, at));
  if (nonNull.length === types.length) return sources.length === 1 ? sources[0] : `z.union([${sources.join(", ")}])`;
  if (sources.length === 0) return "z.null()";
  if (sources.length === 1) return `${sources[0]}.nullable()`;
  return `z.union([${sources.join(", ")}, z.null()])`;
}

function emitType(type: JsonType, schema: Record<string, unknown>, at: string): string {
  switch (type) {
    case "null":
      return "z.null()";
    case "boolean":
      return "z.boolean()";
    case "string":
      return emitString(schema, at);
    case "number":
    case "integer":
      return emitNumber(schema, type === "integer", at);
    case "array":
      return emitArray(schema, at);
    case "object":
      return emitObject(schema, at);
  }
}

function emitString(schema: Record<string, unknown>, at: string): string {
  let src = "z.string()";
  const min = count(schema, "minLength", at);
  const max = count(schema, "maxLength", at);
  // zod ≥ 4.6 counts code points here, like ajv (older zod counted UTF-16 units; the agreement test catches that).
  if (min !== undefined && min > 0) src += `.min(${min})`;
  if (max !== undefined) src += `.max(${max})`;
  if ("pattern" in schema) {
    const pattern = schema.pattern;
    if (typeof pattern !== "string") throw new TypeError(`zodSource: pattern at ${at} must be a string`);
    try {
      new RegExp(pattern, "u");
    } catch (err) {
      throw new TypeError(`zodSource: pattern at ${at} is not a valid JavaScript regex with the u flag: ${(err as Error).message}`);
    }
    src += `.regex(new RegExp(${JSON.stringify(pattern)}, "u"))`;
  }
  return src;
}

function emitNumber(schema: Record<string, unknown>, integer: boolean, at: string): string {
  let src = "z.number()";
  if (integer) src += `.refine(Number.isInteger, "Invalid input: expected integer")`;
  const bound = (key: string, method: string) => {
    if (!(key in schema)) return;
    const n = schema[key];
    if (typeof n !== "number" || !Number.isFinite(n)) {
      throw new TypeError(`zodSource: ${key} at ${at} must be a finite number (convert OpenAPI 3.0 boolean forms first)`);
    }
    src += `.${method}(${numberLiteral(n)})`;
  };
  bound("minimum", "gte");
  bound("maximum", "lte");
  bound("exclusiveMinimum", "gt");
  bound("exclusiveMaximum", "lt");
  if ("multipleOf" in schema) {
    const m = schema.multipleOf;
    if (typeof m !== "number" || !(m > 0) || !Number.isFinite(m)) {
      throw new TypeError(`zodSource: multipleOf at ${at} must be a positive number`);
    }
    // Exactly ajv's test (zod's multipleOf uses a different float tolerance).
    const q = `v / ${numberLiteral(m)}`;
    src += `.refine((v) => ${q} === parseInt(String(${q})), ${JSON.stringify(`Invalid input: expected multiple of ${m}`)})`;
  }
  return src;
}

function emitArray(schema: Record<string, unknown>, at: string): string {
  const items = schema.items;
  if (Array.isArray(items)) throw new TypeError(`zodSource: tuple-form items at ${at} is not supported`);
  let src = `z.array(${items === undefined ? ANY : emit(items, `${at}/items`)})`;
  const min = count(schema, "minItems", at);
  const max = count(schema, "maxItems", at);
  if (min !== undefined && min > 0) src += `.min(${min})`;
  if (max !== undefined) src += `.max(${max})`;
  if (schema.uniqueItems === true) {
    // Deep equality like ajv: JSON with sorted keys (Set alone suffices when items are primitives).
    src += primitiveItems(items)
      ? `.refine((a) => new Set(a).size === a.length, "Invalid input: expected unique items")`
      : `.refine((a) => new Set(a.map((v) => JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x)))).size === a.length, "Invalid input: expected unique items")`;
  }
  return src;
}

function primitiveItems(items: unknown): boolean {
  if (!isPlainObject(items)) return false;
  if (Array.isArray(items.enum) && items.enum.every((v) => v === null || typeof v !== "object")) return true;
  const types = Array.isArray(items.type) ? items.type : [items.type];
  return items.type !== undefined && types.every((t) => t !== "object" && t !== "array");
}

/**
 * `overrides`: zod source for some properties instead of their schema's (the discriminator of a union branch).
 * `neverMessage`: what a property whose schema is `false` says when present.
 */
function emitObject(schema: Record<string, unknown>, at: string, overrides: Record<string, string | undefined> = {}, neverMessage?: string): string {
  const properties = schema.properties ?? {};
  if (!isPlainObject(properties)) throw new TypeError(`zodSource: properties at ${at} must be an object`);
  const required = schema.required ?? [];
  if (!Array.isArray(required) || !required.every((r) => typeof r === "string")) {
    throw new TypeError(`zodSource: required at ${at} must be an array of strings`);
  }
  const extra = schema.additionalProperties;
  const extraIsAnything = extra === undefined || extra === true || (isPlainObject(extra) && emit(extra, at) === ANY);

  const entries: string[] = [];
  for (const [key, sub] of Object.entries(properties)) {
    const src = (Object.hasOwn(overrides, key) ? overrides[key] : undefined) ?? (sub === false && neverMessage ? `z.never({ error: ${JSON.stringify(neverMessage)} })` : emit(sub, `${at}/properties/${key}`));
    entries.push(`${propertyKey(key)}: ${required.includes(key) ? src : `${src}.optional()`}`);
  }
  // A required key without a property schema must exist and satisfy additionalProperties.
  for (const key of new Set(required as string[])) {
    if (Object.hasOwn(properties, key)) continue;
    const src = extra === false ? "z.never()" : extraIsAnything ? ANY : emit(extra, `${at}/additionalProperties`);
    entries.push(`${propertyKey(key)}: ${src}`);
  }
  const shape = entries.length ? `{ ${entries.join(", ")} }` : "{}";
  if (extra === false) return `z.strictObject(${shape})`;
  if (extraIsAnything) return `z.looseObject(${shape})`;
  return `z.object(${shape}).catchall(${emit(extra, `${at}/additionalProperties`)})`;
}

// ---- enum / const -----------------------------------------------------------------------------------------

function emitEnum(schema: Record<string, unknown>, at: string): string | undefined {
  if (!("enum" in schema) && !("const" in schema)) return undefined;
  let values: unknown[];
  if ("enum" in schema) {
    if (!Array.isArray(schema.enum)) throw new TypeError(`zodSource: enum at ${at} must be an array`);
    values = schema.enum;
    if ("const" in schema) values = values.filter((v) => sameJson(v, schema.const));
  } else {
    values = [schema.const];
  }
  const types = declaredTypes(schema, at);
  if (types) values = values.filter((v) => types.some((t) => isOfType(v, t)));
  const unique: unknown[] = [];
  for (const v of values) if (!unique.some((u) => sameJson(u, v))) unique.push(v);

  const primitives = unique.filter((v) => v === null || typeof v !== "object");
  const structured = unique.filter((v) => v !== null && typeof v === "object");
  const sources: string[] = [];
  if (primitives.length > 0) {
    if (primitives.length > 1 && primitives.every((v) => typeof v === "string")) {
      sources.push(`z.enum([${primitives.map((v) => JSON.stringify(v)).join(", ")}])`);
    } else if (primitives.length === 1) {
      sources.push(`z.literal(${literal(primitives[0])})`);
    } else {
      sources.push(`z.literal([${primitives.map(literal).join(", ")}])`);
    }
  }
  sources.push(...structured.map(structuralLiteral));
  if (sources.length === 0) return "z.never()";
  return sources.length === 1 ? sources[0] : `z.union([${sources.join(", ")}])`;
}

/** Deep-equality check for an object/array enum value, written as an exact-shape schema. */
function structuralLiteral(value: unknown): string {
  if (value === null || typeof value !== "object") return `z.literal(${literal(value)})`;
  if (Array.isArray(value)) return `z.tuple([${value.map(structuralLiteral).join(", ")}])`;
  const entries = Object.entries(value).map(([k, v]) => `${propertyKey(k)}: ${structuralLiteral(v)}`);
  return `z.strictObject(${entries.length ? `{ ${entries.join(", ")} }` : "{}"})`;
}

function literal(v: unknown): string {
  if (typeof v === "number") return numberLiteral(v);
  if (v === null || typeof v === "string" || typeof v === "boolean") return JSON.stringify(v);
  throw new TypeError(`zodSource: enum value ${String(v)} is not JSON`);
}

// ---- allOf of plain objects → one object (smaller, better error messages) ----------------------------------

/** Merges `allOf` when every part is an open object schema; the result is exactly equivalent. */
function mergeObjectAllOf(schema: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!Array.isArray(schema.allOf)) return undefined;
  const { allOf, ...base } = schema;
  const parts = [base, ...(allOf as unknown[])];
  if (!parts.every(isOpenObjectSchema)) return undefined;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  let typed = false;
  const rest: Record<string, unknown> = {};
  for (const part of parts as Record<string, unknown>[]) {
    if (part.type === "object") typed = true;
    for (const [key, sub] of Object.entries((part.properties as Record<string, unknown>) ?? {})) {
      // Same key in two parts: the value must satisfy both.
      properties[key] = Object.hasOwn(properties, key) ? { allOf: [properties[key], sub] } : sub;
    }
    for (const r of (part.required as string[]) ?? []) if (!required.includes(r)) required.push(r);
  }
  if (typed) rest.type = "object";
  if (Object.keys(properties).length) rest.properties = properties;
  if (required.length) rest.required = required;
  return rest;
}

function isOpenObjectSchema(part: unknown): boolean {
  if (!isPlainObject(part)) return false;
  return Object.entries(part).every(([key, value]) => {
    if (key === "type") return value === "object";
    if (key === "properties") return isPlainObject(value);
    if (key === "required") return Array.isArray(value) && value.every((r) => typeof r === "string");
    if (key === "additionalProperties") return value === true;
    return ANNOTATIONS.has(key) || key.startsWith("x-");
  });
}

// ---- helpers ------------------------------------------------------------------------------------------------

function checkSupported(schema: Record<string, unknown>, at: string): void {
  for (const key of UNSUPPORTED_KEYWORDS) {
    if (key in schema) throw new TypeError(`zodSource: keyword "${key}" at ${at} is not supported; rewrite or drop it in the generator`);
  }
  for (const key of ["exclusiveMinimum", "exclusiveMaximum"]) {
    if (typeof schema[key] === "boolean") {
      throw new TypeError(`zodSource: boolean ${key} at ${at} is OpenAPI 3.0 syntax; convert it to the numeric form first`);
    }
  }
}

function schemaList(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw new TypeError(`zodSource: ${at} must be a non-empty array of schemas`);
  return value;
}

function count(schema: Record<string, unknown>, key: string, at: string): number | undefined {
  if (!(key in schema)) return undefined;
  const n = schema[key];
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new TypeError(`zodSource: ${key} at ${at} must be a non-negative integer`);
  return n;
}

function isOfType(v: unknown, t: JsonType): boolean {
  switch (t) {
    case "null":
      return v === null;
    case "boolean":
      return typeof v === "boolean";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "string":
      return typeof v === "string";
    case "array":
      return Array.isArray(v);
    case "object":
      return isPlainObject(v);
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`zodSource: ${n} is not a JSON number`);
  return Object.is(n, -0) ? "0" : String(n);
}

function propertyKey(key: string): string {
  // `__proto__: x` in an object literal sets the prototype instead of defining a key.
  if (key === "__proto__") return `["__proto__"]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
