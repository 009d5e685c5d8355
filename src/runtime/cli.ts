#!/usr/bin/env node
// okta-mcp-server: parses flags, builds the server and serves MCP on stdio. The only place with process.exit.
// Everything is validated before the MCP handshake; a bad configuration prints one line and exits 2.
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import type { ToolCatalog } from "../tool-spec.js";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import * as workflowsModule from "../workflows.js";
import { readAllowlistNames } from "./allowlist-file.js";
import { AuditTargetError, createAuditLog } from "./audit.js";
import { createApiTokenAuth, createStaticAuth } from "./auth/fixed-token-auth.js";
import { openBrowser } from "./auth/open-browser.js";
import type { OktaAuth } from "./auth/types.js";
import { type CliFlags, loadConfig } from "./config.js";
import { ConfigError } from "./errors.js";
import type { ValidatorTable } from "./execute-tool.js";
import { allCatalogScopes, resolveSelection } from "./inventory.js";
import { createLogger, type Logger } from "./logger.js";
import * as discoveryModule from "./discovery.js";
import * as promptsModule from "./prompts.js";
import { redactText } from "./secret-redactor.js";
import { createServer, type DiscoveryModule, type PromptsModule, type ServerDeps } from "./server.js";
import { startupWarnings } from "./startup-warnings.js";
import type { RemoteFlags } from "../remote/remote-config.js";
import { packageVersion } from "./version.js";

function fail(message: string): never {
  process.stderr.write(redactText(`okta-mcp-server: ${message}\n`));
  process.exit(2);
}

function parseFlags(argv: string[]): CliFlags & RemoteFlags {
  const program = new Command("okta-mcp-server")
    .description("MCP server for administering an Okta org (stdio). Configure with OKTA_ORG_URL, OKTA_CLIENT_ID, OKTA_SCOPES, OKTA_PRIVATE_KEY, OKTA_KEY_ID or OKTA_API_TOKEN.")
    .version(packageVersion(), "-v, --version")
    .option("--org-url <url>", "Okta org URL (default: $OKTA_ORG_URL)")
    .option("--toolsets <names>", "comma-separated toolsets to expose, or 'all' (default: users, groups, apps, policies, logs)")
    .option("--tools <names>", "comma-separated tool names or operationIds to expose")
    .option("--read-only", "expose only tools that read (effect: read)")
    .option("--audit-log <path>", "audit file, '-' for stderr, or 'off' (default: $XDG_STATE_HOME/okta-mcp-server/audit.jsonl)")
    .option("--sandbox", "serve a local sandbox org with fake data instead of a real org")
    .option("--sandbox-port <port>", "port of the sandbox org (default: any free port)")
    .addOption(new Option("--sandbox-size <size>", "sandbox org size: default (~40 users) or large (10,000 users, 100,000 log events)").choices(["default", "large"]))
    .option("--report-dir <dir>", "directory where security_report may write files (HTML, CSV) the user names (default: $OKTA_MCP_REPORT_DIR; none: no files)")
    .option("--allowlist <file>", "YAML allowlist that narrows the exposed tools at run time")
    .addOption(new Option("--tool-mode <mode>", "direct: one MCP tool per operation; discover: search/describe/call meta-tools").choices(["direct", "discover"]))
    .addOption(new Option("--catalog <table>", "generated table: default or all").choices(["default", "all"]))
    .option("--no-confirm", "do not ask for confirmation of destructive and privilege-raising tools (only for clients that confirm every call)")
    .option("--confirm-with-token", "without elicitation, give the model a single-use token to show the user instead of opening an approval page (only for clients that ask the user before every call)")
    .option("--approval-timeout <seconds>", "how long an approval page waits for the user (default 300)")
    .option("--timeout <ms>", "deadline of one tool call's requests to Okta in ms: queue wait, retries, rate-limit waits and pages included (default 30000)")
    .option("--max-items <n>", "cap on items fetched with fetchAll (default 1000)")
    .option("--max-result-bytes <n>", "cap on one result's size in bytes (default 100000)")
    .option("--max-response-bytes <n>", "cap on one Okta answer, on the wire and decoded, and on what one fetchAll reads (default 16777216)")
    .option("--log-level <level>", "debug, info, warn or error (default: $OKTA_LOG_LEVEL or info)")
    .addOption(new Option("--dpop <mode>", "DPoP-bound tokens: auto (when Okta requires it), always, never (default: $OKTA_DPOP or auto)").choices(["auto", "always", "never"]))
    .option("--no-browser", "device sign-in: print the URL and code but do not open a browser")
    .option("--http", "serve Streamable HTTP instead of stdio (remote mode; see docs/remote.md)")
    .option("--port <port>", "HTTP port (default: $OKTA_MCP_PORT or 8080)")
    .option("--host <address>", "HTTP bind address (default: $OKTA_MCP_HOST or 127.0.0.1)")
    .option("--public-url <url>", "base URL clients reach; turns on per-admin OAuth sign-in (default: $OKTA_MCP_PUBLIC_URL)")
    .option("--redis-url <url>", "Redis for shared state across instances (default: $OKTA_MCP_REDIS_URL; else in memory)")
    .addHelpText(
      "after",
      `
Environment:
  OKTA_ORG_URL, OKTA_CLIENT_ID, OKTA_SCOPES (space or comma separated), OKTA_PRIVATE_KEY, OKTA_KEY_ID,
  OKTA_API_TOKEN, OKTA_LOG_LEVEL, OKTA_DPOP; and OKTA_MCP_NO_BROWSER, OKTA_MCP_TOOLSETS, OKTA_MCP_TOOLS, OKTA_MCP_READ_ONLY, OKTA_MCP_AUDIT_LOG,
  OKTA_MCP_TOOL_MODE, OKTA_MCP_TIMEOUT_MS, OKTA_MCP_MAX_ITEMS, OKTA_MCP_MAX_RESULT_BYTES, OKTA_MCP_MAX_RESPONSE_BYTES,
  OKTA_MCP_CONFIRM_WITH_TOKEN, OKTA_MCP_APPROVAL_TIMEOUT, OKTA_MCP_BROWSER (a command that opens approval pages) (flags win).

Destructive and privilege-raising tools: with a client that supports elicitation the user confirms in the client;
otherwise the server opens a one-time approval page in the browser and the call waits for the user's click (remote
mode: a page under the public URL that only the calling admin's own signed-in browser opens; see docs/remote.md).
With --confirm-with-token the first call is refused instead with a single-use confirmationToken (5 minutes) that
the model passes back, with the same arguments, only after the user explicitly confirms.`,
    )
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  try {
    program.parse(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") process.exit(0);
      fail(`${err.message.replace(/^error: /, "")} (see --help)`);
    }
    throw err;
  }
  return program.opts<CliFlags & RemoteFlags>();
}

/** The generated tables of one catalog. Literal import paths: the bundler gives each table a chunk of its own. */
interface CatalogTables {
  catalog(): Promise<{ catalog: ToolCatalog }>;
  validators(): Promise<{ validators: ValidatorTable }>;
  schemas(): Promise<{ schemaDocs: Record<string, Record<string, unknown>> }>;
}

const catalogTables: Record<"default" | "all", CatalogTables> = {
  default: { catalog: () => import("../generated/catalog.js"), validators: () => import("../generated/validators.js"), schemas: () => import("../generated/schemas.js") },
  all: { catalog: () => import("../generated-all/catalog.js"), validators: () => import("../generated-all/validators.js"), schemas: () => import("../generated-all/schemas.js") },
};

async function loadCatalog(which: "default" | "all"): Promise<{ catalog: ToolCatalog; tables: CatalogTables }> {
  const tables = catalogTables[which];
  try {
    return { catalog: (await tables.catalog()).catalog, tables };
  } catch (err) {
    throw new ConfigError(`cannot load the ${which} tool table (${(err as Error).message.split("\n")[0]}; run npm run generate and npm run build)`);
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv);
  if (!flags.http && (flags.port ?? flags.host ?? flags.publicUrl ?? flags.redisUrl) !== undefined) {
    throw new ConfigError("--port, --host, --public-url and --redis-url need --http");
  }
  // Remote mode (HTTP with a public URL): every admin signs in; the process has no Okta identity of its own.
  const remote = flags.http
    ? (await import("../remote/remote-config.js")).loadRemoteConfig(process.env, flags, (path) => readFileSync(path, "utf8"))
    : undefined;
  const perAdmin = remote?.publicUrl !== undefined;
  const config = loadConfig(process.env, flags);
  const log: Logger = createLogger(config.logLevel);
  const { catalog, tables } = await loadCatalog(config.catalog);
  const allowlist = config.allowlistFile ? await readAllowlistNames(config.allowlistFile) : undefined;
  const selection = { toolsets: config.toolsets, tools: config.tools, readOnly: config.readOnly, allowlist };
  // Unknown toolsets or tools fail here, before a sandbox starts or a credential is read.
  const inventory = resolveSelection(catalog, selection, workflowsModule.workflowTools);

  let orgUrl: string;
  let auth: OktaAuth;
  let closeSandbox: (() => Promise<void>) | undefined;
  let sandboxSignIn: import("../sandbox/sign-in.js").SandboxSignIn | undefined;
  if (config.sandbox) {
    const { createSandboxOrg } = await import("../sandbox/index.js");
    const org = createSandboxOrg({ size: config.sandboxSize });
    let listening: { url: string; close(): Promise<void> };
    if (perAdmin) {
      // Remote mode against the sandbox: the sandbox org also plays the Okta org authorization server.
      const { createSandboxSignIn, withSignIn } = await import("../sandbox/sign-in.js");
      const { listenOnLoopback } = await import("../sandbox/listen.js");
      sandboxSignIn = await createSandboxSignIn(allCatalogScopes(catalog));
      let url = "";
      listening = await listenOnLoopback(withSignIn(org, sandboxSignIn, () => url), { port: config.sandboxPort ?? 0, host: process.env.OKTA_MCP_SANDBOX_HOST });
      // Bound to all interfaces (a container) the org is still reached over loopback from this process.
      url = listening.url.replace("//0.0.0.0:", "//127.0.0.1:");
    } else {
      listening = await org.listen({ port: config.sandboxPort ?? 0 });
    }
    orgUrl = listening.url.replace("//0.0.0.0:", "//127.0.0.1:");
    closeSandbox = listening.close;
    auth = perAdmin ? (await import("../remote/no-identity-auth.js")).noIdentityAuth(orgUrl) : createStaticAuth(orgUrl, org.token, allCatalogScopes(catalog));
    process.stderr.write(`okta-mcp-server: SANDBOX mode: serving a fake Okta org with fake data at ${orgUrl} (no real org is contacted)\n`);
  } else if (perAdmin) {
    orgUrl = config.orgUrl!;
    auth = (await import("../remote/no-identity-auth.js")).noIdentityAuth(orgUrl);
  } else {
    // An API token alone needs none of the OAuth libraries (openid-client, jose: ~60 ms to import); the
    // precedence is createAuth's: a private key wins over an API token.
    const { createAuth } = config.apiToken && !config.privateKey ? { createAuth: createApiTokenAuth } : await import("./auth/index.js");
    orgUrl = config.orgUrl!;
    auth = createAuth({
      orgUrl,
      clientId: config.clientId,
      scopes: config.scopes,
      privateKey: config.privateKey,
      keyId: config.keyId,
      apiToken: config.apiToken,
      dpop: config.dpop,
      openBrowser: config.openBrowser,
      log,
    });
  }

  let audit;
  try {
    audit = createAuditLog(config.audit);
  } catch (err) {
    const why = err instanceof AuditTargetError ? err.message : ((err as NodeJS.ErrnoException).code ?? (err as Error).message);
    throw new ConfigError(`cannot open the audit log (${why}; use --audit-log PATH, - or off)`);
  }
  const warnings = startupWarnings({
    catalog,
    inventory,
    toolMode: config.toolMode,
    configuredScopes: config.sandbox ? [] : config.scopes,
    // The sandbox grants every scope; in remote mode each admin's grant is known only at sign-in.
    grantedScopes: config.sandbox || perAdmin ? allCatalogScopes(catalog) : config.scopes,
    extraTools: 1 + (config.toolMode === "discover" ? discoveryModule.discoveryTools.length : 0),
  });
  for (const warning of warnings) log.warn(warning);
  const deps: ServerDeps = {
    catalog,
    loadValidators: async () => (await tables.validators()).validators,
    loadSchemaDocs: async () => (await tables.schemas()).schemaDocs,
    auth,
    orgUrl,
    audit,
    log,
    // Approval pages open like the device sign-in: the OS opener, OKTA_MCP_BROWSER, or (with --no-browser) nothing but the URL on stderr.
    openApprovalPage: config.openBrowser ? (url, done) => openBrowser(url, { command: config.browserCommand, onResult: done }) : (_url, done) => done(false),
    prompts: promptsModule satisfies PromptsModule,
    discovery: discoveryModule satisfies DiscoveryModule,
    workflows: workflowsModule.workflows,
    options: {
      ...selection,
      toolMode: config.toolMode,
      confirm: config.confirm,
      confirmWithToken: config.confirmWithToken,
      approvalTimeoutMs: config.approvalTimeoutMs,
      timeoutMs: config.timeoutMs,
      maxItems: config.maxItems,
      maxResultBytes: config.maxResultBytes,
      reportDir: config.reportDir,
      maxResponseBytes: config.maxResponseBytes,
    },
  };
  if (!config.confirm) log.warn("--no-confirm: destructive and privilege-raising tools run without asking; use only with a client that confirms every tool call");
  else if (config.confirmWithToken) log.warn("--confirm-with-token: without elicitation the model carries the confirmation token; use only with a client that asks the user before every tool call");

  if (remote) {
    // Confirmation over HTTP, as over stdio: the approval page (remote mode: served under the public URL, behind each
    // admin's own Okta sign-in in the browser; local HTTP: on loopback), the token only with --confirm-with-token.
    const { startHttpMode } = await import("../remote/start.js");
    await startHttpMode({ deps, remote, config, log, sandboxSignIn, closeSandbox, startAuth: () => auth.start() });
    return;
  }

  const { server, close } = createServer(deps);
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    await close().catch(() => {});
    await closeSandbox?.().catch(() => {});
    process.exit(code);
  };
  server.onclose = () => void shutdown(0);
  process.stdin.on("end", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  auth.start();
  await server.connect(transport);
  log.debug(`serving ${catalog.tools.length} tools from table ${catalog.specRelease} for ${orgUrl}`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) fail(err.message);
  process.stderr.write(redactText(`okta-mcp-server: failed to start: ${(err as Error)?.message ?? String(err)}\n`));
  process.exit(1);
});
