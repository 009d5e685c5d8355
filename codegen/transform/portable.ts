// The finished input schema of a tool, rewritten into what every model provider accepts (Gemini's
// function-declaration subset is the narrowest: see codegen/provider-check.ts). A post-pass: whatever builds
// the schema (operation.ts, json-schema.ts, compact.ts) stays plain JSON Schema; this only narrows it.
//
// - Keywords outside the subset go (additionalProperties, uniqueItems, contentEncoding, multipleOf, formats
//   other than date-time...): annotations the validator never checked, or bounds Okta checks again. An
//   exclusive bound becomes an inclusive one: the next integer, or (numbers) the bound itself.
// - `type: [T, "null"]` becomes T, `null` leaves enums: a tool argument is left out rather than sent as null.
// - Enums of numbers (the subset has string enums only) are spelled out in the description.
// - An object must list properties. A compact one ("See resource okta://schemas/X") lists X's properties,
//   types only: the resource has the rest. A free-form one (no known properties) cannot be described in the
//   subset at all: nested and optional, it is left out of its parent (which stays open, so it can still be
//   sent); as a top-level argument (or the items of one), it is served as a string holding the JSON, which
//   the runtime parses before sending (ToolArg.encoding "json").
import type { InputSchema, JsonSchema } from "../../src/tool-spec.js";

type Node = Record<string, unknown>;

/** Kept as they are (after the type is settled). */
const KEPT = ["title", "description", "default", "minItems", "maxItems", "minLength", "maxLength", "pattern", "minimum", "maximum"] as const;
const KEPT_FORMATS: Record<string, ReadonlySet<string>> = {
  string: new Set(["date-time"]),
  integer: new Set(["int32", "int64"]),
  number: new Set(["float", "double"]),
};
const TYPE_KEYWORDS: Record<string, readonly string[]> = {
  minLength: ["string"],
  maxLength: ["string"],
  pattern: ["string"],
  minimum: ["number", "integer"],
  maximum: ["number", "integer"],
  minItems: ["array"],
  maxItems: ["array"],
};
const POINTER = /See resource okta:\/\/schemas\/([A-Za-z0-9_.-]+)/;
/** How deep a compact object's properties are listed from its component (1 = the component's own properties). */
const SKETCH_DEPTH = 2;
/** Enums longer than this are not repeated in a sketch (the resource lists them). */
const SKETCH_MAX_ENUM = 12;
/**
 * A component with more properties than this (UserProfile has 31) is sketched with the ones Okta checks
 * (required, or with a minimum length, pattern, format or enum: login, email, firstName, lastName): every
 * sketched property is paid for in each tools/list, and the resource lists the rest.
 */
const SKETCH_MAX_PROPERTIES = 12;

export interface PortableContext {
  /** The request-mode schema of a spec component (for compact objects that point at it), if there is one. */
  component(name: string): JsonSchema | undefined;
  /** The request-mode schema a compacted top-level argument came from (a body property), if known. */
  original?(argument: string): JsonSchema | undefined;
}

export interface PortableInput {
  inputSchema: InputSchema;
  /** Top-level arguments served as JSON text (free-form objects). */
  jsonText: string[];
}

/** Marks a schema that the subset cannot describe (a free-form object). */
const FREE_FORM = Symbol("free-form");
type Portable = Node | typeof FREE_FORM;

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function portableInputSchema(schema: InputSchema, ctx: PortableContext): PortableInput {
  const properties: Record<string, JsonSchema> = {};
  const jsonText: string[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    const portable = toPortable(property, ctx, { sketchDepth: 0, original: ctx.original?.(name) });
    if (portable === FREE_FORM) {
      properties[name] = jsonTextSchema(property);
      jsonText.push(name);
    } else properties[name] = portable;
  }
  const out: InputSchema = { type: "object", properties };
  if (schema.description !== undefined) out.description = schema.description;
  if (schema.required?.length) out.required = [...schema.required];
  return { inputSchema: out, jsonText };
}

function jsonTextSchema(original: JsonSchema): JsonSchema {
  const said = typeof original.description === "string" ? original.description.trim() : "";
  const what = typesOf(original).includes("array") ? "JSON text of an array of objects" : "JSON text of an object";
  return { type: "string", description: said ? `${what}: ${said}` : `${what}.` };
}

interface Walk {
  /** >0 inside a component sketch: descriptions are dropped and depth is counted. */
  sketchDepth: number;
  /** For a top-level argument: the schema it was compacted from. */
  original?: JsonSchema;
}

function toPortable(raw: unknown, ctx: PortableContext, walk: Walk): Portable {
  if (!isNode(raw)) return { type: "string" };
  const types = typesOf(raw);
  if (Array.isArray(raw.anyOf)) return portableUnion(raw, ctx, walk);
  if (types.length > 1) return portableUnion({ ...raw, anyOf: types.map((type) => ({ type })), type: undefined }, ctx, walk);
  const type = types[0] ?? inferType(raw);
  const out: Node = { type };
  // A sketch is types only: the resource it points at has the descriptions and bounds.
  for (const key of walk.sketchDepth > 0 ? [] : KEPT) {
    if (raw[key] === undefined) continue;
    if (TYPE_KEYWORDS[key] && !TYPE_KEYWORDS[key].includes(type)) continue;
    out[key] = raw[key];
  }
  const numeric = walk.sketchDepth === 0 && (type === "integer" || type === "number");
  if (numeric && typeof raw.exclusiveMinimum === "number") out.minimum = type === "integer" ? Math.floor(raw.exclusiveMinimum) + 1 : raw.exclusiveMinimum;
  if (numeric && typeof raw.exclusiveMaximum === "number") out.maximum = type === "integer" ? Math.ceil(raw.exclusiveMaximum) - 1 : raw.exclusiveMaximum;
  if (walk.sketchDepth === 0 && typeof raw.format === "string" && KEPT_FORMATS[type]?.has(raw.format)) out.format = raw.format;
  if (raw.const !== undefined && raw.enum === undefined) copyEnum([raw.const], type, out, walk);
  if (Array.isArray(raw.enum)) copyEnum(raw.enum, type, out, walk);

  if (type === "array") {
    // A compact array of objects names its component on the array ("See resource ..."): the items are its instances.
    const named = typeof raw.description === "string" ? POINTER.exec(raw.description)?.[1] : undefined;
    const original = isNode(walk.original?.items) ? walk.original.items : named ? ctx.component(named) : undefined;
    const items = toPortable(raw.items ?? { type: "string" }, ctx, { sketchDepth: walk.sketchDepth, original });
    if (items === FREE_FORM) return FREE_FORM;
    out.items = items;
  }
  if (type === "object") return portableObject(raw, out, ctx, walk);
  return out;
}

/** JSON Schema types of a node, `null` left out. */
function typesOf(raw: Node): string[] {
  const declared = Array.isArray(raw.type) ? raw.type : typeof raw.type === "string" ? [raw.type] : [];
  return declared.filter((t): t is string => typeof t === "string" && t !== "null");
}

function inferType(raw: Node): string {
  if (raw.properties !== undefined || raw.additionalProperties !== undefined) return "object";
  if (raw.items !== undefined) return "array";
  if (Array.isArray(raw.enum) && raw.enum.every((v) => typeof v === "number")) return raw.enum.every(Number.isInteger) ? "integer" : "number";
  if (Array.isArray(raw.enum) && raw.enum.every((v) => typeof v === "boolean")) return "boolean";
  // An untyped leaf in Okta's spec is text in practice (e.g. a base64 signature).
  return "string";
}

function copyEnum(values: unknown[], type: string, out: Node, walk: Walk): void {
  const kept = values.filter((v) => v !== null);
  if (kept.length === 0) return;
  if (type === "string" && kept.every((v) => typeof v === "string")) {
    if (walk.sketchDepth === 0 || kept.length <= SKETCH_MAX_ENUM) out.enum = kept;
    return;
  }
  if (walk.sketchDepth > 0) return;
  const list = `One of ${kept.map((v) => JSON.stringify(v)).join(", ")}.`;
  const said = typeof out.description === "string" ? out.description.trim() : "";
  out.description = said ? `${said}${/[.!?]$/.test(said) ? "" : "."} ${list}` : list;
}

function portableUnion(raw: Node, ctx: PortableContext, walk: Walk): Portable {
  const branches = (raw.anyOf as unknown[]).filter((branch) => !(isNode(branch) && branch.type === "null"));
  const portable: Node[] = [];
  for (const branch of branches) {
    const done = toPortable(branch, ctx, { sketchDepth: walk.sketchDepth });
    // Branches that differed only in what the subset drops (a format, a bound) are one branch now.
    if (done !== FREE_FORM && !portable.some((seen) => JSON.stringify(seen) === JSON.stringify(done))) portable.push(done);
  }
  if (portable.length === 0) return FREE_FORM;
  if (portable.length === 1) {
    const only = { ...portable[0] };
    if (walk.sketchDepth === 0 && typeof raw.description === "string" && only.description === undefined) only.description = raw.description;
    return only;
  }
  const out: Node = { anyOf: portable };
  if (walk.sketchDepth === 0 && typeof raw.description === "string") out.description = raw.description;
  return out;
}

function portableObject(raw: Node, out: Node, ctx: PortableContext, walk: Walk): Portable {
  let source = isNode(raw.properties) && Object.keys(raw.properties).length > 0 ? raw : undefined;
  let inner: Walk = { sketchDepth: walk.sketchDepth };
  if (!source) {
    // A compact object: list the component's properties (types only), however far the sketch may go.
    const name = typeof raw.description === "string" ? POINTER.exec(raw.description)?.[1] : undefined;
    // Its component, or (a top-level argument or array items) the schema it was compacted from.
    const component = name ? ctx.component(name) : walk.original;
    if (!component || !isNode(component.properties) || walk.sketchDepth >= SKETCH_DEPTH) return FREE_FORM;
    source = component;
    inner = { sketchDepth: walk.sketchDepth + 1 };
  } else if (walk.sketchDepth > 0) {
    if (walk.sketchDepth >= SKETCH_DEPTH) return FREE_FORM;
    inner = { sketchDepth: walk.sketchDepth + 1 };
  }
  // A sketch lists what may be sent, not what must: a partial update needs none of it.
  const required = new Set(source === raw && walk.sketchDepth === 0 && Array.isArray(raw.required) ? (raw.required as string[]) : []);
  const properties: Record<string, Node> = {};
  for (const [key, value] of sketchedEntries(source, inner)) {
    const portable = toPortable(value, ctx, inner);
    if (portable !== FREE_FORM) properties[key] = portable;
    else if (required.has(key)) return FREE_FORM;
  }
  if (Object.keys(properties).length === 0) return FREE_FORM;
  out.properties = properties;
  const kept = [...required].filter((key) => key in properties);
  if (kept.length) out.required = kept;
  return out;
}

function sketchedEntries(source: Node, walk: Walk): Array<[string, unknown]> {
  const entries = Object.entries(source.properties as Node);
  if (walk.sketchDepth === 0 || entries.length <= SKETCH_MAX_PROPERTIES) return entries;
  const required = new Set(Array.isArray(source.required) ? (source.required as string[]) : []);
  const checked = entries.filter(([key, value]) => required.has(key) || (isNode(value) && isChecked(value)));
  return (checked.length ? checked : entries).slice(0, SKETCH_MAX_PROPERTIES);
}

function isChecked(schema: Node): boolean {
  return (typeof schema.minLength === "number" && schema.minLength > 0) || schema.pattern !== undefined || schema.format !== undefined || schema.enum !== undefined;
}
