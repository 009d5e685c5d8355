// Shapes an Okta response for the model: `_links` stripped, projected to the fields asked for,
// cut at a size cap with a notice, and wrapped so structuredContent is always an object.

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
  notices: string[];
}

export function stripLinks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLinks);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (key !== "_links") out[key] = stripLinks(v);
    return out;
  }
  return value;
}

/** Keeps only the dot paths given; missing paths are skipped (Okta omits empty fields). */
export function project(record: unknown, fields: readonly string[]): unknown {
  if (!record || typeof record !== "object" || Array.isArray(record)) return record;
  const out: Record<string, unknown> = {};
  for (const path of fields) {
    const keys = path.split(".");
    let source: unknown = record;
    for (const key of keys) {
      source = source && typeof source === "object" && !Array.isArray(source) ? (source as Record<string, unknown>)[key] : undefined;
    }
    if (source === undefined) continue;
    let target = out;
    keys.slice(0, -1).forEach((key) => {
      const next = target[key];
      target = (next && typeof next === "object" ? next : (target[key] = {})) as Record<string, unknown>;
    });
    target[keys[keys.length - 1]] = source;
  }
  return out;
}

function shapeRecord(record: unknown, fields: readonly string[] | undefined): unknown {
  if (fields?.includes("*")) return record;
  const stripped = stripLinks(record);
  return fields?.length ? project(stripped, fields) : stripped;
}

const byteLength = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");

export function shapeResult(body: unknown, options: ShapeOptions): ShapedResult {
  const notices: string[] = [];
  if (Array.isArray(body)) {
    let items = body.map((item) => shapeRecord(item, options.fields));
    let nextCursor = options.nextCursor;
    if (byteLength(items) > options.maxBytes) {
      // Keep whole items up to the cap: a cut record would mislead.
      const kept: unknown[] = [];
      let size = 2;
      for (const item of items) {
        const itemSize = byteLength(item) + 1;
        if (size + itemSize > options.maxBytes) break;
        kept.push(item);
        size += itemSize;
      }
      const last = kept[kept.length - 1] as Record<string, unknown> | undefined;
      const lastId = last && typeof last.id === "string" ? last.id : undefined;
      notices.push(
        `Result cut at ${options.maxBytes} bytes: ${kept.length} of ${items.length} items returned.` +
          (options.cursorList && lastId ? ` Continue with after="${lastId}", or` : "") +
          ` ask for fewer fields (fields argument) or a smaller limit.`,
      );
      if (options.cursorList && lastId) nextCursor = lastId;
      items = kept;
      const structured: Record<string, unknown> = { items, truncated: true };
      if (nextCursor) structured.nextCursor = nextCursor;
      return { structured, notices };
    }
    const structured: Record<string, unknown> = { items };
    if (nextCursor) structured.nextCursor = nextCursor;
    return { structured, notices };
  }
  if (body === undefined || body === null) return { structured: { ok: true }, notices };
  if (typeof body !== "object") return { structured: { value: body }, notices };
  const record = shapeRecord(body, options.fields) as Record<string, unknown>;
  if (byteLength(record) > options.maxBytes) {
    const text = JSON.stringify(record).slice(0, options.maxBytes);
    notices.push(`Record cut at ${options.maxBytes} bytes. Ask for the fields you need with the fields argument (dot paths).`);
    return { structured: { truncated: true, partialJson: text }, notices };
  }
  return { structured: record, notices };
}
