// Runs the HTTP mode: state store, shared runtime, (in remote mode) the OAuth front, the HTTP server, and a
// graceful shutdown on SIGTERM/SIGINT that lets calls in flight finish.
import { resolveSelection } from "../runtime/inventory.js";
import type { Logger } from "../runtime/logger.js";
import { createRuntime, type ServerDeps } from "../runtime/server.js";
import { type RemoteAuthenticator, startRemoteServer } from "./http-server.js";
import type { RemoteConfig } from "./remote-config.js";
import { createMemoryStore, type StateStore } from "./state/store.js";

export interface ServeHttpOptions {
  deps: ServerDeps;
  remote: RemoteConfig;
  log: Logger;
  /** Builds the OAuth front (remote mode) over the store; absent = local HTTP mode. */
  createAuthenticator?: (store: StateStore) => Promise<RemoteAuthenticator>;
  onClose?: () => Promise<void>;
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
  const runtime = createRuntime({
    ...options.deps,
    confirmationTokens: options.deps.confirmationTokens ?? createStoreConfirmationTokens(store, remote.secret),
  });
  const authenticator = options.createAuthenticator ? await options.createAuthenticator(store) : undefined;
  // The operator's selection (the scope challenge names the scopes of selected tools only).
  const selection = resolveSelection(options.deps.catalog, options.deps.options ?? {}, options.deps.workflows?.workflowTools ?? []);
  const server = await startRemoteServer({
    runtime,
    catalog: options.deps.catalog,
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
        await server.close();
        runtime.close();
        await store.close().catch(() => {});
        await options.onClose?.();
      })()),
  };
}
