// What a model pays to see the tools: bytes and o200k tokens of the `tools/list` result, split by toolset,
// the largest definitions, list_users, the tools Okta's official server has, and discover mode's list.
import { jsonSize } from "./lib/tokens.js";

export interface SizeRow {
  name: string;
  count: number;
  bytes: number;
  tokens: number;
}

export interface ToolsListSize {
  total: SizeRow;
  perToolset: SizeRow[];
  largest: Array<{ name: string; toolset: string; bytes: number; tokens: number }>;
  listUsers?: { bytes: number; tokens: number };
  official: SizeRow & { named: number; missing: string[] };
  /** Tokens by part of the definitions, summed over the list (each part tokenized as its own JSON member). */
  byPart: Array<{ part: string; tokens: number }>;
}

/** Input-schema properties of each tool as the generated table has them (to tell runtime-added ones apart). */
export type TableProperties = Map<string, Set<string>>;

function tokensByPart(tools: any[], tableProperties: TableProperties): Array<{ part: string; tokens: number }> {
  const sums = new Map<string, number>();
  const add = (part: string, value: unknown) => sums.set(part, (sums.get(part) ?? 0) + jsonSize(value).tokens);
  for (const tool of tools) {
    for (const [key, value] of Object.entries(tool)) {
      if (key !== "inputSchema") add(key === "annotations" ? "annotations" : key, { [key]: value });
    }
    const own = tableProperties.get(tool.name);
    for (const [name, schema] of Object.entries<unknown>(tool.inputSchema?.properties ?? {})) {
      add(own && !own.has(name) ? `argument added by the runtime: ${name}` : "arguments from the spec", { [name]: schema });
    }
    const { properties: _p, ...rest } = tool.inputSchema ?? {};
    add("inputSchema (type, required, …)", rest);
  }
  return [...sums.entries()].map(([part, tokens]) => ({ part, tokens })).sort((a, b) => b.tokens - a.tokens);
}

/** Tool names of Okta's official MCP server (first column of the reference TSV). */
function toolsetOf(tool: any, toolsetByName: Map<string, string>): string {
  return toolsetByName.get(tool.name) ?? (typeof tool._meta?.toolset === "string" ? tool._meta.toolset : "(runtime tool, not in the table)");
}

/** Size of a list as a client receives it: the whole `tools/list` result object. */
export function listSize(name: string, tools: any[]): SizeRow {
  return { name, count: tools.length, ...jsonSize({ tools }) };
}

export function analyzeToolsList(tools: any[], toolsetByName: Map<string, string>, officialNames: string[], tableProperties: TableProperties): ToolsListSize {
  const perTool = tools.map((tool) => ({ name: String(tool.name), toolset: toolsetOf(tool, toolsetByName), ...jsonSize(tool) }));

  const groups = new Map<string, any[]>();
  for (const tool of tools) {
    const toolset = toolsetOf(tool, toolsetByName);
    groups.set(toolset, [...(groups.get(toolset) ?? []), tool]);
  }
  const perToolset = [...groups.entries()].map(([toolset, list]) => listSize(toolset, list)).sort((a, b) => b.tokens - a.tokens);

  const largest = [...perTool].sort((a, b) => b.tokens - a.tokens).slice(0, 10);
  const listUsersRow = perTool.find((t) => t.name === "list_users");

  const official = new Set(officialNames);
  const officialTools = tools.filter((t) => official.has(t.name));
  const present = new Set(officialTools.map((t) => t.name));

  return {
    total: listSize("total", tools),
    perToolset,
    largest,
    listUsers: listUsersRow ? { bytes: listUsersRow.bytes, tokens: listUsersRow.tokens } : undefined,
    official: { ...listSize("official-server tools", officialTools), named: official.size, missing: officialNames.filter((n) => !present.has(n)) },
    byPart: tokensByPart(tools, tableProperties),
  };
}
