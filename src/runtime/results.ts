// Shapes an Okta response for the model: `_links` stripped, projected to the fields asked for,
// cut at a size cap with a notice, and wrapped so structuredContent is always an object.
// Okta's records are attacker-influenced: every object built from their keys has no prototype, and paths are
// read through own properties only, so no key ("__proto__" included) can reach a shared prototype.
import { emptyRecord, ownValue } from "./safe-object.js";

export interface ShapeOptions {
  /** Dot paths to keep; `["*"]` = the full record (with `_links`); undefined = whole record without `_links`. */
  fields?: readonly string[];
  maxBytes: number;
  /** Whether the list can be continued with an `after` cursor (the id of the last item returned). */
  cursorList?: boolean;
  nextCursor?: string;
}

export interface ShapedResult {
  structured: Record<string, unknown>;
  /** `structured` as compact JSON, serialized once (the size check and the text block share it). */
  text: string;
  notices: string[];
}

export function stripLinks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLinks);
  if (value && typeof value === "object") {
    const out = emptyRecord();
    for (const [key, v] of Object.entries(value)) if (key !== "_links") out[key] = stripLinks(v);
    return out;
  }
  return value;
}

// Dot paths split once per field list (a tool's projection is the same array on every call), not per record.
const splitCache = new WeakMap<readonly string[], string[][]>();
function splitPaths(fields: readonly string[]): string[][] {
  let split = splitCache.get(fields);
  if (!split) splitCache.set(fields, (split = fields.map((path) => path.split("."))));
  return split;
}

/**
 * Keeps only the dot paths given; missing paths are skipped (Okta omits empty fields). Only own properties are
 * followed and the copy has no prototype, so a path through "__proto__" or "constructor" finds nothing to
 * read and nothing shared to write (the runtime also refuses such paths as arguments).
 */
export function project(record: unknown, fields: readonly string[]): unknown {
  if (!record || typeof record !== "object" || Array.isArray(record)) return record;
  const out = emptyRecord();
  for (const keys of splitPaths(fields)) {
    let source: unknown = record;
    for (const key of keys) source = ownValue(source, key);
    if (source === undefined) continue;
    let target = out;
    for (let i = 0; i < keys.length - 1; i++) {
      const next = target[keys[i]];
      target = (next && typeof next === "object" ? next : (target[keys[i]] = emptyRecord())) as Record<string, unknown>;
    }
    target[keys[keys.length - 1]] = source;
  }
  return out;
}

function shapeRecord(record: unknown, fields: readonly string[] | undefined): unknown {
  if (fields?.includes("*")) return record;
  if (!fields?.length) return stripLinks(record);
  // Projecting first copies only the fields kept; a path through `_links` is never kept.
  const throughLinks = splitPaths(fields).some((keys) => keys.includes("_links"));
  return throughLinks ? project(stripLinks(record), fields) : stripLinks(project(record, fields));
}

const byteLength = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");

function shaped(structured: Record<string, unknown>, notices: string[]): ShapedResult {
  return { structured, text: JSON.stringify(structured), notices };
}

// Room left under the cap for `{"items":[...],"truncated":true,"nextCursor":"..."}` around the kept items.
const LIST_WRAPPER_BYTES = 200;

/**
 * Cuts a list to whole items under the cap. The cursor to continue is the id of the last item kept, read from
 * the unprojected record (the projection may drop `id`); without one, no cursor is given, since the page's own
 * cursor would skip the items cut.
 */
function cutList(raw: unknown[], shapedItems: { item: unknown; size: number }[], options: ShapeOptions): ShapedResult {
  const kept: unknown[] = [];
  let size = LIST_WRAPPER_BYTES;
  for (const { item, size: itemSize } of shapedItems) {
    if (size + itemSize > options.maxBytes) break;
    kept.push(item);
    size += itemSize;
  }
  const lastRaw = kept.length ? ownValue(raw[kept.length - 1], "id") : undefined;
  const lastId = options.cursorList && typeof lastRaw === "string" ? lastRaw : undefined;
  const structured: Record<string, unknown> = { items: kept, truncated: true };
  if (lastId) structured.nextCursor = lastId;
  const how = lastId
    ? ` Continue with after="${lastId}", or ask for fewer fields (fields argument) or a smaller limit.`
    : ` No cursor can continue from the cut; ask for fewer fields (fields argument) or a smaller limit.`;
  return shaped(structured, [`Result cut at ${options.maxBytes} bytes: ${kept.length} of ${raw.length} items returned.${how}`]);
}

export function shapeResult(body: unknown, options: ShapeOptions): ShapedResult {
  if (Array.isArray(body)) {
    // Items are shaped one at a time and shaping stops at the cap: a page of 10,000 records costs the work of
    // the few that fit, not a copy of all of them.
    const shapedItems: { item: unknown; size: number }[] = [];
    const itemTexts: string[] = [];
    // `{"items":[]}` plus `,"nextCursor":"..."`, then each item and its comma.
    let size = 12 + (options.nextCursor ? 15 + byteLength(options.nextCursor) : 0);
    for (const raw of body) {
      const item = shapeRecord(raw, options.fields);
      // An array holds `null` where JSON has no value (what JSON.stringify of the list would write).
      const itemText = JSON.stringify(item) ?? "null";
      const itemSize = Buffer.byteLength(itemText, "utf8") + 1;
      shapedItems.push({ item, size: itemSize });
      itemTexts.push(itemText);
      size += itemSize;
      if (size - 1 > options.maxBytes) return cutList(body, shapedItems, options);
    }
    const structured: Record<string, unknown> = { items: shapedItems.map((s) => s.item) };
    if (options.nextCursor) structured.nextCursor = options.nextCursor;
    // The text is JSON.stringify(structured), put together from the items' texts already made for the size check.
    const text = `{"items":[${itemTexts.join(",")}]${options.nextCursor ? `,"nextCursor":${JSON.stringify(options.nextCursor)}` : ""}}`;
    return { structured, text, notices: [] };
  }
  if (body === undefined || body === null) return shaped({ ok: true }, []);
  // A body that is not JSON (Okta sometimes answers text or HTML) is kept as text, under the same cap.
  const record = typeof body === "object" ? (shapeRecord(body, options.fields) as Record<string, unknown>) : { value: body };
  const result = shaped(record, []);
  if (Buffer.byteLength(result.text, "utf8") > options.maxBytes) {
    return shaped({ truncated: true, partialJson: result.text.slice(0, options.maxBytes) }, [
      `Record cut at ${options.maxBytes} bytes. Ask for the fields you need with the fields argument (dot paths).`,
    ]);
  }
  return result;
}
