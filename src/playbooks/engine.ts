// Plan, one confirmation, execute. The plan is read from the org's current state; the human approves exactly the
// steps that will run (the confirmation is bound to them); the steps run in order with progress; the first failure
// stops the run, and the result says what was done, what was not, and how to resume. Every request of the run
// leaves an audit record with the run id; the result matches each change to its System Log event.
import { randomUUID, createHash } from "node:crypto";
import type { ToolSpec } from "../tool-spec.js";
import type { CallContext } from "../runtime/execute-tool.js";
import { OktaApiError, OktaMcpError } from "../runtime/errors.js";
import type { OktaClient } from "../runtime/okta-client.js";
import { must } from "../runtime/okta-client.js";
import type { RunScope } from "../runtime/operation-runner.js";
import { missingScopes } from "../runtime/scopes.js";
import type { WorkflowEnv } from "../runtime/workflows.js";
import { auditValue } from "../runtime/audit.js";
import type { OperationSummary } from "../runtime/operation-summary.js";
import type { Operation, PlannedStep, Playbook, TargetUser } from "./types.js";

export type PlanStatus = "will_run" | "skip" | "blocked";

export interface EvaluatedStep {
  n: number;
  step: PlannedStep;
  spec: ToolSpec;
  status: PlanStatus;
  reason?: string;
}

export interface Plan {
  user: TargetUser;
  steps: EvaluatedStep[];
  notes: string[];
  /** Identifies the steps that will run and their targets: the confirmation is bound to it. */
  digest: string;
}

export interface PlaybookRequest {
  playbook: Playbook;
  /** The user as the caller named them (login or id). */
  user: string;
  options: Record<string, unknown>;
  execute: boolean;
  confirmationToken?: string;
}

/** How long to look for the System Log events of a run's changes (Okta indexes events within seconds). */
export interface LogCheckOptions {
  attempts: number;
  delayMs: number;
}

const TOOL = "run_playbook";
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function specOf(env: WorkflowEnv, operation: Operation): ToolSpec {
  const spec = env.runner.operationFor(operation.method, operation.path);
  // Every playbook operation is checked against the generated table by a test; this is the run-time guard.
  if (!spec) throw new OktaMcpError("ERR_TOOL_NOT_EXPOSED", `${operation.method} ${operation.path} is not in the generated tool table; add it to tools.allowlist.yaml.`);
  return spec;
}

async function lookUpUser(client: OktaClient, ref: string): Promise<TargetUser> {
  const user = must(await client.GET("/api/v1/users/{id}", { params: { path: { id: ref } } }));
  // Okta's answer is data: only a plausible id goes into later paths (the request builder encodes it as well).
  if (typeof user.id !== "string" || !SAFE_ID.test(user.id)) throw new OktaApiError(`Okta returned a user without a usable id for "${ref}".`, { status: 200 });
  return { id: user.id, login: typeof user.profile?.login === "string" ? user.profile.login : ref, status: String(user.status ?? "UNKNOWN") };
}

export async function buildPlan(env: WorkflowEnv, request: PlaybookRequest, client: OktaClient, ctx: CallContext): Promise<Plan> {
  const granted = await env.grantedScopes(ctx);
  const scopesOf = (operation: Operation) => specOf(env, operation).scopes;
  const user = await lookUpUser(client, request.user);
  const { steps, notes = [] } = await request.playbook.plan({
    client,
    user,
    options: request.options,
    canCall: (operation) => missingScopes(scopesOf(operation), granted).length === 0,
    scopesOf,
  });
  const evaluated = steps.map((step, i): EvaluatedStep => {
    const spec = specOf(env, step.operation);
    const missing = missingScopes(spec.scopes, granted);
    if (step.skip) return { n: i + 1, step, spec, status: "skip", reason: step.skip };
    if (step.blockedBy) return { n: i + 1, step, spec, status: "blocked", reason: step.blockedBy.reason };
    if (missing.length) return { n: i + 1, step, spec, status: "blocked", reason: `needs ${missing.join(" ")}, which is not granted` };
    return { n: i + 1, step, spec, status: "will_run" };
  });
  const willRun = evaluated.filter((e) => e.status === "will_run").map((e) => `${e.step.id}|${e.step.target}`);
  const digest = createHash("sha256").update(`${request.playbook.name}\n${user.id}\n${willRun.join("\n")}`).digest("hex").slice(0, 16);
  return { user, steps: evaluated, notes, digest };
}

function planEntry(e: EvaluatedStep) {
  return {
    n: e.n,
    action: e.step.action,
    target: e.step.target,
    tool: e.spec.name,
    scopes: e.spec.scopes,
    status: e.status,
    ...(e.reason ? { reason: e.reason } : {}),
  };
}

/**
 * What the human approves, in the shape every confirmation channel shows (elicitation text, approval page, token
 * refusal): every change that will run with its exact target and request, in order, and what will not run and why.
 */
export function summarizePlan(env: WorkflowEnv, playbook: Playbook, plan: Plan, options: Record<string, unknown>): OperationSummary {
  const runs = plan.steps.filter((e) => e.status === "will_run");
  const others = plan.steps.filter((e) => e.status !== "will_run");
  const shownOptions = Object.entries(auditValue(options) as Record<string, unknown>).map(([k, v]) => `${k}=${JSON.stringify(v)}`.slice(0, 200));
  return {
    tool: TOOL,
    title: `${playbook.title} for ${plan.user.login} (${plan.user.id})` + (shownOptions.length ? `, with ${shownOptions.join(", ")}` : ""),
    reason: "destructive",
    method: "PLAYBOOK",
    url: env.orgUrl,
    steps: runs.map((e) => `${e.step.action}: ${e.step.target} (${e.spec.name}, ${e.spec.method} ${env.orgUrl}${e.spec.path}).`),
    state: `user status ${plan.user.status}`,
    undo: "These changes cannot be undone by this playbook.",
    ...(others.length ? { note: `Not run: ${others.map((e) => `${e.step.action} (${e.status === "skip" ? "unnecessary" : "blocked"}: ${e.reason})`).join("; ")}.` } : {}),
  };
}

function newRun(ctx: CallContext): RunScope {
  return { runId: `run_${randomUUID()}`, maxEffect: "destructive", readAudit: "each", signal: ctx.signal, auth: ctx.auth, principal: ctx.principal };
}

const stepRequestId = (call: { response: Response }) => call.response.headers.get("x-okta-request-id") ?? undefined;

interface StepOutcome {
  n: number;
  action: string;
  target: string;
  tool: string;
  status: "done" | "failed" | "not_run" | "skipped" | "blocked";
  reason?: string;
  oktaRequestId?: string;
  error?: { code: string; message: string; oktaErrorCode?: string; status?: number };
  systemLog?: { eventType: string; published: string; uuid: string } | "not_found_yet";
}

/** Finds each change's System Log event by its request id (transaction.id), waiting a little for Okta to index them. */
async function matchSystemLog(client: OktaClient, userId: string, outcomes: StepOutcome[], check: LogCheckOptions, signal?: AbortSignal): Promise<string | undefined> {
  const pending = () => outcomes.filter((o) => o.oktaRequestId && o.systemLog === "not_found_yet");
  // A failed request usually leaves no event: it is looked for, but never waited for.
  const awaited = () => pending().filter((o) => o.status === "done");
  for (const o of outcomes) if (o.oktaRequestId && (o.status === "done" || o.status === "failed")) o.systemLog = "not_found_yet";
  for (let attempt = 0; attempt < check.attempts && awaited().length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, check.delayMs));
    if (signal?.aborted) break;
    const events = must(await client.GET("/api/v1/logs", { params: { query: { filter: `target.id eq "${userId}"`, sortOrder: "DESCENDING", limit: 200 } } }));
    const byTransaction = new Map<string, (typeof events)[number]>();
    for (const event of events) {
      const id = event.transaction?.id;
      if (typeof id === "string" && !byTransaction.has(id)) byTransaction.set(id, event);
    }
    for (const o of pending()) {
      const event = byTransaction.get(o.oktaRequestId!);
      if (event) o.systemLog = { eventType: String(event.eventType), published: String(event.published), uuid: String(event.uuid) };
    }
  }
  for (const o of pending()) if (o.status === "failed") delete o.systemLog;
  const missing = pending();
  return missing.length
    ? `${missing.length} change(s) not yet in the System Log (Okta indexes events within a few minutes): search it for transaction.id eq "<oktaRequestId>" later.`
    : undefined;
}

export async function runPlaybook(env: WorkflowEnv, request: PlaybookRequest, ctx: CallContext, logCheck: LogCheckOptions): Promise<Record<string, unknown>> {
  const run = newRun(ctx);
  const client = env.client(run);
  const { playbook } = request;
  try {
    run.step = "plan";
    let plan = await buildPlan(env, request, client, ctx);
    const counts = (p: Plan) => Object.fromEntries((["will_run", "skip", "blocked"] as const).map((s) => [s, p.steps.filter((e) => e.status === s).length]));
    const head = { runId: run.runId, playbook: playbook.name, user: { id: plan.user.id, login: plan.user.login, status: plan.user.status } };
    const willRun = plan.steps.filter((e) => e.status === "will_run");
    if (!request.execute || willRun.length === 0) {
      return {
        ...head,
        mode: request.execute ? "nothing_to_do" : "plan",
        counts: counts(plan),
        steps: plan.steps.map(planEntry),
        ...(plan.notes.length ? { notes: plan.notes } : {}),
        next: willRun.length
          ? `Show the user this plan. To run the ${willRun.length} will_run step(s), call run_playbook again with the same arguments and execute: true; the user is asked to confirm once.`
          : "Nothing to change: every step is unnecessary or blocked (see reasons).",
      };
    }

    if (!env.confirmEnabled) run.confirmation = { via: "off" };
    if (env.confirmEnabled) {
      run.step = "confirm";
      const bindArgs = { playbook: playbook.name, user: request.user, options: request.options, plan: plan.digest };
      const via = await env.confirm({ summary: summarizePlan(env, playbook, plan, request.options), bindArgs, token: request.confirmationToken }, ctx);
      run.confirmation = { via, outcome: "approved" };
      if (via !== "token") {
        // A human may take minutes to answer (the token was redeemed against a plan read just now): run only if
        // the org still needs exactly what was approved.
        run.step = "replan";
        const again = await buildPlan(env, request, client, ctx);
        if (again.digest !== plan.digest) {
          return {
            ...head,
            mode: "changed_while_confirming",
            counts: counts(again),
            steps: again.steps.map(planEntry),
            next: "The org changed while the user was confirming, so nothing was changed. Show the user this new plan and run again if they still want it.",
          };
        }
        plan = again;
      }
    }

    const total = plan.steps.filter((e) => e.status === "will_run").length;
    const outcomes: StepOutcome[] = [];
    let failed: StepOutcome | undefined;
    let done = 0;
    for (const e of plan.steps) {
      const base = { n: e.n, action: e.step.action, target: e.step.target, tool: e.spec.name };
      if (e.status !== "will_run") {
        outcomes.push({ ...base, status: e.status === "skip" ? "skipped" : "blocked", reason: e.reason });
        continue;
      }
      if (failed) {
        outcomes.push({ ...base, status: "not_run" });
        continue;
      }
      run.step = e.step.id;
      await ctx.progress?.(done, total, `Step ${done + 1}/${total}: ${e.step.action}`);
      try {
        const call = await e.step.run(client);
        done++;
        outcomes.push({ ...base, status: "done", oktaRequestId: stepRequestId(call) });
      } catch (err) {
        failed = { ...base, status: "failed", error: errorOf(err), oktaRequestId: err instanceof OktaApiError ? err.requestId : undefined };
        outcomes.push(failed);
      }
    }
    await ctx.progress?.(done, total, failed ? `Stopped at step ${failed.n}: ${failed.action}` : `All ${total} steps done`);

    run.step = "verify";
    const after: Record<string, unknown> = {};
    try {
      after.statusAfter = (await lookUpUser(client, plan.user.id)).status;
    } catch (err) {
      after.statusAfterError = errorOf(err).message;
    }
    const logsSpec = env.runner.operationFor("GET", "/api/v1/logs");
    const granted = await env.grantedScopes(ctx);
    let logNote: string | undefined;
    if (logsSpec && missingScopes(logsSpec.scopes, granted).length === 0) {
      try {
        logNote = await matchSystemLog(client, plan.user.id, outcomes, logCheck, ctx.signal);
      } catch (err) {
        logNote = `Could not read the System Log: ${errorOf(err).message}`;
      }
    } else {
      logNote = "System Log not checked: okta.logs.read is not granted.";
    }

    const notRun = outcomes.filter((o) => o.status === "not_run").length;
    if (failed && failed.error?.code === "ERR_INTERNAL") env.log.error(`playbook ${playbook.name} step ${failed.action} failed unexpectedly`);
    return {
      ...head,
      user: { ...head.user, statusBefore: plan.user.status, ...after },
      mode: "execute",
      outcome: failed ? "failed" : "completed",
      summary: `${done} done, ${failed ? 1 : 0} failed, ${notRun} not run, ${outcomes.filter((o) => o.status === "skipped").length} skipped, ${outcomes.filter((o) => o.status === "blocked").length} blocked`,
      steps: outcomes,
      ...(logNote ? { systemLogNote: logNote } : {}),
      ...(failed
        ? {
            error: { code: failed.error?.code ?? "ERR_INTERNAL", message: `Stopped at step ${failed.n} (${failed.action}): ${failed.error?.message ?? "failed"}` },
            resume:
              `Step ${failed.n} (${failed.action}) failed and nothing after it ran; steps marked done stay done. Fix the cause (${failed.error?.message.slice(0, 200)}) ` +
              `and call run_playbook again with the same arguments: the plan is rebuilt from the org's current state, so changes Okta shows as made (status, memberships, factors, roles) come back as unnecessary, ` +
              `and the rest run after a new confirmation. Sign-out and token or grant revocation are repeated, which is harmless.`,
          }
        : {}),
    };
  } finally {
    env.runner.finish(run);
  }
}

function errorOf(err: unknown): NonNullable<StepOutcome["error"]> {
  if (err instanceof OktaApiError) return { code: err.code, message: err.message, status: err.status, ...(err.errorCode ? { oktaErrorCode: err.errorCode } : {}) };
  if (err instanceof OktaMcpError) return { code: err.code, message: err.message };
  return { code: "ERR_INTERNAL", message: "Internal error in okta-mcp-server (see the server log on stderr)." };
}
