// Small helpers every route uses to answer.

import { paginate, linkHeader, type PositionKey } from "./pagination.js";
import type { HandlerContext, Reply } from "./router.js";

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (body: unknown): Reply => ({ status: 201, body });
export const noContent = (): Reply => ({ status: 204 });

/** One page of an ordered list, rendered, with the Link header. */
export function listReply<T>(
  context: HandlerContext,
  items: Iterable<T>,
  keyOf: (item: T) => PositionKey,
  render: (item: T) => unknown,
  options: { defaultLimit?: number; maxLimit?: number; descending?: boolean } = {},
): Reply {
  const request = context.page(options.defaultLimit, options.maxLimit);
  const page = paginate(items, request, keyOf, options.descending);
  return { status: 200, body: page.items.map(render), link: linkHeader(context.url, request.limit, page.next) };
}

export function queryFlag(url: URL, name: string, fallback: boolean): boolean {
  const value = url.searchParams.get(name);
  if (value === null || value === "") return fallback;
  return value.toLowerCase() === "true";
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
