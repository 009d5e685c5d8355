// Merge updates over full-replace PUTs (ToolSpec.update): read the current object, deep-merge the fields the caller
// gave, drop read-only fields, and send the result, so that a PUT never wipes what the caller did not mention.
// With the tool's replace argument set, the arguments are the whole object instead (checked by `<tool>#replace`).
//
// Both inputs are hostile: the caller's arguments and Okta's answer. Merged objects have no prototype and never
// carry `__proto__`/`constructor`/`prototype` keys; nesting deeper than MAX_DEPTH is refused.
import { replaceValidatorKey, type ToolSpec } from "../tool-spec.js";
import type { OktaAuth } from "./auth/types.js";
import { InvalidArgumentsError, OktaMcpError, ScopeDeniedError } from "./errors.js";
import type { OktaHttp, OktaResponse } from "./http.js";
import { oktaApiError } from "./okta-error.js";
import { resolvePath, type OktaRequest } from "./request-builder.js";
import { missingScopes } from "./scopes.js";

type Json = Record<string, unknown>;

// One changed field: its dot path, and its value before and after (undefined = absent). The type is the
// confirmation summary's (src/runtime/operation-summary.ts), which shows these changes to the person confirming.
import type { FieldChange } from "./operation-summary.js";
export type { FieldChange };

/** The read that preceded a merge (for the audit record). */
export interface ReadInfo {
  method: "GET";
  path: string;
  status: number;
  oktaRequestId?: string;
}

export type PreparedWrite =
  /** Send `request` (the merged object, or the caller's whole object). `changes` is set for merges. */
  | { kind: "send"; request: OktaRequest; changes?: FieldChange[]; read?: ReadInfo }
  /** The merge changes nothing: no write is needed. `current` is the object as read. */
  | { kind: "unchanged"; current: unknown; read: ReadInfo };

export interface UpdateDeps {
  http: OktaHttp;
  /** Checks arguments with the generated validator of that key; throws InvalidArgumentsError naming the paths. */
  validate(key: string, args: Record<string, unknown>): Promise<void>;
  granted: readonly string[];
  signal?: AbortSignal;
  /** The caller's own credentials (remote mode); default: the runtime's. */
  auth?: OktaAuth;
  /** When the read must have answered (epoch ms): its waits, retries and queueing included. */
  deadline?: number;
}

const MAX_DEPTH = 64;
/** Changes reported (and shown for confirmation); a merge that changes more says how many were left out. */
export const MAX_CHANGES = 100;
const HOSTILE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const HAL_KEYS = new Set(["_links", "_embedded"]);

const isPlainObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** A prototype-free deep copy without hostile keys; refuses nesting deeper than MAX_DEPTH. */
export function sanitize(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new OktaMcpError("ERR_OKTA_API", `The object is nested deeper than ${MAX_DEPTH} levels; nothing was changed.`);
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Json = Object.create(null) as Json;
  for (const key of Object.keys(value)) if (!HOSTILE_KEYS.has(key)) out[key] = sanitize(value[key], depth + 1);
  return out;
}

/** `patch` merged into `base`: objects merge key by key, anything else (arrays, null, scalars) replaces. */
export function deepMerge(base: unknown, patch: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new InvalidArgumentsError(`The arguments are nested deeper than ${MAX_DEPTH} levels.`);
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Json = Object.create(null) as Json;
  for (const key of Object.keys(base)) out[key] = base[key];
  for (const key of Object.keys(patch)) {
    if (HOSTILE_KEYS.has(key) || patch[key] === undefined) continue;
    out[key] = deepMerge(base[key], patch[key], depth + 1);
  }
  return out;
}

/** Removes HAL keys everywhere and the given dot paths (`a.b`, `a[].b` for each item of array `a`). */
export function stripFields(value: unknown, paths: readonly string[]): unknown {
  const out = stripHal(value, 0);
  for (const path of paths) removePath(out, path.split("."), 0);
  return out;
}

function stripHal(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => stripHal(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Json = Object.create(null) as Json;
  for (const key of Object.keys(value)) if (!HAL_KEYS.has(key)) out[key] = stripHal(value[key], depth + 1);
  return out;
}

function removePath(node: unknown, steps: string[], index: number): void {
  if (!isPlainObject(node) || index >= steps.length) return;
  const raw = steps[index];
  const eachItem = raw.endsWith("[]");
  const key = eachItem ? raw.slice(0, -2) : raw;
  if (!Object.hasOwn(node, key)) return;
  if (index === steps.length - 1 && !eachItem) {
    delete node[key];
    return;
  }
  const child = node[key];
  if (eachItem) {
    if (Array.isArray(child)) for (const item of child) removePath(item, steps, index + 1);
  } else removePath(child, steps, index + 1);
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Leaf-level differences between two objects (arrays compare as a whole), at most `limit` + 1 of them. */
export function diffObjects(before: unknown, after: unknown, limit = MAX_CHANGES, path = "", out: FieldChange[] = [], depth = 0): FieldChange[] {
  if (out.length > limit) return out;
  if (isPlainObject(before) && isPlainObject(after) && depth <= MAX_DEPTH) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) diffObjects(before[key], after[key], limit, path ? `${path}.${key}` : key, out, depth + 1);
    return out;
  }
  if (!sameJson(before, after)) out.push({ path: path || "(object)", before, after });
  return out;
}

// Values under these names are not repeated in change lists: a secret-looking field anywhere, and a user's or an
// app's password or recovery answer (a password policy's settings are not secrets).
const SECRET_STEP = /secret|token|passcode|answer|private|authorization|^key$|_key$|hash|salt/i;
const isSecretPath = (steps: string[]) =>
  steps.some((step) => SECRET_STEP.test(step)) || (steps.includes("credentials") && steps.some((step) => /password|recovery_question/i.test(step)));
const SHOWN_VALUE_CHARS = 120;

function shown(value: unknown): string {
  if (value === undefined) return "(unset)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_VALUE_CHARS ? `${text.slice(0, SHOWN_VALUE_CHARS - 1)}…` : text;
}

/**
 * The changes as one line for a person or a model: `path: before → after; ...`. Secret-looking fields show
 * `[REDACTED]` on both sides.
 */
export function describeChanges(changes: readonly FieldChange[]): string {
  if (changes.length === 0) return "No field changes.";
  const listed = changes.slice(0, MAX_CHANGES).map((change) => {
    const secret = isSecretPath(change.path.split("."));
    return secret ? `${change.path}: [REDACTED] → [REDACTED]` : `${change.path}: ${shown(change.before)} → ${shown(change.after)}`;
  });
  const more = changes.length > MAX_CHANGES ? ` (and more: only the first ${MAX_CHANGES} are listed)` : "";
  return `Changed ${Math.min(changes.length, MAX_CHANGES)} field${changes.length === 1 ? "" : "s"} (before → after)${more}: ${listed.join("; ")}.`;
}

function pathValues(spec: ToolSpec, args: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(spec.defaults ?? {}), ...args, ...(spec.presets ?? {}) };
  const values: Record<string, unknown> = {};
  for (const arg of spec.args) if (arg.in === "path" && merged[arg.name] !== undefined) values[arg.wire] = merged[arg.name];
  return values;
}

/**
 * Turns a built request of a merge-update tool into the request to send: unchanged for other tools and for whole
 * replacements (after their own validator), else read → merge → strip → diff. Throws InvalidArgumentsError,
 * ScopeDeniedError (the read's scopes), OktaApiError (the read failed) or the HTTP layer's errors.
 */
export async function prepareUpdate(spec: ToolSpec, request: OktaRequest, callerArgs: Record<string, unknown>, deps: UpdateDeps): Promise<PreparedWrite> {
  const update = spec.update;
  if (!update) return { kind: "send", request };
  if (callerArgs[update.replaceArg] === true) {
    await deps.validate(replaceValidatorKey(spec.name), callerArgs);
    return { kind: "send", request: { ...request, body: request.body ?? {}, contentType: request.contentType ?? spec.bodyContentType ?? "application/json" } };
  }

  const missing = missingScopes(update.readScopes, deps.granted);
  if (missing.length) {
    throw new ScopeDeniedError(
      `${spec.name} reads the current object first (${update.readOperationId}), which needs scope(s) ${missing.join(" ")} this session was not granted. ` +
        `Grant them, or pass ${update.replaceArg}=true with the whole object.`,
      update.readScopes,
      [...deps.granted],
    );
  }
  const readPath = update.readPath === spec.path ? request.path : resolvePath(update.readPath, pathValues(spec, callerArgs));
  const answer: OktaResponse = await deps.http.send({ method: "GET", path: readPath, query: {}, headers: {} }, deps.signal, deps.auth, deps.deadline);
  const read: ReadInfo = { method: "GET", path: readPath, status: answer.status, oktaRequestId: answer.requestId };
  if (answer.status < 200 || answer.status >= 300) throw Object.assign(oktaApiError(spec, answer), { read });
  if (!isPlainObject(answer.body)) {
    throw Object.assign(new OktaMcpError("ERR_OKTA_API", `${update.readOperationId} did not answer a JSON object, so nothing can be merged into it; nothing was changed. Pass ${update.replaceArg}=true with the whole object instead.`), { read });
  }
  const current = sanitize(answer.body) as Json;

  // The caller may leave the type out: its fields are then checked against the current object's type.
  const variants = spec.bodyVariants;
  let type: unknown;
  if (variants) {
    const wire = spec.args.find((a) => a.name === variants.arg)?.wire ?? variants.arg;
    type = current[wire];
    const given = callerArgs[variants.arg];
    if (given !== undefined && type !== undefined && given !== type) {
      throw Object.assign(new InvalidArgumentsError(`${variants.arg} cannot change (the object is ${JSON.stringify(type)}, the call says ${JSON.stringify(given)}); nothing was changed.`), { read });
    }
    if (given === undefined && typeof type === "string") {
      try {
        await deps.validate(spec.name, { ...callerArgs, [variants.arg]: type });
      } catch (err) {
        throw Object.assign(err as Error, { read });
      }
    }
  }

  const readOnly = [...update.readOnly, ...(typeof type === "string" ? (update.readOnlyByType?.[type] ?? []) : [])];
  const before = stripFields(current, readOnly);
  const patch = sanitize(request.body ?? {});
  const merged = stripFields(deepMerge(before, patch), readOnly);
  const changes = diffObjects(before, merged);
  if (changes.length === 0) return { kind: "unchanged", current, read };
  const etag = answer.headers.get("etag");
  return {
    kind: "send",
    request: {
      ...request,
      body: merged,
      contentType: request.contentType ?? spec.bodyContentType ?? "application/json",
      // Okta answers 412 when the object changed since the read: the merge is then not applied over someone else's edit.
      headers: etag ? { ...request.headers, "If-Match": etag } : request.headers,
    },
    changes,
    read,
  };
}
