// Allowlist `readBack` → ToolSpec.readBack: the GET that shows the state an operation left behind
// (a lifecycle call answers `{}`; the model should see the user's new status without another call).
import type { ReadBack, ToolSpec } from "../../src/tool-spec.js";
import { CodegenError } from "../errors.js";
import { specScopes, type LoadedSpec, type OperationEntry } from "../load.js";

const pathParams = (template: string) => [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

/** `/api/v1/policies/{policyId}/rules/{ruleId}` → `rule`: the last literal segment, singular. */
export function resourceKey(path: string): string {
  const literal = path.split("/").filter((s) => s && !s.startsWith("{")).pop() ?? "object";
  const singular = literal.endsWith("ies") ? `${literal.slice(0, -3)}y` : literal.replace(/s$/, "");
  return singular.replace(/[-_](\w)/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Checks the read against the spec and the tool: a GET whose path parameters the tool's own path supplies.
 * Fields default to the `fields` of the allowlist entry that exposes the same read, if there is one.
 */
export function resolveReadBack(spec: LoadedSpec, entry: OperationEntry, tool: ToolSpec, entries: readonly OperationEntry[]): ReadBack | undefined {
  const option = entry.readBack;
  if (!option) return undefined;
  const where = `${entry.pos.file}:${entry.pos.line}:${entry.pos.col}`;
  const read = spec.operations.get(option.operationId);
  if (!read) throw new CodegenError(`${where}: readBack of ${entry.operationId} names unknown operation "${option.operationId}"`, "name the operationId of a GET in the spec");
  if (read.method !== "GET") throw new CodegenError(`${where}: readBack of ${entry.operationId} names ${option.operationId}, a ${read.method}`, "name a GET: reading back must change nothing");
  const available = new Set(pathParams(tool.path));
  const missing = pathParams(read.path).filter((name) => !available.has(name));
  if (missing.length) {
    throw new CodegenError(
      `${where}: readBack ${option.operationId} (${read.path}) needs path parameter(s) ${missing.join(", ")} that ${entry.operationId} (${tool.path}) does not have`,
      "name a read of the same object",
    );
  }
  const fields = option.fields ?? entries.find((e) => e.operationId === option.operationId && e.fields)?.fields;
  return {
    operationId: read.operationId,
    path: read.path,
    scopes: specScopes(spec.doc, read),
    ...(fields ? { projection: fields } : {}),
    as: option.as ?? resourceKey(read.path),
  };
}
