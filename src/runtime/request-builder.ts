// Turns validated tool arguments into one HTTP request: path, query, headers, body.
// Path values are encoded so that no value can change the path (no `/`, `?`, `#`, dot segments).
import type { ToolSpec } from "../tool-spec.js";
import { InvalidArgumentsError } from "./errors.js";
import { decodeJsonText } from "./json-text.js";

export interface OktaRequest {
  method: string;
  /** Resolved, percent-encoded path (no placeholders left). */
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

/**
 * Encodes one path parameter value as a single segment. WHATWG URL parsing treats `.`/`..` and their
 * percent-encoded forms as dot segments even when encoded, so values made only of dots are refused.
 */
export function encodePathSegment(name: string, value: unknown): string {
  if (value === undefined || value === null || (typeof value === "object")) {
    throw new InvalidArgumentsError(`Path parameter "${name}" must be a string or number.`);
  }
  const text = String(value);
  if (text === "" || /^\.+$/.test(text)) {
    throw new InvalidArgumentsError(`Path parameter "${name}" must not be empty or consist only of dots (got ${JSON.stringify(text)}).`);
  }
  // encodeURIComponent encodes `/ ? # %`; the dots-only check above rules out dot segments.
  return encodeURIComponent(text);
}

export function resolvePath(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    if (!(name in values)) throw new InvalidArgumentsError(`Missing required path parameter "${name}".`);
    return encodePathSegment(name, values[name]);
  });
}

/** Arguments the runtime adds to every served schema; they never go on the wire as such. */
export const RUNTIME_ARGS = ["fields", "fetchAll", "confirmationToken"] as const;

/**
 * Only arguments the caller set are sent, plus the allowlist defaults (when unset) and presets (which win over the caller).
 * Cursor tools also send the runtime-added `limit` and `after` when their spec lacks them.
 */
export function buildRequest(spec: ToolSpec, args: Record<string, unknown>): OktaRequest {
  const merged: Record<string, unknown> = { ...(spec.defaults ?? {}), ...args, ...(spec.presets ?? {}) };
  const pathValues: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  const headers: Record<string, string> = {};
  let body: unknown;
  let bodyObject: Record<string, unknown> | undefined;
  for (const arg of spec.args) {
    const value = arg.encoding === "json" ? decodeJsonText(arg.name, merged[arg.name]) : merged[arg.name];
    if (value === undefined) {
      if (arg.required && arg.in === "path") throw new InvalidArgumentsError(`Missing required argument "${arg.name}".`);
      continue;
    }
    switch (arg.in) {
      case "path":
        pathValues[arg.wire] = value;
        break;
      case "query":
        query[arg.wire] = value;
        break;
      case "header":
        headers[arg.wire] = String(value);
        break;
      case "body":
        if (arg.wire === "*") body = value;
        else (bodyObject ??= {})[arg.wire] = value;
        break;
    }
  }
  if (bodyObject) body = body && typeof body === "object" ? { ...(body as object), ...bodyObject } : bodyObject;
  // A body the spec requires is always sent (ToolSpec.bodyRequired: empty is valid when no argument is set).
  if (body === undefined && spec.bodyRequired) body = {};
  // Cursor arguments the runtime added to the served schema.
  if (spec.pagination === "cursor") {
    for (const name of ["limit", "after"]) {
      if (!spec.args.some((a) => a.name === name) && merged[name] !== undefined) query[name] = merged[name];
    }
  }
  return {
    method: spec.method,
    path: resolvePath(spec.path, pathValues),
    query,
    headers,
    body,
    contentType: body === undefined ? undefined : spec.bodyContentType ?? "application/json",
  };
}
