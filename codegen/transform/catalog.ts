// Allowlist entries + spec → the tool table. Checks every entry against the spec (operation, name, scopes)
// and reports every problem of the allowlist at once.
import type { InputSchema, JsonSchema, ToolCatalog, ToolSpec } from "../../src/tool-spec.js";
import { CodegenError, combineErrors } from "../errors.js";
import { specScopes, type Allowlist, type LoadedSpec, type OperationEntry } from "../load.js";
import type { SpecOperation } from "../spec-types.js";
import { cleanSchema, newContext } from "./json-schema.js";
import { defaultToolName, nearest } from "./names.js";
import { applyConfirmations, type ConfirmInput } from "./confirmation.js";
import { buildTool } from "./operation.js";
import { validatorSchemas } from "./validator-schemas.js";
import { portableInputSchema, type PortableContext } from "./portable.js";
import { resolveReadBack } from "./read-back.js";
import { tidySurface } from "./surface.js";

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
  const { resolved, errors } = resolveAll(spec, allowlist, options);
  const operationEntries = resolved.map((r) => r.entry);
  const tools: ToolSpec[] = [];
  const operations: SpecOperation[] = [];
  const resources = new Set<string>();
  const names = new Map<string, OperationEntry>();
  const confirmations: ConfirmInput[] = [];
  const portable = portableContext(spec);
  const validators: Record<string, JsonSchema> = {};
  for (const { entry, operation, scopes } of resolved) {
    let built: ReturnType<typeof buildTool>;
    let readBack: ReturnType<typeof resolveReadBack>;
    try {
      built = buildTool(spec.doc, operation, entry, scopes);
      readBack = resolveReadBack(spec, entry, built.tool, operationEntries);
    } catch (error) {
      if (!(error instanceof CodegenError)) throw error;
      errors.push(error);
      continue;
    }
    const where = `${entry.pos.file}:${entry.pos.line}:${entry.pos.col}`;
    const previous = names.get(built.tool.name);
    if (previous) {
      errors.push(new CodegenError(`${where}: duplicate tool name "${built.tool.name}" (also at line ${previous.pos.line})`, "give one of them another `name:`"));
      continue;
    }
    if (built.tool.name.length > 64) {
      errors.push(new CodegenError(`${where}: tool name "${built.tool.name}" is longer than 64 characters`, "set a shorter `name:`"));
      continue;
    }
    names.set(built.tool.name, entry);
    // The served form rewrites the input schema in place: what the generator built is kept for the validators.
    const builtSchema = JSON.parse(JSON.stringify(built.tool.inputSchema)) as InputSchema;
    const tool = servedForm(readBack ? { ...built.tool, readBack } : built.tool, operation, spec, portable);
    Object.assign(validators, validatorSchemas(tool, builtSchema, built.validators));
    tools.push(tool);
    operations.push(operation);
    const option = entry.confirm ?? (entry.expanded ? allowlist.confirmOperations?.[entry.operationId] : undefined);
    confirmations.push({ tool, option, where });
    for (const name of built.resources) resources.add(name);
  }
  applyConfirmations(confirmations, allowlist.privilege, errors);
  const failure = combineErrors(errors, (count) => `${count} problems in allowlist ${allowlist.path} against spec ${spec.release}`);
  if (failure) throw failure;
  return {
    catalog: { specRelease: spec.release, toolsets: allowlist.toolsets, tools },
    resources: [...resources].sort(),
    operations,
    validators,
  };
}

/** The tool as served: plumbing out of its arguments, then its schema in the form every model provider accepts. */
function servedForm(tool: ToolSpec, operation: SpecOperation, spec: LoadedSpec, portable: PortableContext): ToolSpec {
  const tidy = tidySurface(tool, operation, spec.doc);
  const body = tidy.requestSchema ? portable.component(tidy.requestSchema) : undefined;
  const bodyProperties = (body?.properties ?? {}) as Record<string, JsonSchema>;
  const original = (name: string) => {
    const arg = tidy.args.find((a) => a.name === name);
    return arg?.in === "body" && arg.wire !== "*" ? bodyProperties[arg.wire] : undefined;
  };
  const { inputSchema, jsonText } = portableInputSchema(tidy.inputSchema, { ...portable, original });
  tidy.inputSchema = inputSchema;
  tidy.args = tidy.args.map((arg) => (jsonText.includes(arg.name) ? { ...arg, encoding: "json" as const } : arg));
  return tidy;
}

/** Component schemas in request form, each cleaned once per table. */
function portableContext(spec: LoadedSpec): PortableContext {
  const cache = new Map<string, JsonSchema | undefined>();
  return {
    component(name) {
      if (!cache.has(name)) {
        const exists = spec.doc.components?.schemas?.[name] !== undefined;
        const cleaned = exists ? cleanSchema({ $ref: `#/components/schemas/${name}` }, newContext(spec.doc, "request")) : undefined;
        cache.set(name, cleaned ? (JSON.parse(JSON.stringify(cleaned)) as JsonSchema) : undefined);
      }
      return cache.get(name);
    },
  };
}

interface ResolvedEntry {
  entry: OperationEntry;
  operation: SpecOperation;
  scopes: string[];
}

/** Expands tag/pathPrefix entries (operations already listed are skipped) and checks each entry: every entry that
 * resolves, and one error per entry that does not (nothing thrown). */
function resolveAll(spec: LoadedSpec, allowlist: Allowlist, options: BuildOptions): { resolved: ResolvedEntry[]; errors: CodegenError[] } {
  const checkScopes = options.checkScopes ?? true;
  const explicit = new Set(allowlist.entries.flatMap((e) => (e.kind === "operation" ? [e.operationId] : [])));
  const expanded = new Set<string>();
  const resolved: ResolvedEntry[] = [];
  const errors: CodegenError[] = [];
  // An allowlist written for another release: an operationId it names that the spec lacks was removed or renamed.
  const otherRelease = allowlist.release !== undefined && allowlist.release !== spec.release ? allowlist.release : undefined;
  for (const entry of allowlist.entries) {
    const where = `${entry.pos.file}:${entry.pos.line}:${entry.pos.col}`;
    if (entry.kind !== "operation") {
      const matches = [...spec.operations.values()].filter((op) =>
        entry.kind === "tag" ? ((op.op.tags as string[]) ?? []).includes(entry.value) : op.path.startsWith(entry.value),
      );
      if (matches.length === 0) {
        const tags = new Set([...spec.operations.values()].flatMap((op) => (op.op.tags as string[]) ?? []));
        const hint = entry.kind === "tag" ? `did you mean tag "${nearest(entry.value, tags)}"?` : "check the path prefix";
        errors.push(new CodegenError(`${where}: ${entry.kind} "${entry.value}" matches no operation in spec ${spec.release}`, hint));
        continue;
      }
      for (const operation of matches) {
        if (explicit.has(operation.operationId) || expanded.has(operation.operationId)) continue;
        expanded.add(operation.operationId);
        const generated: OperationEntry = { kind: "operation", toolset: entry.toolset, operationId: operation.operationId, pos: entry.pos, expanded: true };
        resolved.push({ entry: generated, operation, scopes: specScopes(spec.doc, operation) });
      }
      continue;
    }
    const operation = spec.operations.get(entry.operationId);
    if (!operation) {
      const suggestion = nearest(entry.operationId, spec.operations.keys());
      const guess = suggestion ? `did you mean "${suggestion}"?` : "check the operationId in the spec";
      errors.push(
        otherRelease
          ? new CodegenError(
              `${where}: operationId "${entry.operationId}" is not in spec ${spec.release} (the allowlist was written for ${otherRelease}: removed or renamed)`,
              `${guess} Otherwise remove the entry`,
            )
          : new CodegenError(`${where}: unknown operationId "${entry.operationId}" in spec ${spec.release}`, guess),
      );
      continue;
    }
    const fromSpec = specScopes(spec.doc, operation);
    try {
      resolved.push({ entry, operation, scopes: checkScopes ? checkEntryScopes(entry, fromSpec, where) : fromSpec });
    } catch (error) {
      if (!(error instanceof CodegenError)) throw error;
      errors.push(error);
    }
  }
  return { resolved, errors };
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
