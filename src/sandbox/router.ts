// Method + path-pattern routing. Literal segments beat parameters (/groups/rules before /groups/:groupId),
// and a path that exists under another method answers 405 as Okta does.

import type { RequestContext } from "./audit.js";
import type { PageRequest } from "./pagination.js";
import type { OrgState } from "./state.js";

export interface HandlerContext {
  state: OrgState;
  url: URL;
  params: Record<string, string>;
  audit: RequestContext;
  /** Parsed JSON body ({} when empty); invalid JSON throws E0000003. */
  body(): Promise<Record<string, unknown>>;
  /** limit/after from the query, with the endpoint's default and maximum page size. */
  page(defaultLimit?: number, maxLimit?: number): PageRequest;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Link header value for list endpoints. */
  link?: string;
}

export type Handler = (context: HandlerContext) => Reply | Promise<Reply>;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export type RouteMatch =
  | { kind: "found"; handler: Handler; params: Record<string, string> }
  | { kind: "wrong-method" }
  | { kind: "not-found" };

export class Router {
  private readonly byLength = new Map<number, Route[]>();

  add(method: string, pattern: string, handler: Handler): this {
    const segments = pattern.split("/").filter(Boolean);
    const routes = this.byLength.get(segments.length) ?? [];
    routes.push({ method, segments, handler });
    // Fewer parameters first, so literal paths win over parameterised ones of the same length.
    routes.sort((a, b) => paramCount(a) - paramCount(b));
    this.byLength.set(segments.length, routes);
    return this;
  }

  match(method: string, pathname: string): RouteMatch {
    const parts = pathname.split("/").filter(Boolean);
    let pathExists = false;
    for (const route of this.byLength.get(parts.length) ?? []) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: "found", handler: route.handler, params };
      pathExists = true;
    }
    return pathExists ? { kind: "wrong-method" } : { kind: "not-found" };
  }
}

function paramCount(route: Route): number {
  return route.segments.filter((s) => s.startsWith(":")).length;
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const segment = pattern[i];
    if (segment.startsWith(":")) {
      try {
        params[segment.slice(1)] = decodeURIComponent(parts[i]);
      } catch {
        params[segment.slice(1)] = parts[i];
      }
    } else if (segment !== parts[i]) {
      return undefined;
    }
  }
  return params;
}
