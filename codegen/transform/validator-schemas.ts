// What each generated validator checks, once the tool has its served form (surface tidied, schema made portable):
// - a tool with a JSON body: the exact schema the generator built (body in full, one branch per subtype), with the
//   arguments the served form dropped left out and the other non-body arguments as served (a count typed as a
//   string in the spec is served, and checked, as an integer);
// - any other tool: the served schema;
// - either way, an argument served as JSON text (ToolArg.encoding "json") is checked as the object it holds: the
//   runtime parses the text before validating.
import { replaceValidatorKey, type InputSchema, type JsonSchema, type ToolSpec } from "../../src/tool-spec.js";

type Schema = Record<string, unknown>;

function withoutDescription(schema: JsonSchema): JsonSchema {
  const { description: _d, ...rest } = schema;
  return rest;
}

function branchesOf(schema: Schema): Schema[] {
  if (Array.isArray(schema.oneOf)) return schema.oneOf as Schema[];
  if (Array.isArray(schema.anyOf)) return schema.anyOf as Schema[];
  return [schema];
}

/** The exact schema aligned with the served arguments (edited in place on a copy). */
function aligned(exact: JsonSchema, tool: ToolSpec): JsonSchema {
  const copy = JSON.parse(JSON.stringify(exact)) as Schema;
  const served = tool.inputSchema.properties;
  const location = new Map(tool.args.map((a) => [a.name, a.in]));
  for (const branch of branchesOf(copy)) {
    const props = (branch.properties ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(props)) {
      if (!(name in served)) {
        delete props[name];
        if (Array.isArray(branch.required)) branch.required = (branch.required as string[]).filter((r) => r !== name);
      } else if (location.has(name) && location.get(name) !== "body" && props[name] !== false) {
        props[name] = withoutDescription(served[name]);
      }
    }
  }
  return copy as JsonSchema;
}

/** The validator schemas of a served tool, by key (its name, and `<name>#replace` for merge updates). */
export function validatorSchemas(tool: ToolSpec, built: InputSchema, exact: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  const main = exact[tool.name];
  if (main) out[tool.name] = aligned(main, tool);
  else {
    const schema = JSON.parse(JSON.stringify(tool.inputSchema)) as InputSchema;
    for (const arg of tool.args) {
      if (arg.encoding === "json" && built.properties[arg.name]) schema.properties[arg.name] = withoutDescription(built.properties[arg.name]);
    }
    out[tool.name] = schema as unknown as JsonSchema;
  }
  const replaceKey = replaceValidatorKey(tool.name);
  if (exact[replaceKey]) out[replaceKey] = aligned(exact[replaceKey], tool);
  return out;
}
