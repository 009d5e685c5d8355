// OpenAPI 3.0 schema → plain JSON Schema: refs inlined, cycles cut, Okta extensions, examples and defaults dropped.
import type { JsonSchema } from "../../src/tool-spec.js";
import { isObj, type OpenApiDoc, type Obj } from "../spec-types.js";
import { jsPattern } from "./pattern.js";
import { argDescription, plainText } from "./text.js";

/**
 * request: tool input (readOnly properties removed, descriptions cut to one sentence).
 * doc: schema resources for the model (writeOnly kept, full plain descriptions).
 */
export type SchemaMode = "request" | "doc";

/** Marks a cleaned schema that came from `#/components/schemas/<name>` (symbol: invisible to JSON). */
export const COMPONENT = Symbol("component");
export type Cleaned = JsonSchema & { [COMPONENT]?: string };

const STANDARD_FORMATS = new Set(["date-time", "date", "time", "email", "uri", "uuid", "hostname", "ipv4", "ipv6"]);
const KEPT_KEYWORDS = [
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
  "uniqueItems",
  "multipleOf",
] as const;

const HAL_KEYS = new Set(["_links", "_embedded"]);

export function resourceUri(name: string): string {
  return `okta://schemas/${name}`;
}

export function componentName(ref: string): string | undefined {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  return match ? match[1] : undefined;
}

/** Follows a local `$ref` (any JSON pointer into the document). */
export function resolvePointer(doc: OpenApiDoc, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`unsupported external $ref ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObj(node) ? node[key] : undefined;
  }
  if (node === undefined) throw new Error(`dangling $ref ${ref}`);
  return node;
}

/** Follows `$ref`s until a non-reference node (parameters, request bodies, responses). */
export function deref<T = Obj>(doc: OpenApiDoc, node: unknown): T {
  let current = node;
  for (let hops = 0; isObj(current) && typeof current.$ref === "string"; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${current.$ref}`);
    current = resolvePointer(doc, current.$ref);
  }
  return current as T;
}

export interface CleanContext {
  doc: OpenApiDoc;
  mode: SchemaMode;
  /**
   * Exact (validator) schemas: a `$ref` to a discriminated base becomes a `oneOf` of its subtypes, each with the
   * discriminator fixed to its value(s), and `discriminator: { propertyName }` next to it; other unions stay exact
   * `anyOf`s; no descriptions. Served schemas never use this mode (no combinators reach a model).
   */
  exact?: boolean;
  /** Component names on the current path: a repeat is a cycle, cut into a resource pointer. */
  stack: string[];
  /** Every component name met on the way (for schema resources). */
  seen: Set<string>;
}

export function newContext(doc: OpenApiDoc, mode: SchemaMode, options: { exact?: boolean } = {}): CleanContext {
  return { doc, mode, stack: [], seen: new Set(), ...(options.exact ? { exact: true } : {}) };
}

function cycleStub(name: string): Cleaned {
  const stub: Cleaned = { type: "object", additionalProperties: true, description: `See resource ${resourceUri(name)}` };
  stub[COMPONENT] = name;
  return stub;
}

function withComponent(schema: Cleaned, name: string): Cleaned {
  schema[COMPONENT] = name;
  return schema;
}

/**
 * Returns undefined when the schema must disappear (a readOnly property in a request).
 * `asBase`: the schema is an `allOf` member, i.e. a subtype naming its base: a discriminated base then stands for
 * its own properties only, never for the union of its subtypes.
 */
export function cleanSchema(raw: unknown, ctx: CleanContext, asBase = false): Cleaned | undefined {
  if (!isObj(raw)) return {};
  if (typeof raw.$ref === "string") {
    const name = componentName(raw.$ref);
    const target = resolvePointer(ctx.doc, raw.$ref);
    const dispatch = ctx.exact === true && !asBase && name !== undefined && discriminatorOf(target) !== undefined;
    // A base seen as itself and the same base seen as the union of its subtypes are different schemas.
    const key = name && (dispatch ? `${name}|union` : name);
    if (name) ctx.seen.add(name);
    if (key && ctx.stack.includes(key)) return cycleStub(name as string);
    if (key) ctx.stack.push(key);
    try {
      const cleaned = dispatch ? subtypeUnion(name as string, target as Obj, ctx) : cleanSchema(target, ctx);
      if (cleaned && name) withComponent(cleaned, name);
      return cleaned;
    } finally {
      if (key) ctx.stack.pop();
    }
  }
  if (ctx.mode === "request" && raw.readOnly === true) return undefined;

  let out: Cleaned = {};
  if (Array.isArray(raw.allOf)) {
    const parts = raw.allOf.map((part) => cleanSchema(part, ctx, true));
    // `allOf: [$ref: readOnly timestamp, {example}]`: one readOnly member makes the whole property response-only.
    if (parts.some((part) => part === undefined)) return undefined;
    out = mergeAll(parts.filter(isDefined));
  }
  const variants = Array.isArray(raw.oneOf) ? raw.oneOf : Array.isArray(raw.anyOf) ? raw.anyOf : undefined;
  if (variants) out = mergeAll([out, ctx.exact ? exactVariants(variants, raw.discriminator, ctx) : combineVariants(variants, raw.discriminator, ctx)]);

  copyOwnKeywords(raw, out, ctx);
  normalizeType(raw, out);
  return out;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function describe(raw: Obj, ctx: CleanContext): string | undefined {
  if (typeof raw.description !== "string" || ctx.exact) return undefined;
  const text = ctx.mode === "request" ? argDescription(raw.description) : plainText(raw.description);
  return text || undefined;
}

function copyOwnKeywords(raw: Obj, out: Cleaned, ctx: CleanContext): void {
  if (typeof raw.type === "string") out.type = raw.type;
  const description = describe(raw, ctx);
  if (description) out.description = description;
  // Deduplicated: the spec repeats some values, and JSON Schema validators refuse an enum with duplicates.
  if (Array.isArray(raw.enum)) out.enum = raw.enum.filter((v, i, all) => all.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) === i);
  if (typeof raw.format === "string" && STANDARD_FORMATS.has(raw.format)) out.format = raw.format;
  const pattern = jsPattern(raw.pattern);
  if (pattern) out.pattern = pattern;
  for (const key of KEPT_KEYWORDS) if (typeof raw[key] === "number" || typeof raw[key] === "boolean") out[key] = raw[key];
  // OpenAPI 3.0's boolean exclusive bounds become JSON Schema's numeric ones.
  if (raw.exclusiveMinimum === true && typeof raw.minimum === "number") {
    out.exclusiveMinimum = raw.minimum;
    delete out.minimum;
  }
  if (raw.exclusiveMaximum === true && typeof raw.maximum === "number") {
    out.exclusiveMaximum = raw.maximum;
    delete out.maximum;
  }
  if (raw.items !== undefined) out.items = cleanSchema(raw.items, ctx) ?? {};
  if (isObj(raw.properties)) {
    const properties: Record<string, Cleaned> = { ...((out.properties as Record<string, Cleaned>) ?? {}) };
    for (const [key, value] of Object.entries(raw.properties)) {
      // HAL `_links`/`_embedded` are what Okta answers with, never what it reads (not always marked readOnly).
      if (ctx.mode === "request" && HAL_KEYS.has(key)) continue;
      const cleaned = cleanSchema(value, ctx);
      if (cleaned) properties[key] = cleaned;
      else delete properties[key];
    }
    out.properties = properties;
  }
  if (Array.isArray(raw.required)) out.required = unique([...((out.required as string[]) ?? []), ...(raw.required as string[])]);
  if (raw.additionalProperties === true || raw.additionalProperties === false) out.additionalProperties = raw.additionalProperties;
  else if (isObj(raw.additionalProperties)) out.additionalProperties = cleanSchema(raw.additionalProperties, ctx) ?? true;
  if (Array.isArray(out.required) && isObj(out.properties)) {
    const props = out.properties;
    out.required = (out.required as string[]).filter((key) => key in props);
    if ((out.required as string[]).length === 0) delete out.required;
  }
}

function normalizeType(raw: Obj, out: Cleaned): void {
  // json-schema-to-zod reads an object with properties but no type as `any`.
  if (out.type === undefined && (out.properties !== undefined || out.additionalProperties !== undefined)) out.type = "object";
  if (out.type === undefined && out.items !== undefined) out.type = "array";
  if (raw.nullable === true && typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function isObjectLike(schema: Cleaned): boolean {
  return schema.type === "object" || schema.properties !== undefined;
}

/** allOf: properties and required lists are unioned; the first type and description win. */
export function mergeAll(parts: Cleaned[]): Cleaned {
  const out: Cleaned = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === "properties") out.properties = { ...((out.properties as Obj) ?? {}), ...(value as Obj) };
      else if (key === "required") out.required = unique([...((out.required as string[]) ?? []), ...(value as string[])]);
      else if (key === "additionalProperties") {
        if (value === true || out.additionalProperties === undefined) out.additionalProperties = value;
      } else if (!(key in out)) out[key] = value;
    }
  }
  const names = parts.map((p) => p[COMPONENT]).filter(isDefined);
  if (names.length === 1 && parts.length === 1) out[COMPONENT] = names[0];
  return out;
}

/**
 * oneOf/anyOf of objects: one object with every variant's properties optional and extra properties allowed,
 * the discriminator kept as an enum. Other unions stay an `anyOf` (never at a tool's top level).
 */
function combineVariants(variants: unknown[], discriminator: unknown, ctx: CleanContext): Cleaned {
  const cleaned = variants.map((variant) => cleanSchema(variant, ctx)).filter(isDefined);
  if (cleaned.length > 0 && cleaned.every(isObjectLike)) {
    const properties: Record<string, unknown> = {};
    for (const variant of cleaned) {
      for (const [key, value] of Object.entries((variant.properties as Obj) ?? {})) {
        // Variants that type a field differently: the served field admits what any of them does.
        properties[key] = key in properties ? looserOf(properties[key] as Cleaned, value as Cleaned) : value;
      }
    }
    const out: Cleaned = { type: "object", properties, additionalProperties: true };
    if (isObj(discriminator) && typeof discriminator.propertyName === "string") {
      const key = discriminator.propertyName;
      const values = isObj(discriminator.mapping) ? Object.keys(discriminator.mapping) : [];
      const base: Obj = isObj(properties[key]) ? { ...(properties[key] as Obj) } : { type: "string" };
      if (values.length) base.enum = values;
      properties[key] = base;
      out.required = [key];
    }
    return out;
  }
  const types = cleaned.map((variant) => variant.type);
  if (cleaned.every((v) => Object.keys(v).length === 1 && typeof v.type === "string")) return { type: unique(types as string[]) };
  return { anyOf: cleaned };
}

/** One schema admitting what either does: itself when they agree, else their common JSON type (or none), described. */
function looserOf(a: Cleaned, b: Cleaned): Cleaned {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  const typeOf = (s: Cleaned) => (typeof s.type === "string" ? s.type : undefined);
  const type = typeOf(a) !== undefined && typeOf(a) === typeOf(b) ? typeOf(a) : undefined;
  const out: Cleaned = {};
  if (type && type !== "object" && type !== "array") out.type = type;
  else if (type === "object") Object.assign(out, { type, additionalProperties: true });
  else if (type === "array") Object.assign(out, { type, items: {} });
  const description = a.description ?? b.description;
  if (typeof description === "string") out.description = description;
  return out;
}

// ---- discriminated unions (exact mode) ----------------------------------------------------------------------

export interface Discriminator {
  propertyName: string;
  /** Discriminator value → component name of its subtype. */
  mapping: Record<string, string>;
}

/** The OpenAPI discriminator of a schema, when it maps values to component schemas. */
export function discriminatorOf(schema: unknown): Discriminator | undefined {
  if (!isObj(schema) || !isObj(schema.discriminator)) return undefined;
  const { propertyName, mapping } = schema.discriminator;
  if (typeof propertyName !== "string" || !isObj(mapping)) return undefined;
  const out: Record<string, string> = {};
  for (const [value, ref] of Object.entries(mapping)) {
    const name = typeof ref === "string" ? componentName(ref) : undefined;
    if (name) out[value] = name;
  }
  return Object.keys(out).length ? { propertyName, mapping: out } : undefined;
}

/** The property schema with its allowed values replaced by `values` (a string enum). */
function fixValues(schema: Cleaned | undefined, values: unknown[]): Cleaned {
  const { enum: _e, const: _c, ...rest } = schema ?? {};
  return { ...rest, type: typeof rest.type === "string" || Array.isArray(rest.type) ? rest.type : "string", enum: values };
}

/** One branch of a union: the subtype with the discriminator required and fixed to `values`. */
function branchOf(subtype: Cleaned, propertyName: string, values: unknown[]): Cleaned {
  const properties = { ...((subtype.properties as Record<string, Cleaned>) ?? {}) };
  properties[propertyName] = fixValues(properties[propertyName], values);
  const required = [...new Set([...((subtype.required as string[]) ?? []), propertyName])];
  const out: Cleaned = { ...subtype, type: "object", properties, required };
  if (subtype[COMPONENT]) out[COMPONENT] = subtype[COMPONENT];
  return out;
}

/**
 * A discriminated base (properties + `discriminator.mapping`, subtypes `allOf` it): one branch per mapped value,
 * plus one branch for values the base's enum allows but the mapping does not name (the base's properties only).
 */
function subtypeUnion(baseName: string, base: Obj, ctx: CleanContext): Cleaned {
  const { propertyName, mapping } = discriminatorOf(base) as Discriminator;
  const plainBase = cleanSchema(base, ctx, true) ?? {};
  const baseValues = ((plainBase.properties as Record<string, Cleaned> | undefined)?.[propertyName]?.enum as unknown[] | undefined) ?? [];
  const branches: Cleaned[] = [];
  for (const [value, subtypeName] of Object.entries(mapping)) {
    // A mapped value the base's own enum refuses cannot be sent (AuthenticatorBase maps custom_otp, its enum lacks it).
    if (baseValues.length && !baseValues.includes(value)) continue;
    const subtype = subtypeName === baseName ? plainBase : cleanSchema({ $ref: `#/components/schemas/${subtypeName}` }, ctx, true);
    if (!subtype) continue;
    branches.push(withComponent(branchOf(subtype, propertyName, [value]), subtypeName));
  }
  const unmapped = baseValues.filter((v) => typeof v === "string" && !(v in mapping));
  if (unmapped.length) branches.push(withComponent(branchOf(plainBase, propertyName, unmapped), baseName));
  return { type: "object", oneOf: branches, discriminator: { propertyName } };
}

/** oneOf/anyOf in exact mode: a discriminated union when a mapping names the variants, else an exact anyOf. */
function exactVariants(variants: unknown[], discriminator: unknown, ctx: CleanContext): Cleaned {
  const cleaned = variants.map((variant) => cleanSchema(variant, ctx)).filter(isDefined);
  const found = discriminatorOf({ discriminator });
  if (found && cleaned.every(isObjectLike)) {
    const valuesOf = (variant: Cleaned) => Object.entries(found.mapping).filter(([, name]) => name === variant[COMPONENT]).map(([value]) => value);
    if (cleaned.every((variant) => valuesOf(variant).length > 0)) {
      return { type: "object", oneOf: cleaned.map((variant) => branchOf(variant, found.propertyName, valuesOf(variant))), discriminator: { propertyName: found.propertyName } };
    }
  }
  const types = cleaned.map((variant) => variant.type);
  if (cleaned.every((v) => Object.keys(v).length === 1 && typeof v.type === "string")) return { type: unique(types as string[]) };
  return { anyOf: cleaned };
}
