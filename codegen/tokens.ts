// Context cost of the table as a client sees it in tools/list (o200k tokens): each tool as the runtime serves it
// (runtime-added arguments included, default flags: confirmation without a token argument, --max-items 1000). Informative only.
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import type { ToolSpec } from "../src/tool-spec.js";
import { servedTool } from "../src/runtime/served-tools.js";

export function listEntry(tool: ToolSpec): unknown {
  return servedTool(tool, { confirmationToken: false, maxItems: 1000 });
}

export interface TokenReport {
  total: number;
  perTool: Array<{ name: string; tokens: number }>;
}

export function countTokens(tools: ToolSpec[]): TokenReport {
  const perTool = tools.map((tool) => ({ name: tool.name, tokens: encode(JSON.stringify(listEntry(tool))).length }));
  const total = encode(JSON.stringify({ tools: tools.map(listEntry) })).length;
  return { total, perTool: perTool.sort((a, b) => b.tokens - a.tokens || (a.name < b.name ? -1 : 1)) };
}
