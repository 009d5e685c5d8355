// run_playbook: one tool for every playbook (a playbook enum is cheaper in the model's context than a tool each).
// Listed when at least one playbook can run with the granted scopes; its enum names only those. This module is
// loaded at start-up, so it holds only what tools/list and argument checks need.
import { InvalidArgumentsError, OktaMcpError, ToolNotExposedError, toToolResult } from "../runtime/errors.js";
import type { CallContext, ToolResult } from "../runtime/execute-tool.js";
import type { ExtraTool } from "../runtime/inventory.js";
import { missingScopes } from "../runtime/scopes.js";
import type { ServedTool } from "../runtime/served-tools.js";
import { specLike, type WorkflowEnv, type WorkflowTool } from "../runtime/workflows.js";
import { GET_USER, PLAYBOOKS } from "./catalog.js";
import type { PlaybookInfo } from "./types.js";

export { PLAYBOOKS };
export const RUN_PLAYBOOK: ExtraTool = { name: "run_playbook", toolset: "playbooks", effect: "destructive" };
const LOG_CHECK = { attempts: 3, delayMs: 2_000 };
const BASE_ARGS = new Set(["playbook", "user", "execute", "confirmationToken"]);

/** Playbooks that can do something with these scopes: the user can be read, and at least one change is granted. */
function runnable(env: WorkflowEnv, granted: readonly string[]): PlaybookInfo[] {
  const ok = (operation: { method: string; path: string }) => {
    const spec = env.runner.operationFor(operation.method, operation.path);
    return spec !== undefined && missingScopes(spec.scopes, granted).length === 0;
  };
  return PLAYBOOKS.filter((p) => ok(GET_USER) && p.writes.some(ok));
}

function definition(env: WorkflowEnv, playbooks: PlaybookInfo[]): ServedTool {
  const options: Record<string, Record<string, unknown>> = {};
  for (const p of playbooks) {
    for (const [name, option] of Object.entries(p.options)) options[name] ??= OPTION_TEXT[name] ? { ...option.schema, description: OPTION_TEXT[name] } : { ...option.schema };
  }
  return {
    name: RUN_PLAYBOOK.name,
    title: "Run a security playbook",
    description:
      "Runs a security playbook on one user server-side. Without execute: the plan (steps, targets, scopes, skipped or blocked). " +
      "execute: true: the user confirms once, steps run in order; a failure stops the run and says how to resume. " +
      playbooks.map((p) => `${p.name}: ${p.summary}.`).join(" "),
    inputSchema: {
      type: "object",
      properties: {
        playbook: { type: "string", enum: playbooks.map((p) => p.name) },
        user: { type: "string", description: "Login or id." },
        ...options,
        execute: { type: "boolean" },
        ...(env.confirmEnabled ? { confirmationToken: { type: "string", description: "Token from the refused call; only after the user confirmed." } } : {}),
      },
      required: ["playbook", "user"],
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  };
}

const OPTION_TEXT: Record<string, string> = {
  hold: "Expire the password instead of suspending.",
  factorsSince: "Unenroll only factors enrolled since this ISO time.",
  quarantineGroupId: "Group to add the user to.",
  delete: "Delete after deactivating (permanent).",
  verification: "How the identity was verified (ticket, method).",
};

function readRequest(args: Record<string, unknown>, playbooks: readonly PlaybookInfo[]) {
  const name = args.playbook;
  const playbook = PLAYBOOKS.find((p) => p.name === name);
  if (!playbook) throw new InvalidArgumentsError(`"playbook" must be one of ${PLAYBOOKS.map((p) => p.name).join(", ")}.`);
  if (!playbooks.includes(playbook)) {
    throw new ToolNotExposedError(`Playbook ${playbook.name} cannot run with the granted scopes: it needs okta.users.read and the scopes of at least one of its changes. Call get_auth_status.`);
  }
  const user = args.user;
  if (typeof user !== "string" || !user.trim() || user.length > 256) throw new InvalidArgumentsError(`"user" must be the user's login or id (at most 256 characters).`);
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (BASE_ARGS.has(key) || value === undefined) continue;
    const option = Object.prototype.hasOwnProperty.call(playbook.options, key) ? playbook.options[key] : undefined;
    if (!option) {
      throw new InvalidArgumentsError(`Playbook ${playbook.name} takes no "${key}". Its options: ${Object.keys(playbook.options).join(", ") || "none"}.`);
    }
    const problem = option.check(value);
    if (problem) throw new InvalidArgumentsError(`"${key}" ${problem}.`);
    options[key] = value;
  }
  for (const key of playbook.required ?? []) {
    if (options[key] === undefined) throw new InvalidArgumentsError(`Playbook ${playbook.name} needs "${key}" (${OPTION_TEXT[key] ?? key}).`);
  }
  if (args.execute !== undefined && typeof args.execute !== "boolean") throw new InvalidArgumentsError(`"execute" must be true or false.`);
  if (args.confirmationToken !== undefined && typeof args.confirmationToken !== "string") throw new InvalidArgumentsError(`"confirmationToken" must be the string from the refused call.`);
  return { playbook, user: user.trim(), options, execute: args.execute === true, confirmationToken: args.confirmationToken as string | undefined };
}

export function createPlaybookTool(env: WorkflowEnv): WorkflowTool {
  return {
    name: RUN_PLAYBOOK.name,
    info: RUN_PLAYBOOK,
    definition(granted) {
      const playbooks = runnable(env, granted);
      return playbooks.length ? definition(env, playbooks) : undefined;
    },
    async run(args: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
      try {
        if (ctx.exposes && !ctx.exposes(specLike(RUN_PLAYBOOK))) throw new ToolNotExposedError("run_playbook is not exposed on this connection (its toolset or read-only selection).");
        const { playbook: info, ...request } = readRequest(args, runnable(env, await env.grantedScopes(ctx)));
        // The engine and the planner load on the first run: start-up loads only what tools/list needs.
        const [{ runPlaybook }, plan] = await Promise.all([import("./engine.js"), info.loadPlan()]);
        const { loadPlan: _load, ...meta } = info;
        const result = await runPlaybook(env, { ...request, playbook: { ...meta, plan } }, ctx, LOG_CHECK);
        // A run stopped mid-way is an error the model must see, never a quiet partial success.
        const failed = result.outcome === "failed";
        return { content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: result, ...(failed ? { isError: true } : {}) };
      } catch (err) {
        if (!(err instanceof OktaMcpError)) env.log.error(`run_playbook failed: ${(err as Error)?.stack ?? String(err)}`);
        return toToolResult(err);
      }
    },
  };
}
