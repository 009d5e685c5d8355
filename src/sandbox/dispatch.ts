// The fetch handler: sandbox controls, injected faults, authentication, routing, and Okta's response headers.

import { actorFor, type RequestContext } from "./audit.js";
import { FaultQueue, faultsFromJson } from "./faults.js";
import { faultError, rateLimited, invalidJson, invalidToken, methodNotAllowed, OktaWireError, pathNotFound, validationFailed } from "./okta-error.js";
import { readPageRequest } from "./pagination.js";
import { bucketOf, type RateLimitHeaders, type RateLimitOptions, RateLimitWindow } from "./rate-limit.js";
import type { HandlerContext, Reply, Router } from "./router.js";
import type { OrgState } from "./state.js";

export interface DispatchDeps {
  router: Router;
  state: () => OrgState;
  reset: () => void;
  faults: FaultQueue;
  token: string;
  pageSizeDefault: number;
  rateLimits?: RateLimitOptions;
}

const AUTHORIZATION = /^(SSWS|Bearer|DPoP)\s+(\S+)\s*$/i;
const ORG_PLACEHOLDER = /\{\{org\}\}/g;

export function createDispatcher(deps: DispatchDeps): (request: Request) => Promise<Response> {
  const rateLimits = new RateLimitWindow(deps.rateLimits);
  // What the org served, for POST /__sandbox/stats (the bench's view of a run from the org's side).
  const stats = { requests: 0, rateLimited: 0, byBucket: {} as Record<string, number> };
  let requestCounter = 0;
  // Request ids are unique per org and reproducible: a fixed prefix plus a counter.
  const nextRequestId = () => `sbx${(++requestCounter).toString(36).padStart(8, "0")}AAAAAAAAAAAAAAAA`.slice(0, 27);

  return async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const requestId = nextRequestId();
    const origin = url.origin;
    let counted: RateLimitHeaders | undefined;
    try {
      if (url.pathname.startsWith("/__sandbox/")) return await sandboxControl(request, url, deps, requestId, stats);

      const fault = deps.faults.take(request.method, url.pathname);
      if (fault) {
        const reset = Math.ceil((Date.now() + (fault.resetInSeconds ?? 1) * 1000) / 1000);
        throw faultError(fault.status, reset, RateLimitWindow.limitFor(url.pathname, request.method));
      }
      const match = AUTHORIZATION.exec(request.headers.get("authorization") ?? "");
      if (!match || match[2] !== deps.token) throw invalidToken();

      const route = deps.router.match(request.method, url.pathname);
      if (route.kind === "wrong-method") throw methodNotAllowed();
      if (route.kind === "not-found") throw pathNotFound(url.pathname);
      counted = rateLimits.count(url.pathname, request.method);
      stats.requests++;
      const bucket = bucketOf(request.method, url.pathname).bucket;
      stats.byBucket[bucket] = (stats.byBucket[bucket] ?? 0) + 1;
      if (counted.exceeded) {
        stats.rateLimited++;
        throw rateLimited(counted.resetEpochSeconds, counted.limit);
      }
      const state = deps.state();
      const audit: RequestContext = {
        requestId,
        requestUri: url.pathname + url.search,
        userAgent: request.headers.get("user-agent") ?? "okta-sandbox-client",
        actor: actorFor(state, match[1]),
      };
      const context: HandlerContext = {
        state,
        url,
        params: route.params,
        audit,
        body: () => readJson(request),
        page: (defaultLimit = deps.pageSizeDefault, maxLimit = 200) =>
          readPageRequest(url, Math.min(deps.pageSizeDefault, defaultLimit), maxLimit),
      };
      const reply = await route.handler(context);
      const response = respond(reply, requestId, origin, counted);
      // The org's clock is its "now" (Okta's Date header is its own time), so age-based reports agree with the seed.
      response.headers.set("Date", new Date(state.clock.now()).toUTCString());
      return response;
    } catch (error) {
      const wire = error instanceof OktaWireError ? error : new OktaWireError(500, "E0000009", "Internal Server Error", [describe(error)]);
      const errorId = `oae${requestId.slice(3, 22)}`;
      const response = respond({ status: wire.status, body: wire.toBody(errorId) }, requestId, origin, counted ?? rateLimits.count(url.pathname, request.method));
      for (const [name, value] of Object.entries(wire.headers)) response.headers.set(name, value);
      return response;
    }
  };
}

function respond(reply: Reply, requestId: string, origin: string, limits: RateLimitHeaders): Response {
  const headers = new Headers({
    "Content-Type": "application/json",
    "X-Okta-Request-Id": requestId,
    "X-Rate-Limit-Limit": String(limits.limit),
    "X-Rate-Limit-Remaining": String(limits.remaining),
    "X-Rate-Limit-Reset": String(limits.resetEpochSeconds),
  });
  if (reply.link) headers.set("Link", reply.link.replace(ORG_PLACEHOLDER, origin));
  if (reply.status === 204 || reply.body === undefined) return new Response(null, { status: reply.status, headers });
  let text = JSON.stringify(reply.body);
  if (text.includes("{{org}}")) text = text.replace(ORG_PLACEHOLDER, origin);
  return new Response(text, { status: reply.status, headers });
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJson();
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidJson();
  // Okta's property names start with a letter, so it refuses "__proto__" (E0000001); the sandbox does too,
  // and so never stores a key that would change an object's prototype when copied.
  const bad = prototypeKeyPath(value);
  if (bad) throw validationFailed(bad, "Property name is not valid; it must start with a letter");
  return value as Record<string, unknown>;
}

/** Dot path of the first "__proto__" key in a parsed body, or undefined. */
function prototypeKeyPath(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    for (const [key, child] of Object.entries(current)) {
      const at = Array.isArray(current) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!Array.isArray(current) && key === "__proto__") return at;
      stack.push([child, at]);
    }
  }
  return undefined;
}

/** POST /__sandbox/faults, /__sandbox/reset and /__sandbox/stats: test controls that exist only on the sandbox. */
async function sandboxControl(request: Request, url: URL, deps: DispatchDeps, requestId: string, stats: object): Promise<Response> {
  const headers = { "Content-Type": "application/json", "X-Okta-Request-Id": requestId };
  if (request.method !== "POST") throw methodNotAllowed();
  if (url.pathname === "/__sandbox/stats") return new Response(JSON.stringify(stats), { status: 200, headers });
  if (url.pathname === "/__sandbox/reset") {
    deps.reset();
    return new Response(null, { status: 204, headers });
  }
  if (url.pathname === "/__sandbox/faults") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await request.text());
    } catch {
      throw invalidJson();
    }
    try {
      deps.faults.add(faultsFromJson(parsed));
    } catch (error) {
      throw new OktaWireError(400, "E0000001", "Api validation failed: faults", [describe(error)]);
    }
    return new Response(null, { status: 204, headers });
  }
  throw pathNotFound(url.pathname);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
