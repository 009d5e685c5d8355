// What a model pays to read one page of users: tokens of a 20-user list_users result, with the allowlist's
// default projection and with every field.
import type { McpSession } from "./lib/mcp-session.js";
import { resultText } from "./lib/mcp-session.js";
import { countTokens, jsonSize } from "./lib/tokens.js";

export interface PageSize {
  arguments: Record<string, unknown>;
  /** Records found in the result (the largest array in its JSON), when it parses. */
  records?: number;
  textBytes: number;
  textTokens: number;
  /** Tokens of structuredContent when the server also sends it (some hosts show both). */
  structuredTokens?: number;
}

export interface ResultSizeResult {
  tool: string;
  projected: PageSize;
  full: PageSize;
  fullArgument: string;
}

function largestArrayLength(value: unknown, depth = 0): number | undefined {
  if (Array.isArray(value)) return value.length;
  if (!value || typeof value !== "object" || depth > 3) return undefined;
  let best: number | undefined;
  for (const child of Object.values(value)) {
    const n = largestArrayLength(child, depth + 1);
    if (n !== undefined && (best === undefined || n > best)) best = n;
  }
  return best;
}

async function pageSize(session: McpSession, tool: string, args: Record<string, unknown>, timeoutMs: number): Promise<PageSize> {
  const result = await session.callTool(tool, args, timeoutMs);
  const text = resultText(result);
  if (result?.isError) throw new Error(`${tool} ${JSON.stringify(args)} returned an error: ${text.slice(0, 300)}`);
  let records: number | undefined;
  try {
    records = largestArrayLength(JSON.parse(text));
  } catch {
    records = undefined;
  }
  return {
    arguments: args,
    records: records ?? largestArrayLength(result?.structuredContent),
    textBytes: Buffer.byteLength(text, "utf8"),
    textTokens: countTokens(text),
    structuredTokens: result?.structuredContent === undefined ? undefined : jsonSize(result.structuredContent).tokens,
  };
}

export async function measureResultSize(
  session: McpSession,
  options: { tool: string; pageArgs: Record<string, unknown>; fullArgs: Record<string, unknown>; fullArgument: string; timeoutMs: number },
): Promise<ResultSizeResult> {
  return {
    tool: options.tool,
    projected: await pageSize(session, options.tool, options.pageArgs, options.timeoutMs),
    full: await pageSize(session, options.tool, { ...options.pageArgs, ...options.fullArgs }, options.timeoutMs),
    fullArgument: options.fullArgument,
  };
}
