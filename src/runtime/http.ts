// The only way the runtime talks to Okta: one request at a time to the org URL, with the User-Agent and the
// call's auth headers, and a retry loop for 401 (once), 429 (until the reset) and 5xx (idempotent only).
// Every send has one deadline: the wait for a concurrency slot, each attempt, every retry and rate-limit wait
// all come out of it, and a wait that cannot fit is not started. Every answer is read under a byte cap and
// its JSON shape checked before it is parsed (bounded memory, whatever the org sends).
// Requests go straight to node:http (node-fetch.ts), without openapi-fetch or WHATWG Request/Response objects:
// those cost more per call than the rest of the runtime. The URL is the org's origin, the path the request
// builder encoded and the query serializeQuery encoded; a URL whose origin is not the org's is refused. A
// `fetch` given in the options (tests, the in-process sandbox) is used instead, with the same checks.
import type { OktaAuth } from "./auth/types.js";
import { NetworkError, OktaMcpError, ResponseTooLargeError, TimeoutError } from "./errors.js";
import { createLimiter } from "./concurrency.js";
import { jsonShapeProblem, shapeLimitsFor } from "./json-shape.js";
import { BodyTooLargeError, createNodeTransport, DEFAULT_MAX_BODY_BYTES, type NodeTransport, type TransportAnswer, type TransportRequest } from "./node-fetch.js";
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

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Thrown for a body whose JSON would cost too much to parse. */
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
  status: number;
  headers: Headers;
  body: unknown;
  /** Size of a success body (decoded); 0 for an error body. */
  bytes: number;
}

/** The fetch given in the options, seen as a transport: a Request in, the body read under the cap. */
function fetchTransport(fetchImpl: typeof fetch, maxBytes: number): NodeTransport {
  return async (url, request) => {
    const response = await fetchImpl(
      new Request(url, { method: request.method, headers: request.headers, body: request.body && new Uint8Array(request.body), signal: request.signal, redirect: "manual" }),
    );
    const body = NULL_BODY_STATUS.has(response.status) ? undefined : asBuffer(await readBounded(response, maxBytes));
    return { status: response.status, statusText: response.statusText, headers: response.headers, body };
  };
}

/** The request body on the wire: JSON, a form (urlencoded), or multipart form data (its boundary in the content type). */
async function encodeBody(request: OktaRequest, headers: Record<string, string>): Promise<Buffer | undefined> {
  const body = request.body;
  if (body === undefined) return undefined;
  const type = request.contentType ?? "application/json";
  if (type.startsWith("multipart/form-data") && body && typeof body === "object") {
    // File parts are not supported by this server; the encoder of a Response writes the boundary.
    const form = new FormData();
    for (const [key, value] of Object.entries(body)) if (value !== undefined) form.append(key, typeof value === "string" ? value : JSON.stringify(value));
    const encoded = new Response(form);
    headers["content-type"] = encoded.headers.get("content-type")!;
    return Buffer.from(await encoded.arrayBuffer());
  }
  headers["content-type"] = type;
  return Buffer.from(type === "application/x-www-form-urlencoded" ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body), "utf8");
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
  // node:http caps the body on the wire and decoded; a fetch given in the options is capped by readBounded.
  const transport: NodeTransport = options.fetch ? fetchTransport(options.fetch, maxBytes) : createNodeTransport({ maxBodyBytes: maxBytes });

  /** The URL of a request: the org's origin, the encoded path and query; any other origin is refused. */
  function urlOf(request: OktaRequest): URL {
    const query = serializeQuery(request.query);
    const url = new URL(`${origin}${request.path}${query ? `?${query}` : ""}`);
    // Defense in depth: the path is built by us, but never let a request leave for another origin.
    if (url.origin !== origin) throw new NetworkError(`Refused a request to ${url.origin}: the server only talks to ${origin}.`);
    return url;
  }

  /** Every answer, success or error: its JSON shape bounded before it is parsed, then parsed once. */
  function readAnswer(answer: TransportAnswer): Attempted {
    const bytes = answer.body;
    if (!bytes?.byteLength) return { status: answer.status, headers: answer.headers, body: undefined, bytes: 0 };
    const first = bytes.findIndex((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (first >= 0 && (bytes[first] === 0x7b || bytes[first] === 0x5b)) {
      const problem = jsonShapeProblem(bytes, shapeLimits);
      if (problem) throw new BodyShapeError(problem);
    }
    const ok = answer.status >= 200 && answer.status < 300;
    return { status: answer.status, headers: answer.headers, body: parseBody(bytes.toString("utf8")), bytes: ok ? bytes.byteLength : 0 };
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
        const url = urlOf(request);
        // Header names in lower case, so a caller's header cannot sit beside ours under another spelling.
        const headers: Record<string, string> = {};
        for (const name in request.headers) headers[name.toLowerCase()] = request.headers[name];
        const body = await encodeBody(request, headers);
        headers["user-agent"] = options.userAgent;
        headers.accept = "application/json";
        // Auth headers come from the call's own credentials (one admin in remote mode), after the origin check.
        const authHeaders = await auth.authorize({ method: request.method, url: url.href });
        for (const name in authHeaders) headers[name.toLowerCase()] = authHeaders[name];
        const sending: TransportRequest = { method: request.method, headers, body, signal: controller.signal };
        return readAnswer(await transport(url, sending));
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
        const { status, headers, body, bytes } = await attempt(request, signal, auth, deadline);
        const target = { method: request.method, url: origin + request.path };
        if (status === 401 && !unauthorizedRetried) {
          unauthorizedRetried = true;
          const copy = new Response(typeof body === "string" ? body : JSON.stringify(body ?? null), { status, headers });
          if (await auth.handleUnauthorized(target, copy)) continue;
        }
        // A wait is started only when it ends before the deadline; otherwise the answer is returned as it is.
        const remaining = deadline - Date.now();
        if (status === 429 && attempts <= maxRetries) {
          const reset = Number(headers.get("x-rate-limit-reset"));
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
          headers,
          body,
          requestId: headers.get("x-okta-request-id") ?? undefined,
          rateLimit: parseRateLimit(headers),
          attempts,
          bytes,
        };
      }
    },
  };
}
