// Reads and validates the spec and the allowlist. Writes nothing; every problem is a CodegenError.
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from "yaml";
import type { Effect, ToolsetInfo } from "../src/tool-spec.js";
import { CodegenError, combineErrors } from "./errors.js";
import { HTTP_METHODS, isObj, type OpenApiDoc, type Obj, type SpecOperation } from "./spec-types.js";
import { readCachedSpec, writeCachedSpec } from "./spec-cache.js";
import { sha256Of, verifyPinnedBytes, type SpecPin } from "./spec-pin.js";
import { type ConfirmOption, parseConfirmOption, parsePrivilegeMap, type PrivilegeRules } from "./transform/confirmation.js";

/** The curated allowlist at the repo root. */
export const DEFAULT_ALLOWLIST = "tools.allowlist.yaml";

export interface LoadedSpec {
  doc: OpenApiDoc;
  release: string;
  sha256: string;
  path: string;
  operations: Map<string, SpecOperation>;
}

function parseYamlFile(path: string, text: string, what: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `${path}:${pos.line}:${pos.col}` : path;
    const reason = first.message.split("\n")[0];
    throw new CodegenError(`malformed YAML in ${what} ${where}: ${reason}`, `fix the YAML syntax at ${where}`);
  }
  return { document, lineCounter };
}

/** Reads the spec; with a pin, refuses bytes whose hash differs. With `cacheDir`, keeps and reuses its parsed form (spec-cache.ts). */
export function loadSpec(path: string, pin?: SpecPin, options: { cacheDir?: string } = {}): LoadedSpec {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new CodegenError(`cannot read spec ${path}`, "check the path, or run `npm run spec:pull`", { cause });
  }
  if (pin) verifyPinnedBytes(bytes, pin, path);
  const sha256 = sha256Of(bytes);
  let doc = options.cacheDir === undefined ? undefined : (readCachedSpec(options.cacheDir, sha256) as OpenApiDoc | undefined);
  if (doc === undefined) {
    const { document } = parseYamlFile(path, bytes.toString("utf8"), "spec") as { document: ReturnType<typeof parseDocument> };
    doc = document.toJS({ maxAliasCount: -1 }) as OpenApiDoc;
    if (options.cacheDir !== undefined && isObj(doc)) writeCachedSpec(options.cacheDir, sha256, doc);
  }
  if (!isObj(doc) || typeof doc.openapi !== "string" || !isObj(doc.paths)) {
    throw new CodegenError(`${path} is not an OpenAPI 3 document`, "pass the Okta management spec (management-minimal.yaml)");
  }
  return { doc, release: String(doc.info?.version ?? "unknown"), sha256, path, operations: indexOperations(doc) };
}

export function indexOperations(doc: OpenApiDoc): Map<string, SpecOperation> {
  const operations = new Map<string, SpecOperation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObj(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method.toLowerCase()];
      if (!isObj(op) || typeof op.operationId !== "string") continue;
      operations.set(op.operationId, {
        operationId: op.operationId,
        method,
        path,
        op,
        pathParameters: Array.isArray(item.parameters) ? item.parameters : [],
        pathLifecycle: isObj(item["x-okta-lifecycle"]) ? item["x-okta-lifecycle"] : undefined,
      });
    }
  }
  return operations;
}

/** The oauth2 scopes the spec requires for an operation (all of them, AND). Empty when it declares none. */
export function specScopes(doc: OpenApiDoc, operation: SpecOperation): string[] {
  const security = (operation.op.security ?? doc.security ?? []) as Array<Record<string, string[]>>;
  const oauth = security.find((requirement) => isObj(requirement) && Array.isArray(requirement.oauth2));
  return oauth ? [...oauth.oauth2] : [];
}

// ---------------------------------------------------------------- allowlist

export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export type BodyMode = "compact" | "full";

export interface OperationEntry {
  kind: "operation";
  toolset: string;
  operationId: string;
  name?: string;
  /** undefined = taken from the spec (tag/pathPrefix expansion); "none" = explicitly none. */
  scopes?: string[] | "none";
  effect?: Effect;
  description?: string;
  defaults?: Record<string, unknown>;
  presets?: Record<string, unknown>;
  hide?: string[];
  /** Argument descriptions that replace the spec's (by argument or wire name). */
  describe?: Record<string, string>;
  fields?: string[];
  body?: BodyMode;
  /**
   * Arguments (or dot paths into them, `profile.name`) that must be set, where the spec leaves them optional:
   * a required request body must be made of something. For merge updates they apply to the whole-object form.
   */
  require?: string[];
  /** `false`: a PUT sends exactly the body given (no read and merge). */
  merge?: boolean;
  /** operationId of the GET returning the object a merge update replaces (default: the GET on the same path). */
  read?: string;
  /** After success, read this object back (see ReadBack in src/tool-spec.ts). */
  readBack?: ReadBackOption;
  /** Confirmation facts (undo, note, when, precondition...): codegen/transform/confirmation.ts. */
  confirm?: ConfirmOption;
  /** Set on entries expanded from a `tag:` or `pathPrefix:` entry. */
  expanded?: boolean;
  pos: SourcePos;
}

export interface ReadBackOption {
  operationId: string;
  fields?: string[];
  as?: string;
}

export interface GroupEntry {
  kind: "tag" | "pathPrefix";
  toolset: string;
  value: string;
  pos: SourcePos;
}

export type AllowlistEntry = OperationEntry | GroupEntry;

export interface Allowlist {
  path: string;
  release?: string;
  toolsets: ToolsetInfo[];
  entries: AllowlistEntry[];
  /** `privilege_scopes:` and `privilege_tags:`: writes under these raise privilege or weaken security, and are confirmed. */
  privilege: PrivilegeRules;
  /** allowlists/all.yaml's `confirm_operations:` (operationId → confirm option), for entries expanded from tags. */
  confirmOperations?: Record<string, ConfirmOption>;
}

const TOOLSET_KEYS = new Set(["description", "default", "tools"]);
const OPTION_KEYS = new Set(["name", "scopes", "effect", "description", "defaults", "presets", "hide", "describe", "fields", "body", "require", "merge", "read", "readBack", "confirm"]);
const EFFECTS = new Set(["read", "write", "destructive"]);

function allowlistError(pos: SourcePos, problem: string, fix: string): CodegenError {
  return new CodegenError(`${pos.file}:${pos.line}:${pos.col}: ${problem}`, fix);
}

/** Parses the allowlist file into entries; checks shapes only (checking against the spec is `resolveTools`' job). */
export function loadAllowlist(path: string): Allowlist {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new CodegenError(`cannot read allowlist ${path}`, "create tools.allowlist.yaml or pass --allowlist FILE", { cause });
  }
  return parseAllowlist(text, path);
}

export function parseAllowlist(text: string, path: string): Allowlist {
  const { document, lineCounter } = parseYamlFile(path, text, "allowlist") as {
    document: ReturnType<typeof parseDocument>;
    lineCounter: LineCounter;
  };
  const posOf = (node: unknown): SourcePos => {
    const offset = (node as Node | undefined)?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return { file: path, line, col };
  };
  const root = document.contents;
  if (!isMap(root)) throw allowlistError(posOf(root), "the allowlist must be a map with `toolsets:`", "see the format in tools.allowlist.yaml");
  const toolsetsNode = root.get("toolsets", true);
  if (!isMap(toolsetsNode)) throw allowlistError(posOf(root), "missing `toolsets:` map", "add `toolsets:` with at least one toolset");
  const release = root.get("release");
  const allowlist: Allowlist = { path, release: release === undefined ? undefined : String(release), toolsets: [], entries: [], privilege: {} };
  for (const [key, field] of [["privilege_scopes", "scopes"], ["privilege_tags", "tags"]] as const) {
    const node = root.get(key, true);
    if (node === undefined) continue;
    allowlist.privilege[field] = parsePrivilegeMap((node as { toJSON?: () => unknown }).toJSON?.() ?? node, key, (problem, fix) => {
      throw allowlistError(posOf(node), problem, fix);
    });
  }
  const byOperation = root.get("confirm_operations", true);
  if (isMap(byOperation)) {
    allowlist.confirmOperations = {};
    for (const pair of byOperation.items) {
      const operationId = String(isScalar(pair.key) ? pair.key.value : pair.key);
      allowlist.confirmOperations[operationId] = parseConfirmOption((pair.value as { toJSON?: () => unknown })?.toJSON?.() ?? pair.value, operationId, (problem, fix) => {
        throw allowlistError(posOf(pair.key), problem, fix);
      });
    }
  }

  // Every bad toolset and entry is reported, not only the first (a typo fixed per run is a slow loop).
  const errors: CodegenError[] = [];
  const collect = (parse: () => void) => {
    try {
      parse();
    } catch (error) {
      if (!(error instanceof CodegenError)) throw error;
      errors.push(error);
    }
  };
  for (const pair of toolsetsNode.items) {
    collect(() => {
      const toolset = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const pos = posOf(pair.key);
      if (!/^[a-z][a-z0-9_]*$/.test(toolset)) throw allowlistError(pos, `toolset name "${toolset}" is not lower_snake_case`, "rename the toolset");
      if (!isMap(pair.value)) throw allowlistError(pos, `toolset "${toolset}" must be a map with \`tools:\``, "add `tools:` under it");
      for (const key of pair.value.items) {
        const name = String(isScalar(key.key) ? key.key.value : key.key);
        if (!TOOLSET_KEYS.has(name)) throw allowlistError(posOf(key.key), `unknown key "${name}" in toolset "${toolset}"`, `use ${[...TOOLSET_KEYS].join(", ")}`);
      }
      const description = pair.value.get("description");
      const isDefault = pair.value.get("default") ?? true;
      if (typeof isDefault !== "boolean") throw allowlistError(pos, `\`default\` of toolset "${toolset}" must be true or false`, "write `default: false` to leave it out of the default exposure");
      allowlist.toolsets.push({ name: toolset, ...(description === undefined ? {} : { description: String(description) }), default: isDefault });
      const tools = pair.value.get("tools", true);
      if (!isSeq(tools)) throw allowlistError(pos, `toolset "${toolset}" has no \`tools:\` list`, "add `tools:` with a list of entries");
      for (const item of tools.items) collect(() => allowlist.entries.push(parseEntry(item, toolset, posOf(item))));
    });
  }
  const failure = combineErrors(errors, (count) => `${count} problems in allowlist ${path}`);
  if (failure) throw failure;
  return allowlist;
}

function parseEntry(node: unknown, toolset: string, pos: SourcePos): AllowlistEntry {
  const value = (node as { toJSON?: () => unknown })?.toJSON?.() ?? (isScalar(node) ? node.value : node);
  if (!isObj(value) || Object.keys(value).length === 0) {
    throw allowlistError(pos, "a tool entry must be `operationId: scope` or `operationId: { scopes: ... }`", "fix the entry");
  }
  const keys = Object.keys(value);
  if (keys.includes("tag") || keys.includes("pathPrefix")) {
    const kind = keys.includes("tag") ? "tag" : "pathPrefix";
    if (keys.length !== 1 || typeof value[kind] !== "string") {
      throw allowlistError(pos, `a \`${kind}:\` entry takes one string and no options`, `write \`- ${kind}: VALUE\``);
    }
    return { kind, toolset, value: value[kind] as string, pos };
  }
  if (keys.length !== 1) {
    throw allowlistError(pos, `entry has several keys (${keys.join(", ")})`, "indent the options under the operationId: `- op: { scopes: ... }`");
  }
  const operationId = keys[0];
  const raw = value[operationId];
  const entry: OperationEntry = { kind: "operation", toolset, operationId, pos };
  if (typeof raw === "string" || Array.isArray(raw)) {
    entry.scopes = parseScopes(raw, pos, operationId);
    return entry;
  }
  if (raw === null || raw === undefined) return entry;
  if (!isObj(raw)) throw allowlistError(pos, `options of ${operationId} must be a scope or a map`, "fix the entry");
  for (const key of Object.keys(raw)) {
    if (!OPTION_KEYS.has(key)) {
      throw allowlistError(pos, `unknown option "${key}" on ${operationId}`, `use one of ${[...OPTION_KEYS].join(", ")}`);
    }
  }
  if (raw.scopes !== undefined) entry.scopes = parseScopes(raw.scopes, pos, operationId);
  if (raw.name !== undefined) {
    if (typeof raw.name !== "string" || !/^[a-z][a-z0-9_]*$/.test(raw.name) || raw.name.length > 64) {
      throw allowlistError(pos, `tool name "${String(raw.name)}" is not snake_case of at most 64 characters`, "rename the tool");
    }
    entry.name = raw.name;
  }
  if (raw.effect !== undefined) {
    if (typeof raw.effect !== "string" || !EFFECTS.has(raw.effect)) {
      throw allowlistError(pos, `effect "${String(raw.effect)}" of ${operationId} is not read, write or destructive`, "fix the effect");
    }
    entry.effect = raw.effect as Effect;
  }
  if (raw.description !== undefined) entry.description = expectString(raw.description, "description", pos, operationId);
  if (raw.defaults !== undefined) entry.defaults = expectMap(raw.defaults, "defaults", pos, operationId);
  if (raw.presets !== undefined) entry.presets = expectMap(raw.presets, "presets", pos, operationId);
  if (raw.hide !== undefined) entry.hide = expectStringList(raw.hide, "hide", pos, operationId);
  if (raw.describe !== undefined) {
    const map = expectMap(raw.describe, "describe", pos, operationId);
    for (const [arg, text] of Object.entries(map)) expectString(text, `describe.${arg}`, pos, operationId);
    entry.describe = map as Record<string, string>;
  }
  if (raw.fields !== undefined) entry.fields = expectStringList(raw.fields, "fields", pos, operationId);
  if (raw.body !== undefined) {
    if (raw.body !== "compact" && raw.body !== "full") throw allowlistError(pos, `body of ${operationId} must be compact or full`, "fix `body:`");
    entry.body = raw.body;
  }
  if (raw.require !== undefined) {
    entry.require = expectStringList(raw.require, "require", pos, operationId);
    if (entry.require.length === 0) throw allowlistError(pos, `require of ${operationId} is empty`, "name at least one argument, or remove `require:`");
  }
  if (raw.merge !== undefined) {
    if (raw.merge !== false) throw allowlistError(pos, `merge of ${operationId} can only be false (merging is the default for PUTs)`, "write `merge: false` or remove it");
    entry.merge = false;
  }
  if (raw.read !== undefined) entry.read = expectString(raw.read, "read", pos, operationId);
  if (raw.readBack !== undefined) entry.readBack = parseReadBack(raw.readBack, pos, operationId);
  if (raw.confirm !== undefined) {
    entry.confirm = parseConfirmOption(raw.confirm, operationId, (problem, fix) => {
      throw allowlistError(pos, problem, fix);
    });
  }
  return entry;
}

/** `readBack: getUser`, or `readBack: { operation: getUser, fields: [id, status], as: user }`. */
function parseReadBack(raw: unknown, pos: SourcePos, operationId: string): ReadBackOption {
  if (typeof raw === "string" && raw) return { operationId: raw };
  const fix = "write `readBack: <operationId of a GET>` or `readBack: { operation: <operationId>, fields: [...], as: <key> }`";
  if (!isObj(raw) || typeof raw.operation !== "string" || !raw.operation) throw allowlistError(pos, `readBack of ${operationId} names no operation`, fix);
  for (const key of Object.keys(raw)) if (!["operation", "fields", "as"].includes(key)) throw allowlistError(pos, `unknown readBack key "${key}" on ${operationId}`, fix);
  const option: ReadBackOption = { operationId: raw.operation };
  if (raw.fields !== undefined) option.fields = expectStringList(raw.fields, "readBack.fields", pos, operationId);
  if (raw.as !== undefined) {
    if (typeof raw.as !== "string" || !/^[a-z][A-Za-z0-9]*$/.test(raw.as)) throw allowlistError(pos, `readBack.as of ${operationId} must be a camelCase key`, fix);
    option.as = raw.as;
  }
  return option;
}

function parseScopes(raw: unknown, pos: SourcePos, operationId: string): string[] | "none" {
  if (raw === "none") return "none";
  const list = typeof raw === "string" ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === "string" && s.length > 0)) {
    throw allowlistError(pos, `scopes of ${operationId} must be a scope, a list of scopes, or none`, "fix `scopes:`");
  }
  return list as string[];
}

function expectString(raw: unknown, key: string, pos: SourcePos, operationId: string): string {
  if (typeof raw !== "string" || raw.trim() === "") throw allowlistError(pos, `${key} of ${operationId} must be a non-empty string`, `fix \`${key}:\``);
  return raw;
}

function expectMap(raw: unknown, key: string, pos: SourcePos, operationId: string): Record<string, unknown> {
  if (!isObj(raw)) throw allowlistError(pos, `${key} of ${operationId} must be a map of parameter: value`, `fix \`${key}:\``);
  return raw;
}

function expectStringList(raw: unknown, key: string, pos: SourcePos, operationId: string): string[] {
  if (!Array.isArray(raw) || !raw.every((s) => typeof s === "string")) {
    throw allowlistError(pos, `${key} of ${operationId} must be a list of strings`, `fix \`${key}:\``);
  }
  return raw as string[];
}

export type { Obj };
