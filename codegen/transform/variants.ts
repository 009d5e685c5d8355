// Discriminated request bodies (Policy, PolicyRule, Application, NetworkZone, ...): the spec's base schema names
// its subtypes in `discriminator.mapping`, and each subtype adds fields through `allOf` (settings, conditions,
// actions, credentials, ...).
//
// Served schema (what a model sees): the discriminator as an enum whose description names each value's schema
// resource, the base fields as usual, and every subtype's own fields as optional arguments described briefly.
// Validator schema (what the runtime checks): one exact branch per subtype, selected by the discriminator value
// (`oneOf` + `discriminator`, emitted as a zod discriminated union, so errors name the path inside the subtype).
import type { JsonSchema } from "../../src/tool-spec.js";
import type { BodyMode } from "../load.js";
import type { OpenApiDoc } from "../spec-types.js";
import { compactProperty } from "./compact.js";
import { COMPONENT, cleanSchema, discriminatorOf, type CleanContext, type Cleaned } from "./json-schema.js";

export interface VariantBody {
  /** Body property holding the discriminator. */
  propertyName: string;
  /** Discriminator value → component name of its subtype (values the mapping leaves out → the base's name). */
  values: Record<string, string>;
  /** Served schemas of body properties: the base's, then the subtypes' own (compact, no combinators). */
  served: Record<string, JsonSchema>;
  /** Exact branches, one per subtype (the last one may gather the values the mapping leaves out). */
  branches: Cleaned[];
}

/** Plain JSON, without the COMPONENT markers. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function jsonTypeOf(schema: Cleaned | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.type === "string") return schema.type;
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== "null");
    if (types.length === 1) return types[0] as string;
  }
  if (schema.properties !== undefined) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

/**
 * The discriminated union a JSON request body stands for, or undefined when it is not one.
 * `exact` is the body cleaned in exact mode (a discriminated base there is `{ oneOf, discriminator }`).
 */
export function variantBody(
  doc: OpenApiDoc,
  rawSchema: unknown,
  exact: Cleaned | undefined,
  base: Cleaned,
  servedCtx: CleanContext,
  mode: BodyMode,
  baseName: string | undefined,
): VariantBody | undefined {
  if (!exact || !Array.isArray(exact.oneOf) || !exact.discriminator) return undefined;
  const propertyName = (exact.discriminator as { propertyName: string }).propertyName;
  const branches = exact.oneOf as Cleaned[];
  const values: Record<string, string> = {};
  for (const branch of branches) {
    const name = branch[COMPONENT] ?? baseName ?? "";
    for (const value of ((branch.properties as Record<string, Cleaned>)[propertyName]?.enum as string[]) ?? []) values[value] = name;
  }
  const baseProps = (base.properties ?? {}) as Record<string, Cleaned>;
  const served: Record<string, JsonSchema> = {};
  for (const [key, value] of Object.entries(baseProps)) served[key] = mode === "compact" ? compactProperty(value, value[COMPONENT]) : plain(value);

  // Subtype fields as a model sees them: the subtype cleaned like any served schema (request mode, descriptions).
  const mapping = discriminatorOf(resolvedTarget(doc, rawSchema))?.mapping ?? {};
  const servedSubtypes = Object.values(mapping)
    .filter((name, i, all) => all.indexOf(name) === i)
    .map((name) => cleanSchema({ $ref: `#/components/schemas/${name}` }, servedCtx, true))
    .filter((s): s is Cleaned => s !== undefined);
  const extraKeys: string[] = [];
  for (const branch of branches) {
    for (const key of Object.keys((branch.properties ?? {}) as object)) if (!(key in baseProps) && !extraKeys.includes(key)) extraKeys.push(key);
  }
  for (const key of extraKeys) {
    const schemas = servedSubtypes.map((s) => (s.properties as Record<string, Cleaned> | undefined)?.[key]).filter((s): s is Cleaned => s !== undefined);
    served[key] = servedVariantField(schemas);
  }
  const discriminator = (served[propertyName] ?? { type: "string" }) as JsonSchema;
  served[propertyName] = { ...discriminator, type: "string", enum: Object.keys(values), description: discriminatorText(baseName, values) };
  return { propertyName, values, served, branches };
}

function resolvedTarget(doc: OpenApiDoc, raw: unknown): unknown {
  let node = raw as { $ref?: string } | undefined;
  for (let hops = 0; node && typeof node.$ref === "string" && hops < 20; hops++) {
    const name = node.$ref.replace("#/components/schemas/", "");
    node = doc.components?.schemas?.[name] as { $ref?: string } | undefined;
  }
  return node;
}

/**
 * A subtype's own field as served: its JSON type only (objects get a pointer to the subtype schema). The
 * discriminator's description names each type's schema resource, where the field is described in full; the
 * validator checks it exactly.
 */
function servedVariantField(schemas: Cleaned[]): JsonSchema {
  const types = [...new Set(schemas.map(jsonTypeOf))];
  // Subtypes that disagree (AccessPolicy's `conditions` is a nullable string, every other policy's an object): the
  // object form is served, and the validator checks what the chosen subtype says.
  const type = types.length === 1 ? types[0] : types.includes("object") ? "object" : undefined;
  // No words of its own: the discriminator's description says where each type's fields are described.
  if (type === "object") return { type };
  if (type === "array") {
    const items = [...new Set(schemas.map((s) => jsonTypeOf(s.items as Cleaned | undefined)))];
    const itemType = items.length === 1 ? items[0] : undefined;
    return { type, items: itemType ? { type: itemType } : {} };
  }
  return type ? { type } : { type: "object" };
}


/**
 * Points at each value's schema resource (`<Base>.<value>` aliases, see schemaAliases), so subtype fields stay
 * terse. An inline body (no component to name) lists the schemas instead, values sharing one grouped.
 */
function discriminatorText(baseName: string | undefined, values: Record<string, string>): string {
  if (baseName) return `Fields per value: okta://schemas/${baseName}.<value>`;
  const bySchema = new Map<string, string[]>();
  for (const [value, name] of Object.entries(values)) bySchema.set(name, [...(bySchema.get(name) ?? []), value]);
  const groups = [...bySchema.entries()].sort((a, b) => b[1].length - a[1].length);
  const parts = groups.map(([name, list], i) => (i === 0 && list.length > 1 ? `others okta://schemas/${name}` : `${list.join("/")} okta://schemas/${name}`));
  return `Fields per value: ${parts.reverse().join(", ")}`;
}
