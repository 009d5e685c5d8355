// The only way the runtime talks to Okta: openapi-fetch against the org URL, with middleware for the
// User-Agent and auth headers, and a retry loop for 401 (once), 429 (until the reset) and 5xx (idempotent only).
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import type { OktaAuth } from "./auth/types.js";
import { AuthError, NetworkError, TimeoutError } from "./errors.js";
import { createLimiter } from "./concurrency.js";
import { createNodeFetch } from "./node-fetch.js";
import type { Logger } from "./logger.js";
import type { OktaRequest } from "./request-builder.js";

export interface HttpOptions {
  orgUrl: string;
  auth: OktaAuth;
  userAgent: string;
  timeoutMs: number;
  /** Requests in flight to the org at once. */
  maxConcurrency?: number;
  /** Longest wait for a rate-limit reset before giving up (ms). */
  maxRateLimitWaitMs?: number;
  /** Extra random wait added to a rate-limit wait, so parallel callers do not retry at the same instant. */
  maxJitterMs?: number;
  /** Retries of one call after 429 or 5xx. */
  maxRetries?: number;
  fetch?: typeof fetch;
  log: Logger;
  /** Waits before a retry; resolves early when the signal aborts (the client cancelled). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset?: number;
}

export interface OktaResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON (leniently: a non-JSON body becomes its text), undefined when empty. */
  body: unknown;
  requestId?: string;
  rateLimit?: RateLimitState;
  /** Attempts made (1 = no retry). */
  attempts: number;
}

export interface OktaHttp {
  /** `auth`: the caller's own credentials (remote mode: one admin); default: the runtime's. */
  send(request: OktaRequest, signal?: AbortSignal, auth?: OktaAuth): Promise<OktaResponse>;
  /** Absolute URL of a resolved path (for audit and confirmation messages). */
  urlOf(path: string): string;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/** `https://` required; `http://` only for loopback hosts (tests, the sandbox). */
export function isAllowedOrgUrl(url: URL): boolean {
  if (url.protocol === "https:") return true;
  if (url.protocol !== "http:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function parseRateLimit(headers: Headers): RateLimitState | undefined {
  const limit = Number(headers.get("x-rate-limit-limit"));
  const remaining = Number(headers.get("x-rate-limit-remaining"));
  if (!headers.has("x-rate-limit-limit") || !Number.isFinite(limit) || !Number.isFinite(remaining)) return undefined;
  const reset = Number(headers.get("x-rate-limit-reset"));
  return { limit, remaining, reset: Number.isFinite(reset) && reset > 0 ? reset : undefined };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

interface Attempted {
  response: Response;
  /** openapi-fetch has already read an error body; a success body is read here. */
  body: unknown;
}

export function createOktaHttp(options: HttpOptions): OktaHttp {
  const origin = new URL(options.orgUrl).origin;
  const limiter = createLimiter(options.maxConcurrency ?? 8);
  const sleep = options.sleep ?? sleepUnlessAborted;
  const maxWait = options.maxRateLimitWaitMs ?? 60_000;
  const maxJitter = options.maxJitterMs ?? 1_000;
  const maxRetries = options.maxRetries ?? 3;
  const baseFetch = options.fetch ?? createNodeFetch();

  const headersMiddleware: Middleware = {
    async onRequest({ request }) {
      const url = new URL(request.url);
      // Defense in depth: the path is built by us, but never let a request leave for another origin.
      if (url.origin !== origin) throw new NetworkError(`Refused a request to ${url.origin}: the server only talks to ${origin}.`);
      request.headers.set("User-Agent", options.userAgent);
      request.headers.set("Accept", "application/json");
      return request;
    },
  };
  // Auth headers come from the call's own credentials (one admin in remote mode), so that middleware is per auth
  // and runs after the origin check above.
  const authMiddlewares = new WeakMap<OktaAuth, Middleware>();
  const authMiddleware = (auth: OktaAuth): Middleware => {
    let middleware = authMiddlewares.get(auth);
    if (!middleware) {
      middleware = {
        async onRequest({ request }) {
          const authHeaders = await auth.authorize({ method: request.method, url: request.url.split("#")[0] });
          for (const [name, value] of Object.entries(authHeaders)) request.headers.set(name, value);
          return request;
        },
      };
      authMiddlewares.set(auth, middleware);
    }
    return middleware;
  };
  // Built on the first call: openapi-fetch reads globalThis.Request when created, which makes Node load its
  // fetch implementation (~35 ms), and start-up should not pay for that before the MCP handshake.
  type LooseRequest = (method: string, url: string, init: Record<string, unknown>) => Promise<{ response: Response; error?: unknown }>;
  let looseClient: LooseRequest | undefined;
  function loose(method: string, url: string, init: Record<string, unknown>) {
    if (!looseClient) {
      const client = createClient<paths>({
        baseUrl: origin,
        fetch: (req: Request) => baseFetch(req),
        redirect: "manual",
        querySerializer: { array: { style: "form", explode: true }, object: { style: "deepObject", explode: true } },
      });
      client.use(headersMiddleware);
      // The dispatch is generic over the generated table (method and path come from a ToolSpec at run time),
      // so the typed client is cast to an untyped signature in this one place.
      looseClient = client.request as unknown as LooseRequest;
    }
    return looseClient(method, url, init);
  }

  async function attempt(request: OktaRequest, signal: AbortSignal | undefined, auth: OktaAuth): Promise<Attempted> {
    const headers: Record<string, string> = { ...request.headers };
    let requestBody = request.body;
    if (request.contentType?.startsWith("multipart/form-data") && requestBody && typeof requestBody === "object") {
      // fetch sets the multipart boundary itself; file parts are not supported by this server.
      const form = new FormData();
      for (const [key, value] of Object.entries(requestBody)) if (value !== undefined) form.append(key, typeof value === "string" ? value : JSON.stringify(value));
      requestBody = form;
    } else if (request.contentType) {
      headers["Content-Type"] = request.contentType;
    }
    // One controller for the timeout and the client's cancellation: cheaper per call than AbortSignal.timeout + any,
    // and the timer is cleared as soon as the answer is read.
    const controller = new AbortController();
    const cancel = () => controller.abort();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      if (signal?.aborted) throw new NetworkError("The request was cancelled by the client.");
      return await limiter.run(async () => {
        // The timeout starts when a concurrency slot is free, not while the request waits for one.
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, options.timeoutMs);
        const { response, error } = await loose(request.method.toLowerCase(), request.path, {
          params: { query: request.query },
          body: requestBody,
          headers,
          parseAs: "stream",
          signal: controller.signal,
          middleware: [authMiddleware(auth)],
        });
        const body = response.ok ? await readBody(response) : error === "" ? undefined : error;
        return { response, body };
      });
    } catch (err) {
      if (err instanceof AuthError || err instanceof NetworkError) throw err;
      if (timedOut) {
        throw new TimeoutError(`Okta did not answer ${request.method} ${request.path} within ${options.timeoutMs} ms. Try again, or narrow the request (limit, filter).`);
      }
      if (signal?.aborted) throw new NetworkError("The request was cancelled by the client.");
      const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new NetworkError(`Could not reach Okta at ${origin} (${reason}). Check the org URL and the network.`, { cause: err });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", cancel);
    }
  }

  return {
    urlOf: (path) => origin + path,
    async send(request, signal, auth = options.auth) {
      let unauthorizedRetried = false;
      for (let attempts = 1; ; attempts++) {
        const { response, body } = await attempt(request, signal, auth);
        const status = response.status;
        const target = { method: request.method, url: origin + request.path };
        if (status === 401 && !unauthorizedRetried) {
          unauthorizedRetried = true;
          const copy = new Response(typeof body === "string" ? body : JSON.stringify(body ?? null), { status, headers: response.headers });
          if (await auth.handleUnauthorized(target, copy)) continue;
        }
        if (status === 429 && attempts <= maxRetries) {
          const reset = Number(response.headers.get("x-rate-limit-reset"));
          const untilReset = Number.isFinite(reset) && reset > 0 ? reset * 1000 - Date.now() : 1000;
          if (untilReset <= maxWait) {
            const wait = Math.max(0, untilReset) + Math.random() * maxJitter;
            options.log.info(`Okta rate limit hit on ${request.method} ${request.path}; retrying in ${Math.round(wait)} ms`);
            await sleep(wait, signal);
            if (signal?.aborted) throw new NetworkError("The request was cancelled by the client while waiting for Okta's rate limit to reset.");
            continue;
          }
        }
        if (status >= 500 && IDEMPOTENT.has(request.method) && attempts <= Math.min(maxRetries, 2)) {
          await sleep(250 * 2 ** (attempts - 1) + Math.random() * Math.min(maxJitter, 250), signal);
          continue;
        }
        return {
          status,
          headers: response.headers,
          body,
          requestId: response.headers.get("x-okta-request-id") ?? undefined,
          rateLimit: parseRateLimit(response.headers),
          attempts,
        };
      }
    },
  };
}
