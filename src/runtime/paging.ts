// Follows Okta's cursor pages for hand-written code: only the `after` cursor of the Link header is used, and the
// walk is bounded by a page cap and by an empty-page guard (a hostile org can answer endless empty pages).
import { OktaApiError } from "./errors.js";
import { nextCursorFromLink } from "./link-header.js";

export interface PageWalk {
  /** Stop after this many pages (default 10,000). */
  maxPages?: number;
  /** Called after each page with the items so far (progress). */
  onPage?(items: number, pages: number): void | Promise<void>;
}

type PageResult<T> = { data?: T[]; response: Response };

/** Calls `fetchPage` with each cursor and hands every item to `visit`; returns the number of items seen. */
export async function eachPage<T>(fetchPage: (after: string | undefined) => Promise<PageResult<T>>, visit: (item: T) => void, walk: PageWalk = {}): Promise<number> {
  const maxPages = walk.maxPages ?? 10_000;
  let after: string | undefined;
  let items = 0;
  let emptyInARow = 0;
  for (let pages = 1; ; pages++) {
    const { data, response } = await fetchPage(after);
    if (!Array.isArray(data)) throw new OktaApiError(`Okta answered a list request without a list (status ${response.status}).`, { status: response.status });
    for (const item of data) visit(item);
    items += data.length;
    await walk.onPage?.(items, pages);
    const next = nextCursorFromLink(response.headers.get("link"));
    emptyInARow = data.length === 0 ? emptyInARow + 1 : 0;
    if (!next || next === after || emptyInARow >= 3) return items;
    if (pages >= maxPages) throw new OktaApiError(`Stopped after ${maxPages} pages: the list did not end.`, { status: response.status });
    after = next;
  }
}

/** Every item of a cursor-paged list. */
export async function allPages<T>(fetchPage: (after: string | undefined) => Promise<PageResult<T>>, walk: PageWalk = {}): Promise<T[]> {
  const all: T[] = [];
  await eachPage(fetchPage, (item) => all.push(item), walk);
  return all;
}
