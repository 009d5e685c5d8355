// Context cost of the table as a client sees it in tools/list (o200k tokens): each tool as the runtime serves it
// (runtime-added arguments included, default flags: confirmation without a token argument, --max-items 1000). Informative only.
import type { ToolSpec } from "../src/tool-spec.js";
import { servedTool } from "../src/runtime/served-tools.js";

export function listEntry(tool: ToolSpec): unknown {
  return servedTool(tool, { confirmationToken: false, maxItems: 1000 });
}

export interface TokenReport {
  total: number;
  perTool: Array<{ name: string; tokens: number }>;
}

/** `tokenCounts`: o200k token count of each text (offload.ts runs the tokenizer on the worker thread). */
export async function countTokens(tools: ToolSpec[], tokenCounts: (texts: string[]) => Promise<number[]>): Promise<TokenReport> {
  const texts = tools.map((tool) => JSON.stringify(listEntry(tool)));
  const [total, ...each] = await tokenCounts([JSON.stringify({ tools: tools.map(listEntry) }), ...texts]);
  const perTool = tools.map((tool, i) => ({ name: tool.name, tokens: each[i] }));
  return { total, perTool: perTool.sort((a, b) => b.tokens - a.tokens || (a.name < b.name ? -1 : 1)) };
}
