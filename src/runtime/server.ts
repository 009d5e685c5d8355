// The MCP side of the runtime. createRuntime builds what every connection shares (tool table view, Okta client with
// its concurrency bound, call pipeline, confirmation tokens, audit); createMcpServer puts one low-level MCP Server
// (one connection) in front of it. Handlers read nothing of a session beyond what each request carries (client
// capabilities, progress token), so a stateless HTTP transport can create a Server per request over one runtime.
import { type GetPromptResult, type Prompt, ProtocolError, ProtocolErrorCode, Server, type Tool } from "@modelcontextprotocol/server";
import type { JsonSchema, ToolCatalog, ToolSpec } from "../tool-spec.js";
import type { DiscoveryOutcome } from "./discovery.js";
import { type ApprovalService } from "./approval/approval-store.js";
import { createLoopbackApprovals } from "./approval/loopback-approvals.js";
import { approvalAnswerOf, approvalInputRequired } from "./approval/approval-elicitation.js";
import { type AuditLog, createAuditLog } from "./audit.js";
import { auditRefusedCalls } from "./audit-refused-calls.js";
import { openBrowser } from "./auth/open-browser.js";
import type { OktaAuth } from "./auth/types.js";
import { AUTH_STATUS_TOOL, authStatusTool } from "./auth-status-tool.js";
import { confirmCall, type ConfirmationTokens, createConfirmationTokens } from "./confirm.js";
import { type BuiltinTool, type CallContext, createExecutor, type ToolResult, type ValidatorTable } from "./execute-tool.js";
import { createElicitationGuard } from "./elicitation-guard.js";
import { lazyOktaHttp } from "./lazy-http.js";
import { isAllowedOrgUrl } from "./org-url.js";
import { SERVER_INSTRUCTIONS } from "./instructions.js";
import { resolveSelection, type SelectionOptions } from "./inventory.js";
import { type Logger, silentLogger } from "./logger.js";
import { type ServedTool, servedTool } from "./served-tools.js";
import { packageVersion } from "./version.js";
import { ConfigError } from "./errors.js";
import { createOktaClient } from "./okta-client.js";
import { createOperationRunner } from "./operation-runner.js";
import { createResourceStore, specLike, type WorkflowEnv, type WorkflowModule, type WorkflowResource, type WorkflowTool } from "./workflows.js";
import { argumentsProblem, shown } from "./input-bounds.js";
import { redactValue } from "./secret-redactor.js";

export interface PromptsModule {
  prompts: Prompt[];
  renderPrompt(name: string, args: Record<string, string>): GetPromptResult;
}

export interface DiscoveryModule {
  discoveryTools: Tool[];
  handleDiscoveryCall(name: string, args: Record<string, unknown>, visibleTools: readonly ToolSpec[]): DiscoveryOutcome | Promise<DiscoveryOutcome>;
}

export interface RuntimeOptions extends SelectionOptions {
  toolMode: "direct" | "discover";
  /** Ask a human before the calls the allowlist marks (destructive, privilege-raising); false = --no-confirm. */
  confirm: boolean;
  /** Without elicitation, hand the model a single-use token instead of opening the approval page (--confirm-with-token). */
  confirmWithToken: boolean;
  /** How long an approval page waits for the human (ms). */
  approvalTimeoutMs: number;
  timeoutMs: number;
  maxItems: number;
  maxResultBytes: number;
  /** Cap on one Okta answer (wire and decoded) and on the bytes one fetchAll reads. */
  maxResponseBytes: number;
  maxConcurrency: number;
  maxRateLimitWaitMs: number;
  maxJitterMs: number;
  /** The directory the operator named for report files (--report-dir); undefined = reports write no files. */
  reportDir?: string;
}

const DEFAULT_RUNTIME_OPTIONS: RuntimeOptions = {
  toolMode: "direct",
  confirm: true,
  confirmWithToken: false,
  approvalTimeoutMs: 5 * 60_000,
  timeoutMs: 30_000,
  maxItems: 1000,
  maxResultBytes: 100_000,
  maxResponseBytes: 16 * 1024 * 1024,
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
  /** Confirmation tokens; default in-process. Remote mode shares them through its state store. */
  confirmationTokens?: ConfirmationTokens;
  log?: Logger;
  prompts?: PromptsModule;
  discovery?: DiscoveryModule;
  /** Out-of-band approvals (default: pages on a loopback server, opened with `openApprovalPage`). */
  approvals?: ApprovalService;
  /** Opens an approval page in the human's browser (default: the OS opener) and says whether that worked. */
  openApprovalPage?: (url: string, done: (opened: boolean) => void) => void;
  /** Playbooks and reports: hand-written tools over the typed client. */
  workflows?: WorkflowModule;
  options?: Partial<RuntimeOptions>;
}

/**
 * What one HTTP request brings beyond the MCP message (remote mode): the signed-in admin's credentials, the
 * request's narrowing of the operator's selection, and who is calling. Absent in stdio mode.
 */
export interface RequestView {
  auth?: OktaAuth;
  /** Narrows (never widens) the selected tools; `key` names the narrowing so listed arrays can be cached. */
  narrowing?: { key: string; exposes(spec: ToolSpec): boolean };
  principal?: string;
  /** The admin's stable id (Okta user id): approvals are bound to it. */
  subject?: string;
  /** Whether the client cancelled the request with this JSON-RPC id through another HTTP request. */
  cancelledElsewhere?: (requestId: string | number) => () => Promise<boolean>;
  /** false: do not push elicitation requests (a stateless HTTP exchange cannot route the answer back). */
  elicitation?: boolean;
}

export interface OktaRuntime {
  readonly options: RuntimeOptions;
  readonly prompts?: PromptsModule;
  /** The tools/list answer for the current grant: the same precomputed array while the grant is unchanged. */
  listTools(view?: RequestView): Promise<Tool[]>;
  /** A tools/call: a direct tool, or a discovery meta-tool whose call_operation runs through the same pipeline. */
  callTool(name: string, args: Record<string, unknown>, ctx: CallContext): Promise<ToolResult>;
  readSchema(name: string): Promise<JsonSchema | undefined>;
  /** Resources playbooks and reports made (full report rows), newest first; only the caller's own in remote mode. */
  listWorkflowResources(principal?: string): WorkflowResource[];
  readWorkflowResource(uri: string, principal?: string): WorkflowResource | undefined;
  /** Called when the granted scopes, and so the visible tools, change. Returns the unsubscribe function. */
  onToolsChanged(listener: () => void): () => void;
  close(): void;
  /** The audit trail (protocol-refused calls are written here too). */
  readonly audit: AuditLog;
  readonly log: Logger;
}

export interface OktaMcpServer {
  server: Server;
  runtime: OktaRuntime;
  close(): Promise<void>;
}

export function createRuntime(deps: ServerDeps): OktaRuntime {
  const options: RuntimeOptions = { ...DEFAULT_RUNTIME_OPTIONS, ...deps.options };
  const log = deps.log ?? silentLogger;
  const org = new URL(deps.orgUrl);
  if (!isAllowedOrgUrl(org)) throw new ConfigError(`the org URL must use https:// (got ${org.protocol}//${org.host})`);
  if (options.toolMode === "discover" && !deps.discovery) throw new ConfigError("--tool-mode discover needs the discovery module");
  const inventory = resolveSelection(deps.catalog, options, deps.workflows?.workflowTools ?? []);
  const audit = deps.audit ?? createAuditLog({ kind: "off" });
  const http = lazyOktaHttp({
    orgUrl: deps.orgUrl,
    auth: deps.auth,
    userAgent: `okta-mcp-server/${packageVersion()}`,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    maxConcurrency: options.maxConcurrency,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs,
    maxJitterMs: options.maxJitterMs,
    fetch: deps.fetch,
    log,
  });
  const approvals =
    deps.approvals ?? createLoopbackApprovals({ log, open: deps.openApprovalPage ?? ((url, done) => openBrowser(url, { onResult: done })) });
  const tableTools = new Map(deps.catalog.tools.map((tool) => [tool.name, tool]));
  const tokens = deps.confirmationTokens ?? createConfirmationTokens();
  const confirmSettings = { tokenFallback: options.confirmWithToken, approvalTimeoutMs: options.approvalTimeoutMs };
  const runner = createOperationRunner({ catalog: deps.catalog, auth: deps.auth, http, audit, log, permits: inventory.permits });
  const resources = createResourceStore();
  const workflowEnv: WorkflowEnv = {
    orgUrl: org.origin,
    runner,
    client: (run) => createOktaClient(runner, run, org.origin),
    grantedScopes: (ctx) => (ctx?.auth ?? deps.auth).grantedScopes(),
    // The same confirmation stage as destructive tools (elicitation, else the approval page, else the opt-in token).
    async confirm({ summary, bindArgs, token }, ctx) {
      const result = await confirmCall({ tokens, approvals, log, settings: confirmSettings }, summary, bindArgs, token, {
        signal: ctx.signal,
        elicit: ctx.elicit,
        progress: ctx.progress,
        again: ctx.callAgain ? ctx.callAgain(summary.tool) : `call ${summary.tool} again with the same arguments`,
        principal: ctx.principal,
        subject: ctx.subject,
        approvalAnswer: ctx.approvalAnswer,
        cancelledElsewhere: ctx.cancelledElsewhere,
      });
      if (!result.approved) throw result.error;
      return result.via;
    },
    confirmEnabled: options.confirm,
    resources,
    reportDir: options.reportDir,
    log,
    now: () => new Date(),
  };
  const workflowTools: WorkflowTool[] = (deps.workflows?.createWorkflowTools(workflowEnv) ?? []).filter((tool) => inventory.selectedExtras.has(tool.name));
  const discovery = options.toolMode === "discover" ? deps.discovery : undefined;
  // Discovery's answers that never reach Okta (search, describe, a call_operation that names no usable tool)
  // are built-in tools of the pipeline: bounded, audited and redacted like every other call.
  const discoveryBuiltins: BuiltinTool[] = (discovery?.discoveryTools ?? []).map((tool) => ({
    name: tool.name,
    async run(args, ctx) {
      // call_operation may name a selected tool whose scopes are not granted: the pipeline then refuses it
      // naming the missing scope, as it would a direct call, instead of calling it unknown.
      const candidates = tool.name === "call_operation" ? inventory.selected : inventory.visible(await (ctx.auth ?? deps.auth).grantedScopes());
      const tools = ctx.exposes ? candidates.filter(ctx.exposes) : candidates;
      const outcome = await discovery!.handleDiscoveryCall(tool.name, args, tools);
      if ("result" in outcome) return outcome.result;
      throw new Error("call_operation mapped a call that the runtime did not dispatch");
    },
  }));
  const executeTool = createExecutor({
    inventory,
    auth: deps.auth,
    http,
    loadValidators: deps.loadValidators,
    audit,
    tokens,
    approvals,
    tableTool: (name) => tableTools.get(name),
    log,
    builtins: [authStatusTool(deps.auth, () => inventory.selected, inventory.unexposedToolsets), ...discoveryBuiltins, ...workflowTools],
    options: {
      confirm: options.confirm,
      ...confirmSettings,
      maxItems: options.maxItems,
      maxResultBytes: options.maxResultBytes,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
    },
  });

  // Served definitions are built once, on the first list, from the table: no per-list conversion. The listed array
  // is kept per visible view (the inventory returns the same view while the grant is unchanged).
  let served: Map<string, ServedTool> | undefined;
  const servedByName = () =>
    (served ??= new Map(inventory.selected.map((spec) => [spec.name, servedTool(spec, { confirmationToken: options.confirm && options.confirmWithToken, maxItems: options.maxItems })])));
  const listed = new WeakMap<readonly ToolSpec[], Map<string, Tool[]>>();
  // The visible array is the same while the grant is, so the playbook and report entries (which depend on the
  // grant only) are cached with it.
  const listFor = (visible: readonly ToolSpec[], granted: readonly string[], narrowing?: RequestView["narrowing"]) => {
    let byNarrowing = listed.get(visible);
    if (!byNarrowing) listed.set(visible, (byNarrowing = new Map()));
    const key = narrowing?.key ?? "";
    let tools = byNarrowing.get(key);
    if (!tools) {
      // Discover mode lists the meta-tools in place of the table's tools; playbooks and reports are listed in both
      // modes: they are what the model runs by name, not operations it would search for.
      const all = discovery ? undefined : servedByName();
      const first: Tool[] = all ? (narrowing ? visible.filter((spec) => narrowing.exposes(spec)) : visible).map((spec) => all.get(spec.name)!) : discovery!.discoveryTools;
      const workflows = workflowTools
        .filter((tool) => !narrowing || narrowing.exposes(specLike(tool.info)))
        .map((tool) => tool.definition(granted))
        .filter((t): t is ServedTool => t !== undefined);
      // Bounded: narrowings are few (toolset and read-only combinations), but a client may send many spellings.
      if (byNarrowing.size >= 256) byNarrowing.clear();
      byNarrowing.set(key, (tools = [...first, ...workflows, AUTH_STATUS_TOOL]));
    }
    return tools;
  };

  /** call_operation runs the named tool through the pipeline; anything else it answers is a built-in's answer. */
  async function callOperation(args: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    const tools = ctx.exposes ? inventory.selected.filter(ctx.exposes) : inventory.selected;
    const outcome = await discovery!.handleDiscoveryCall("call_operation", args ?? {}, tools);
    if (!("call" in outcome)) return executeTool("call_operation", args, ctx);
    // Messages that ask the model to call the tool again (confirmation) must send it back through this meta-tool.
    const callAgain = (tool: string) => `call call_operation again with tool="${tool}" and, in "arguments", the same arguments`;
    return executeTool(outcome.call.tool, outcome.call.args ?? {}, { ...ctx, callAgain });
  }

  const listeners = new Set<() => void>();
  deps.auth.onChange(() => {
    for (const listener of listeners) listener();
  });
  let schemaDocs: Promise<Record<string, JsonSchema>> | undefined;

  return {
    options,
    prompts: deps.prompts,
    listTools: async (view) => {
      const granted = await (view?.auth ?? deps.auth).grantedScopes();
      return listFor(inventory.visible(granted), granted, view?.narrowing);
    },
    callTool: (name, args, ctx) => (discovery && name === "call_operation" ? callOperation(args, ctx) : executeTool(name, args, ctx)),
    async readSchema(name) {
      if (!deps.loadSchemaDocs) return undefined;
      schemaDocs ??= deps.loadSchemaDocs();
      const docs = await schemaDocs;
      return Object.prototype.hasOwnProperty.call(docs, name) ? docs[name] : undefined;
    },
    listWorkflowResources: (principal) => resources.list(principal),
    readWorkflowResource: (uri, principal) => resources.read(uri, principal),
    onToolsChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => {
      void approvals.close();
      audit.close();
    },
    audit,
    log,
  };
}

const SCHEMA_URI = /^okta:\/\/schemas\/([A-Za-z0-9_.-]+)$/;

/** One MCP connection in front of a runtime; close() detaches it (the runtime and its audit log stay open). */
export function createMcpServer(runtime: OktaRuntime, log: Logger = silentLogger, view?: RequestView): { server: Server; close(): Promise<void> } {
  const server = new Server(
    { name: "okta-mcp-server", version: packageVersion() },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: {},
        ...(runtime.prompts ? { prompts: {} } : {}),
      },
      instructions: SERVER_INSTRUCTIONS,
    },
  );

  // Confirmation requests whose answer is malformed end at once (see elicitation-guard.ts; attached on connect).
  const elicitations = createElicitationGuard();

  server.setRequestHandler("tools/list", async () => ({ tools: await runtime.listTools(view) }));

  server.setRequestHandler("tools/call", async (request, ctx) => {
    const params = request.params;
    const args = (params.arguments ?? {}) as Record<string, unknown>;
    const progressToken = (params._meta as { progressToken?: string | number } | undefined)?.progressToken;
    const elicitation = server.getClientCapabilities()?.elicitation as { form?: unknown; url?: unknown } | undefined;
    const supportsForm = view?.elicitation !== false && !!elicitation && (elicitation.form !== undefined || elicitation.url === undefined);
    const callCtx: CallContext = {
      ...(view?.auth ? { auth: view.auth } : {}),
      ...(view?.narrowing ? { exposes: view.narrowing.exposes } : {}),
      ...(view?.principal !== undefined ? { principal: view.principal } : {}),
      ...(view?.subject !== undefined ? { subject: view.subject } : {}),
      ...(ctx.mcpReq.inputResponses ? { approvalAnswer: approvalAnswerOf(ctx.mcpReq.inputResponses) } : {}),
      ...(view?.cancelledElsewhere ? { cancelledElsewhere: view.cancelledElsewhere(ctx.mcpReq.id) } : {}),
      signal: ctx.mcpReq.signal,
      progress:
        progressToken === undefined
          ? undefined
          : (progress, total, message) =>
              // Progress is best effort: a client gone away must not fail (and so skip the audit of) the call.
              ctx.mcpReq
                .notify({ method: "notifications/progress", params: { progressToken, progress, total, message } })
                .catch((err: unknown) => log.debug(`progress not sent: ${(err as Error).message}`)),
      // A human answers: allow far more than the protocol's default 60 s.
      elicit: supportsForm
        ? (p) => elicitations.track((_meta, signal) => ctx.mcpReq.elicitInput({ ...p, _meta }, { timeout: 10 * 60_000, signal }))
        : undefined,
    };
    const result = await runtime.callTool(params.name, args, callCtx);
    // Remote mode on 2026-07-28 with a client that opens URLs: the pending approval's page goes to the client (MRTR).
    if (ctx.mcpReq.envelope !== undefined && elicitation?.url !== undefined) {
      const prompt = approvalInputRequired(result, ctx.mcpReq.requestState());
      if (prompt) return prompt;
    }
    // The output boundary: no live secret leaves in a result, whatever produced it.
    return server.projectCallToolResult(redactValue(result) as ToolResult, undefined);
  });

  server.setRequestHandler("resources/list", async () => ({
    resources: runtime.listWorkflowResources(view?.principal).map(({ uri, name, title, mimeType }) => ({ uri, name, title, mimeType })),
  }));
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
  server.setRequestHandler("resources/read", async (request) => {
    const made = runtime.readWorkflowResource(request.params.uri, view?.principal);
    if (made) return { contents: [{ uri: made.uri, mimeType: made.mimeType, text: made.text() }] };
    const match = SCHEMA_URI.exec(request.params.uri);
    if (!match) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource ${shown(request.params.uri, 200)}`);
    const doc = await runtime.readSchema(match[1]);
    if (!doc) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `No schema named ${match[1]}`);
    return { contents: [{ uri: request.params.uri, mimeType: "application/schema+json", text: JSON.stringify(doc) }] };
  });

  if (runtime.prompts) {
    const prompts = runtime.prompts;
    server.setRequestHandler("prompts/list", async () => ({ prompts: prompts.prompts }));
    server.setRequestHandler("prompts/get", async (request) => {
      if (!prompts.prompts.some((p) => p.name === request.params.name)) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt ${shown(request.params.name, 100)}`);
      }
      // Prompt arguments are a few short strings: bounded before they are read or quoted back.
      const args = request.params.arguments ?? {};
      const problem = argumentsProblem(args, { maxBytes: 16 * 1024, maxDepth: 2 });
      if (problem) throw new ProtocolError(ProtocolErrorCode.InvalidParams, problem);
      try {
        return prompts.renderPrompt(request.params.name, args as Record<string, string>);
      } catch (err) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, (err as Error).message);
      }
    });
  }

  // Calls the SDK refuses before the pipeline sees them (malformed params) are audited too, whatever the transport;
  // malformed answers to confirmation requests end those requests at once.
  const connect = server.connect.bind(server);
  server.connect = (transport) => {
    auditRefusedCalls(transport, runtime.audit, runtime.log);
    elicitations.attach(transport);
    return connect(transport);
  };

  // A per-request server (remote mode) lives for one exchange: it does not subscribe to grant changes.
  const unsubscribe = view
    ? () => {}
    : runtime.onToolsChanged(() => {
        server.sendToolListChanged().catch((err: unknown) => log.debug(`tools/list_changed not sent: ${(err as Error).message}`));
      });

  return {
    server,
    async close() {
      unsubscribe();
      await server.close();
    },
  };
}

/** A runtime with one MCP connection (stdio). */
export function createServer(deps: ServerDeps): OktaMcpServer {
  const runtime = createRuntime(deps);
  const { server, close } = createMcpServer(runtime, deps.log);
  return {
    server,
    runtime,
    async close() {
      await close();
      runtime.close();
    },
  };
}
