// The tool definitions served in tools/list: the precomputed JSON Schemas from the table, plus the
// arguments the runtime itself handles (fields, cursor paging, confirmation token). Built once, not per list.
import type { InputSchema, JsonSchema, ToolSpec } from "../tool-spec.js";
import { RUNTIME_ARGS } from "./request-builder.js";

export interface ServedTool {
  name: string;
  title: string;
  description: string;
  inputSchema: InputSchema;
  annotations: ToolSpec["annotations"];
}

export interface ServeOptions {
  /** Whether destructive tools take a confirmation token (confirmation on). */
  confirm: boolean;
  maxItems: number;
}

/** Tools that answer with JSON records; DELETE answers 204. */
export function returnsRecords(spec: ToolSpec): boolean {
  return spec.method !== "DELETE";
}

export function servedTool(spec: ToolSpec, options: ServeOptions): ServedTool {
  const extra: Record<string, JsonSchema> = {};
  if (returnsRecords(spec)) {
    extra.fields = {
      type: "array",
      items: { type: "string" },
      description:
        `Dot paths of the fields to return (e.g. ["id","profile.login"]); ["*"] = full records.` +
        (spec.projection ? ` Default: ${spec.projection.join(", ")}.` : " Default: all fields except _links."),
    };
  }
  if (spec.pagination === "cursor") {
    const props = spec.inputSchema.properties;
    if (!props.limit) extra.limit = { type: "integer", minimum: 1, description: "Page size." };
    if (!props.after) extra.after = { type: "string", description: "Cursor from a previous result's nextCursor." };
    extra.fetchAll = {
      type: "boolean",
      description: `Fetch all pages (up to ${options.maxItems} items) instead of one page.`,
    };
  }
  if (spec.effect === "destructive" && options.confirm) {
    extra.confirmationToken = {
      type: "string",
      description:
        "Only after the user explicitly confirmed this exact operation: the token returned by the refused first call (same arguments, single use, expires in 5 minutes).",
    };
  }
  const inputSchema: InputSchema = Object.keys(extra).length
    ? { ...spec.inputSchema, properties: { ...spec.inputSchema.properties, ...extra } }
    : spec.inputSchema;
  return { name: spec.name, title: spec.title, description: spec.description, inputSchema, annotations: spec.annotations };
}

/** Names of runtime-added arguments for this tool (never validated by the generated validator, never sent as is). */
export function runtimeArgNames(spec: ToolSpec): string[] {
  const names: string[] = [...RUNTIME_ARGS];
  if (spec.pagination === "cursor") {
    if (!spec.inputSchema.properties.limit) names.push("limit");
    if (!spec.inputSchema.properties.after) names.push("after");
  }
  return names;
}
