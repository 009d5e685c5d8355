// The hand-written tools that run many Okta calls server-side, on the typed client: playbooks and reports.
// The CLI hands this module to the runtime (src/runtime/workflows.ts is the contract).
import { createPlaybookTool, RUN_PLAYBOOK } from "./playbooks/index.js";
import { createReportTool, SECURITY_REPORT } from "./reports/index.js";
import type { ExtraTool } from "./runtime/inventory.js";
import type { WorkflowEnv, WorkflowModule, WorkflowTool } from "./runtime/workflows.js";

export const workflowTools: readonly ExtraTool[] = [RUN_PLAYBOOK, SECURITY_REPORT];

export function createWorkflowTools(env: WorkflowEnv): WorkflowTool[] {
  return [createPlaybookTool(env), createReportTool(env)];
}

export const workflows: WorkflowModule = { workflowTools, createWorkflowTools };
