// THE call pipeline. Every tools/call — direct, or dispatched by a discovery meta-tool — goes through
// executeTool: exposure and scope checks, validation, confirmation, the HTTP call, shaping, audit.
import type { ToolSpec } from "../tool-spec.js";
import type { OktaAuth } from "./auth/types.js";
import { type AuditDecision, type AuditLog, type AuditRecord, outcomeOf, redactSecrets, writeAuditRecord } from "./audit.js";
import { type ConfirmationTokens, describeOperation } from "./confirm.js";
import {
  ConfirmationDeclinedError,
  ConfirmationRequiredError,
  InvalidArgumentsError,
  OktaApiError,
  OktaMcpError,
  ScopeDeniedError,
  ToolNotExposedError,
  toToolResult,
} from "./errors.js";
import type { OktaHttp, OktaResponse } from "./http.js";
import type { Inventory } from "./inventory.js";
import { nextCursorFromLink } from "./link-header.js";
import type { Logger } from "./logger.js";
import { oktaApiError } from "./okta-error.js";
import { buildRequest, type OktaRequest } from "./request-builder.js";
import { readBack, type ReadBackOutcome } from "./read-back.js";
import { type ShapedResult, shapeResult } from "./results.js";
import { missingScopes, scopeDeniedMessage, scopeGrantHint } from "./scopes.js";
import { runtimeArgNames } from "./served-tools.js";
import { describeChanges, prepareUpdate, type FieldChange } from "./update-merge.js";

export interface ToolResult {
  [key: string]: unknown;
  content: { type: "text"; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

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

export interface ElicitParams {
  mode: "form";
  message: string;
  requestedSchema: { type: "object"; properties: Record<string, Record<string, unknown>>; required?: string[] };
}
export interface ElicitOutcome {
  action: "accept" | "decline" | "cancel";
  content?: Record<string, unknown>;
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
}

const callDirectlyAgain = (tool: string) => `call ${tool} again with the same arguments`;

/** A tool the runtime answers itself (get_auth_status), still checked and audited here. */
export interface BuiltinTool {
  name: string;
  run(args: Record<string, unknown>, ctx: CallContext): Promise<ToolResult>;
}

export interface ExecutorOptions {
  confirm: boolean;
  maxItems: number;
  maxResultBytes: number;
}

export interface ExecutorDeps {
  inventory: Inventory;
  auth: OktaAuth;
  http: OktaHttp;
  loadValidators: () => Promise<ValidatorTable>;
  audit: AuditLog;
  tokens: ConfirmationTokens;
  log: Logger;
  builtins?: BuiltinTool[];
  options: ExecutorOptions;
}

export type ExecuteTool = (toolName: string, args: Record<string, unknown>, ctx: CallContext) => Promise<ToolResult>;

function textResult(shaped: ShapedResult, notices: string[]): ToolResult {
  return {
    content: [{ type: "text", text: shaped.text }, ...notices.map((text) => ({ type: "text" as const, text }))],
    structuredContent: shaped.structured,
  };
}

function readRuntimeArgs(args: Record<string, unknown>) {
  const { fields, fetchAll, confirmationToken } = args;
  if (fields !== undefined && (!Array.isArray(fields) || !fields.every((f) => typeof f === "string" && f.length > 0))) {
    throw new InvalidArgumentsError(`"fields" must be a list of dot paths such as ["id","profile.login"], or ["*"].`);
  }
  if (fetchAll !== undefined && typeof fetchAll !== "boolean") throw new InvalidArgumentsError(`"fetchAll" must be true or false.`);
  if (confirmationToken !== undefined && typeof confirmationToken !== "string") {
    throw new InvalidArgumentsError(`"confirmationToken" must be the string returned by the refused call.`);
  }
  return { fields: fields as string[] | undefined, fetchAll: fetchAll === true, confirmationToken: confirmationToken as string | undefined };
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
      const issues = shownIssues(parsed.error?.issues ?? []).slice(0, 8).map((i) => `${i.path.map(String).join(".") || "(arguments)"}: ${i.message}`);
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
    const record: AuditRecord = { time: new Date(started).toISOString(), tool: toolName, arguments: redactSecrets(args), decision: "refused", durationMs: 0 };
    if (ctx.principal !== undefined) record.principal = ctx.principal;
    const callAuth = ctx.auth ?? auth;
    const finish = (decision: AuditDecision, result: ToolResult, extra: Partial<AuditRecord> = {}): ToolResult => {
      Object.assign(record, extra, { decision, durationMs: Date.now() - started });
      writeAuditRecord(audit, record, log);
      return result;
    };
    const fail = (decision: AuditDecision, err: unknown, extra: Partial<AuditRecord> = {}) => {
      if (!(err instanceof OktaMcpError)) log.error(`unexpected error in ${toolName}: ${(err as Error)?.stack ?? String(err)}`);
      const code = err instanceof OktaMcpError ? err.code : "ERR_INTERNAL";
      return finish(decision, toToolResult(err), { errorCode: code, ...extra });
    };

    const builtin = builtins.get(toolName);
    if (builtin) {
      try {
        const result = await builtin.run(args, ctx);
        const { decision, errorCode } = outcomeOf(result);
        return finish(decision, result, errorCode ? { requiredScopes: [], errorCode } : { requiredScopes: [] });
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
    let runtime: ReturnType<typeof readRuntimeArgs>;
    let callerArgs: Record<string, unknown>;
    try {
      const unknown = unknownArgsOf(spec, args);
      if (unknown.length) {
        throw new InvalidArgumentsError(
          `Unknown argument${unknown.length > 1 ? "s" : ""} for ${spec.name}: ${unknown.join(", ")}. Known: ${[...knownArgs.get(spec.name)!].join(", ")}.`,
        );
      }
      runtime = readRuntimeArgs(args);
      const { fields: _f, fetchAll: _a, confirmationToken: _c, ...rest } = args;
      callerArgs = rest;
      await checkArgs(spec, spec.name, rest);
      // The caller's own values go on the wire, not the validator's output: no injected schema defaults.
      request = buildRequest(spec, callerArgs);
      record.path = request.path;
    } catch (err) {
      return fail("refused", err);
    }

    // Merge updates (ToolSpec.update): the current object is read and the change computed before confirmation,
    // so whoever confirms can be shown exactly which fields change (before → after).
    let changes: FieldChange[] | undefined;
    if (spec.update) {
      try {
        const prepared = await prepareUpdate(spec, request, callerArgs, { http, validate: (key, a) => checkArgs(spec, key, a), granted, signal: ctx.signal, auth: ctx.auth });
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

    if (spec.effect === "destructive" && options.confirm) {
      try {
        await confirm(spec, request, callerArgs, runtime.confirmationToken, ctx, changes);
      } catch (err) {
        return fail(err instanceof ConfirmationDeclinedError ? "declined" : "refused", err);
      }
    }

    try {
      return await callOkta(spec, request, runtime, ctx, finish, fail, () => readBack(spec, callerArgs, granted, http, ctx.signal, ctx.auth), changes ? [describeChanges(changes)] : []);
    } catch (err) {
      // Whatever goes wrong after the request (a shaping bug, a closed client), the call is still audited.
      return fail("allowed", err);
    }
  };

  async function confirm(spec: ToolSpec, request: OktaRequest, callerArgs: Record<string, unknown>, token: string | undefined, ctx: CallContext, changes?: FieldChange[]) {
    // A merge update's computed diff (before → after) is part of what the person confirms.
    const description = describeOperation(spec, http.urlOf(request.path), redactSecrets(callerArgs) as Record<string, unknown>) + (changes ? ` ${describeChanges(changes)}` : "");
    if (ctx.elicit) {
      let outcome: ElicitOutcome;
      try {
        outcome = await ctx.elicit({
          mode: "form",
          message: description,
          requestedSchema: {
            type: "object",
            properties: { confirm: { type: "boolean", title: "Run this operation", description: "Check to run it; anything else cancels.", default: false } },
            required: ["confirm"],
          },
        });
      } catch (err) {
        throw new ConfirmationDeclinedError(`Could not ask the user to confirm (${(err as Error).message}); nothing was changed.`);
      }
      if (outcome.action !== "accept" || outcome.content?.confirm !== true) {
        throw new ConfirmationDeclinedError(`The user did not confirm ${spec.name} (${outcome.action}); nothing was changed. Do not retry unless the user asks.`);
      }
      return;
    }
    const again = (ctx.callAgain ?? callDirectlyAgain)(spec.name);
    if (token !== undefined) {
      if (await tokens.redeem(spec.name, callerArgs, token, ctx.principal)) return;
      throw new ConfirmationRequiredError(
        `The confirmation token is not valid for ${spec.name} with these exact arguments (expired, already used, or issued for other arguments). ` +
          `Nothing was changed. To get a new one, ${again} but without confirmationToken, and use it only after the user confirms.`,
      );
    }
    const issued = await tokens.issue(spec.name, callerArgs, ctx.principal);
    throw new ConfirmationRequiredError(
      `${description} This client cannot ask the user directly, so nothing was changed. Show the user exactly this operation and ask for explicit confirmation. ` +
        `Only if the user confirms, ${again} plus confirmationToken="${issued}" (single use, expires in 5 minutes).`,
      issued,
    );
  }

  async function callOkta(
    spec: ToolSpec,
    request: OktaRequest,
    runtime: ReturnType<typeof readRuntimeArgs>,
    ctx: CallContext,
    finish: (d: AuditDecision, r: ToolResult, e?: Partial<AuditRecord>) => ToolResult,
    fail: (d: AuditDecision, e: unknown, x?: Partial<AuditRecord>) => ToolResult,
    readState: () => Promise<ReadBackOutcome | undefined>,
    leadingNotices: string[] = [],
  ): Promise<ToolResult> {
    let response: OktaResponse;
    try {
      response = await http.send(request, ctx.signal, ctx.auth);
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
      const items: unknown[] = [...body];
      let pages = 1;
      await ctx.progress?.(items.length, options.maxItems, `Fetched page 1 (${items.length} items)`);
      while (nextCursor && items.length < options.maxItems) {
        try {
          last = await http.send({ ...request, query: { ...request.query, after: nextCursor } }, ctx.signal, ctx.auth);
        } catch (err) {
          return fail("allowed", err, statusInfo);
        }
        if (!succeeded(last) || !Array.isArray(last.body)) return oktaFailure(last);
        items.push(...last.body);
        pages++;
        nextCursor = nextCursorFromLink(last.headers.get("link"));
        await ctx.progress?.(Math.min(items.length, options.maxItems), options.maxItems, `Fetched page ${pages} (${items.length} items)`);
      }
      let cutMidPage = false;
      if (items.length > options.maxItems) {
        // Cut mid-page: continue after the last item kept, not after the page (which would skip the items cut).
        const lastKept = items[options.maxItems - 1] as Record<string, unknown> | null;
        items.length = options.maxItems;
        nextCursor = typeof lastKept?.id === "string" ? lastKept.id : undefined;
        cutMidPage = true;
      }
      if (nextCursor) {
        notices.push(`Stopped at the cap of ${options.maxItems} items (more exist). Continue with after="${nextCursor}", or narrow the query with a filter or search.`);
      } else if (cutMidPage) {
        notices.push(`Stopped at the cap of ${options.maxItems} items (more exist, and these items carry no id to continue from). Narrow the query with a filter or search.`);
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
