// createServer: a low-level MCP Server serving the precomputed tool table. Handlers read no session
// state beyond what each request carries (client capabilities, progress token), so a stateless HTTP
// transport can reuse them.
import { ProtocolError, ProtocolErrorCode, Server } from "@modelcontextprotocol/server";
import type { JsonSchema, ToolCatalog, ToolSpec } from "../tool-spec.js";
import { type AuditLog, createAuditLog, redactSecrets } from "./audit.js";
import type { OktaAuth } from "./auth/types.js";
import { AUTH_STATUS_TOOL, authStatusTool } from "./auth-status-tool.js";
import { createConfirmationTokens } from "./confirm.js";
import { type CallContext, createExecutor, type ExecuteTool, type ToolResult, type ValidatorTable } from "./execute-tool.js";
import { createOktaHttp, isAllowedOrgUrl } from "./http.js";
import { SERVER_INSTRUCTIONS } from "./instructions.js";
import { resolveSelection, type SelectionOptions } from "./inventory.js";
import { type Logger, silentLogger } from "./logger.js";
import { type ServedTool, servedTool } from "./served-tools.js";
import { packageVersion } from "./version.js";
import { ConfigError } from "./errors.js";

export interface PromptDefinition {
  name: string;
  title?: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
}
export interface PromptsModule {
  prompts: PromptDefinition[];
  renderPrompt(name: string, args: Record<string, string>): { description?: string; messages: unknown[] };
}

export type DiscoveryOutcome =
  | { result: { content: { type: "text"; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean } }
  | { call: { tool: string; args: Record<string, unknown> } };
export interface DiscoveryModule {
  discoveryTools: { name: string; inputSchema: object }[];
  handleDiscoveryCall(name: string, args: Record<string, unknown>, visibleTools: readonly ToolSpec[]): DiscoveryOutcome | Promise<DiscoveryOutcome>;
}

export interface RuntimeOptions extends SelectionOptions {
  toolMode: "direct" | "discover";
  /** Ask before destructive tools (false = --no-confirm). */
  confirm: boolean;
  timeoutMs: number;
  maxItems: number;
  maxResultBytes: number;
  maxConcurrency: number;
  maxRateLimitWaitMs: number;
  maxJitterMs: number;
}

export const DEFAULT_RUNTIME_OPTIONS: RuntimeOptions = {
  toolMode: "direct",
  confirm: true,
  timeoutMs: 30_000,
  maxItems: 1000,
  maxResultBytes: 100_000,
  maxConcurrency: 8,
  maxRateLimitWaitMs: 60_000,
  maxJitterMs: 1_000,
};

export interface ServerDeps {
  catalog: ToolCatalog;
  /** Loads the generated validators module (dynamic import), on the first tool call. */
  loadValidators: () => Promise<ValidatorTable>;
  /** Loads the generated schema docs (dynamic import), on the first resource read. */
  loadSchemaDocs?: () => Promise<Record<string, JsonSchema>>;
  auth: OktaAuth;
  orgUrl: string;
  fetch?: typeof fetch;
  audit?: AuditLog;
  log?: Logger;
  prompts?: PromptsModule;
  discovery?: DiscoveryModule;
  options?: Partial<RuntimeOptions>;
}

export interface OktaMcpServer {
  server: Server;
  /** The single call pipeline (exposed for discovery and tests). */
  executeTool: ExecuteTool;
  close(): Promise<void>;
}

const SCHEMA_URI = /^okta:\/\/schemas\/([A-Za-z0-9_.-]+)$/;

export function createServer(deps: ServerDeps): OktaMcpServer {
  const options: RuntimeOptions = { ...DEFAULT_RUNTIME_OPTIONS, ...deps.options };
  const log = deps.log ?? silentLogger;
  const org = new URL(deps.orgUrl);
  if (!isAllowedOrgUrl(org)) throw new ConfigError(`the org URL must use https:// (got ${org.protocol}//${org.host})`);
  if (options.toolMode === "discover" && !deps.discovery) throw new ConfigError("--tool-mode discover needs the discovery module");
  const inventory = resolveSelection(deps.catalog, options);
  const audit = deps.audit ?? createAuditLog({ kind: "off" });
  const http = createOktaHttp({
    orgUrl: deps.orgUrl,
    auth: deps.auth,
    userAgent: `okta-mcp-server/${packageVersion()}`,
    timeoutMs: options.timeoutMs,
    maxConcurrency: options.maxConcurrency,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs,
    maxJitterMs: options.maxJitterMs,
    fetch: deps.fetch,
    log,
  });
  const executeTool = createExecutor({
    inventory,
    auth: deps.auth,
    http,
    loadValidators: deps.loadValidators,
    audit,
    tokens: createConfirmationTokens(),
    log,
    builtins: [authStatusTool(deps.auth, () => inventory.selected)],
    options: { confirm: options.confirm, maxItems: options.maxItems, maxResultBytes: options.maxResultBytes },
  });

  // Served definitions are built once, on the first list, from the table: no per-list conversion.
  let served: Map<string, ServedTool> | undefined;
  const servedByName = () =>
    (served ??= new Map(inventory.selected.map((spec) => [spec.name, servedTool(spec, { confirm: options.confirm, maxItems: options.maxItems })])));

  const server = new Server(
    { name: "okta-mcp-server", version: packageVersion() },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: {},
        ...(deps.prompts ? { prompts: {} } : {}),
      },
      instructions: SERVER_INSTRUCTIONS,
    },
  );

  server.setRequestHandler("tools/list", async () => {
    if (options.toolMode === "discover") {
      return { tools: [...(deps.discovery!.discoveryTools as never[]), AUTH_STATUS_TOOL as never] };
    }
    const granted = await deps.auth.grantedScopes();
    const all = servedByName();
    const tools = inventory.visible(granted).map((spec) => all.get(spec.name)!);
    return { tools: [...tools, AUTH_STATUS_TOOL] as never[] };
  });

  server.setRequestHandler("tools/call", async (request, ctx) => {
    const params = request.params;
    const args = (params.arguments ?? {}) as Record<string, unknown>;
    const progressToken = (params._meta as { progressToken?: string | number } | undefined)?.progressToken;
    const elicitation = server.getClientCapabilities()?.elicitation as { form?: unknown; url?: unknown } | undefined;
    const supportsForm = !!elicitation && (elicitation.form !== undefined || elicitation.url === undefined);
    const callCtx: CallContext = {
      signal: ctx.mcpReq.signal,
      progress:
        progressToken === undefined
          ? undefined
          : (progress, total, message) =>
              ctx.mcpReq.notify({ method: "notifications/progress", params: { progressToken, progress, total, message } }),
      // A human answers: allow far more than the protocol's default 60 s.
      elicit: supportsForm ? (p) => ctx.mcpReq.elicitInput(p as never, { timeout: 10 * 60_000 }) as never : undefined,
    };
    let result: ToolResult;
    if (options.toolMode === "discover" && deps.discovery!.discoveryTools.some((t) => t.name === params.name)) {
      const started = Date.now();
      const granted = await deps.auth.grantedScopes();
      // call_operation may name a selected tool whose scopes are not granted: the pipeline then refuses it
      // naming the missing scope, as it would a direct call, instead of calling it unknown.
      const tools = params.name === "call_operation" ? inventory.selected : inventory.visible(granted);
      const outcome = await deps.discovery!.handleDiscoveryCall(params.name, args, tools);
      if ("call" in outcome) {
        result = await executeTool(outcome.call.tool, outcome.call.args ?? {}, callCtx);
      } else {
        // Search and describe never reach Okta, but every tools/call is audited.
        result = { ...outcome.result };
        audit.write({
          time: new Date(started).toISOString(),
          tool: params.name,
          arguments: redactSecrets(args),
          decision: "allowed",
          durationMs: Date.now() - started,
          ...(result.isError ? { errorCode: "ERR_INVALID_ARGUMENTS" } : {}),
        });
      }
    } else {
      result = await executeTool(params.name, args, callCtx);
    }
    return server.projectCallToolResult(result as never, undefined) as never;
  });

  server.setRequestHandler("resources/list", async () => ({ resources: [] }));
  server.setRequestHandler("resources/templates/list", async () => ({
    resourceTemplates: [
      {
        uriTemplate: "okta://schemas/{name}",
        name: "okta-schema",
        title: "Okta API schema",
        description: "JSON Schema of an Okta API object (e.g. okta://schemas/User), as named in tool descriptions.",
        mimeType: "application/schema+json",
      },
    ],
  }));
  let schemaDocs: Promise<Record<string, JsonSchema>> | undefined;
  server.setRequestHandler("resources/read", async (request) => {
    const match = SCHEMA_URI.exec(request.params.uri);
    if (!match || !deps.loadSchemaDocs) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource ${request.params.uri}`);
    schemaDocs ??= deps.loadSchemaDocs();
    const docs = await schemaDocs;
    const doc = Object.prototype.hasOwnProperty.call(docs, match[1]) ? docs[match[1]] : undefined;
    if (!doc) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `No schema named ${match[1]}`);
    return { contents: [{ uri: request.params.uri, mimeType: "application/schema+json", text: JSON.stringify(doc) }] };
  });

  if (deps.prompts) {
    const prompts = deps.prompts;
    server.setRequestHandler("prompts/list", async () => ({ prompts: prompts.prompts as never[] }));
    server.setRequestHandler("prompts/get", async (request) => {
      if (!prompts.prompts.some((p) => p.name === request.params.name)) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt ${request.params.name}`);
      }
      try {
        return prompts.renderPrompt(request.params.name, (request.params.arguments ?? {}) as Record<string, string>) as never;
      } catch (err) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, (err as Error).message);
      }
    });
  }

  deps.auth.onChange(() => {
    server.sendToolListChanged().catch((err: unknown) => log.debug(`tools/list_changed not sent: ${(err as Error).message}`));
  });

  return {
    server,
    executeTool,
    async close() {
      await server.close();
      audit.close();
    },
  };
}
