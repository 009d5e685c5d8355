// spec:diff: what a new spec release changes for the allowlisted tools, and whether any change breaks them.
import { join } from "node:path";
import type { JsonSchema, ToolSpec } from "../src/tool-spec.js";
import { DEFAULT_ALLOWLIST, loadAllowlist, loadSpec, type Allowlist, type LoadedSpec } from "./load.js";
import { buildCatalog } from "./transform/catalog.js";
import { cleanSchema, newContext } from "./transform/json-schema.js";

export interface ToolChange {
  tool: string;
  operationId: string;
  breaking: boolean;
  detail: string;
}

export interface DiffReport {
  oldRelease: string;
  newRelease: string;
  toolCount: number;
  changes: ToolChange[];
  breaking: boolean;
}

export interface DiffOptions {
  repoRoot: string;
  oldSpec: string;
  newSpec: string;
  allowlistPath?: string;
}

/** The allowlist restricted to what exists in one spec (so each side can be built on its own). */
function presentIn(spec: LoadedSpec, allowlist: Allowlist): Allowlist {
  const tags = new Set([...spec.operations.values()].flatMap((op) => (op.op.tags as string[]) ?? []));
  const paths = [...spec.operations.values()].map((op) => op.path);
  return {
    ...allowlist,
    entries: allowlist.entries.filter((e) =>
      e.kind === "operation" ? spec.operations.has(e.operationId) : e.kind === "tag" ? tags.has(e.value) : paths.some((p) => p.startsWith(e.value)),
    ),
  };
}

function byName(tools: ToolSpec[]): Map<string, ToolSpec> {
  return new Map(tools.map((t) => [t.name, t]));
}

export function diffSpecs(options: DiffOptions): DiffReport {
  const allowlist = loadAllowlist(options.allowlistPath ?? join(options.repoRoot, DEFAULT_ALLOWLIST));
  const before = loadSpec(options.oldSpec);
  const after = loadSpec(options.newSpec);
  const oldTools = buildCatalog(before, presentIn(before, allowlist), { checkScopes: false }).catalog.tools;
  const newTools = byName(buildCatalog(after, presentIn(after, allowlist), { checkScopes: false }).catalog.tools);
  const changes: ToolChange[] = [];
  const add = (tool: ToolSpec, breaking: boolean, detail: string) =>
    changes.push({ tool: tool.name, operationId: tool.operationId, breaking, detail });

  for (const old of oldTools) {
    const current = newTools.get(old.name);
    if (!current) {
      const successor = [...after.operations.values()].find((op) => op.method === old.method && op.path === old.path);
      add(old, true, successor ? `operation renamed to ${successor.operationId} (same ${old.method} ${old.path})` : `operation removed (${old.method} ${old.path})`);
      continue;
    }
    compareTools(old, current, (breaking, detail) => add(old, breaking, detail));
    compareComponents(before, after, old, current, (breaking, detail) => add(old, breaking, detail));
  }
  for (const tool of newTools.values()) {
    if (!oldTools.some((t) => t.name === tool.name)) add(tool, false, `new in ${after.release} (absent from ${before.release})`);
  }
  return {
    oldRelease: before.release,
    newRelease: after.release,
    toolCount: newTools.size,
    changes,
    breaking: changes.some((c) => c.breaking),
  };
}

type Note = (breaking: boolean, detail: string) => void;

function compareTools(old: ToolSpec, current: ToolSpec, note: Note): void {
  if (old.operationId !== current.operationId) note(true, `operationId ${old.operationId} → ${current.operationId}`);
  if (old.method !== current.method || old.path !== current.path) note(true, `endpoint ${old.method} ${old.path} → ${current.method} ${current.path}`);
  if ([...old.scopes].sort().join(" ") !== [...current.scopes].sort().join(" ")) {
    note(true, `scopes ${old.scopes.join(" AND ") || "none"} → ${current.scopes.join(" AND ") || "none"} (update the allowlist)`);
  }
  if (old.lifecycle !== current.lifecycle) note(false, `lifecycle ${old.lifecycle ?? "-"} → ${current.lifecycle ?? "-"}`);
  if (old.bodyContentType !== current.bodyContentType) note(true, `body media type ${old.bodyContentType ?? "none"} → ${current.bodyContentType ?? "none"}`);
  const oldArgs = new Map(old.args.map((a) => [a.name, a]));
  const newArgs = new Map(current.args.map((a) => [a.name, a]));
  for (const [name, arg] of newArgs) {
    const previous = oldArgs.get(name);
    if (!previous) note(arg.required, `${arg.required ? "new required" : "new optional"} ${arg.in} argument ${name}`);
    else if (arg.required && !previous.required) note(true, `argument ${name} became required`);
    else if (!arg.required && previous.required) note(false, `argument ${name} became optional`);
    if (previous && previous.in !== arg.in) note(true, `argument ${name} moved from ${previous.in} to ${arg.in}`);
  }
  for (const name of oldArgs.keys()) if (!newArgs.has(name)) note(true, `argument ${name} removed`);
  for (const [name, schema] of Object.entries(current.inputSchema.properties)) {
    const previous = old.inputSchema.properties[name];
    if (previous) compareProperty(`argument ${name}`, previous, schema, note);
  }
}

function compareProperty(label: string, before: JsonSchema, after: JsonSchema, note: Note): void {
  if (JSON.stringify(before.type) !== JSON.stringify(after.type)) {
    note(true, `${label}: type ${JSON.stringify(before.type)} → ${JSON.stringify(after.type)}`);
    return;
  }
  if (Array.isArray(before.enum) || Array.isArray(after.enum)) {
    const was = new Set((before.enum as unknown[]) ?? []);
    const is = new Set((after.enum as unknown[]) ?? []);
    const removed = [...was].filter((v) => !is.has(v));
    const added = [...is].filter((v) => !was.has(v));
    if (removed.length && is.size) note(true, `${label}: enum values removed ${removed.join(", ")}`);
    if (added.length && was.size) note(false, `${label}: enum values added ${added.join(", ")}`);
  }
  if (before.pattern !== after.pattern) note(false, `${label}: pattern changed`);
}

/** Request/response component schemas, compared property by property (full, not the compacted tool view). */
function compareComponents(before: LoadedSpec, after: LoadedSpec, old: ToolSpec, current: ToolSpec, note: Note): void {
  const pairs: Array<[string, string | undefined, string | undefined, boolean]> = [
    ["request body", old.requestSchema, current.requestSchema, true],
    ["response", old.responseSchema, current.responseSchema, false],
  ];
  for (const [what, was, is, isRequest] of pairs) {
    if (was !== is) {
      note(isRequest && Boolean(was), `${what} schema ${was ?? "none"} → ${is ?? "none"}`);
      continue;
    }
    if (!was || !is) continue;
    const a = componentDoc(before, was);
    const b = componentDoc(after, is);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const oldProps = Object.keys((a.properties as object) ?? {});
    const newProps = Object.keys((b.properties as object) ?? {});
    const removed = oldProps.filter((p) => !newProps.includes(p));
    const added = newProps.filter((p) => !oldProps.includes(p));
    const oldRequired = new Set((a.required as string[]) ?? []);
    const newlyRequired = ((b.required as string[]) ?? []).filter((p) => !oldRequired.has(p));
    const projected = new Set((old.projection ?? []).map((f) => f.split(".")[0]));
    if (removed.length) note(isRequest || removed.some((p) => projected.has(p)), `${what} ${was}: properties removed ${removed.join(", ")}`);
    if (added.length) note(false, `${what} ${was}: properties added ${added.join(", ")}`);
    if (isRequest && newlyRequired.length) note(true, `${what} ${was}: newly required ${newlyRequired.join(", ")}`);
    if (!removed.length && !added.length && !newlyRequired.length) note(false, `${what} ${was}: nested schema changed`);
  }
}

const docCache = new WeakMap<LoadedSpec, Map<string, JsonSchema>>();

function componentDoc(spec: LoadedSpec, name: string): JsonSchema {
  let cache = docCache.get(spec);
  if (!cache) docCache.set(spec, (cache = new Map()));
  let doc = cache.get(name);
  if (!doc) {
    doc = JSON.parse(JSON.stringify(cleanSchema({ $ref: `#/components/schemas/${name}` }, newContext(spec.doc, "doc")) ?? {})) as JsonSchema;
    cache.set(name, doc);
  }
  return doc;
}

export function formatDiff(report: DiffReport): string {
  const lines = [`spec:diff ${report.oldRelease} → ${report.newRelease} for ${report.toolCount} allowlisted tools`];
  if (!report.changes.length) lines.push("  no changes for the allowlisted tools");
  const tools = [...new Set(report.changes.map((c) => c.tool))];
  for (const tool of tools) {
    const changes = report.changes.filter((c) => c.tool === tool);
    lines.push(`  ${tool} (${changes[0].operationId})`);
    for (const change of changes) lines.push(`    ${change.breaking ? "BREAKING" : "info    "}  ${change.detail}`);
  }
  const breaking = report.changes.filter((c) => c.breaking).length;
  lines.push(breaking ? `${breaking} breaking change(s): update the allowlist or the runtime before moving the pin` : "no breaking changes");
  return `${lines.join("\n")}\n`;
}
