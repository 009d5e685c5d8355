// Does a tool definition pass what model providers accept? Gemini's function-declaration `Schema` (a subset of
// OpenAPI 3.0) is the strictest schema dialect among the providers MCP clients forward tools to; OpenAI's
// function names are the strictest names. Pure checks, no spec: call them on any served tool (tests, bench).
//
// Gemini (ai.google.dev FunctionDeclaration / Schema; the Vertex AI reference says the same, and the API's
// 400 messages quoted below):
// - keywords: type, format, title, description, nullable, enum, items, minItems, maxItems, properties, required,
//   minProperties, maxProperties, minLength, maxLength, pattern, example, anyOf, propertyOrdering, default,
//   minimum, maximum. Anything else (additionalProperties, $ref, oneOf, allOf, const, exclusiveMinimum,
//   uniqueItems, multipleOf, contentEncoding...) is "Unknown name ...: Cannot find field".
// - `type` is one value ("Proto field is not repeating, cannot start list" for a type array) and is required
//   unless the node uses anyOf ("type: must be specified when not using one_of, any_of or all_of fields").
// - properties/required "only allowed for OBJECT type"; an OBJECT's properties "should be non-empty";
//   every required name must be a defined property ("property is not defined"); items only for, and required
//   by, ARRAY.
// - enum: strings, for STRING ("Possible values of the element of Type.STRING with enum format").
// - format: STRING "enum" or "date-time" (the Gemini Developer API rejects others), INTEGER int32/int64,
//   NUMBER float/double.
// - function name: starts with a letter or underscore; letters, digits, underscores, dots, colons, dashes;
//   at most 64. Parameter (top-level property) names: letters, digits, underscores; at most 64.
// - a function without parameters leaves `parameters` unset: an empty top-level object is how MCP says it
//   and clients drop it, so the root (only) may have no properties.
// OpenAI (function calling): name matches ^[a-zA-Z0-9_-]{1,64}$; at most 128 tools in one request.

/** The `tools` array of one OpenAI request holds at most this many functions (VS Code/Copilot share the limit). */
export const OPENAI_MAX_TOOLS = 128;

const GEMINI_KEYWORDS = new Set([
  "type",
  "format",
  "title",
  "description",
  "nullable",
  "enum",
  "items",
  "minItems",
  "maxItems",
  "properties",
  "required",
  "minProperties",
  "maxProperties",
  "minLength",
  "maxLength",
  "pattern",
  "example",
  "anyOf",
  "propertyOrdering",
  "default",
  "minimum",
  "maximum",
]);
/** JSON Schema's lower-case type names; clients map them 1:1 onto Gemini's Type enum (STRING, ..., NULL). */
const GEMINI_TYPES = new Set(["string", "number", "integer", "boolean", "array", "object", "null"]);
const GEMINI_FORMATS: Record<string, ReadonlySet<string>> = {
  string: new Set(["enum", "date-time"]),
  integer: new Set(["int32", "int64"]),
  number: new Set(["float", "double"]),
};
/** Keywords that only make sense on some types. */
const KEYWORD_TYPES: Record<string, readonly string[]> = {
  minLength: ["string"],
  maxLength: ["string"],
  pattern: ["string"],
  minimum: ["number", "integer"],
  maximum: ["number", "integer"],
  items: ["array"],
  minItems: ["array"],
  maxItems: ["array"],
  properties: ["object"],
  required: ["object"],
  minProperties: ["object"],
  maxProperties: ["object"],
  propertyOrdering: ["object"],
};

const OPENAI_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const GEMINI_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;
const GEMINI_PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Problems of one function name, for OpenAI and Gemini ([] when both accept it). */
export function toolNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (!OPENAI_NAME.test(name)) problems.push(`name "${name}" does not match OpenAI's ^[a-zA-Z0-9_-]{1,64}$`);
  if (!GEMINI_NAME.test(name)) problems.push(`name "${name}" is not a Gemini function name (letter or _ first; letters, digits, _ . : -; at most 64)`);
  return problems;
}

/**
 * Problems of one tool's input schema against Gemini's function-declaration subset, each as `<path>: <problem>`
 * (`[]` when it passes). The root is the `parameters` object.
 */
export function geminiSchemaProblems(inputSchema: unknown): string[] {
  const problems: string[] = [];
  if (!isNode(inputSchema) || inputSchema.type !== "object") return ["(root): parameters must be a schema of type object"];
  checkNode(inputSchema, "(root)", true, problems);
  for (const name of Object.keys(isNode(inputSchema.properties) ? inputSchema.properties : {})) {
    if (!GEMINI_PARAMETER_NAME.test(name)) problems.push(`(root): parameter name "${name}" must be letters, digits and _ (letter or _ first, at most 64)`);
  }
  return problems;
}

function checkNode(node: unknown, path: string, isRoot: boolean, problems: string[]): void {
  if (!isNode(node)) {
    problems.push(`${path}: a schema must be an object`);
    return;
  }
  for (const key of Object.keys(node)) if (!GEMINI_KEYWORDS.has(key)) problems.push(`${path}: keyword "${key}" is not in Gemini's schema subset`);
  const type = node.type;
  if (Array.isArray(type)) problems.push(`${path}: type must be one type, not ${JSON.stringify(type)}`);
  else if (type === undefined) {
    if (!Array.isArray(node.anyOf)) problems.push(`${path}: type is required (or anyOf)`);
  } else if (typeof type !== "string" || !GEMINI_TYPES.has(type)) problems.push(`${path}: unknown type ${JSON.stringify(type)}`);
  const single = typeof type === "string" ? type : undefined;

  for (const [key, types] of Object.entries(KEYWORD_TYPES)) {
    if (key in node && !(single && types.includes(single))) problems.push(`${path}: ${key} is only allowed for type ${types.join(" or ")}`);
  }
  if (node.nullable !== undefined && typeof node.nullable !== "boolean") problems.push(`${path}: nullable must be true or false`);
  if (node.format !== undefined) {
    const allowed = single ? GEMINI_FORMATS[single] : undefined;
    if (typeof node.format !== "string" || !allowed?.has(node.format)) problems.push(`${path}: format ${JSON.stringify(node.format)} is not accepted for type ${single ?? "(none)"}`);
  }
  if (node.enum !== undefined) {
    if (!Array.isArray(node.enum) || node.enum.length === 0) problems.push(`${path}: enum must be a non-empty list`);
    else if (!node.enum.every((value) => typeof value === "string")) problems.push(`${path}: enum values must be strings`);
    if (single !== "string") problems.push(`${path}: enum is only accepted on type string`);
  }
  if (single === "object") {
    const properties = node.properties;
    if (properties !== undefined && !isNode(properties)) problems.push(`${path}: properties must be a map`);
    const names = isNode(properties) ? Object.keys(properties) : [];
    if (names.length === 0 && !isRoot) problems.push(`${path}: an object must list its properties (Gemini: "should be non-empty for OBJECT type")`);
    if (node.required !== undefined) {
      if (!Array.isArray(node.required)) problems.push(`${path}: required must be a list`);
      else for (const name of node.required) if (!names.includes(name as string)) problems.push(`${path}: required "${String(name)}" is not a property`);
    }
    for (const name of names) checkNode((properties as Node)[name], `${path}.${name}`, false, problems);
  }
  if (single === "array") {
    if (node.items === undefined) problems.push(`${path}: an array needs items`);
    else checkNode(node.items, `${path}[]`, false, problems);
  }
  if (node.anyOf !== undefined) {
    if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) problems.push(`${path}: anyOf must be a non-empty list`);
    else node.anyOf.forEach((branch, i) => checkNode(branch, `${path}|anyOf[${i}]`, false, problems));
  }
}

export interface ServedToolLike {
  name: string;
  inputSchema: unknown;
}

/**
 * Every problem of a served tool list, as `<tool>: <problem>` lines: names (OpenAI and Gemini rules, unique)
 * and input schemas (Gemini subset). The tool count is not judged here: see OPENAI_MAX_TOOLS.
 */
export function providerProblems(tools: readonly ServedToolLike[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const tool of tools) {
    if (seen.has(tool.name)) problems.push(`${tool.name}: name listed twice`);
    seen.add(tool.name);
    for (const problem of [...toolNameProblems(tool.name), ...geminiSchemaProblems(tool.inputSchema)]) problems.push(`${tool.name}: ${problem}`);
  }
  return problems;
}
