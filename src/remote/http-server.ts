// The remote mode's HTTP front: Streamable HTTP through the SDK's createMcpHandler (stateless: one low-level
// Server per request over the one shared runtime; 2026-07-28 natively, 2025 revisions through its legacy
// stateless leg), behind Host/Origin validation, body limits, the caller's authentication, per-user rate limits
// and per-request narrowing. /healthz and /readyz answer without authentication; close() drains calls in flight.
import { createServer, type IncomingMessage, type Server as NodeServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeHandler } from "@modelcontextprotocol/node";
import {
  type AuthInfo,
  bearerAuthChallengeResponse,
  createMcpHandler,
  OAuthError,
  OAuthErrorCode,
  validateHostHeader,
  validateOriginHeader,
} from "@modelcontextprotocol/server";
import type { ToolCatalog, ToolSpec } from "../tool-spec.js";
import type { OktaAuth } from "../runtime/auth/types.js";
import type { ExtraTool } from "../runtime/inventory.js";
import type { Logger } from "../runtime/logger.js";
import { createMcpServer, type OktaRuntime, type RequestView } from "../runtime/server.js";
import { narrowingOf } from "./narrowing.js";
import { createRateLimiter, rateLimitHeaders } from "./rate-limit.js";
import type { StateStore } from "./state/store.js";

/** Who is calling, as established by the authenticator for one MCP request. */
export interface Caller {
  /** Stable id of the admin (Okta user id), used for rate limits and confirmation binding. */
  subject: string;
  /** What the audit record names (the admin's Okta login). */
  principal: string;
  /** The admin's own Okta credentials. */
  auth: OktaAuth;
  authInfo: AuthInfo;
}

/** The OAuth side (authorization server front, upstream sign-in, bearer verification); absent in local mode. */
export interface RemoteAuthenticator {
  /** Serves its own routes (authorization server, sign-in callback, metadata); false when the path is not one. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Verifies the bearer token of an MCP request: the caller, or the challenge to answer with. */
  authenticate(request: Request): Promise<Caller | Response>;
  /** The RFC 9728 metadata URL for challenges. */
  readonly resourceMetadataUrl: string;
}

export interface RemoteServerOptions {
  runtime: OktaRuntime;
  catalog: ToolCatalog;
  /** Tools beside the table (playbooks, reports) that a request may narrow to by toolset or name. */
  extraTools?: readonly ExtraTool[];
  host: string;
  port: number;
  /** Hostnames (no port) accepted in Host; Origin, when a browser sends one, must be one of allowedOrigins. */
  allowedHosts: string[];
  allowedOrigins: string[];
  maxBodyBytes: number;
  rateLimitPerMinute: number;
  store: StateStore;
  authenticator?: RemoteAuthenticator;
  /** Finds a selected tool's spec by name (for the scope challenge). */
  findTool(name: string): ToolSpec | undefined;
  log: Logger;
  /** Longest wait for calls in flight at shutdown. */
  drainMs?: number;
}

export interface RemoteServer {
  url: string;
  server: NodeServer;
  /** Calls in flight now. */
  inFlight(): number;
  /** Stops accepting, lets calls in flight finish (up to drainMs), then closes everything. */
  close(): Promise<void>;
}

export const MCP_PATH = "/mcp";

function jsonRpcError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }, { status, headers });
}

const LOCAL: Omit<Caller, "auth"> = {
  subject: "local",
  principal: "local",
  authInfo: { token: "", clientId: "local", scopes: [] },
};

export async function startRemoteServer(options: RemoteServerOptions): Promise<RemoteServer> {
  const { runtime, log, store } = options;
  const checkRate = createRateLimiter(store, options.rateLimitPerMinute);
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const mcp = createMcpHandler(
    ({ authInfo }) => createMcpServer(runtime, log, (authInfo?.extra as { view?: RequestView } | undefined)?.view ?? { elicitation: false }).server,
    {
      legacy: "stateless",
      maxRequestBodySize: options.maxBodyBytes,
      onerror: (err) => log.debug(`mcp: ${err.message}`),
    },
  );

  /** The JSON-RPC messages of a POST body (parsed once here; the SDK parses and answers it itself). */
  async function messagesOf(request: Request): Promise<unknown[]> {
    try {
      const body: unknown = JSON.parse(await request.clone().text());
      return Array.isArray(body) ? body : [body];
    } catch {
      return []; // the SDK answers the parse error
    }
  }

  function scopeChallenge(messages: unknown[], caller: Caller): Response | undefined {
    for (const message of messages) {
      const m = message as { method?: unknown; params?: { name?: unknown } } | null;
      if (m?.method !== "tools/call" || typeof m.params?.name !== "string") continue;
      const spec = options.findTool(m.params.name);
      if (!spec) continue;
      const have = new Set(caller.authInfo.scopes);
      const missing = spec.scopes.filter((s) => !have.has(s));
      if (missing.length === 0) continue;
      // Name every scope the retried token needs: what it has plus what this tool needs.
      const wanted = [...new Set([...caller.authInfo.scopes, ...spec.scopes])];
      return bearerAuthChallengeResponse(
        new OAuthError(OAuthErrorCode.InsufficientScope, `${spec.name} needs ${spec.scopes.join(" ")}`),
        { requiredScopes: wanted, resourceMetadataUrl: options.authenticator?.resourceMetadataUrl },
      );
    }
    return undefined;
  }

  // Over stateless HTTP a 2025-revision client cancels a call with a notifications/cancelled of its own, which may
  // reach another instance than the call: it is noted in the shared store (per admin, OAuth client and request id),
  // where a call waiting for a human looks for it. A wrong match can only cancel: it never lets anything through.
  // Kept a minute: a call waits for a human at most 30 s per request, and a client's request ids restart with it.
  const cancelKey = (caller: Caller, id: string | number) => `cancelled:${caller.subject}:${caller.authInfo.clientId}:${JSON.stringify(id)}`;
  async function noteCancellations(messages: unknown[], caller: Caller): Promise<void> {
    for (const message of messages.slice(0, 16)) {
      const m = message as { method?: unknown; params?: { requestId?: unknown } } | null;
      const id = m?.method === "notifications/cancelled" ? m.params?.requestId : undefined;
      if ((typeof id === "string" && id.length <= 128) || (typeof id === "number" && Number.isSafeInteger(id))) {
        await store.set(cancelKey(caller, id), "1", 60_000);
      }
    }
  }

  async function serveMcp(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const narrowed = narrowingOf(url.pathname.slice(MCP_PATH.length), request.headers, options.catalog, options.extraTools);
    if (!narrowed.ok) return jsonRpcError(400, narrowed.message);

    let caller: Caller;
    if (options.authenticator) {
      const result = await options.authenticator.authenticate(request);
      if (result instanceof Response) return result;
      caller = result;
    } else {
      caller = { ...LOCAL, auth: undefined as unknown as OktaAuth };
    }

    const rate = await checkRate(caller.subject);
    if (!rate.allowed) {
      return jsonRpcError(429, `Rate limit of ${rate.limit} requests per minute reached for this user; retry in ${rate.resetSeconds} s.`, {
        ...rateLimitHeaders(rate),
        "Retry-After": String(rate.resetSeconds),
      });
    }
    if (options.authenticator && request.method === "POST") {
      const messages = await messagesOf(request);
      const challenge = scopeChallenge(messages, caller);
      if (challenge) return challenge;
      await noteCancellations(messages, caller);
    }

    const view: RequestView = {
      ...(options.authenticator
        ? {
            auth: caller.auth,
            principal: caller.principal,
            subject: caller.subject,
            cancelledElsewhere: (id: string | number) => async () => (await store.get(cancelKey(caller, id))) !== undefined,
          }
        : {}),
      ...(narrowed.narrowing ? { narrowing: narrowed.narrowing } : {}),
      elicitation: false,
    };
    const response = await mcp.fetch(request, { authInfo: { ...caller.authInfo, extra: { ...caller.authInfo.extra, view } } });
    for (const [name, value] of Object.entries(rateLimitHeaders(rate))) response.headers.set(name, value);
    return response;
  }

  // Tracks an MCP exchange until its response is fully written, so shutdown can wait for it.
  const mcpNode = toNodeHandler(
    {
      fetch: async (request) => {
        try {
          return await serveMcp(request);
        } catch (err) {
          log.error(`mcp request failed: ${(err as Error).stack ?? String(err)}`);
          return jsonRpcError(500, "Internal error; see the server log.");
        }
      },
    },
    { maxRequestBodySize: options.maxBodyBytes, onerror: (err) => log.debug(`mcp adapter: ${err.message}`) },
  );

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
    res.end(JSON.stringify(body));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://placeholder");
    // Probes come from the orchestrator with a pod IP as Host: no Host check, no data in the answer.
    if (url.pathname === "/healthz") return send(res, 200, { status: "ok" });
    if (url.pathname === "/readyz") {
      if (draining) return send(res, 503, { status: "draining" });
      try {
        await withDeadline(store.ping(), 2_000);
        return send(res, 200, { status: "ready", store: store.kind });
      } catch (err) {
        return send(res, 503, { status: "unavailable", reason: `state store: ${(err as Error).message}` });
      }
    }

    const host = validateHostHeader(req.headers.host, options.allowedHosts);
    if (!host.ok) return send(res, 403, { error: "forbidden", error_description: `Host not allowed (${host.errorCode}); set OKTA_MCP_ALLOWED_HOSTS` });
    const origin = validateOriginHeader(req.headers.origin, options.allowedOrigins);
    if (!origin.ok) return send(res, 403, { error: "forbidden", error_description: `Origin not allowed (${origin.errorCode}); set OKTA_MCP_ALLOWED_ORIGINS` });
    if (draining) return send(res, 503, { error: "unavailable", error_description: "the server is shutting down; retry" }, { Connection: "close", "Retry-After": "1" });

    if (url.pathname === MCP_PATH || url.pathname.startsWith(`${MCP_PATH}/`)) {
      inFlight++;
      try {
        await mcpNode(req, res);
      } finally {
        inFlight--;
        if (inFlight === 0) idle?.();
      }
      return;
    }
    if (options.authenticator && (await options.authenticator.handle(req, res, url))) return;
    send(res, 404, { error: "not_found", error_description: `Nothing at ${url.pathname}. The MCP endpoint is ${MCP_PATH}.` });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      log.error(`request failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) send(res, 500, { error: "server_error" });
      else res.end();
    });
  });
  server.requestTimeout = 15 * 60_000; // a confirmed call may wait on Okta's rate limit; the SDK bounds the rest
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = options.host.includes(":") ? `[${options.host}]` : options.host;

  return {
    url: `http://${hostInUrl}:${port}`,
    server,
    inFlight: () => inFlight,
    async close() {
      if (draining) return;
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await withDeadline(new Promise<void>((resolve) => (idle = resolve)), options.drainMs ?? 25_000).catch(() => {
          log.warn(`shutdown: ${inFlight} call(s) still in flight after ${options.drainMs ?? 25_000} ms; closing them`);
        });
      }
      server.closeAllConnections();
      await closed;
      await mcp.close().catch(() => {});
    },
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/** Hostnames a loopback-bound server answers to. */
export const LOOPBACK_HOSTNAMES = ["localhost", "127.0.0.1", "[::1]"];
