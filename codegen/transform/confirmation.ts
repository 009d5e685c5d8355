// The allowlist's confirmation facts → ToolSpec.confirm. Parses an entry's `confirm:` option and the top-level
// `privilege_scopes:` rule, then resolves them against the finished table: the runtime reads only `ToolSpec.confirm`.
import type { Confirmation, ConfirmReason, Precondition, ToolSpec } from "../../src/tool-spec.js";
import { CodegenError } from "../errors.js";

/** An entry's `confirm:` as written (tool and argument names not yet checked). */
export interface ConfirmOption {
  reason?: ConfirmReason;
  concern?: string;
  when?: string[];
  /** A tool name, or "none" (cannot be undone). */
  undo?: string;
  note?: string;
  precondition?: { read: string; args?: Record<string, string>; field: string; allowed: string[]; otherwise?: string };
}

/**
 * The allowlist's top-level `privilege_scopes:` and `privilege_tags:` (scope or spec tag → what is at stake): writes that
 * need one of these scopes, or that the spec tags so, raise privilege or weaken security.
 */
export interface PrivilegeRules {
  scopes?: Record<string, string>;
  tags?: Record<string, string>;
}

type Fail = (problem: string, fix: string) => never;

const CONFIRM_KEYS = new Set(["reason", "concern", "when", "undo", "note", "precondition"]);
const PRECONDITION_KEYS = new Set(["read", "args", "field", "allowed", "otherwise"]);
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const textList = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every(text);

export function parseConfirmOption(raw: unknown, operationId: string, fail: Fail): ConfirmOption {
  if (!isMap(raw)) fail(`confirm of ${operationId} must be a map (undo, note, when, reason, concern, precondition)`, "fix `confirm:`");
  for (const key of Object.keys(raw)) {
    if (!CONFIRM_KEYS.has(key)) fail(`unknown key "${key}" in confirm of ${operationId}`, `use ${[...CONFIRM_KEYS].join(", ")}`);
  }
  const out: ConfirmOption = {};
  if (raw.reason !== undefined) {
    if (raw.reason !== "destructive" && raw.reason !== "privilege") fail(`confirm.reason of ${operationId} must be destructive or privilege`, "fix `reason:`");
    out.reason = raw.reason;
  }
  for (const key of ["concern", "undo", "note"] as const) {
    if (raw[key] === undefined) continue;
    if (!text(raw[key])) fail(`confirm.${key} of ${operationId} must be a non-empty string`, `fix \`${key}:\``);
    out[key] = raw[key];
  }
  if (raw.when !== undefined) {
    if (!textList(raw.when)) fail(`confirm.when of ${operationId} must be a list of argument paths (e.g. [credentials.password])`, "fix `when:`");
    out.when = raw.when;
  }
  if (raw.precondition !== undefined) {
    const p = raw.precondition;
    if (!isMap(p)) fail(`confirm.precondition of ${operationId} must be a map (read, field, allowed, args, otherwise)`, "fix `precondition:`");
    for (const key of Object.keys(p)) {
      if (!PRECONDITION_KEYS.has(key)) fail(`unknown key "${key}" in confirm.precondition of ${operationId}`, `use ${[...PRECONDITION_KEYS].join(", ")}`);
    }
    if (!text(p.read) || !text(p.field) || !textList(p.allowed)) {
      fail(`confirm.precondition of ${operationId} needs read (a read tool), field (a dot path) and allowed (a list of values)`, "complete `precondition:`");
    }
    if (p.args !== undefined && !(isMap(p.args) && Object.values(p.args).every(text))) {
      fail(`confirm.precondition.args of ${operationId} must map the read tool's arguments to this tool's`, "fix `args:`");
    }
    if (p.otherwise !== undefined && !text(p.otherwise)) fail(`confirm.precondition.otherwise of ${operationId} must be a non-empty string`, "fix `otherwise:`");
    out.precondition = {
      read: p.read,
      field: p.field,
      allowed: p.allowed,
      ...(p.args ? { args: p.args as Record<string, string> } : {}),
      ...(p.otherwise ? { otherwise: p.otherwise as string } : {}),
    };
  }
  return out;
}

export function parsePrivilegeMap(raw: unknown, key: "privilege_scopes" | "privilege_tags", fail: Fail): Record<string, string> {
  if (!isMap(raw) || Object.keys(raw).length === 0 || !Object.values(raw).every(text)) {
    const example = key === "privilege_scopes" ? "okta.roles.manage: role and admin assignments" : "UserCred: user credentials";
    fail(`${key} must map each ${key === "privilege_scopes" ? "scope" : "spec tag"} to what it puts at stake (e.g. \`${example}\`)`, `fix \`${key}:\``);
  }
  return raw as Record<string, string>;
}

/** One tool of the table with the allowlist facts that apply to it. */
export interface ConfirmInput {
  tool: ToolSpec;
  option?: ConfirmOption;
  where: string;
}

/**
 * Sets `confirm` on every tool that needs a human's confirmation; checks every name the options use.
 * Problems go to `errors` when given (the generator reports them all at once), else the first one throws.
 */
export function applyConfirmations(inputs: ConfirmInput[], rules: PrivilegeRules = {}, errors?: CodegenError[]): void {
  // `undo` and `precondition.read` name a tool, or (in allowlists/all.yaml) an operationId.
  const byName = new Map([...inputs.map((i): [string, ToolSpec] => [i.tool.operationId, i.tool]), ...inputs.map((i): [string, ToolSpec] => [i.tool.name, i.tool])]);
  for (const input of inputs) {
    try {
      confirmOne(input, rules, byName);
    } catch (error) {
      if (!errors || !(error instanceof CodegenError)) throw error;
      errors.push(error);
    }
  }
}

function confirmOne({ tool, option, where }: ConfirmInput, rules: PrivilegeRules, byName: Map<string, ToolSpec>): void {
  const fail: Fail = (problem, fix) => {
    throw new CodegenError(`${where}: ${problem}`, fix);
  };
  if (tool.effect === "read") {
    if (option) fail(`${tool.name} only reads: confirm has nothing to confirm`, "remove `confirm:` (or fix the effect)");
    return;
  }
  const atStake = [...tool.scopes.map((s) => rules.scopes?.[s]), ...tool.tags.map((t) => rules.tags?.[t])].find((what) => what !== undefined);
  if (tool.effect === "write" && !option && atStake === undefined) return;
  if (tool.effect === "destructive" && option?.when) {
    fail(`${tool.name} is destructive, so every call is confirmed: \`when\` would narrow that`, "remove `when:` (or make the effect write)");
  }
  const reason: ConfirmReason = option?.reason ?? (tool.effect === "destructive" ? "destructive" : "privilege");
  const confirm: Confirmation = { reason };
  const concern = option?.concern ?? (reason === "privilege" ? atStake : undefined);
  if (concern) confirm.concern = concern;
  if (option?.when) confirm.when = option.when.map((path) => argumentPath(tool, path, fail));
  if (option?.undo === "none") confirm.irreversible = true;
  else if (option?.undo !== undefined) {
    const undo = byName.get(option.undo);
    if (!undo || undo.effect === "read") fail(`confirm.undo of ${tool.name} names "${option.undo}", which is not a tool of this table that changes the org`, "name the tool that undoes it, or write `undo: none`");
    confirm.undo = undo!.name;
  }
  if (option?.note) confirm.note = option.note;
  if (option?.precondition) confirm.precondition = precondition(tool, option.precondition, byName, fail);
  tool.confirm = confirm;
}

/** `credentials.password` → the same path with its first segment as the tool's argument name (it may be written as the wire name). */
function argumentPath(tool: ToolSpec, path: string, fail: Fail): string {
  const [first, ...rest] = path.split(".");
  const arg = tool.args.find((a) => a.name === first) ?? tool.args.find((a) => a.wire === first);
  if (!arg || rest.some((segment) => segment === "")) {
    fail(`confirm.when of ${tool.name} names "${path}", which does not start with an argument of the tool`, `start it with one of ${tool.args.map((a) => a.name).join(", ")}`);
  }
  return [arg.name, ...rest].join(".");
}

function precondition(tool: ToolSpec, p: NonNullable<ConfirmOption["precondition"]>, byName: Map<string, ToolSpec>, fail: Fail): Precondition {
  const read = byName.get(p.read);
  if (!read || read.effect !== "read") fail(`confirm.precondition of ${tool.name} reads with "${p.read}", which is not a read tool of this table`, "name a read tool (e.g. get_user)");
  const argOf = (t: ToolSpec, name: string) => (t.args.find((a) => a.name === name) ?? t.args.find((a) => a.wire === name))?.name;
  const args: Record<string, string> = {};
  for (const [readArg, ownArg] of Object.entries(p.args ?? {})) {
    const readName = argOf(read, readArg);
    const ownName = argOf(tool, ownArg);
    if (!readName || !ownName) fail(`confirm.precondition.args of ${tool.name} maps ${readArg} ← ${ownArg}, which are not arguments of ${read.name} and ${tool.name}`, "fix `args:`");
    args[readName] = ownName;
  }
  for (const needed of read.args.filter((a) => a.required && !(read.presets && a.name in read.presets))) {
    if (args[needed.name]) continue;
    const same = argOf(tool, needed.name);
    if (!same) fail(`confirm.precondition of ${tool.name}: ${read.name} needs argument ${needed.name}, which ${tool.name} does not have`, `map it: \`args: { ${needed.name}: <argument of ${tool.name}> }\``);
    args[needed.name] = same;
  }
  return { tool: read.name, args, field: p.field, allowed: p.allowed, ...(p.otherwise ? { otherwise: p.otherwise } : {}) };
}

/**
 * The `confirm:` options of an allowlist's own entries, keyed by operationId, with the tools they name given as
 * operationIds: allowlists/all.yaml carries them so that the all-operations table confirms and describes the same calls.
 */
export function confirmationsByOperation(entries: Array<{ kind: string; operationId?: string; name?: string; confirm?: ConfirmOption }>, toolName: (operationId: string) => string): Record<string, ConfirmOption> {
  const operationOf = new Map<string, string>();
  for (const e of entries) if (e.kind === "operation" && e.operationId) operationOf.set(e.name ?? toolName(e.operationId), e.operationId);
  const out: Record<string, ConfirmOption> = {};
  for (const e of entries) {
    if (e.kind !== "operation" || !e.operationId || !e.confirm) continue;
    const { undo, precondition, ...rest } = e.confirm;
    const option: ConfirmOption = { ...rest };
    if (undo === "none") option.undo = undo;
    else if (undo && operationOf.has(undo)) option.undo = operationOf.get(undo);
    if (precondition && operationOf.has(precondition.read)) option.precondition = { ...precondition, read: operationOf.get(precondition.read)! };
    out[e.operationId] = option;
  }
  return out;
}
