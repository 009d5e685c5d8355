// Which tools this server exposes: the generated table ∩ selected toolsets/tools ∩ read-only ∩ granted scopes.
// The first three are fixed at start (resolveSelection); the scope filter is applied per request, since grants change.
import type { ToolCatalog, ToolSpec } from "../tool-spec.js";
import { ConfigError } from "./errors.js";
import { hasAllScopes } from "./scopes.js";

export interface SelectionOptions {
  /**
   * Toolset names, or ["all"]. Undefined or empty = the table's default toolsets (allowlist `default:`), unless
   * `tools` or `allowlist` names what to expose: explicit names are never hidden by the default.
   */
  toolsets?: readonly string[];
  /** Tool names or operationIds; undefined or empty = all (within the toolsets). */
  tools?: readonly string[];
  readOnly?: boolean;
  /** Names (tool names, operationIds or toolsets) from a run-time allowlist file; undefined = no restriction. */
  allowlist?: { tools: readonly string[]; toolsets: readonly string[] };
}

/** A tool the runtime answers itself with hand-written code (playbooks, reports): selected like table tools. */
export interface ExtraTool {
  name: string;
  toolset: string;
  effect: ToolSpec["effect"];
}

export interface Inventory {
  /** Tools selected by configuration, before the scope filter, in table order. */
  readonly selected: readonly ToolSpec[];
  /** Toolsets of the table of which this configuration exposes no tool (not default, or not selected). */
  readonly unexposedToolsets: readonly string[];
  /** Names of the extra (hand-written) tools the configuration selects. */
  readonly selectedExtras: ReadonlySet<string>;
  /**
   * Whether hand-written code may send this table operation: the run-time allowlist and --read-only bound it
   * (--toolsets and --tools choose what the model sees, not what a selected playbook may call).
   */
  permits(spec: ToolSpec): boolean;
  /** Selected tools whose scopes are all granted. */
  visible(granted: readonly string[]): readonly ToolSpec[];
  /** A selected tool by name (undefined when not in the selection). */
  find(name: string): ToolSpec | undefined;
  /** Whether the name exists in the whole generated table (to tell "not exposed" from "unknown"). */
  inTable(name: string): boolean;
}

function indexNames(catalog: ToolCatalog, extras: readonly ExtraTool[]): { names: Set<string>; operationIds: Set<string>; toolsets: Set<string> } {
  const names = new Set<string>();
  const operationIds = new Set<string>();
  const toolsets = new Set<string>();
  for (const tool of catalog.tools) {
    names.add(tool.name);
    operationIds.add(tool.operationId);
    toolsets.add(tool.toolset);
  }
  for (const tool of extras) {
    names.add(tool.name);
    toolsets.add(tool.toolset);
  }
  return { names, operationIds, toolsets };
}

/** The value of --toolsets that exposes every toolset of the table. */
const ALL_TOOLSETS = "all";

/**
 * Toolsets exposed when nothing is selected: every toolset (of the table, and of the hand-written tools) that the
 * allowlist does not mark `default: false`.
 */
function defaultToolsets(catalog: ToolCatalog, known: ReadonlySet<string>): string[] {
  const off = new Set(catalog.toolsets.filter((t) => !t.default).map((t) => t.name));
  return [...known].filter((name) => !off.has(name));
}

/** The toolset filter, or undefined for no filter. */
function toolsetFilter(catalog: ToolCatalog, options: SelectionOptions, known: ReadonlySet<string>): Set<string> | undefined {
  if (options.toolsets?.length) {
    if (options.toolsets.includes(ALL_TOOLSETS)) return undefined;
    for (const name of options.toolsets) {
      if (!known.has(name)) {
        throw new ConfigError(`unknown toolset "${name}" (known toolsets: ${[...known].sort().join(", ")}, or ${ALL_TOOLSETS})`);
      }
    }
    return new Set(options.toolsets);
  }
  if (options.tools?.length || options.allowlist) return undefined;
  return new Set(defaultToolsets(catalog, known));
}

/** Validates the names in the options against the table; throws ConfigError naming the first unknown one. */
export function resolveSelection(catalog: ToolCatalog, options: SelectionOptions, extras: readonly ExtraTool[] = []): Inventory {
  const known = indexNames(catalog, extras);
  const toolsets = toolsetFilter(catalog, options, known.toolsets);
  const tools = options.tools?.length ? new Set(options.tools) : undefined;
  for (const name of tools ?? []) {
    if (!known.names.has(name) && !known.operationIds.has(name)) {
      throw new ConfigError(`unknown tool "${name}" in --tools (use a tool name or operationId from the generated table)`);
    }
  }
  const allow = options.allowlist;
  if (allow) {
    for (const name of allow.tools) {
      if (!known.names.has(name) && !known.operationIds.has(name)) {
        throw new ConfigError(`allowlist names "${name}", which is not in the generated tool table (regenerate, or remove it from the allowlist)`);
      }
    }
    for (const name of allow.toolsets) {
      if (!known.toolsets.has(name)) {
        throw new ConfigError(`allowlist names toolset "${name}", which is not in the generated tool table`);
      }
    }
  }
  const allowTools = allow ? new Set(allow.tools) : undefined;
  const allowToolsets = allow ? new Set(allow.toolsets) : undefined;
  const allowed = (tool: ExtraTool & { operationId?: string }) => {
    if (options.readOnly && tool.effect !== "read") return false;
    if (allowTools && allowToolsets) {
      const listed = allowTools.has(tool.name) || (tool.operationId !== undefined && allowTools.has(tool.operationId)) || allowToolsets.has(tool.toolset);
      if (!listed) return false;
    }
    return true;
  };
  const isSelected = (tool: ExtraTool & { operationId?: string }) => {
    if (toolsets && !toolsets.has(tool.toolset)) return false;
    if (tools && !tools.has(tool.name) && !(tool.operationId !== undefined && tools.has(tool.operationId))) return false;
    return allowed(tool);
  };
  const selected = catalog.tools.filter(isSelected);
  const selectedExtras = new Set(extras.filter(isSelected).map((tool) => tool.name));
  const byName = new Map(selected.map((tool) => [tool.name, tool]));
  // Granted scopes rarely change, so the same array is returned for the same grant: tools/list and
  // discovery's search index (cached per array) are then not rebuilt on every request.
  let lastKey: string | undefined;
  let lastVisible: readonly ToolSpec[] = [];
  const exposedToolsets = new Set([...selected, ...extras.filter((tool) => selectedExtras.has(tool.name))].map((tool) => tool.toolset));
  return {
    selected,
    unexposedToolsets: [...known.toolsets].filter((name) => !exposedToolsets.has(name)),
    selectedExtras,
    permits: allowed,
    visible: (granted) => {
      const key = [...granted].sort().join(" ");
      if (key !== lastKey) {
        lastVisible = selected.filter((tool) => hasAllScopes(tool.scopes, granted));
        lastKey = key;
      }
      return lastVisible;
    },
    find: (name) => byName.get(name),
    inTable: (name) => known.names.has(name),
  };
}

/** Every scope any tool in the table requires (the sandbox grants them all). */
export function allCatalogScopes(catalog: ToolCatalog): string[] {
  const scopes = new Set<string>();
  for (const tool of catalog.tools) for (const scope of tool.scopes) scopes.add(scope);
  return [...scopes].sort();
}

/** Toolsets that lack at least one tool for want of scopes: toolset → missing scopes. */
export function incompleteToolsets(tools: readonly ToolSpec[], granted: readonly string[]): Record<string, string[]> {
  const have = new Set(granted);
  const result: Record<string, Set<string>> = {};
  for (const tool of tools) {
    for (const scope of tool.scopes) {
      if (!have.has(scope)) (result[tool.toolset] ??= new Set()).add(scope);
    }
  }
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, [...v].sort()]));
}
