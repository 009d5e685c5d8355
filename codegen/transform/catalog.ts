// Allowlist entries + spec → the tool table. Checks every entry against the spec (operation, name, scopes).
import type { JsonSchema, ToolCatalog, ToolSpec } from "../../src/tool-spec.js";
import { CodegenError } from "../errors.js";
import { specScopes, type Allowlist, type LoadedSpec, type OperationEntry } from "../load.js";
import type { SpecOperation } from "../spec-types.js";
import { defaultToolName, nearest } from "./names.js";
import { buildTool } from "./operation.js";
import { resolveReadBack } from "./read-back.js";

export interface BuildOptions {
  /** false in spec:diff, where the allowlist may predate the spec: scopes then come from the spec. */
  checkScopes?: boolean;
}

export interface BuiltCatalog {
  catalog: ToolCatalog;
  /** Component schemas the tools point at, sorted. */
  resources: string[];
  /** Spec operations in table order (same index as catalog.tools). */
  operations: SpecOperation[];
  /** JSON Schema each generated validator checks, by validator key (see BuiltTool.validators). */
  validators: Record<string, JsonSchema>;
}

export function buildCatalog(spec: LoadedSpec, allowlist: Allowlist, options: BuildOptions = {}): BuiltCatalog {
  const resolved = resolveEntries(spec, allowlist, options);
  const operationEntries = resolved.map((r) => r.entry);
  const tools: ToolSpec[] = [];
  const resources = new Set<string>();
  const names = new Map<string, OperationEntry>();
  const validators: Record<string, JsonSchema> = {};
  for (const { entry, operation, scopes } of resolved) {
    const built = buildTool(spec.doc, operation, entry, scopes);
    const previous = names.get(built.tool.name);
    if (previous) {
      throw new CodegenError(
        `${entry.pos.file}:${entry.pos.line}:${entry.pos.col}: duplicate tool name "${built.tool.name}" (also at line ${previous.pos.line})`,
        "give one of them another `name:`",
      );
    }
    if (built.tool.name.length > 64) {
      throw new CodegenError(`${entry.pos.file}:${entry.pos.line}: tool name "${built.tool.name}" is longer than 64 characters`, "set a shorter `name:`");
    }
    names.set(built.tool.name, entry);
    Object.assign(validators, built.validators);
    const readBack = resolveReadBack(spec, entry, built.tool, operationEntries);
    tools.push(readBack ? { ...built.tool, readBack } : built.tool);
    for (const name of built.resources) resources.add(name);
  }
  return {
    catalog: { specRelease: spec.release, tools },
    resources: [...resources].sort(),
    operations: resolved.map((r) => r.operation),
    validators,
  };
}

interface ResolvedEntry {
  entry: OperationEntry;
  operation: SpecOperation;
  scopes: string[];
}

/** Expands tag/pathPrefix entries (operations already listed are skipped) and checks each entry. */
export function resolveEntries(spec: LoadedSpec, allowlist: Allowlist, options: BuildOptions = {}): ResolvedEntry[] {
  const checkScopes = options.checkScopes ?? true;
  const explicit = new Set(allowlist.entries.flatMap((e) => (e.kind === "operation" ? [e.operationId] : [])));
  const expanded = new Set<string>();
  const out: ResolvedEntry[] = [];
  for (const entry of allowlist.entries) {
    const where = `${entry.pos.file}:${entry.pos.line}:${entry.pos.col}`;
    if (entry.kind !== "operation") {
      const matches = [...spec.operations.values()].filter((op) =>
        entry.kind === "tag" ? ((op.op.tags as string[]) ?? []).includes(entry.value) : op.path.startsWith(entry.value),
      );
      if (matches.length === 0) {
        const tags = new Set([...spec.operations.values()].flatMap((op) => (op.op.tags as string[]) ?? []));
        const hint = entry.kind === "tag" ? `did you mean tag "${nearest(entry.value, tags)}"?` : "check the path prefix";
        throw new CodegenError(`${where}: ${entry.kind} "${entry.value}" matches no operation in spec ${spec.release}`, hint);
      }
      for (const operation of matches) {
        if (explicit.has(operation.operationId) || expanded.has(operation.operationId)) continue;
        expanded.add(operation.operationId);
        const generated: OperationEntry = { kind: "operation", toolset: entry.toolset, operationId: operation.operationId, pos: entry.pos, expanded: true };
        out.push({ entry: generated, operation, scopes: specScopes(spec.doc, operation) });
      }
      continue;
    }
    const operation = spec.operations.get(entry.operationId);
    if (!operation) {
      const suggestion = nearest(entry.operationId, spec.operations.keys());
      throw new CodegenError(
        `${where}: unknown operationId "${entry.operationId}" in spec ${spec.release}`,
        suggestion ? `did you mean "${suggestion}"?` : "check the operationId in the spec",
      );
    }
    const fromSpec = specScopes(spec.doc, operation);
    out.push({ entry, operation, scopes: checkScopes ? checkEntryScopes(entry, fromSpec, where) : fromSpec });
  }
  return out;
}

function checkEntryScopes(entry: OperationEntry, fromSpec: string[], where: string): string[] {
  const show = (scopes: string[]) => (scopes.length ? scopes.join(" AND ") : "none");
  if (entry.scopes === undefined) {
    throw new CodegenError(
      `${where}: tool ${entry.name ?? defaultToolName(entry.operationId)} (${entry.operationId}) has no scope`,
      fromSpec.length ? `add \`scopes: ${fromSpec.length === 1 ? fromSpec[0] : `[${fromSpec.join(", ")}]`}\` as the spec declares` : "the spec declares none: write `scopes: none`",
    );
  }
  if (entry.scopes === "none") {
    if (fromSpec.length === 0) return [];
    throw new CodegenError(`${where}: ${entry.operationId} says \`scopes: none\` but the spec requires ${show(fromSpec)}`, `write \`scopes: [${fromSpec.join(", ")}]\``);
  }
  const wanted = [...entry.scopes].sort();
  const declared = [...fromSpec].sort();
  if (wanted.join(" ") !== declared.join(" ")) {
    throw new CodegenError(
      `${where}: scopes of ${entry.operationId} disagree with the spec: allowlist has ${show(entry.scopes)}, spec has ${show(fromSpec)}`,
      fromSpec.length ? `write \`scopes: [${fromSpec.join(", ")}]\`` : "the spec declares none: write `scopes: none`",
    );
  }
  return fromSpec;
}
