// The tool definitions served in tools/list: the precomputed JSON Schemas from the table, plus the
// arguments the runtime itself handles (fields, cursor paging, confirmation token). Built once, not per list.
import type { Tool } from "@modelcontextprotocol/server";
import type { InputSchema, JsonSchema, ToolSpec } from "../tool-spec.js";
import { RUNTIME_ARGS } from "./request-builder.js";

/** An MCP tool definition; the table's hints go in annotations, and the title is served once, at the top level. */
export type ServedTool = Tool & { title: string; description: string; annotations: Omit<ToolSpec["annotations"], "title"> };

export interface ServeOptions {
  /** Whether tools that need confirmation take a confirmation token (--confirm-with-token, confirmation on). */
  confirmationToken: boolean;
  maxItems: number;
}

/** Tools whose success answer has a body to project (the spec says so; hand-written tables may not say). */
export function returnsRecords(spec: ToolSpec): boolean {
  return spec.responseBody !== false;
}

export function servedTool(spec: ToolSpec, options: ServeOptions): ServedTool {
  const extra: Record<string, JsonSchema> = {};
  if (returnsRecords(spec)) {
    extra.fields = {
      type: "array",
      items: { type: "string" },
      // Every tool lists this argument, so each word here is paid ~180 times per tools/list. The default
      // projection is not spelled out: the model sees it in the first result and asks for more from there.
      description: spec.projection ? `Fields to return (dot paths); default a summary, ["*"] = all.` : `Fields to return (dot paths); default all.`,
    };
  }
  if (spec.pagination === "cursor") {
    const props = spec.inputSchema.properties;
    if (!props.limit) extra.limit = { type: "integer", minimum: 1, description: "Page size." };
    if (!props.after) extra.after = { type: "string", description: "Cursor from a previous result's nextCursor." };
    extra.fetchAll = {
      type: "boolean",
      description: `Fetch all pages (max ${options.maxItems} items).`,
    };
  }
  if (spec.confirm && options.confirmationToken) {
    extra.confirmationToken = {
      type: "string",
      description: "Token from the refused first call; pass it only after the user explicitly confirmed.",
    };
  }
  const inputSchema: InputSchema = Object.keys(extra).length
    ? { ...spec.inputSchema, properties: { ...spec.inputSchema.properties, ...extra } }
    : spec.inputSchema;
  const { title: _title, ...annotations } = spec.annotations;
  // The generated schemas are JSON by construction (the generator writes them with JSON.stringify).
  return { name: spec.name, title: spec.title, description: spec.description, inputSchema: inputSchema as Tool["inputSchema"], annotations };
}

/**
 * Names of runtime-added arguments this tool accepts (never validated by the generated validator, never sent as
 * is): what servedTool adds, plus confirmationToken on any tool, so that a token sent where none is taken gets its
 * own explanation instead of "unknown argument".
 */
export function runtimeArgNames(spec: ToolSpec): string[] {
  const names: string[] = RUNTIME_ARGS.filter((name) => (name === "fields" ? returnsRecords(spec) : name === "fetchAll" ? spec.pagination === "cursor" : true));
  if (spec.pagination === "cursor") {
    if (!spec.inputSchema.properties.limit) names.push("limit");
    if (!spec.inputSchema.properties.after) names.push("after");
  }
  return names;
}
