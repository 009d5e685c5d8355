// Discovery mode (`--tool-mode discover`): three meta-tools stand in for the whole tool table, so `tools/list`
// stays small however many operations are exposed. This module only searches, describes and maps: a
// call_operation becomes `{ call }`, which the runtime runs through the same pipeline as a direct tool call
// (validation, scope check, confirmation, audit). It never calls Okta itself.
import type { Tool } from "@modelcontextprotocol/server";
import type { ToolSpec } from "../tool-spec.js";
import { InvalidArgumentsError, ToolNotExposedError, toToolResult, type OktaMcpError } from "./errors.js";
import { editDistance } from "../edit-distance.js";
import type { ToolResult } from "./execute-tool.js";
import { MAX_TOOL_NAME_LENGTH, shown } from "./input-bounds.js";
import { decodeJsonText } from "./json-text.js";

export type DiscoveryOutcome = { result: ToolResult } | { call: { tool: string; args: Record<string, unknown> } };

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 50;
const SUGGESTIONS = 5;
/** Longest search text: a few sentences. Its words are matched against every tool. */
export const MAX_QUERY_LENGTH = 500;
/** Tags and toolset names are single words. */
const MAX_FILTER_LENGTH = 100;

export const discoveryTools: Tool[] = [
  {
    name: "search_operations",
    title: "Search Okta operations",
    description:
      "Find the Okta management operations this server can run, by words (e.g. \"suspend user\", \"network zone\"), tag or toolset. " +
      "Returns ranked rows {tool, effect, method, path, summary}. Next: describe_operation for the arguments, then call_operation.",
    inputSchema: {
      type: "object",
      properties: {
        query: { type: "string", description: "Words to look for in names, summaries, tags and paths" },
        tag: { type: "string", description: "Only operations with this spec tag (e.g. User, Group, Application)" },
        toolset: { type: "string", description: "Only this toolset (e.g. users, groups, apps, policies, logs, security)" },
        limit: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT, description: "Most rows to return" },
      },
    },
    annotations: { title: "Search Okta operations", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  {
    name: "describe_operation",
    title: "Describe an Okta operation",
    description:
      "Show one operation found with search_operations: its input schema, effect (read, write, destructive), required OAuth scopes, " +
      "lifecycle, admin roles, pagination and default fields.",
    inputSchema: {
      type: "object",
      properties: { tool: { type: "string", description: "The tool name from search_operations" } },
      required: ["tool"],
    },
    annotations: { title: "Describe an Okta operation", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  {
    name: "call_operation",
    title: "Call an Okta operation",
    description:
      "Run one operation with arguments that follow its describe_operation schema. Checked like a direct tool call: " +
      "arguments validated, scopes checked, destructive operations confirmed first, every call audited.",
    inputSchema: {
      type: "object",
      properties: {
        tool: { type: "string", description: "The tool name from search_operations" },
        // JSON text: no model provider's schema subset can describe "any object" (see codegen/provider-check.ts).
        arguments: { type: "string", description: "The operation's arguments as JSON text, e.g. {\"id\":\"00u1\"}" },
      },
      required: ["tool"],
    },
    annotations: { title: "Call an Okta operation", readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  },
];

const discoveryNames = new Set(discoveryTools.map((t) => t.name));

export function isDiscoveryTool(name: string): boolean {
  return discoveryNames.has(name);
}

/** Answers a discovery meta-tool call over the tools the caller may see (the inventory's visible view). */
export function handleDiscoveryCall(name: string, args: Record<string, unknown>, visibleTools: readonly ToolSpec[]): DiscoveryOutcome {
  const input = args ?? {};
  switch (name) {
    case "search_operations":
      return search(input, visibleTools);
    case "describe_operation":
      return describe(input, visibleTools);
    case "call_operation":
      return mapCall(input, visibleTools);
    default:
      return failure(`${shown(name)} is not a discovery tool (use ${[...discoveryNames].join(", ")}).`);
  }
}

// ---- search_operations -------------------------------------------------------------------------

interface IndexedTool {
  tool: ToolSpec;
  /** token → weight of the best field it appears in */
  tokens: Map<string, number>;
  nameTokens: Set<string>;
  tags: Set<string>;
}

// Names and operationIds say what a tool does; titles and tags next; paths and descriptions only hint.
const FIELD_WEIGHTS = { name: 4, operationId: 3, title: 2, tags: 2, path: 1, description: 0.5 } as const;
const STOPWORDS = new Set(["a", "an", "and", "the", "of", "to", "in", "for", "by", "on", "or", "with", "is", "are", "be", "this", "that", "it", "its", "api", "v1"]);
// A few words admins use that the spec spells differently.
const ALIASES: Record<string, string[]> = {
  app: ["application"],
  mfa: ["factor", "authenticator"],
  "2fa": ["factor", "authenticator"],
  idp: ["identity", "provider"],
  admin: ["role"],
  ip: ["zone", "network"],
  signin: ["login", "session"],
  logon: ["login", "session"],
  offboard: ["deactivate"],
  block: ["suspend", "zone"],
  logout: ["session"],
  audit: ["log"],
};

const indexCache = new WeakMap<readonly ToolSpec[], IndexedTool[]>();

function indexFor(tools: readonly ToolSpec[]): IndexedTool[] {
  let index = indexCache.get(tools);
  if (!index) {
    index = tools.map(indexTool);
    indexCache.set(tools, index);
  }
  return index;
}

function indexTool(tool: ToolSpec): IndexedTool {
  const tokens = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const token of tokenize(text)) if ((tokens.get(token) ?? 0) < weight) tokens.set(token, weight);
  };
  add(tool.name, FIELD_WEIGHTS.name);
  add(tool.operationId, FIELD_WEIGHTS.operationId);
  add(tool.title, FIELD_WEIGHTS.title);
  add(tool.tags.join(" "), FIELD_WEIGHTS.tags);
  add(tool.path.replace(/\{[^}]*\}/g, " "), FIELD_WEIGHTS.path);
  add(tool.description, FIELD_WEIGHTS.description);
  return { tool, tokens, nameTokens: new Set(tokenize(tool.name)), tags: new Set(tool.tags.map((t) => t.toLowerCase())) };
}

/** Words of a text, camelCase and snake_case split, lower-cased, crudely singularized. */
export function tokenize(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOPWORDS.has(w))
    .map(singular);
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** How well one query word matches a tool: exact > alias > prefix, times the weight of the field. */
function matchWord(entry: IndexedTool, word: string): number {
  let best = entry.tokens.get(word) ?? 0;
  for (const alias of ALIASES[word] ?? []) best = Math.max(best, 0.8 * (entry.tokens.get(alias) ?? 0));
  if (best === 0 && word.length >= 3) {
    for (const [token, weight] of entry.tokens) if (token.startsWith(word)) best = Math.max(best, 0.5 * weight);
  }
  return best;
}

function search(input: Record<string, unknown>, tools: readonly ToolSpec[]): DiscoveryOutcome {
  const problem =
    unknownKeys(input, ["query", "tag", "toolset", "limit"]) ??
    optionalString(input, "query", MAX_QUERY_LENGTH) ??
    optionalString(input, "tag", MAX_FILTER_LENGTH) ??
    optionalString(input, "toolset", MAX_FILTER_LENGTH);
  if (problem) return failure(problem);
  const limit = input.limit ?? DEFAULT_LIMIT;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return failure(`"limit" must be a whole number from 1 to ${MAX_LIMIT}.`);
  }
  const tag = (input.tag as string | undefined)?.trim().toLowerCase();
  const toolset = (input.toolset as string | undefined)?.trim();
  const words = [...new Set(tokenize((input.query as string | undefined) ?? ""))];

  const candidates = indexFor(tools).filter((e) => (!tag || e.tags.has(tag)) && (!toolset || e.tool.toolset === toolset));
  let ranked: { entry: IndexedTool; score: number }[];
  if (words.length === 0) {
    ranked = candidates.map((entry) => ({ entry, score: 0 }));
  } else {
    ranked = [];
    for (const entry of candidates) {
      let score = 0;
      let matched = 0;
      for (const word of words) {
        const s = matchWord(entry, word);
        if (s > 0) matched++;
        score += s;
      }
      if (matched === 0) continue;
      // Tools matching every word come first; among them, those whose name is mostly the query.
      score *= matched / words.length;
      const extraNameWords = [...entry.nameTokens].filter((t) => !words.includes(t)).length;
      score -= 0.1 * extraNameWords;
      ranked.push({ entry, score });
    }
    ranked.sort((a, b) => b.score - a.score);
  }

  const rows = ranked.slice(0, limit).map(({ entry: { tool } }) => ({
    tool: tool.name,
    effect: tool.effect,
    method: tool.method,
    path: tool.path,
    summary: tool.title,
  }));
  const structured: Record<string, unknown> = { results: rows, total: ranked.length };
  if (rows.length === 0) {
    const toolsets = [...new Set(tools.map((t) => t.toolset))].sort();
    structured.hint = `Nothing matched. Try other words${toolset || tag ? " or drop the tag/toolset filter" : ""}; toolsets here: ${toolsets.join(", ") || "none"}.`;
  } else if (ranked.length > rows.length) {
    structured.hint = `${ranked.length - rows.length} more matched: add words or raise limit.`;
  }
  return ok(structured);
}

// ---- describe_operation and call_operation ------------------------------------------------------

function describe(input: Record<string, unknown>, tools: readonly ToolSpec[]): DiscoveryOutcome {
  const problem = unknownKeys(input, ["tool"]) ?? requiredString(input, "tool");
  if (problem) return failure(problem);
  const found = findTool(input.tool as string, tools);
  if ("error" in found) return found.error;
  const t = found.tool;
  const structured: Record<string, unknown> = {
    tool: t.name,
    toolset: t.toolset,
    operationId: t.operationId,
    title: t.title,
    description: t.description,
    method: t.method,
    path: t.path,
    effect: t.effect,
    scopes: t.scopes,
    pagination: t.pagination,
    inputSchema: t.inputSchema,
  };
  if (t.lifecycle) structured.lifecycle = t.lifecycle;
  if (t.adminRoles?.length) structured.adminRoles = t.adminRoles;
  if (t.projection) structured.projection = t.projection;
  if (t.presets) structured.presets = t.presets;
  if (t.confirm) {
    const when = t.confirm.when ? ` when it sets ${t.confirm.when.join(" or ")}` : "";
    structured.note = `${t.confirm.reason === "privilege" ? "Raises privilege or weakens security" : "Destructive"}: the server asks the user to confirm${when} before it runs.`;
  }
  return ok(structured);
}

function mapCall(input: Record<string, unknown>, tools: readonly ToolSpec[]): DiscoveryOutcome {
  const problem = unknownKeys(input, ["tool", "arguments"]) ?? requiredString(input, "tool");
  if (problem) return failure(problem);
  let callArgs: unknown = input.arguments ?? {};
  try {
    callArgs = decodeJsonText("arguments", callArgs);
  } catch (err) {
    return failure(`${(err as Error).message} Pass the operation's arguments (see describe_operation).`);
  }
  if (typeof callArgs !== "object" || callArgs === null || Array.isArray(callArgs)) {
    return failure(`"arguments" must be an object of the operation's arguments (see describe_operation).`);
  }
  const found = findTool(input.tool as string, tools);
  if ("error" in found) return found.error;
  return { call: { tool: found.tool.name, args: { ...(callArgs as Record<string, unknown>) } } };
}

/** A visible tool by name; the operationId is accepted too, since search rows show paths that lead people to it. */
function findTool(wanted: string, tools: readonly ToolSpec[]): { tool: ToolSpec } | { error: DiscoveryOutcome } {
  const name = wanted.trim();
  const tool = tools.find((t) => t.name === name) ?? tools.find((t) => t.operationId === name);
  if (tool) return { tool };
  const near = nearestNames(name, tools);
  return {
    error: failure(
      new ToolNotExposedError(
        `Unknown or unavailable operation ${shown(name)}.${near.length ? ` Did you mean: ${near.join(", ")}?` : ""} Use search_operations to find one.`,
      ),
      { suggestions: near },
    ),
  };
}

/**
 * Closest names by shared words first, then by edit distance. Edit distance costs length × length per tool:
 * a name longer than any tool name gets no suggestions (requiredString refuses those before they get here).
 */
export function nearestNames(wanted: string, tools: readonly ToolSpec[], count = SUGGESTIONS): string[] {
  if (wanted.length > MAX_TOOL_NAME_LENGTH) return [];
  const words = new Set(tokenize(wanted));
  const lower = wanted.toLowerCase();
  return tools
    .map((t) => {
      const shared = tokenize(t.name).filter((w) => words.has(w)).length;
      return { name: t.name, shared, distance: editDistance(lower, t.name) };
    })
    .filter((c) => c.shared > 0 || c.distance <= Math.max(3, Math.floor(lower.length / 3)))
    .sort((a, b) => b.shared - a.shared || a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((c) => c.name);
}


// ---- small helpers ------------------------------------------------------------------------------

function ok(structured: Record<string, unknown>): DiscoveryOutcome {
  return { result: { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured } };
}

/** An isError result shaped like every other tool failure (toToolResult), plus optional details. */
function failure(problem: string | OktaMcpError, extra: Record<string, unknown> = {}): DiscoveryOutcome {
  const { content, structuredContent } = toToolResult(typeof problem === "string" ? new InvalidArgumentsError(problem) : problem);
  Object.assign(structuredContent.error as Record<string, unknown>, extra);
  return { result: { content, structuredContent, isError: true } };
}

// Lengths are checked before any text is tokenized, compared or echoed.
function optionalString(input: Record<string, unknown>, key: string, maxLength: number): string | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") return `"${key}" must be a string.`;
  return value.length > maxLength ? `"${key}" is ${value.length.toLocaleString("en-US")} characters long; use at most ${maxLength}.` : undefined;
}

function requiredString(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (typeof value !== "string" || !value.trim()) return `"${key}" is required: a tool name from search_operations.`;
  if (value.length > MAX_TOOL_NAME_LENGTH) {
    return `"${key}" is ${value.length.toLocaleString("en-US")} characters long; tool names have at most ${MAX_TOOL_NAME_LENGTH}. Use search_operations to find one.`;
  }
  return undefined;
}

function unknownKeys(input: Record<string, unknown>, known: string[]): string | undefined {
  const extra = Object.keys(input).filter((k) => !known.includes(k));
  if (!extra.length) return undefined;
  const named = extra.slice(0, 5).map((k) => shown(k, 40));
  return `Unknown argument${extra.length > 1 ? "s" : ""} ${named.join(", ")}${extra.length > 5 ? ` and ${extra.length - 5} more` : ""} (expected ${known.join(", ")}).`;
}
