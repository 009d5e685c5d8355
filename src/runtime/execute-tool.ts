// THE call pipeline. Every tools/call — direct, or dispatched by a discovery meta-tool — goes through
// executeTool: exposure and scope checks, validation, confirmation, the HTTP call, shaping, audit.
import { randomUUID } from "node:crypto";
import type { CallToolResult, TextContent } from "@modelcontextprotocol/server";
import type { ToolSpec } from "../tool-spec.js";
import type { ApprovalService } from "./approval/approval-store.js";
import type { OktaAuth } from "./auth/types.js";
import { type AuditDecision, type AuditLog, type AuditRecord, auditValue, outcomeOf, tryWriteAudit } from "./audit.js";
import { type ConfirmationTokens, type ConfirmSettings, confirmCall, type ElicitOutcome, type ElicitParams, needsConfirmation } from "./confirm.js";
import {
  AuditUnavailableError,
  InvalidArgumentsError,
  OktaApiError,
  OktaMcpError,
  PreconditionFailedError,
  ScopeDeniedError,
  TimeoutError,
  ToolNotExposedError,
  toToolResult,
} from "./errors.js";
import type { OktaHttp, OktaResponse } from "./http.js";
import { argumentsProblem, shown, toolNameProblem } from "./input-bounds.js";
import type { Inventory } from "./inventory.js";
import { nextCursorFromLink } from "./link-header.js";
import type { Logger } from "./logger.js";
import { oktaApiError } from "./okta-error.js";
import { type FieldChange, summarizeOperation } from "./operation-summary.js";
import { checkPrecondition } from "./precondition.js";
import { buildRequest, type OktaRequest } from "./request-builder.js";
import { readBack, type ReadBackOutcome } from "./read-back.js";
import { type ShapedResult, shapeResult } from "./results.js";
import { missingScopes, scopeDeniedMessage, scopeGrantHint } from "./scopes.js";
import { checkAddedPagingArgs, readRuntimeArgs, type RuntimeArgs } from "./runtime-args.js";
import { runtimeArgNames } from "./served-tools.js";
import { decodeJsonText } from "./json-text.js";
import { describeChanges, prepareUpdate } from "./update-merge.js";

/** What every tool call answers: the SDK's result type, as this server fills it (text content, an object as structured content). */
export type ToolResult = CallToolResult & { content: TextContent[]; structuredContent?: Record<string, unknown> };

/** A zod schema, seen through the one method the runtime uses. */
export interface ArgValidator {
  safeParse(value: unknown): { success: boolean; error?: { issues: ValidationIssue[] } };
}
/** A zod issue as the runtime reads it; a union that no member fits carries each member's issues. */
export interface ValidationIssue {
  path: PropertyKey[];
  message: string;
  code?: string;
  errors?: ValidationIssue[][];
}

/** The issues to show: for a union no member fits, those of the member that came closest (fewest issues). */
function shownIssues(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== "invalid_union" || !issue.errors?.length) return [issue];
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0];
    return closest.length ? shownIssues(closest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }))) : [issue];
  });
}
export type ValidatorTable = Record<string, () => ArgValidator>;


/** The arguments with each one served as JSON text (ToolArg.encoding "json") parsed into what it holds. */
function decodedJsonArgs(spec: ToolSpec, args: Record<string, unknown>): Record<string, unknown> {
  let out = args;
  for (const arg of spec.args) {
    if (arg.encoding === "json" && typeof args[arg.name] === "string") (out = out === args ? { ...args } : out)[arg.name] = decodeJsonText(arg.name, args[arg.name]);
  }
  return out;
}

/** What one request brings to the pipeline. No session state: everything arrives per call. */
export interface CallContext {
  signal?: AbortSignal;
  /** Present when the client asked for progress (a progressToken). */
  progress?: (progress: number, total: number | undefined, message: string) => Promise<void>;
  /** Present when the client supports form elicitation. */
  elicit?: (params: ElicitParams) => Promise<ElicitOutcome>;
  /**
   * How the model calls this tool again, for messages that ask it to (the confirmation token): "call <tool> again
   * with the same arguments" unless the call came through a meta-tool, which says how to go through it instead.
   */
  callAgain?: (tool: string) => string;
  /**
   * Remote mode: the signed-in admin's own Okta credentials for this call (scopes, headers). Absent = the
   * runtime's one identity (stdio).
   */
  auth?: OktaAuth;
  /** Remote mode: the request's narrowing of the operator's selection (headers, /readonly); it never widens. */
  exposes?: (spec: ToolSpec) => boolean;
  /** Remote mode: who is calling (the admin's Okta login), for the audit record and confirmation binding. */
  principal?: string;
  /** Remote mode: the caller's stable id (Okta user id), which approvals are bound to. */
  subject?: string;
  /** Remote mode: the client's answer to the URL elicitation that showed the approval page (a retried call). */
  approvalAnswer?: "accept" | "decline" | "cancel";
  /** Remote mode: whether the client cancelled this call through another HTTP request (its notifications/cancelled). */
  cancelledElsewhere?: () => Promise<boolean>;
}

const callDirectlyAgain = (tool: string) => `call ${tool} again with the same arguments`;

/** A tool the runtime answers itself (get_auth_status, playbooks, reports), still audited here. */
export interface BuiltinTool {
  name: string;
  run(args: Record<string, unknown>, ctx: CallContext): Promise<ToolResult>;
}

export interface ExecutorOptions extends ConfirmSettings {
  /** Ask a human before the calls ToolSpec.confirm names (false = --no-confirm). */
  confirm: boolean;
  maxItems: number;
  maxResultBytes: number;
  /** Deadline of the Okta part of one call (all pages, queue waits, retries), ms; default 30 s. */
  timeoutMs?: number;
  /** Budget of Okta answer bytes one call may read across pages (fetchAll); default 16 MiB. */
  maxResponseBytes?: number;
}

/** fetchAll stops after this many pages whatever else is left (a hostile org can serve endless tiny pages). */
export const MAX_PAGES = 100;

export interface ExecutorDeps {
  inventory: Inventory;
  auth: OktaAuth;
  http: OktaHttp;
  loadValidators: () => Promise<ValidatorTable>;
  audit: AuditLog;
  tokens: ConfirmationTokens;
  /** The approval pages (absent: no out-of-band channel, so calls needing one are declined). */
  approvals?: ApprovalService;
  /** Any tool of the generated table, exposed or not (the precondition reads). */
  tableTool: (name: string) => ToolSpec | undefined;
  log: Logger;
  builtins?: BuiltinTool[];
  options: ExecutorOptions;
}

export type ExecuteTool = (toolName: string, args: Record<string, unknown>, ctx: CallContext) => Promise<ToolResult>;

/** Adds a notice to a result: after the data of a success, before the closing "Next step" of an error. */
function withNotice(result: ToolResult, notice: string | undefined): ToolResult {
  if (!notice) return result;
  const block = { type: "text" as const, text: notice };
  if (!result.isError) return { ...result, content: [...result.content, block] };
  return { ...result, content: [block, ...result.content] };
}

function textResult(shaped: ShapedResult, notices: string[]): ToolResult {
  return {
    content: [{ type: "text", text: shaped.text }, ...notices.map((text) => ({ type: "text" as const, text }))],
    structuredContent: shaped.structured,
  };
}

const succeeded = (response: OktaResponse) => response.status >= 200 && response.status < 300;

function rateLimitNotice(response: OktaResponse): string | undefined {
  const rl = response.rateLimit;
  if (!rl || rl.limit <= 0 || rl.remaining >= rl.limit * 0.1) return undefined;
  const reset = rl.reset ? `, resets at ${new Date(rl.reset * 1000).toISOString()}` : "";
  return `Okta rate limit low for this endpoint: ${rl.remaining} of ${rl.limit} requests left${reset}. Batch or slow down.`;
}

export function createExecutor(deps: ExecutorDeps): ExecuteTool {
  const { inventory, auth, http, audit, tokens, log, options } = deps;
  let validatorTable: Promise<ValidatorTable> | undefined;
  const validatorCache = new Map<string, ArgValidator | null>();
  const builtins = new Map((deps.builtins ?? []).map((b) => [b.name, b]));
  const runtimeArgs = new Map<string, readonly string[]>();
  const runtimeArgsOf = (spec: ToolSpec) => {
    let names = runtimeArgs.get(spec.name);
    if (!names) runtimeArgs.set(spec.name, (names = runtimeArgNames(spec)));
    return names;
  };
  // An argument the tool does not have (a typo, or one the allowlist hides) is refused rather than dropped:
  // a silently ignored `search` would return, and let the model act on, the wrong users.
  const knownArgs = new Map<string, ReadonlySet<string>>();
  const unknownArgsOf = (spec: ToolSpec, args: Record<string, unknown>): string[] => {
    let known = knownArgs.get(spec.name);
    if (!known) knownArgs.set(spec.name, (known = new Set([...Object.keys(spec.inputSchema.properties), ...runtimeArgsOf(spec)])));
    return Object.keys(args).filter((name) => !known.has(name));
  };

  /** Validates `args` (runtime arguments left out) with the validator of `key`; throws InvalidArgumentsError naming the paths. */
  async function checkArgs(spec: ToolSpec, key: string, args: Record<string, unknown>): Promise<void> {
    const forValidator = { ...args };
    for (const name of runtimeArgsOf(spec)) delete forValidator[name];
    const validator = await validatorFor(key);
    const parsed = validator?.safeParse(forValidator);
    if (parsed && !parsed.success) {
      const issues = shownIssues(parsed.error?.issues ?? []).slice(0, 8).map((i) => `${i.path.map(String).join(".") || "(arguments)"}: ${i.message}`.slice(0, 300));
      throw new InvalidArgumentsError(`Invalid arguments for ${spec.name}: ${issues.join("; ")}. See the tool's input schema.`);
    }
  }

  async function validatorFor(name: string): Promise<ArgValidator | null> {
    if (validatorCache.has(name)) return validatorCache.get(name)!;
    validatorTable ??= deps.loadValidators();
    const table = await validatorTable.catch((err: unknown) => {
      validatorTable = undefined;
      throw err;
    });
    const factory = table[name];
    const validator = factory ? factory() : null;
    if (!validator) log.warn(`no validator generated for ${name}; arguments are checked by Okta only`);
    validatorCache.set(name, validator);
    return validator;
  }

  return async function executeTool(toolName, rawArgs, ctx) {
    const started = Date.now();
    const args = rawArgs ?? {};
    // Bounds first, before the arguments are looked up, validated or quoted and before the name is looked up or
    // echoed. auditValue is bounded and never throws: even arguments too deep or too big to handle leave their record.
    const nameProblem = toolNameProblem(toolName);
    const inputProblem = nameProblem ?? argumentsProblem(args);
    const record: AuditRecord = {
      time: new Date(started).toISOString(),
      callId: randomUUID(),
      phase: "call",
      tool: nameProblem ? String(toolName).slice(0, 128) : toolName,
      arguments: auditValue(args),
    };
    if (ctx.principal !== undefined) record.principal = ctx.principal;
    const callAuth = ctx.auth ?? auth;
    // After an intent record, the call ends with an outcome record (same callId); otherwise with one whole record.
    const finish = (decision: AuditDecision, result: ToolResult, extra: Partial<AuditRecord> = {}): ToolResult => {
      Object.assign(record, extra, { decision, durationMs: Date.now() - started });
      if (record.phase === "outcome") {
        const { callId, principal, tool, operationId, method, path, status, oktaRequestId, durationMs, errorCode, readBack: read } = record;
        const outcome: AuditRecord = { time: new Date().toISOString(), callId, phase: "outcome", principal, tool, operationId, method, path, decision, status, oktaRequestId, durationMs, errorCode, readBack: read };
        // Not fsync'd: the intent already is, and one sync per change is the price of durability (~4 ms on a disk).
        const why = tryWriteAudit(audit, outcome, log);
        return withNotice(result, why && `The request was sent to Okta${status ? ` (HTTP ${status})` : ""}, but its outcome could not be written to the audit log (${why}); the intent record (callId ${callId}) is there. Changes are refused until the audit log can be written again.`);
      }
      const why = tryWriteAudit(audit, record, log);
      return withNotice(result, why && `This call's audit record could not be written (${why}). Reads go on; changes are refused until the audit log can be written again.`);
    };
    const fail = (decision: AuditDecision, err: unknown, extra: Partial<AuditRecord> = {}) => {
      if (!(err instanceof OktaMcpError)) log.error(`unexpected error in ${toolName}: ${(err as Error)?.stack ?? String(err)}`);
      const code = err instanceof OktaMcpError ? err.code : "ERR_INTERNAL";
      return finish(decision, toToolResult(err), { errorCode: code, ...extra });
    };

    if (nameProblem) return fail("denied", new ToolNotExposedError(nameProblem));
    if (inputProblem) return fail("refused", new InvalidArgumentsError(inputProblem));

    const builtin = builtins.get(toolName);
    if (builtin) {
      try {
        const result = await builtin.run(args, ctx);
        const outcome = outcomeOf(result);
        // A playbook or report result names its run: the call's record carries it, like its steps' records. A run
        // that stopped on a failing step still ran (decision allowed); its steps' records say what changed.
        const runId = result.structuredContent?.runId;
        const decision = typeof runId === "string" ? "allowed" : outcome.decision;
        const extra: Partial<AuditRecord> = { requiredScopes: [], ...(outcome.errorCode ? { errorCode: outcome.errorCode } : {}), ...(typeof runId === "string" ? { runId } : {}) };
        return finish(decision, result, extra);
      } catch (err) {
        return fail("allowed", err);
      }
    }

    const found = inventory.find(toolName);
    const spec = found && (!ctx.exposes || ctx.exposes(found)) ? found : undefined;
    if (!spec) {
      const why = found
        ? `Tool ${toolName} is not exposed on this connection (its X-MCP-Toolsets, X-MCP-Tools or read-only selection).`
        : inventory.inTable(toolName)
        ? `Tool ${toolName} is not exposed by this server's configuration (toolsets, --tools, --read-only or --allowlist).`
        : `Unknown tool ${toolName}. Call tools/list for the tools this server offers.`;
      return fail("denied", new ToolNotExposedError(why));
    }
    Object.assign(record, { operationId: spec.operationId, method: spec.method, path: spec.path, requiredScopes: spec.scopes });

    let granted: string[];
    try {
      granted = await callAuth.grantedScopes();
    } catch (err) {
      return fail("denied", err);
    }
    record.grantedScopes = granted;
    if (missingScopes(spec.scopes, granted).length) {
      return fail("denied", new ScopeDeniedError(scopeDeniedMessage(spec.name, spec.scopes, granted), spec.scopes, granted, scopeGrantHint(missingScopes(spec.scopes, granted))));
    }

    let request: OktaRequest;
    let runtime: RuntimeArgs;
    let callerArgs: Record<string, unknown>;
    try {
      const unknown = unknownArgsOf(spec, args);
      if (unknown.length) {
        // Names are the caller's: quoted and cut, never echoed whole.
        const named = unknown.slice(0, 5).map((name) => shown(name, 40)).join(", ") + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : "");
        // The arguments the tool's schema offers (confirmationToken only where it is taken).
        const offered = [...knownArgs.get(spec.name)!].filter((name) => name !== "confirmationToken" || (options.confirm && options.tokenFallback && spec.confirm));
        throw new InvalidArgumentsError(`Unknown argument${unknown.length > 1 ? "s" : ""} for ${spec.name}: ${named}. Known: ${offered.join(", ")}.`);
      }
      runtime = readRuntimeArgs(args);
      checkAddedPagingArgs(spec, args);
      if (runtime.confirmationToken !== undefined && !(options.confirm && options.tokenFallback && spec.confirm)) {
        throw new InvalidArgumentsError(
          `confirmationToken is not taken here: ${spec.confirm && options.confirm ? `the user confirms ${spec.name} in the client or on the approval page the server opens` : `${spec.name} needs no confirmation`}. Call again without it.`,
        );
      }
      const { fields: _f, fetchAll: _a, confirmationToken: _c, ...rest } = args;
      // Arguments served as JSON text are checked (and sent) as the objects they hold.
      callerArgs = decodedJsonArgs(spec, rest);
      await checkArgs(spec, spec.name, callerArgs);
      // The caller's own values go on the wire, not the validator's output: no injected schema defaults.
      request = buildRequest(spec, callerArgs);
      record.path = request.path;
    } catch (err) {
      return fail("refused", err);
    }

    // Merge updates (ToolSpec.update): the current object is read and the change computed before confirmation,
    // so whoever confirms is shown exactly which fields change (before → after).
    let changes: FieldChange[] | undefined;
    if (spec.update) {
      try {
        const prepared = await prepareUpdate(spec, request, callerArgs, {
          http,
          validate: (key, a) => checkArgs(spec, key, a),
          granted,
          signal: ctx.signal,
          auth: ctx.auth,
          // The read has a deadline of its own, as long as the write's (which starts when the read is done).
          deadline: Date.now() + (options.timeoutMs ?? 30_000),
        });
        if (prepared.read) record.read = prepared.read;
        if (prepared.kind === "unchanged") {
          const shaped = shapeResult(prepared.current, { fields: runtime.fields ?? spec.projection, maxBytes: options.maxResultBytes });
          return finish("allowed", textResult(shaped, ["Nothing to change: the object already has these values, so nothing was sent."]), { status: prepared.read.status, oktaRequestId: prepared.read.oktaRequestId });
        }
        request = prepared.request;
        changes = prepared.changes;
        if (changes) record.changedFields = changes.map((c) => c.path);
      } catch (err) {
        const read = (err as { read?: AuditRecord["read"] }).read;
        const decision = err instanceof InvalidArgumentsError ? "refused" : err instanceof ScopeDeniedError ? "denied" : "allowed";
        return fail(decision, err, read ? { read, status: read.status, oktaRequestId: read.oktaRequestId } : {});
      }
    }

    const merged = { ...(spec.defaults ?? {}), ...callerArgs, ...(spec.presets ?? {}) };
    if (needsConfirmation(spec, merged)) {
      if (!options.confirm) record.confirmation = { via: "off" };
      else {
        let refusal: { decision: AuditDecision; error: OktaMcpError } | undefined;
        try {
          // `changes`: the before→after of a merge update, computed above (src/runtime/update-merge.ts).
          refusal = await confirm(spec, request, merged, callerArgs, runtime.confirmationToken, granted, record, ctx, changes);
        } catch (err) {
          return fail("refused", err);
        }
        if (refusal) return fail(refusal.decision, refusal.error);
      }
    }

    try {
      return await callOkta(spec, request, runtime, ctx, record, finish, fail, () => readBack(spec, callerArgs, granted, http, ctx.signal, ctx.auth), changes ? [describeChanges(changes)] : []);
    } catch (err) {
      // Whatever goes wrong after the request (a shaping bug, a closed client), the call is still audited.
      return fail("allowed", err);
    }
  };

  /** The confirmation stage: the precondition read, then a human through the first channel available. Returns the refusal, if any. */
  async function confirm(
    spec: ToolSpec,
    request: OktaRequest,
    merged: Record<string, unknown>,
    callerArgs: Record<string, unknown>,
    token: string | undefined,
    granted: readonly string[],
    record: AuditRecord,
    ctx: CallContext,
    diff: FieldChange[] | undefined,
  ): Promise<{ decision: AuditDecision; error: OktaMcpError } | undefined> {
    const pre = await checkPrecondition(spec, merged, { tableTool: deps.tableTool, granted, http, signal: ctx.signal, auth: ctx.auth });
    if (pre.record) record.precondition = pre.record;
    if (pre.kind === "blocked") return { decision: "refused", error: new PreconditionFailedError(pre.message) };
    const summary = summarizeOperation(spec, request, http.urlOf, { state: pre.kind === "met" ? pre.state : undefined, diff });
    const result = await confirmCall({ tokens, approvals: deps.approvals, log, settings: options }, summary, callerArgs, token, {
      signal: ctx.signal,
      elicit: ctx.elicit,
      progress: ctx.progress,
      again: (ctx.callAgain ?? callDirectlyAgain)(spec.name),
      principal: ctx.principal,
      subject: ctx.subject,
      approvalAnswer: ctx.approvalAnswer,
      cancelledElsewhere: ctx.cancelledElsewhere,
    });
    record.confirmation = { via: result.via, outcome: result.approved ? "approved" : result.outcome, ...(result.approvalId ? { approvalId: result.approvalId } : {}) };
    if (result.approved) return undefined;
    return { decision: result.outcome === "refused" || result.outcome === "pending" ? "refused" : "declined", error: result.error };
  }

  async function callOkta(
    spec: ToolSpec,
    request: OktaRequest,
    runtime: RuntimeArgs,
    ctx: CallContext,
    record: AuditRecord,
    finish: (d: AuditDecision, r: ToolResult, e?: Partial<AuditRecord>) => ToolResult,
    fail: (d: AuditDecision, e: unknown, x?: Partial<AuditRecord>) => ToolResult,
    readState: () => Promise<ReadBackOutcome | undefined>,
    leadingNotices: string[] = [],
  ): Promise<ToolResult> {
    if (spec.effect !== "read") {
      // No record, no request: the intent of a change is on disk (fsync'd) before the change leaves.
      const intent: AuditRecord = {
        ...record,
        time: new Date().toISOString(),
        phase: "intent",
        request: {
          ...(Object.keys(request.query).length ? { query: auditValue(request.query) } : {}),
          ...(Object.keys(request.headers).length ? { headers: auditValue(request.headers) } : {}),
          ...(request.body !== undefined ? { body: auditValue(request.body) } : {}),
        },
      };
      const why = tryWriteAudit(audit, intent, log, true);
      record.phase = "outcome";
      if (why) {
        return fail(
          "refused",
          new AuditUnavailableError(
            `The audit record of this change could not be written (${why}), so nothing was sent to Okta. Fix the audit log (free disk space, or check --audit-log) and call again.`,
          ),
        );
      }
    }
    // One deadline for the whole Okta part of the call: every page, queue wait, retry and rate-limit wait.
    const timeoutMs = options.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    let response: OktaResponse;
    try {
      response = await http.send(request, ctx.signal, ctx.auth, deadline);
    } catch (err) {
      return fail("allowed", err);
    }
    const oktaFailure = (answer: OktaResponse) => {
      const err: OktaApiError = oktaApiError(spec, answer);
      return fail("allowed", err, { status: answer.status, oktaRequestId: answer.requestId, errorCode: err.errorCode ?? err.code });
    };
    const statusInfo = { status: response.status, oktaRequestId: response.requestId };
    if (!succeeded(response)) return oktaFailure(response);
    const notices: string[] = [...leadingNotices];
    const fields = runtime.fields ?? spec.projection;
    let body = response.body;
    let nextCursor = spec.pagination === "cursor" ? nextCursorFromLink(response.headers.get("link")) : undefined;
    let last = response;

    if (spec.pagination === "cursor" && runtime.fetchAll && Array.isArray(body)) {
      // Bounded however the org answers: items (maxItems), pages (MAX_PAGES), bytes read (maxResponseBytes),
      // time (the deadline); an empty page or a cursor seen before ends the walk.
      const maxItems = options.maxItems;
      const byteBudget = options.maxResponseBytes ?? 16 * 1024 * 1024;
      const items: unknown[] = [];
      let cutMidPage = false;
      const take = (page: unknown[]) => {
        for (const item of page) {
          if (items.length >= maxItems) return void (cutMidPage = true);
          items.push(item);
        }
      };
      take(body);
      let pages = 1;
      let bytes = response.bytes;
      let emptyPage = body.length === 0;
      let stopped: string | undefined;
      const followed = new Set<string>();
      await ctx.progress?.(items.length, maxItems, `Fetched page 1 (${items.length} items)`);
      while (nextCursor && !cutMidPage && items.length < maxItems) {
        if (emptyPage) {
          stopped = "Okta answered an empty page that still links to a next one (the System Log always does)";
          break;
        }
        if (followed.has(nextCursor)) {
          stopped = "Okta linked back to a page already read";
          nextCursor = undefined;
          break;
        }
        if (pages >= MAX_PAGES) {
          stopped = `${pages} pages were read, the most one call reads`;
          break;
        }
        if (bytes >= byteBudget) {
          stopped = `${bytes.toLocaleString("en-US")} bytes were read, the most one call reads (--max-response-bytes)`;
          break;
        }
        followed.add(nextCursor);
        try {
          last = await http.send({ ...request, query: { ...request.query, after: nextCursor } }, ctx.signal, ctx.auth, deadline);
        } catch (err) {
          if (!(err instanceof TimeoutError)) return fail("allowed", err, statusInfo);
          stopped = `this call's deadline of ${timeoutMs} ms was reached`;
          break;
        }
        if (last.status === 429) {
          stopped = "Okta's rate limit for this endpoint ran out (and resets after this call's deadline)";
          break;
        }
        if (!succeeded(last) || !Array.isArray(last.body)) return oktaFailure(last);
        pages++;
        bytes += last.bytes;
        emptyPage = last.body.length === 0;
        take(last.body);
        nextCursor = nextCursorFromLink(last.headers.get("link"));
        await ctx.progress?.(items.length, maxItems, `Fetched page ${pages} (${items.length} items)`);
      }
      if (cutMidPage) {
        // Cut mid-page: continue after the last item kept, not after the page (which would skip the items cut).
        const lastKept = items[items.length - 1] as Record<string, unknown> | null;
        nextCursor = typeof lastKept?.id === "string" ? lastKept.id : undefined;
      }
      const more = nextCursor ? ` Continue with after="${nextCursor}", or narrow the query with a filter or search.` : "";
      if (stopped) {
        notices.push(`Stopped after ${pages} page${pages === 1 ? "" : "s"} (${items.length} items): ${stopped}.${more}`);
      } else if (nextCursor) {
        notices.push(`Stopped at the cap of ${maxItems} items (more exist).${more}`);
      } else if (cutMidPage) {
        notices.push(`Stopped at the cap of ${maxItems} items (more exist, and these items carry no id to continue from). Narrow the query with a filter or search.`);
      }
      body = items;
    }

    // A change whose answer says nothing (`{}`) is followed by a read of the object it changed (allowlist readBack).
    const state = await readState();
    const auditInfo: Partial<AuditRecord> = { ...statusInfo };
    if (state) {
      if (state.value !== undefined) body = { ...(body && typeof body === "object" && !Array.isArray(body) ? body : {}), [state.key]: state.value };
      if (state.notice) notices.push(state.notice);
      if (state.status !== undefined) auditInfo.readBack = { path: spec.readBack!.path, status: state.status, oktaRequestId: state.oktaRequestId };
    }
    const shaped = shapeResult(body, { fields, maxBytes: options.maxResultBytes, cursorList: spec.pagination === "cursor", nextCursor });
    const rateNotice = rateLimitNotice(last);
    if (rateNotice) notices.push(rateNotice);
    return finish("allowed", textResult(shaped, [...notices, ...shaped.notices]), auditInfo);
  }
}
