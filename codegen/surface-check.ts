// What a model reads of a table, checked tool by tool as the runtime serves it (src/runtime/served-tools.ts):
// - no truncated text (an ellipsis in a description, or "..." at its end),
// - no header argument the runtime owns (If-Match, Prefer, Content-Type...),
// - `fields` only where the success response has a body,
// - counts in the query typed as numbers.
// Run by `npm run generate` on both tables and by test/codegen/surface-check.test.ts.
import type { JsonSchema, ToolSpec } from "../src/tool-spec.js";
import { isRuntimeOwnedHeader } from "../src/runtime/owned-headers.js";
import { servedTool } from "../src/runtime/served-tools.js";
import { isMistypedCount } from "./transform/surface.js";

export type SurfaceFindingKind = "truncated" | "runtime-header" | "fields-without-body" | "count-not-number";

export interface SurfaceFinding {
  tool: string;
  kind: SurfaceFindingKind;
  /** Where in the tool (`description`, `inputSchema.properties.since`, ...) and what. */
  detail: string;
}

/** An ellipsis anywhere (a note such as "Early Access: ..." may follow a cut sentence), or three dots at the end. */
const TRUNCATED = /…|\.\.\.\s*$/;

function descriptionsOf(schema: unknown, path: string, out: Array<[string, string]>): void {
  if (Array.isArray(schema)) schema.forEach((item, i) => descriptionsOf(item, `${path}[${i}]`, out));
  else if (schema && typeof schema === "object") {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "description" && typeof value === "string") out.push([`${path}.description`, value]);
      else if (key !== "enum" && key !== "default") descriptionsOf(value, `${path}.${key}`, out);
    }
  }
}

/** The words before a cut (and a few after it), to find it in the spec. */
function around(text: string, at: number): string {
  const start = Math.max(0, at - 50);
  return `${start > 0 ? "[...]" : ""}${text.slice(start, at + 25)}${at + 25 < text.length ? "[...]" : ""}`;
}

/** Findings for every tool of a table (`[]` when the surface is clean). */
export function checkSurface(tools: readonly ToolSpec[]): SurfaceFinding[] {
  const findings: SurfaceFinding[] = [];
  for (const tool of tools) {
    const served = servedTool(tool, { confirmationToken: true, maxItems: 1000 });
    const add = (kind: SurfaceFindingKind, detail: string) => findings.push({ tool: tool.name, kind, detail });

    const texts: Array<[string, string]> = [["description", tool.description]];
    descriptionsOf(served.inputSchema, "inputSchema", texts);
    for (const [where, text] of texts) if (TRUNCATED.test(text)) add("truncated", `${where} is cut off: "${around(text, TRUNCATED.exec(text)!.index)}"`);

    const properties = (served.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
    for (const arg of tool.args) {
      if (!(arg.name in properties)) continue;
      if (arg.in === "header" && isRuntimeOwnedHeader(arg.wire)) add("runtime-header", `argument ${arg.name} is the ${arg.wire} header, which the runtime sets`);
      if (arg.in === "query" && isMistypedCount(arg.wire, properties[arg.name] as JsonSchema)) {
        add("count-not-number", `query argument ${arg.name} is a count typed ${JSON.stringify(properties[arg.name].type)}`);
      }
    }
    if ("fields" in properties && !tool.args.some((a) => a.name === "fields") && tool.responseBody !== true) {
      add("fields-without-body", tool.responseBody === false ? "offers fields, but the success response has no body" : "offers fields, but the table does not say whether a body comes back");
    }
  }
  return findings;
}

/** Tools with at least one finding. */
export function flaggedTools(findings: readonly SurfaceFinding[]): string[] {
  return [...new Set(findings.map((f) => f.tool))];
}

export function formatFindings(findings: readonly SurfaceFinding[]): string[] {
  return findings.map((f) => `${f.tool}: ${f.kind}: ${f.detail}`);
}
