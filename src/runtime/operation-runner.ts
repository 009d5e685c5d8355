// Sends one request of hand-written code (playbooks, reports) with the guarantees of a tool call: the operation must
// be a tool of the generated table (so the allowlist holds its facts), its effect must fit the run, its scopes are
// checked against the grant before every request, the request is built by the tools' request builder (path encoding,
// allowlist defaults and presets), it goes through the shared HTTP client (timeout, rate-limit waits, retries,
// concurrency bound), and it leaves an audit record carrying the run id and Okta's request id.
// Confirmation is not here: a playbook asks the human once for its whole plan before its first change.
import { randomUUID } from "node:crypto";
import type { Effect, ToolCatalog, ToolSpec } from "../tool-spec.js";
import type { OktaAuth } from "./auth/types.js";
import { type AuditDecision, type AuditLog, type AuditRecord, auditValue, type ConfirmationChannel, tryWriteAudit, writeAuditRecord } from "./audit.js";
import { AuditUnavailableError, OktaMcpError, ScopeDeniedError, ToolNotExposedError } from "./errors.js";
import type { OktaHttp, OktaResponse } from "./http.js";
import type { Logger } from "./logger.js";
import { buildRequest, type OktaRequest } from "./request-builder.js";
import { missingScopes, scopeDeniedMessage } from "./scopes.js";

const EFFECT_RANK: Record<Effect, number> = { read: 0, write: 1, destructive: 2 };

/** One playbook or report run: what every request of the run shares. */
export interface RunScope {
  readonly runId: string;
  /** The step the next requests belong to (the caller moves it on). */
  step?: string;
  signal?: AbortSignal;
  /** The most a request of this run may do: reports run with "read", so a write fails closed before it leaves. */
  readonly maxEffect: Effect;
  /** Reads: one audit record per request ("each"), or one per operation when the run ends ("summary", for reports of thousands of reads). */
  readonly readAudit: "each" | "summary";
  /** Remote mode: the signed-in admin's credentials, used for the scope check and the requests. */
  readonly auth?: OktaAuth;
  /** Remote mode: who runs it, for the audit records. */
  readonly principal?: string;
  /** How the human approved the run's changes (set once they did), for the intent records. */
  confirmation?: { via: ConfirmationChannel; outcome?: "approved" };
  /** Waits before a request (a report's rate-limit pacing). */
  beforeSend?(spec: ToolSpec): Promise<void>;
  /** Sees the end of every request sent: its answer, or undefined when none came (network error, timeout). */
  observe?(spec: ToolSpec, response: OktaResponse | undefined): void;
}

interface ReadTally {
  spec: ToolSpec;
  step?: string;
  requests: number;
  statuses: Record<string, number>;
  firstRequestId?: string;
  lastRequestId?: string;
  started: number;
  durationMs: number;
}

export interface OperationRunner {
  /** The table's tool for an operation (method + path template), or undefined when it is not allowlisted. */
  operationFor(method: string, pathTemplate: string): ToolSpec | undefined;
  /** Sends one request; any HTTP status comes back (the caller decides what a 404 means). Throws OktaMcpError when refused. */
  send(spec: ToolSpec, args: Record<string, unknown>, run: RunScope): Promise<OktaResponse>;
  /** Writes the summary records of a run's reads ("summary" mode). Call once when the run ends. */
  finish(run: RunScope): void;
}

export interface OperationRunnerDeps {
  catalog: ToolCatalog;
  auth: OktaAuth;
  http: OktaHttp;
  audit: AuditLog;
  log: Logger;
  /** Whether configuration lets hand-written code use this operation (a run-time --allowlist, --read-only). */
  permits?(spec: ToolSpec): boolean;
}

export function createOperationRunner(deps: OperationRunnerDeps): OperationRunner {
  const { auth, http, audit, log } = deps;
  // One tool per operation: several tools may share one (list_users and get_user_profile_attributes); the one
  // without presets is the plain operation, and presets would silently change what the code asked for.
  const byOperation = new Map<string, ToolSpec>();
  for (const spec of deps.catalog.tools) {
    const key = `${spec.method} ${spec.path}`;
    const known = byOperation.get(key);
    if (!known || (known.presets && !spec.presets)) byOperation.set(key, spec);
  }
  const tallies = new Map<string, Map<string, ReadTally>>();

  function base(spec: ToolSpec, run: RunScope, callId: string) {
    return {
      callId,
      tool: spec.name,
      operationId: spec.operationId,
      method: spec.method,
      path: spec.path,
      requiredScopes: spec.scopes,
      runId: run.runId,
      ...(run.step ? { step: run.step } : {}),
      ...(run.principal !== undefined ? { principal: run.principal } : {}),
    };
  }

  /** One whole record: a read, a refusal, or the outcome of a change (phase given). */
  function record(spec: ToolSpec, run: RunScope, started: number, fields: Partial<AuditRecord> & { decision: AuditDecision; callId: string }): void {
    writeAuditRecord(
      audit,
      {
        phase: "call",
        time: new Date(started).toISOString(),
        tool: spec.name,
        operationId: spec.operationId,
        method: spec.method,
        path: spec.path,
        requiredScopes: spec.scopes,
        durationMs: Date.now() - started,
        runId: run.runId,
        ...(run.step ? { step: run.step } : {}),
        ...(run.principal !== undefined ? { principal: run.principal } : {}),
        ...fields,
      },
      log,
    );
  }

  function tally(spec: ToolSpec, run: RunScope, started: number, response: OktaResponse): void {
    let perRun = tallies.get(run.runId);
    if (!perRun) tallies.set(run.runId, (perRun = new Map()));
    const key = `${spec.name} ${run.step ?? ""}`;
    let entry = perRun.get(key);
    if (!entry) perRun.set(key, (entry = { spec, step: run.step, requests: 0, statuses: {}, started, durationMs: 0 }));
    entry.requests++;
    entry.statuses[response.status] = (entry.statuses[response.status] ?? 0) + 1;
    entry.firstRequestId ??= response.requestId;
    entry.lastRequestId = response.requestId ?? entry.lastRequestId;
    entry.durationMs += Date.now() - started;
  }

  return {
    operationFor: (method, pathTemplate) => byOperation.get(`${method.toUpperCase()} ${pathTemplate}`),

    async send(spec, args, run) {
      const started = Date.now();
      const callId = randomUUID();
      const shown = auditValue(args);
      const refuse = (decision: AuditDecision, err: OktaMcpError, extra: Partial<AuditRecord> = {}): never => {
        record(spec, run, started, { callId, decision, arguments: shown, errorCode: err.code, ...extra });
        throw err;
      };
      if (deps.permits && !deps.permits(spec)) {
        refuse("denied", new ToolNotExposedError(`${spec.name} (${spec.method} ${spec.path}) is excluded by this server's configuration (--allowlist or --read-only), so this run cannot use it.`));
      }
      if (EFFECT_RANK[spec.effect] > EFFECT_RANK[run.maxEffect]) {
        refuse("denied", new ToolNotExposedError(`${spec.name} changes the org (${spec.effect}); this run may only ${run.maxEffect === "read" ? "read" : "make confirmed changes"}.`));
      }
      let granted: string[];
      try {
        granted = await (run.auth ?? auth).grantedScopes();
      } catch (err) {
        return refuse("denied", err instanceof OktaMcpError ? err : new ToolNotExposedError(`Could not read the granted scopes: ${(err as Error).message}`));
      }
      if (missingScopes(spec.scopes, granted).length) {
        refuse("denied", new ScopeDeniedError(scopeDeniedMessage(spec.name, spec.scopes, granted), spec.scopes, granted), { grantedScopes: granted });
      }
      let request: OktaRequest;
      try {
        request = buildRequest(spec, args);
      } catch (err) {
        return refuse("refused", err as OktaMcpError, { grantedScopes: granted });
      }
      const change = spec.effect !== "read";
      if (change) {
        // No record, no request: the intent of a change is on disk (fsync'd) before the change leaves.
        const why = tryWriteAudit(
          audit,
          {
            ...base(spec, run, callId),
            time: new Date().toISOString(),
            phase: "intent",
            path: request.path,
            arguments: shown,
            request: {
              ...(Object.keys(request.query).length ? { query: auditValue(request.query) } : {}),
              ...(Object.keys(request.headers).length ? { headers: auditValue(request.headers) } : {}),
              ...(request.body !== undefined ? { body: auditValue(request.body) } : {}),
            },
            grantedScopes: granted,
            ...(run.confirmation ? { confirmation: run.confirmation } : {}),
          },
          log,
          true,
        );
        if (why) throw new AuditUnavailableError(`The audit record of ${spec.name} could not be written (${why}), so nothing was sent to Okta. Fix the audit log (free disk space, or check --audit-log) and run again.`);
      }
      const done = change ? { phase: "outcome" as const } : { arguments: shown, grantedScopes: granted };
      await run.beforeSend?.(spec);
      let response: OktaResponse;
      try {
        response = await http.send(request, run.signal, run.auth);
      } catch (err) {
        run.observe?.(spec, undefined);
        const code = err instanceof OktaMcpError ? err.code : "ERR_INTERNAL";
        record(spec, run, started, { callId, decision: "allowed", path: request.path, errorCode: code, ...done });
        throw err;
      }
      run.observe?.(spec, response);
      const failed = response.status < 200 || response.status >= 300;
      if (!change && run.readAudit === "summary" && !failed) {
        tally(spec, run, started, response);
      } else {
        record(spec, run, started, { callId, decision: "allowed", path: request.path, status: response.status, ...(response.requestId ? { oktaRequestId: response.requestId } : {}), ...done });
      }
      return response;
    },

    finish(run) {
      const perRun = tallies.get(run.runId);
      tallies.delete(run.runId);
      for (const entry of perRun?.values() ?? []) {
        writeAuditRecord(
          audit,
          {
            time: new Date(entry.started).toISOString(),
            callId: randomUUID(),
            phase: "call",
            tool: entry.spec.name,
            operationId: entry.spec.operationId,
            method: entry.spec.method,
            path: entry.spec.path,
            arguments: { requests: entry.requests, statuses: entry.statuses, firstOktaRequestId: entry.firstRequestId },
            requiredScopes: entry.spec.scopes,
            decision: "allowed",
            status: Number(Object.keys(entry.statuses)[0]),
            ...(entry.lastRequestId ? { oktaRequestId: entry.lastRequestId } : {}),
            durationMs: entry.durationMs,
            runId: run.runId,
            ...(entry.step ? { step: entry.step } : {}),
            ...(run.principal !== undefined ? { principal: run.principal } : {}),
          },
          log,
        );
      }
    },
  };
}
