// The runtime's HTTP client for the management API, over node:http(s) with keep-alive sockets.
// Node 20's built-in fetch (undici) costs about 0.4 ms more CPU per request than http.request (measured on
// the sandbox org), and every tool call makes at least one request, so tool calls go through
// `createNodeTransport`: plain objects in and out, no WHATWG Request, Response or stream per call.
// `createNodeFetch` is the same client behind the fetch signature (for code and tests that want one).
// Both follow no redirect (the runtime never follows them) and decode gzip/deflate/br.
// The org is not trusted with our memory: a body is read only up to a cap, counted both as it arrives and
// after decoding, and decoded by zlib's streams (on the thread pool, in chunks), so a compression bomb or an
// endless body stops at the cap with BodyTooLargeError instead of filling the heap or blocking the event loop.
import http from "node:http";
import https from "node:https";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Readable, Transform } from "node:stream";

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** Default cap on one response body, on the wire and decoded (see DEFAULT_MAX_RESPONSE_BYTES in config.ts). */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** An answer larger than the cap; nothing of it is kept. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    /** "wire": the bytes received; "decoded": after gzip/deflate/br decoding (a compression bomb). */
    readonly stage: "declared" | "wire" | "decoded",
  ) {
    super(`response body larger than ${limit} bytes (${stage})`);
    this.name = "BodyTooLargeError";
  }
}

export interface NodeFetchOptions {
  /** Largest body kept, on the wire and after decoding. */
  maxBodyBytes?: number;
}

export interface TransportRequest {
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal;
}

export interface TransportAnswer {
  status: number;
  statusText: string;
  /** Decoded: content-encoding and content-length are left out when the body was decoded. */
  headers: Headers;
  /** The decoded body; undefined for statuses that carry none (204, 304…). */
  body: Buffer | undefined;
}

/** One request to an absolute URL; the answer's body is read whole under the cap. */
export type NodeTransport = (url: URL, request: TransportRequest) => Promise<TransportAnswer>;

function decoderFor(encoding: string | undefined): Transform | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

export function createNodeTransport(options: NodeFetchOptions = {}): NodeTransport {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const agents: Record<string, http.Agent> = {
    "http:": new http.Agent({ keepAlive: true }),
    "https:": new https.Agent({ keepAlive: true }),
  };
  return function nodeTransport(url, request) {
    const agent = agents[url.protocol];
    if (!agent) return Promise.reject(new TypeError(`unsupported protocol ${url.protocol}`));
    const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br", ...request.headers };
    if (request.body) headers["content-length"] = String(request.body.length);
    const transport = url.protocol === "https:" ? https : http;

    return new Promise<TransportAnswer>((resolve, reject) => {
      let settled = false;
      const req = transport.request(url, { method: request.method, headers, agent, signal: request.signal }, (res) => {
        const status = res.statusCode ?? 502;
        const encoding = res.headers["content-encoding"];
        const fail = (err: unknown) => {
          if (settled) return;
          settled = true;
          // The socket is not reused: the rest of this body would be read by the next request.
          req.destroy();
          decoder?.destroy();
          reject(err);
        };
        const finish = (payload: Buffer | undefined) => {
          if (settled) return;
          settled = true;
          const responseHeaders = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i].toLowerCase();
            // The body handed on is decoded, so its encoding and length headers would now be wrong.
            if (encoding && (name === "content-encoding" || name === "content-length")) continue;
            responseHeaders.append(name, res.rawHeaders[i + 1]);
          }
          resolve({ status, statusText: res.statusMessage ?? "", headers: responseHeaders, body: payload });
        };
        const decoder = NULL_BODY_STATUS.has(status) ? undefined : decoderFor(encoding);
        if (NULL_BODY_STATUS.has(status)) {
          res.resume();
          res.on("end", () => finish(undefined));
          res.on("error", fail);
          return;
        }
        const declared = Number(res.headers["content-length"]);
        if (Number.isFinite(declared) && declared > limit) return fail(new BodyTooLargeError(limit, "declared"));

        let wire = 0;
        res.on("data", (chunk: Buffer) => {
          wire += chunk.length;
          if (wire > limit) fail(new BodyTooLargeError(limit, "wire"));
        });
        res.on("error", fail);
        const chunks: Buffer[] = [];
        let decoded = 0;
        const source: Readable = decoder ? res.pipe(decoder) : res;
        source.on("data", (chunk: Buffer) => {
          decoded += chunk.length;
          if (decoded > limit) return fail(new BodyTooLargeError(limit, decoder ? "decoded" : "wire"));
          chunks.push(chunk);
        });
        source.on("error", fail);
        source.on("end", () => finish(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, decoded)));
      });
      req.on("error", (err) => {
        if (settled) return;
        settled = true;
        reject(err);
      });
      req.end(request.body);
    });
  };
}

/** The same client behind the fetch signature: a Request in, a Response with the decoded body out. */
export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  const send = createNodeTransport(options);
  return async function nodeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const answer = await send(new URL(request.url), { method: request.method, headers, body, signal: request.signal });
    const bytes = answer.body ? new Uint8Array(answer.body.buffer as ArrayBuffer, answer.body.byteOffset, answer.body.byteLength) : null;
    return new Response(bytes, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
  };
}
