// Full component schemas the tools point at, served by the runtime as `okta://schemas/<Name>` resources.
import type { JsonSchema, ToolSpec } from "../../src/tool-spec.js";
import type { OpenApiDoc } from "../spec-types.js";
import { COMPONENT, cleanSchema, newContext, type Cleaned } from "./json-schema.js";

const POINTER = /okta:\/\/schemas\/([A-Za-z0-9_.-]+)/g;

function pointersIn(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(POINTER)].map((m) => m[1]);
}

/** A JSON copy of a cleaned schema; `names` learns which copied nodes came from which spec component. */
function plainCopy(node: unknown, names?: WeakMap<object, string>): unknown {
  if (Array.isArray(node)) return node.map((item) => plainCopy(item, names));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (value !== undefined) out[key] = plainCopy(value, names);
  const component = (node as Cleaned)[COMPONENT];
  if (component && names) names.set(out, component);
  return out;
}

/**
 * Request/response components of the tools, plus every resource their schemas point at (transitively).
 * `names`, when given, maps schema nodes to the component each came from (to name repeated ones in the output).
 */
export function buildSchemaDocs(doc: OpenApiDoc, tools: ToolSpec[], names?: WeakMap<object, string>): Record<string, JsonSchema> {
  const pending: string[] = [];
  for (const tool of tools) {
    if (tool.requestSchema) pending.push(tool.requestSchema);
    if (tool.responseSchema) pending.push(tool.responseSchema);
    // Each subtype of a discriminated body, named in the discriminator's description.
    pending.push(...Object.values(tool.bodyVariants?.values ?? {}));
    pending.push(...pointersIn(tool.inputSchema));
  }
  const docs = new Map<string, JsonSchema>();
  while (pending.length) {
    const name = pending.pop() as string;
    if (docs.has(name) || !doc.components?.schemas?.[name]) continue;
    const cleaned = cleanSchema({ $ref: `#/components/schemas/${name}` }, newContext(doc, "doc")) ?? {};
    const plain = plainCopy(cleaned, names) as JsonSchema;
    docs.set(name, plain);
    pending.push(...pointersIn(plain));
  }
  return Object.fromEntries([...docs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `<Base>.<value>` → subtype schema name, for each discriminated request body: a model reads
 * `okta://schemas/CreateOrUpdatePolicy.PASSWORD` without a table of schema names in every tools/list.
 */
export function schemaAliases(tools: ToolSpec[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const tool of tools) {
    if (!tool.bodyVariants || !tool.requestSchema) continue;
    for (const [value, name] of Object.entries(tool.bodyVariants.values)) aliases[variantAlias(tool.requestSchema, value)] = name;
  }
  return Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function variantAlias(base: string, value: string): string {
  return `${base}.${value}`;
}
