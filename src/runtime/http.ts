// The only way the runtime talks to Okta: openapi-fetch against the org URL, with middleware for the
// User-Agent and auth headers, and a retry loop for 401 (once), 429 (until the reset) and 5xx (idempotent only).
// Every send has one deadline: the wait for a concurrency slot, each attempt, every retry and rate-limit wait
// all come out of it, and a wait that cannot fit is not started. Every answer is read under a byte cap and
// its JSON shape checked before it is parsed (bounded memory, whatever the org sends).
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import type { OktaAuth } from "./auth/types.js";
import { NetworkError, OktaMcpError, ResponseTooLargeError, TimeoutError } from "./errors.js";
import { createLimiter } from "./concurrency.js";
import { jsonShapeProblem, shapeLimitsFor } from "./json-shape.js";
import { BodyTooLargeError, createNodeFetch, DEFAULT_MAX_BODY_BYTES } from "./node-fetch.js";
import type { Logger } from "./logger.js";
import { type OktaRequest, serializeQuery } from "./request-builder.js";

export interface HttpOptions {
  orgUrl: string;
  auth: OktaAuth;
  userAgent: string;
  /** Deadline of one send() when the caller gives none: queue wait, attempts, retries and waits included. */
  timeoutMs: number;
  /** Largest answer kept, on the wire and decoded (default 16 MiB); its JSON shape is bounded from it too. */
  maxResponseBytes?: number;
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
  /** Size of the body read (decoded), for budgets across pages. */
  bytes: number;
}

export interface OktaHttp {
  /**
   * One request, retried where that is safe, all within `deadline` (epoch ms; default now + timeoutMs).
   * `auth`: the caller's own credentials (remote mode: one admin); default: the runtime's.
   * Throws TimeoutError when the deadline passes (queued or in flight), NetworkError, AuthError or
   * ResponseTooLargeError; a 429 whose reset lies beyond the deadline is returned at once, not waited for.
   */
  send(request: OktaRequest, signal?: AbortSignal, auth?: OktaAuth, deadline?: number): Promise<OktaResponse>;
  /** Absolute URL of a resolved path (for audit and confirmation messages). */
  urlOf(path: string): string;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
/** Least time left for a request to be worth sending (a quarter of the budget when that is less). */
const MIN_REQUEST_MS = 50;

function parseRateLimit(headers: Headers): RateLimitState | undefined {
  const limit = Number(headers.get("x-rate-limit-limit"));
  const remaining = Number(headers.get("x-rate-limit-remaining"));
  if (!headers.has("x-rate-limit-limit") || !Number.isFinite(limit) || !Number.isFinite(remaining)) return undefined;
  const reset = Number(headers.get("x-rate-limit-reset"));
  return { limit, remaining, reset: Number.isFinite(reset) && reset > 0 ? reset : undefined };
}

/** Parses an answer's text: JSON when it is JSON (leniently: a non-JSON body stays text), undefined when empty. */
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** The whole body, read chunk by chunk and abandoned as soon as it passes the cap (any fetch implementation). */
async function readBounded(response: Response, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit, "wire");
    }
    chunks.push(value as Uint8Array<ArrayBuffer>);
  }
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

/** Thrown by the guarded fetch for a body whose JSON would cost too much to parse. */
class BodyShapeError extends Error {}

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
  bytes: number;
}

export function createOktaHttp(options: HttpOptions): OktaHttp {
  const origin = new URL(options.orgUrl).origin;
  const limiter = createLimiter(options.maxConcurrency ?? 8);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_BODY_BYTES;
  const shapeLimits = shapeLimitsFor(maxBytes);
  const sleep = options.sleep ?? sleepUnlessAborted;
  const maxWait = options.maxRateLimitWaitMs ?? 60_000;
  const maxJitter = options.maxJitterMs ?? 1_000;
  const maxRetries = options.maxRetries ?? 3;
  const baseFetch = options.fetch ?? createNodeFetch({ maxBodyBytes: maxBytes });

  // Every answer, success or error, passes here before openapi-fetch parses it: read under the byte cap
  // (node-fetch also caps the decoding; another fetch is capped here), then its JSON shape bounded. A success
  // body is parsed here, once, and handed on beside an empty Response: no second copy of the bytes or the text
  // is kept while other calls read theirs. Error bodies go on to openapi-fetch, which parses them itself.
  const parsedBodies = new WeakMap<Response, { body: unknown; bytes: number }>();
  async function guardedFetch(request: Request): Promise<Response> {
    const response = await baseFetch(request);
    if (NULL_BODY_STATUS.has(response.status)) return response;
    let bytes: Uint8Array<ArrayBuffer> | undefined = await readBounded(response, maxBytes);
    const first = bytes.findIndex((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (first >= 0 && (bytes[first] === 0x7b || bytes[first] === 0x5b)) {
      const problem = jsonShapeProblem(bytes, shapeLimits);
      if (problem) throw new BodyShapeError(problem);
    }
    const init = { status: response.status, statusText: response.statusText, headers: response.headers };
    if (!response.ok) return new Response(bytes.byteLength ? bytes : null, init);
    const size = bytes.byteLength;
    const text = new TextDecoder().decode(bytes);
    bytes = undefined;
    const parsed = new Response(null, init);
    parsedBodies.set(parsed, { body: parseBody(text), bytes: size });
    return parsed;
  }

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
        fetch: (req: Request) => guardedFetch(req),
        redirect: "manual",
        // Our own serializer: every key and value encoded, and objects refused (openapi-fetch's deepObject
        // style would put an object's keys into the query unencoded).
        querySerializer: (query: Record<string, unknown>) => serializeQuery(query),
      });
      client.use(headersMiddleware);
      // The dispatch is generic over the generated table (method and path come from a ToolSpec at run time),
      // so the typed client is cast to an untyped signature in this one place.
      looseClient = client.request as unknown as LooseRequest;
    }
    return looseClient(method, url, init);
  }

  const tooLarge = (request: OktaRequest, err: BodyTooLargeError | BodyShapeError) => {
    const what = `Okta's answer to ${request.method} ${request.path}`;
    const why =
      err instanceof BodyShapeError
        ? `was refused unparsed: ${err.message} (more than any Okta page holds)`
        : err.stage === "decoded"
          ? `decoded to more than ${maxBytes.toLocaleString("en-US")} bytes (a compressed body that expands without end), the cap on one answer`
          : `was larger than ${maxBytes.toLocaleString("en-US")} bytes, the cap on one answer`;
    return new ResponseTooLargeError(`${what} ${why} (--max-response-bytes); nothing of it was kept.`);
  };

  async function attempt(request: OktaRequest, signal: AbortSignal | undefined, auth: OktaAuth, deadline: number): Promise<Attempted> {
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
    // One controller for the deadline and the client's cancellation, for the wait in the queue and the request:
    // cheaper per call than AbortSignal.timeout + any, and the timer is cleared as soon as the answer is read.
    const controller = new AbortController();
    const cancel = () => controller.abort();
    let timedOut = false;
    let sent = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, Math.max(0, deadline - Date.now()));
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      if (signal?.aborted) throw new NetworkError("The request was cancelled by the client.");
      return await limiter.run(async () => {
        // A slot that comes with almost no time left is given back: a request that cannot be answered before
        // the deadline is not sent (and the org is not loaded with requests nobody waits for).
        if (deadline - Date.now() < Math.min(MIN_REQUEST_MS, options.timeoutMs / 4)) {
          timedOut = true;
          throw new Error("deadline reached in the queue");
        }
        sent = true;
        const { response, error } = await loose(request.method.toLowerCase(), request.path, {
          params: { query: request.query },
          body: requestBody,
          headers,
          parseAs: "stream",
          signal: controller.signal,
          middleware: [authMiddleware(auth)],
        });
        if (response.ok) {
          const { body, bytes } = parsedBodies.get(response) ?? { body: parseBody(await response.text()), bytes: 0 };
          return { response, body, bytes };
        }
        return { response, body: error === "" ? undefined : error, bytes: 0 };
      }, controller.signal);
    } catch (err) {
      if (err instanceof BodyTooLargeError || err instanceof BodyShapeError) throw tooLarge(request, err);
      if (err instanceof OktaMcpError) throw err;
      if (timedOut) {
        const where = sent ? "" : " (it was still waiting behind other calls to the org: too many calls at once)";
        throw new TimeoutError(
          `Okta did not answer ${request.method} ${request.path} within this call's deadline of ${options.timeoutMs} ms${where}. Try again, or narrow the request (limit, filter).`,
        );
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
    async send(request, signal, auth = options.auth, deadline = Date.now() + options.timeoutMs) {
      let unauthorizedRetried = false;
      for (let attempts = 1; ; attempts++) {
        const { response, body, bytes } = await attempt(request, signal, auth, deadline);
        const status = response.status;
        const target = { method: request.method, url: origin + request.path };
        if (status === 401 && !unauthorizedRetried) {
          unauthorizedRetried = true;
          const copy = new Response(typeof body === "string" ? body : JSON.stringify(body ?? null), { status, headers: response.headers });
          if (await auth.handleUnauthorized(target, copy)) continue;
        }
        // A wait is started only when it ends before the deadline; otherwise the answer is returned as it is.
        const remaining = deadline - Date.now();
        if (status === 429 && attempts <= maxRetries) {
          const reset = Number(response.headers.get("x-rate-limit-reset"));
          const untilReset = Number.isFinite(reset) && reset > 0 ? reset * 1000 - Date.now() : 1000;
          if (untilReset <= maxWait && untilReset < remaining) {
            const wait = Math.min(Math.max(0, untilReset) + Math.random() * maxJitter, remaining);
            options.log.info(`Okta rate limit hit on ${request.method} ${request.path}; retrying in ${Math.round(wait)} ms`);
            await sleep(wait, signal);
            if (signal?.aborted) throw new NetworkError("The request was cancelled by the client while waiting for Okta's rate limit to reset.");
            continue;
          }
          options.log.info(`Okta rate limit hit on ${request.method} ${request.path}; its reset is beyond this call's deadline, so it is not retried`);
        }
        if (status >= 500 && IDEMPOTENT.has(request.method) && attempts <= Math.min(maxRetries, 2)) {
          const backoff = 250 * 2 ** (attempts - 1) + Math.random() * Math.min(maxJitter, 250);
          if (backoff < remaining) {
            await sleep(backoff, signal);
            continue;
          }
        }
        return {
          status,
          headers: response.headers,
          body,
          requestId: response.headers.get("x-okta-request-id") ?? undefined,
          rateLimit: parseRateLimit(response.headers),
          attempts,
          bytes,
        };
      }
    },
  };
}
