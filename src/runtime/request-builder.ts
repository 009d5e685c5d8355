// Turns validated tool arguments into one HTTP request: path, query, headers, body.
// Path values are encoded so that no value can change the path (no `/`, `?`, `#`, dot segments); every query
// key and value is encoded (serializeQuery), and a value that cannot be sent as it is (an object in the query,
// a line break in a header, text that is not well-formed) is an argument error, never a malformed request.
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
  return encodeText(name, text);
}

/** encodeURIComponent, with its URIError (an unpaired surrogate) turned into an argument error. */
function encodeText(name: string, text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    throw new InvalidArgumentsError(`The value of "${name}" contains an unpaired UTF-16 surrogate, which cannot be sent to Okta. Send well-formed text.`);
  }
}

const isScalar = (value: unknown) => typeof value === "string" || typeof value === "number" || typeof value === "boolean";

function checkQueryValue(name: string, value: unknown): void {
  const ok = isScalar(value) || (Array.isArray(value) && value.every(isScalar));
  // No Okta operation takes an object in its query (no deepObject parameters in the spec): an object's keys
  // would otherwise become query text.
  if (!ok) throw new InvalidArgumentsError(`Query parameter "${name}" must be a string, number or boolean (or a list of them).`);
}

function headerValue(name: string, value: unknown): string {
  if (!isScalar(value)) throw new InvalidArgumentsError(`Header parameter "${name}" must be a string, number or boolean.`);
  const text = String(value);
  if (!/^[\u0020-\u007e\u0080-\u00ff]*$/.test(text)) {
    throw new InvalidArgumentsError(`Header parameter "${name}" must not contain line breaks, control or non-Latin-1 characters.`);
  }
  return text;
}

/**
 * The query string of a request (openapi-fetch's querySerializer): `key=value` pairs, lists repeated
 * (form, explode), every key and value percent-encoded. Values are checked by buildRequest; anything else
 * here is a bug, refused rather than serialized.
 */
export function serializeQuery(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    checkQueryValue(key, value);
    const encodedKey = encodeText(key, key);
    for (const item of Array.isArray(value) ? value : [value]) parts.push(`${encodedKey}=${encodeText(key, String(item))}`);
  }
  return parts.join("&");
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
        if (value !== null) checkQueryValue(arg.name, value);
        query[arg.wire] = value;
        break;
      case "header":
        headers[arg.wire] = headerValue(arg.name, value);
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
      if (spec.args.some((a) => a.name === name) || merged[name] === undefined) continue;
      checkQueryValue(name, merged[name]);
      query[name] = merged[name];
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
