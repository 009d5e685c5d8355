// `okta-mcp-server --http`: starts the HTTP mode from the CLI's configuration, prints where it listens on
// stderr, and shuts down gracefully on SIGTERM/SIGINT (calls in flight finish, then the process exits).
import type { Config } from "../runtime/config.js";
import type { Logger } from "../runtime/logger.js";
import type { ServerDeps } from "../runtime/server.js";
import type { SandboxSignIn } from "../sandbox/sign-in.js";
import type { RemoteConfig } from "./remote-config.js";
import { serveHttp } from "./serve.js";

export interface StartHttpOptions {
  deps: ServerDeps;
  remote: RemoteConfig;
  config: Readonly<Config>;
  log: Logger;
  /** The sandbox org's sign-in (remote mode against the sandbox). */
  sandboxSignIn?: SandboxSignIn;
  closeSandbox?: () => Promise<void>;
  /** Starts the process's own Okta auth (local HTTP mode). */
  startAuth(): void;
}

export async function startHttpMode(options: StartHttpOptions): Promise<void> {
  const { remote, log } = options;
  const perAdmin = remote.publicUrl !== undefined;
  if (!perAdmin) options.startAuth();
  const createAuthenticator = perAdmin
    ? async (store: import("./state/store.js").StateStore, pages: import("./serve.js").ApprovalPagesDeps) => {
        const { createOAuthFront } = await import("./oauth/front.js");
        return createOAuthFront({ ...oauthSettings(options), store, log, approvals: pages.approvals, audit: pages.audit });
      }
    : undefined;
  const running = await serveHttp({ deps: options.deps, remote, log, createAuthenticator, onClose: options.closeSandbox });
  const where = remote.publicUrl ? `${remote.publicUrl.origin}/mcp (listening on ${running.url})` : `${running.url}/mcp`;
  process.stderr.write(
    `okta-mcp-server: serving MCP over HTTP at ${where}; ${perAdmin ? "each admin signs in to Okta" : "one identity: this process's Okta credentials, loopback only"}\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down: finishing calls in flight");
    running
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error(`shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

function oauthSettings(options: StartHttpOptions) {
  const { config, remote, sandboxSignIn: sandbox } = options;
  return {
    publicUrl: remote.publicUrl!,
    orgUrl: options.deps.orgUrl,
    // The sandbox org registers its own sign-in app; a real org needs OKTA_CLIENT_ID and OKTA_CLIENT_SECRET.
    clientId: sandbox ? sandbox.clientId : config.clientId,
    clientSecret: sandbox ? sandbox.clientSecret : remote.clientSecret,
    scopes: sandbox ? [...new Set(sandbox.admins.flatMap((a) => a.scopes))].sort() : config.scopes,
    secret: remote.secret,
    accessTokenTtlS: remote.accessTokenTtlS,
    fetch: options.deps.fetch,
  };
}
