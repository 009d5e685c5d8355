// Runs the HTTP mode: state store, shared runtime, (in remote mode) the OAuth front, the HTTP server, and a
// graceful shutdown on SIGTERM/SIGINT that lets calls in flight finish.
import { type AuditRecord, tryWriteAudit } from "../runtime/audit.js";
import { ConfigError } from "../runtime/errors.js";
import { resolveSelection } from "../runtime/inventory.js";
import type { Logger } from "../runtime/logger.js";
import { createRuntime, type ServerDeps } from "../runtime/server.js";
import { type RemoteAuthenticator, startRemoteServer } from "./http-server.js";
import type { RemoteConfig } from "./remote-config.js";
import { createMemoryStore, type StateStore } from "./state/store.js";
import { createSharedApprovals, type SharedApprovals } from "./approvals/shared-approvals.js";

export interface ServeHttpOptions {
  deps: ServerDeps;
  remote: RemoteConfig;
  log: Logger;
  /**
   * Builds the OAuth front (remote mode) over the store, serving the approval pages of `approvals`; absent = local
   * HTTP mode (one identity on loopback: approval pages on loopback, as over stdio).
   */
  createAuthenticator?: (store: StateStore, pages: ApprovalPagesDeps) => Promise<RemoteAuthenticator>;
  onClose?: () => Promise<void>;
}

/** What the OAuth front needs to serve the approval pages. */
export interface ApprovalPagesDeps {
  approvals: SharedApprovals;
  audit(record: AuditRecord): string | undefined;
}

export async function openStore(remote: RemoteConfig, log: Logger): Promise<StateStore> {
  if (!remote.redisUrl) return createMemoryStore();
  const { createRedisStore } = await import("./state/redis-store.js");
  return createRedisStore(remote.redisUrl, log);
}

export async function serveHttp(options: ServeHttpOptions): Promise<{ url: string; close(): Promise<void> }> {
  const { remote, log } = options;
  const store = await openStore(remote, log);
  const { createStoreConfirmationTokens } = await import("./confirmation-tokens.js");
  if (options.createAuthenticator && !remote.publicUrl) throw new ConfigError("per-admin sign-in needs OKTA_MCP_PUBLIC_URL");
  // Remote mode: approvals in the shared store, their pages under the public URL behind each admin's own sign-in.
  const approvals = options.createAuthenticator ? createSharedApprovals({ store, origin: remote.publicUrl!.origin, secret: remote.secret }) : undefined;
  const runtime = createRuntime({
    ...options.deps,
    confirmationTokens: options.deps.confirmationTokens ?? createStoreConfirmationTokens(store, remote.secret),
    ...(approvals ? { approvals } : {}),
  });
  const authenticator = options.createAuthenticator
    ? await options.createAuthenticator(store, { approvals: approvals!, audit: (record) => tryWriteAudit(runtime.audit, record, log) })
    : undefined;
  // The operator's selection (the scope challenge names the scopes of selected tools only).
  const selection = resolveSelection(options.deps.catalog, options.deps.options ?? {}, options.deps.workflows?.workflowTools ?? []);
  const server = await startRemoteServer({
    runtime,
    catalog: options.deps.catalog,
    extraTools: options.deps.workflows?.workflowTools,
    host: remote.host,
    port: remote.port,
    allowedHosts: remote.allowedHosts,
    allowedOrigins: remote.allowedOrigins,
    maxBodyBytes: remote.maxBodyBytes,
    rateLimitPerMinute: remote.rateLimitPerMinute,
    store,
    authenticator,
    findTool: (name) => selection.find(name),
    log,
    drainMs: remote.drainMs,
  });
  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    close: () =>
      (closing ??= (async () => {
        // Calls waiting for a human are answered "pending" at once (a call again reaches another instance).
        await approvals?.close();
        await server.close();
        runtime.close();
        await store.close().catch(() => {});
        await options.onClose?.();
      })()),
  };
}
