// Cursor pagination as Okta does it: `limit` and an opaque `after`, with Link headers (rel="self", rel="next").
// A cursor encodes the position key of the last item served; the next page starts strictly after that key.

export type PositionKey = ReadonlyArray<string | number>;

export interface PageRequest {
  limit: number;
  after?: PositionKey;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, absent on the last page. */
  next?: string;
}

export function readPageRequest(url: URL, defaultLimit: number, maxLimit: number): PageRequest {
  const raw = url.searchParams.get("limit");
  const parsed = raw === null ? NaN : Number.parseInt(raw, 10);
  const limit = Number.isFinite(parsed) && parsed > 0 ? Math.min(parsed, maxLimit) : defaultLimit;
  const after = url.searchParams.get("after");
  return { limit, after: after ? decodeCursor(after) : undefined };
}

export function encodeCursor(key: PositionKey): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeCursor(cursor: string): PositionKey | undefined {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.every((part) => typeof part === "string" || typeof part === "number")) return key;
  } catch {
    // An unreadable cursor behaves like a cursor past the end: Okta answers an empty page rather than an error.
  }
  return ["\uffff"];
}

export function compareKeys(a: PositionKey, b: PositionKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === typeof y) return x < y ? -1 : 1;
    return typeof x === "number" ? -1 : 1;
  }
  return 0;
}

/**
 * Takes one page from items already ordered by keyOf (ascending, or descending when `descending`).
 * Stops reading as soon as the page is full plus one look-ahead item, so the cost is O(position + page).
 */
export function paginate<T>(items: Iterable<T>, request: PageRequest, keyOf: (item: T) => PositionKey, descending = false): Page<T> {
  const page: T[] = [];
  const after = request.after;
  for (const item of items) {
    if (after) {
      const order = compareKeys(keyOf(item), after);
      if (descending ? order >= 0 : order <= 0) continue;
    }
    if (page.length === request.limit) return { items: page, next: encodeCursor(keyOf(page[page.length - 1])) };
    page.push(item);
  }
  return { items: page };
}

/** Link header value: self is the request as sent; next swaps in the cursor and keeps every other parameter. */
export function linkHeader(requestUrl: URL, limit: number, next?: string): string {
  const self = `<${requestUrl.toString()}>; rel="self"`;
  if (!next) return self;
  const nextUrl = new URL(requestUrl.toString());
  nextUrl.searchParams.set("after", next);
  nextUrl.searchParams.set("limit", String(limit));
  return `${self}, <${nextUrl.toString()}>; rel="next"`;
}
