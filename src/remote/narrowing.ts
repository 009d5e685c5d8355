// Per-request narrowing of the operator's tool selection, as GitHub's remote server does it: headers
// (X-MCP-Toolsets, X-MCP-Tools, X-MCP-Readonly) and URL paths (/mcp/readonly, /mcp/x/<toolsets>[/readonly]).
// Every source intersects with the others and with the operator's selection: a request narrows, never widens.
import type { ExtraTool } from "../runtime/inventory.js";
import type { ToolCatalog, ToolSpec } from "../tool-spec.js";

export interface Narrowing {
  /** Canonical text of the narrowing (cache key, log line). */
  key: string;
  exposes(spec: ToolSpec): boolean;
}

export type NarrowingResult = { ok: true; narrowing?: Narrowing } | { ok: false; message: string };

const MAX_HEADER = 4096;
const MAX_NAMES = 256;

function names(raw: string | null | undefined, what: string): string[] | { error: string } | undefined {
  if (raw === null || raw === undefined || raw.trim() === "") return undefined;
  if (raw.length > MAX_HEADER) return { error: `${what} is longer than ${MAX_HEADER} characters` };
  const list = raw.split(",").map((s) => s.trim()).filter(Boolean);
  if (list.length > MAX_NAMES) return { error: `${what} names more than ${MAX_NAMES} entries` };
  return list;
}

function flag(raw: string | null, what: string): boolean | { error: string } | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  if (/^(1|true|yes|on)$/i.test(raw.trim())) return true;
  if (/^(0|false|no|off)$/i.test(raw.trim())) return false;
  return { error: `${what} must be true or false` };
}

const isError = (v: unknown): v is { error: string } => typeof v === "object" && v !== null && "error" in v;

// The names a request may narrow to, built once per table rather than on every request (the tables are fixed).
const namesByCatalog = new WeakMap<ToolCatalog, WeakMap<readonly ExtraTool[], { toolsetNames: Set<string>; toolNames: Set<string> }>>();
function knownNames(catalog: ToolCatalog, extras: readonly ExtraTool[]): { toolsetNames: Set<string>; toolNames: Set<string> } {
  let byExtras = namesByCatalog.get(catalog);
  if (!byExtras) namesByCatalog.set(catalog, (byExtras = new WeakMap()));
  let known = byExtras.get(extras);
  if (!known) {
    // The playbook and report tools (extras) have toolsets and names of their own: they can be narrowed to as well.
    known = {
      toolsetNames: new Set([...catalog.tools.map((t) => t.toolset), ...extras.map((t) => t.toolset)]),
      toolNames: new Set([...catalog.tools.flatMap((t) => [t.name, t.operationId]), ...extras.map((t) => t.name)]),
    };
    byExtras.set(extras, known);
  }
  return known;
}

/**
 * Reads the narrowing from the part of the path after the MCP endpoint ("" | "/readonly" | "/x/a,b" |
 * "/x/a,b/readonly") and from the headers. Unknown names are an error (a typo must not silently show nothing).
 */
export function narrowingOf(subPath: string, headers: Headers, catalog: ToolCatalog, extras: readonly ExtraTool[] = []): NarrowingResult {
  const { toolsetNames, toolNames } = knownNames(catalog, extras);
  const path = /^(?:\/x\/([A-Za-z0-9_,.-]{1,1024}))?(\/readonly)?\/?$/.exec(subPath);
  if (!path) return { ok: false, message: `Unknown MCP path. Use /mcp, /mcp/readonly, /mcp/x/<toolset,...> or /mcp/x/<toolset,...>/readonly.` };

  const toolsetSources: string[][] = [];
  const fromPath = path[1] ? path[1].split(",").filter(Boolean) : undefined;
  if (fromPath) toolsetSources.push(fromPath);
  const fromHeader = names(headers.get("x-mcp-toolsets"), "X-MCP-Toolsets");
  if (isError(fromHeader)) return { ok: false, message: fromHeader.error };
  if (fromHeader) toolsetSources.push(fromHeader);
  const tools = names(headers.get("x-mcp-tools"), "X-MCP-Tools");
  if (isError(tools)) return { ok: false, message: tools.error };
  const readonlyHeader = flag(headers.get("x-mcp-readonly"), "X-MCP-Readonly");
  if (isError(readonlyHeader)) return { ok: false, message: readonlyHeader.error };
  // X-MCP-Readonly: false cannot lift the path's /readonly, nor the operator's --read-only (applied before this).
  const readOnly = path[2] !== undefined || readonlyHeader === true;

  for (const source of toolsetSources) {
    for (const name of source) {
      if (name !== "all" && !toolsetNames.has(name)) {
        return { ok: false, message: `Unknown toolset "${name}". Known toolsets: ${[...toolsetNames].sort().join(", ")}.` };
      }
    }
  }
  for (const name of tools ?? []) {
    if (!toolNames.has(name)) return { ok: false, message: `Unknown tool "${name}" in X-MCP-Tools.` };
  }
  // "all" in a source means that source does not narrow.
  const toolsets = toolsetSources.filter((source) => !source.includes("all")).map((source) => new Set(source));
  const toolSet = tools ? new Set(tools) : undefined;
  if (toolsets.length === 0 && !toolSet && !readOnly) return { ok: true };

  const key = [
    ...toolsets.map((s) => `toolsets=${[...s].sort().join(",")}`),
    toolSet ? `tools=${[...toolSet].sort().join(",")}` : "",
    readOnly ? "readonly" : "",
  ]
    .filter(Boolean)
    .join(";");
  return {
    ok: true,
    narrowing: {
      key,
      exposes: (spec) =>
        toolsets.every((set) => set.has(spec.toolset)) &&
        (!toolSet || toolSet.has(spec.name) || toolSet.has(spec.operationId)) &&
        (!readOnly || spec.effect === "read"),
    },
  };
}
