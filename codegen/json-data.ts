// Generated data as reviewable JSON: pretty-printed, keys sorted (`type` first), and each repeated subtree written once
// (src/shared-subschemas.ts reads it back). Deterministic: same value, same bytes.
import { createHash } from "node:crypto";
import { SHARED_POINTER, type SharedDocument } from "../src/shared-subschemas.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `type` first (a schema reads "string, described as ..."; and it costs ~1% fewer tokens in tools/list), then code-point order. */
function keyOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === "type") return -1;
  if (b === "type") return 1;
  return a < b ? -1 : 1;
}

/**
 * Object keys sorted (`type` first), except the entries of a JSON Schema `properties` map: their order is the
 * order a client shows the arguments in (path parameters first), which is worth keeping.
 */
export function sortKeys(value: unknown, keepOrder = false): Json {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item));
  if (value === null || typeof value !== "object") return value as Json;
  const keys = Object.keys(value);
  if (!keepOrder) keys.sort(keyOrder);
  const out: { [key: string]: Json } = {};
  for (const key of keys) out[key] = sortKeys((value as Record<string, unknown>)[key], key === "properties");
  return out;
}

/** Two-space JSON with sorted keys and a final newline. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

export interface ShareOptions {
  /** Subtrees whose compact JSON is shorter than this stay inline (a pointer is ~25 characters). */
  minLength?: number;
  /** A readable name for a subtree (e.g. the spec component it came from); hashes name the others. */
  nameOf?: (node: object) => string | undefined;
}

/**
 * `value` with every object that occurs at least twice (and is at least `minLength` long) moved into `shared`
 * and pointed at. Only the outermost repeats are replaced; a shared subtree may point at other shared ones.
 */
export function shareRepeated(value: unknown, options: ShareOptions = {}): SharedDocument {
  const minLength = options.minLength ?? 160;
  const sorted = sortKeys(value);
  const text = new Map<object, string>();
  const count = new Map<string, number>();
  const hints = new Map<string, string>();
  // Compact JSON of every object, bottom-up (each subtree is serialized once).
  const measure = (node: Json, original: unknown): string => {
    if (Array.isArray(node)) return `[${node.map((item, i) => measure(item, (original as unknown[])?.[i])).join(",")}]`;
    if (node === null || typeof node !== "object") return JSON.stringify(node);
    if (Object.keys(node).length === 1 && SHARED_POINTER in node) throw new Error(`data already holds a "${SHARED_POINTER}" pointer`);
    const source = original as Record<string, unknown> | undefined;
    const own = `{${Object.entries(node).map(([key, item]) => `${JSON.stringify(key)}:${measure(item, source?.[key])}`).join(",")}}`;
    text.set(node, own);
    count.set(own, (count.get(own) ?? 0) + 1);
    const hint = source && typeof source === "object" ? options.nameOf?.(source) : undefined;
    if (hint && !hints.has(own)) hints.set(own, hint);
    return own;
  };
  measure(sorted, value);

  // Which subtrees to share: repeated ones, counted where they would still be written once the ones around them
  // are shared (a subtree repeated only inside one shared subtree is written once anyway). Shrinks to a fixed point.
  let chosen = new Set([...count].filter(([own, n]) => n > 1 && own.length >= minLength).map(([own]) => own));
  for (;;) {
    const uses = new Map<string, number>();
    const visit = (node: Json, isMap: boolean) => {
      if (Array.isArray(node)) return node.forEach((item) => visit(item, false));
      if (node === null || typeof node !== "object") return;
      const own = isMap ? undefined : text.get(node);
      if (own !== undefined && chosen.has(own)) {
        uses.set(own, (uses.get(own) ?? 0) + 1);
        if (uses.get(own)! > 1) return;
      }
      for (const [key, item] of Object.entries(node)) visit(item, key === "properties");
    };
    for (const item of Object.values(sorted as object)) visit(item as Json, false);
    const next = new Set([...chosen].filter((own) => (uses.get(own) ?? 0) > 1));
    if (next.size === chosen.size) break;
    chosen = next;
  }
  const repeated = (node: object) => {
    const own = text.get(node);
    return own !== undefined && chosen.has(own) ? own : undefined;
  };
  // Names: the hint when no other shared subtree has it, else hint (or "schema") + a hash of the content.
  const names = new Map<string, string>();
  const byHint = new Map<string, number>();
  for (const own of chosen) if (hints.has(own)) byHint.set(hints.get(own)!, (byHint.get(hints.get(own)!) ?? 0) + 1);
  const nameFor = (own: string): string => {
    let name = names.get(own);
    if (!name) {
      const hint = hints.get(own);
      const hash = createHash("sha256").update(own).digest("hex").slice(0, 8);
      name = hint && byHint.get(hint) === 1 ? hint : `${hint ?? "schema"}~${hash}`;
      names.set(own, name);
    }
    return name;
  };

  const shared: Record<string, Json> = {};
  // A `properties` map is not a schema: it stays in place (its property schemas may be shared).
  const replace = (node: Json, isTop: boolean, isMap = false): Json => {
    if (Array.isArray(node)) return node.map((item) => replace(item, false));
    if (node === null || typeof node !== "object") return node;
    const own = isTop || isMap ? undefined : repeated(node);
    if (own !== undefined) {
      const name = nameFor(own);
      if (!(name in shared)) {
        shared[name] = null;
        shared[name] = replace(node, true);
      }
      return { [SHARED_POINTER]: name };
    }
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(node)) out[key] = replace(item, false, key === "properties");
    return out;
  };
  const replaced = replace(sorted, true);
  return { shared: sortKeys(shared) as Record<string, unknown>, value: replaced };
}
