// The contract between the runtime and the hand-written tools that run many Okta calls themselves (playbooks in
// src/playbooks/, reports in src/reports/). They get a typed client per run and the confirmation stage; the runtime
// selects, lists, audits and serves them like the table's tools.
import type { ToolSpec } from "../tool-spec.js";
import type { ConfirmationChannel } from "./audit.js";
import type { BuiltinTool, CallContext } from "./execute-tool.js";
import type { OperationSummary } from "./operation-summary.js";
import type { ExtraTool } from "./inventory.js";
import type { Logger } from "./logger.js";
import type { OktaClient } from "./okta-client.js";
import type { OperationRunner, RunScope } from "./operation-runner.js";
import type { ServedTool } from "./served-tools.js";

/** A resource a workflow made (a report's full rows): served under okta://reports/. */
export interface WorkflowResource {
  uri: string;
  name: string;
  title: string;
  mimeType: string;
  /** Built on read, so a large table costs memory only while it is read. */
  text(): string;
}

/**
 * Recent resources, bounded: the oldest run's resources go when a new run comes past the limit. In remote mode each
 * run belongs to the admin who made it, and only they can list or read it.
 */
export interface WorkflowResources {
  add(runId: string, resources: WorkflowResource[], principal?: string): void;
  list(principal?: string): WorkflowResource[];
  read(uri: string, principal?: string): WorkflowResource | undefined;
}

export interface WorkflowEnv {
  orgUrl: string;
  runner: OperationRunner;
  /** A typed client whose every request goes through the runner with this run's scope. */
  client(run: RunScope): OktaClient;
  /** The scopes of the call's credentials (remote mode: the signed-in admin's). */
  grantedScopes(ctx?: CallContext): Promise<string[]>;
  /**
   * The confirmation stage destructive tools use (elicitation, else the approval page, else the opt-in token),
   * for a whole plan. `bindArgs` is everything the approval covers (a token is valid for exactly these values).
   * Resolves with the channel that approved; throws ConfirmationRequiredError or ConfirmationDeclinedError.
   */
  confirm(ask: { summary: OperationSummary; bindArgs: Record<string, unknown>; token?: string }, ctx: CallContext): Promise<ConfirmationChannel>;
  /** False with --no-confirm. */
  confirmEnabled: boolean;
  resources: WorkflowResources;
  /** The directory the operator named for report files (--report-dir); undefined = files are not written. */
  reportDir?: string;
  log: Logger;
  now(): Date;
}

export interface WorkflowTool extends BuiltinTool {
  readonly info: ExtraTool;
  /** The tools/list entry for these granted scopes; undefined when nothing of it can run. */
  definition(granted: readonly string[]): ServedTool | undefined;
}

export interface WorkflowModule {
  /** Names, toolsets and effects, known before the runtime exists (for --toolsets and --tools checks). */
  workflowTools: readonly ExtraTool[];
  createWorkflowTools(env: WorkflowEnv): WorkflowTool[];
}

export function createResourceStore(maxRuns = 10): WorkflowResources {
  const runs = new Map<string, { principal?: string; resources: WorkflowResource[] }>();
  const mine = (principal?: string) => [...runs.values()].filter((run) => run.principal === principal);
  return {
    add(runId, resources, principal) {
      runs.delete(runId);
      runs.set(runId, { principal, resources });
      while (runs.size > maxRuns) runs.delete(runs.keys().next().value as string);
    },
    list: (principal) => mine(principal).flatMap((run) => run.resources).reverse(),
    read(uri, principal) {
      for (const run of mine(principal)) for (const resource of run.resources) if (resource.uri === uri) return resource;
      return undefined;
    },
  };
}

/** A hand-written tool seen as the table's tools are by selection and narrowing code (name, toolset, effect). */
export function specLike(tool: ExtraTool): ToolSpec {
  return { name: tool.name, operationId: tool.name, toolset: tool.toolset, effect: tool.effect } as ToolSpec;
}

