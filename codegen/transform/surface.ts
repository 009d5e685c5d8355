// What the model sees of a built tool, tidied: facts of the HTTP plumbing that are not arguments for a model.
// - A header the runtime owns (If-Match, Prefer, Content-Type...) leaves the input schema; its ToolArg stays,
//   marked runtimeOwned, so the runtime can still set it (read-merge-write sets If-Match).
// - Paging parameters a path declares for its list also land on the path's other methods (a POST that
//   creates one policy rule gets `limit`): on a method other than GET they are dropped.
// - A count in the query typed as a string in the spec (`limit` on the policy paths) becomes an integer.
// - Whether the success response has a body: no body, no `fields` projection (src/runtime/served-tools.ts).
import type { JsonSchema, ToolSpec } from "../../src/tool-spec.js";
import { isRuntimeOwnedHeader } from "../../src/runtime/owned-headers.js";
import { isObj, type OpenApiDoc, type Obj, type SpecOperation } from "../spec-types.js";
import { deref } from "./json-schema.js";

const PAGING_PARAMETERS = new Set(["after", "limit"]);
/** Query parameters that are counts whatever type the spec gives them. */
const NUMERIC_QUERY_PARAMETERS = new Set(["limit", "offset", "count", "page", "pageSize", "perPage", "per_page", "maxResults"]);
/** Descriptions that say a query parameter is a count ("Number of policy rules returned.", "Page size."). */
const NUMERIC_WORDING = /^(the )?(maximum |max |total )?(number|count) of\b|^page size\b/i;

/** A query parameter that holds a count but is typed as something else. */
export function isMistypedCount(wire: string, schema: JsonSchema | undefined): boolean {
  if (!schema || schema.type === "integer" || schema.type === "number") return false;
  if (schema.enum !== undefined || schema.format !== undefined || schema.pattern !== undefined) return false;
  const description = typeof schema.description === "string" ? schema.description : "";
  return NUMERIC_QUERY_PARAMETERS.has(wire) || NUMERIC_WORDING.test(description);
}

/** The spec says a 2xx answer carries content (204 and content-less 2xx answers do not). */
export function hasResponseBody(doc: OpenApiDoc, op: Obj): boolean {
  const responses = isObj(op.responses) ? op.responses : {};
  return Object.keys(responses).some((status) => {
    if (!/^2/.test(status)) return false;
    const response = deref<Obj>(doc, responses[status]);
    return isObj(response.content) && Object.keys(response.content).length > 0;
  });
}

/** Path-level parameters the operation does not redeclare. */
function inheritedFromPath(doc: OpenApiDoc, operation: SpecOperation): Set<string> {
  const own = new Set(((operation.op.parameters as unknown[]) ?? []).map((p) => deref<Obj>(doc, p)).map((p) => `${String(p.in)}:${String(p.name)}`));
  const inherited = new Set<string>();
  for (const raw of operation.pathParameters) {
    const param = deref<Obj>(doc, raw);
    const key = `${String(param.in)}:${String(param.name)}`;
    if (!own.has(key)) inherited.add(key);
  }
  return inherited;
}

export function tidySurface(tool: ToolSpec, operation: SpecOperation, doc: OpenApiDoc): ToolSpec {
  const schema = tool.inputSchema;
  const drop = (name: string) => {
    delete schema.properties[name];
    if (schema.required) {
      schema.required = schema.required.filter((n) => n !== name);
      if (schema.required.length === 0) delete schema.required;
    }
  };
  const inherited = tool.method === "GET" ? new Set<string>() : inheritedFromPath(doc, operation);
  const args = [];
  let droppedCursor = false;
  for (const arg of tool.args) {
    if (arg.in === "header" && isRuntimeOwnedHeader(arg.wire)) {
      drop(arg.name);
      args.push({ ...arg, runtimeOwned: true as const });
      continue;
    }
    if (arg.in === "query" && PAGING_PARAMETERS.has(arg.wire) && inherited.has(`query:${arg.wire}`)) {
      drop(arg.name);
      droppedCursor ||= arg.wire === "after";
      if (tool.defaults) delete tool.defaults[arg.name];
      if (tool.presets) delete tool.presets[arg.name];
      continue;
    }
    const property = schema.properties[arg.name];
    if (arg.in === "query" && property && isMistypedCount(arg.wire, property)) schema.properties[arg.name] = { ...property, type: "integer" };
    args.push(arg);
  }
  tool.args = args;
  if (tool.defaults && Object.keys(tool.defaults).length === 0) delete tool.defaults;
  if (tool.presets && Object.keys(tool.presets).length === 0) delete tool.presets;
  if (droppedCursor) tool.pagination = "none";
  tool.responseBody = hasResponseBody(doc, operation.op);
  return tool;
}
