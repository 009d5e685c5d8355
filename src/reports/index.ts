// security_report: one read-only tool for every report (a report enum costs less context than a tool each).
// The model gets a compact summary; the full rows are a resource (and a CSV file when asked), and an HTML page
// with charts is written when asked, in the directory the operator named. Loaded at start-up: definitions and
// argument checks only (run.ts does the work).
import { InvalidArgumentsError, OktaMcpError, ToolNotExposedError, toToolResult } from "../runtime/errors.js";
import type { CallContext, ToolResult } from "../runtime/execute-tool.js";
import type { ExtraTool } from "../runtime/inventory.js";
import { missingScopes } from "../runtime/scopes.js";
import type { ServedTool } from "../runtime/served-tools.js";
import { specLike, type WorkflowEnv, type WorkflowTool } from "../runtime/workflows.js";
import type { Operation } from "../playbooks/types.js";
import { DEFAULT_BASELINE, REPORTS } from "./catalog.js";
import type { ReportInfo } from "./types.js";

export { REPORTS };
export const SECURITY_REPORT: ExtraTool = { name: "security_report", toolset: "reports", effect: "read" };

const isoTime = (v: unknown) => typeof v === "string" && v.length <= 40 && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v));
const intIn = (v: unknown, min: number, max: number) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

const ARGS: Record<string, { schema: Record<string, unknown>; check(v: unknown): string | undefined }> = {
  days: { schema: { type: "integer", description: "No sign-in for this many days (default 90)." }, check: (v) => (intIn(v, 1, 3650) ? undefined : "must be a whole number of days from 1 to 3650") },
  hours: { schema: { type: "integer", description: "auth_events window ending now (default 24)." }, check: (v) => (intIn(v, 1, 2160) ? undefined : "must be a whole number of hours from 1 to 2160 (90 days)") },
  since: { schema: { type: "string", description: "auth_events window start (ISO)." }, check: (v) => (isoTime(v) ? undefined : "must be an ISO 8601 time") },
  until: { schema: { type: "string", description: "auth_events window end (ISO)." }, check: (v) => (isoTime(v) ? undefined : "must be an ISO 8601 time") },
  // Every key spelled out: some providers (Gemini) refuse an object argument without properties.
  baseline: {
    schema: {
      type: "object",
      description: "policy_posture overrides.",
      properties: Object.fromEntries(Object.entries(DEFAULT_BASELINE).map(([k, v]) => [k, k === "threatInsightAction" ? { type: "string", enum: ["block", "audit", "none"] } : { type: typeof v === "number" ? "integer" : "boolean" }])),
    },
    check: checkBaseline,
  },
  top: { schema: { type: "integer", description: "Top list length (default 10)." }, check: (v) => (intIn(v, 1, 50) ? undefined : "must be a whole number from 1 to 50") },
  html: { schema: { type: "string", description: "File name (.html) for a report with charts." }, check: (v) => (typeof v === "string" && v.length <= 100 ? undefined : "must be a file name") },
  csv: { schema: { type: "string", description: "File name (.csv) for all rows." }, check: (v) => (typeof v === "string" && v.length <= 100 ? undefined : "must be a file name") },
};

function checkBaseline(value: unknown): string | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return "must be an object of baseline keys";
  for (const [key, v] of Object.entries(value)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_BASELINE, key)) return `has an unknown key "${key.slice(0, 60)}" (known: ${Object.keys(DEFAULT_BASELINE).join(", ")})`;
    const expected = DEFAULT_BASELINE[key as keyof typeof DEFAULT_BASELINE];
    if (key === "threatInsightAction" ? !["block", "audit", "none"].includes(v as string) : typeof v !== typeof expected || (typeof v === "number" && !(Number.isInteger(v) && v >= 0 && v <= 100_000))) {
      return `key "${key}" must be ${key === "threatInsightAction" ? "block, audit or none" : typeof expected === "number" ? "a whole number" : "true or false"}`;
    }
  }
  return undefined;
}

function granted(env: WorkflowEnv, scopes: readonly string[], operation: Operation): boolean {
  const spec = env.runner.operationFor(operation.method, operation.path);
  return spec !== undefined && missingScopes(spec.scopes, scopes).length === 0;
}

const runnable = (env: WorkflowEnv, scopes: readonly string[]) => REPORTS.filter((r) => r.required.every((o) => granted(env, scopes, o)));

function definition(reports: readonly ReportInfo[]): ServedTool {
  return {
    name: SECURITY_REPORT.name,
    title: "Security audit report",
    description:
      "Read-only security report built server-side: counts, top items, and a resource with all rows. " +
      reports.map((r) => `${r.name}: ${r.summary}.`).join(" "),
    inputSchema: {
      type: "object",
      properties: { report: { type: "string", enum: reports.map((r) => r.name) }, ...Object.fromEntries(Object.entries(ARGS).map(([k, a]) => [k, a.schema])) },
      required: ["report"],
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  };
}

function readArgs(args: Record<string, unknown>, reports: readonly ReportInfo[]) {
  const report = REPORTS.find((r) => r.name === args.report);
  if (!report) throw new InvalidArgumentsError(`"report" must be one of ${REPORTS.map((r) => r.name).join(", ")}.`);
  if (!reports.includes(report)) throw new ToolNotExposedError(`Report ${report.name} needs scopes that are not granted; call get_auth_status.`);
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === "report" || value === undefined) continue;
    const arg = Object.prototype.hasOwnProperty.call(ARGS, key) ? ARGS[key] : undefined;
    if (!arg) throw new InvalidArgumentsError(`Unknown argument "${key.slice(0, 60)}" for security_report. Known: report, ${Object.keys(ARGS).join(", ")}.`);
    const problem = arg.check(value);
    if (problem) throw new InvalidArgumentsError(`"${key}" ${problem}.`);
    options[key] = value;
  }
  if (typeof options.since === "string" && typeof options.until === "string" && Date.parse(options.since) >= Date.parse(options.until)) {
    throw new InvalidArgumentsError(`"since" must be before "until".`);
  }
  return { report, options };
}

export function createReportTool(env: WorkflowEnv): WorkflowTool {
  return {
    name: SECURITY_REPORT.name,
    info: SECURITY_REPORT,
    definition(scopes) {
      const reports = runnable(env, scopes);
      return reports.length ? definition(reports) : undefined;
    },
    async run(args: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
      try {
        if (ctx.exposes && !ctx.exposes(specLike(SECURITY_REPORT))) throw new ToolNotExposedError("security_report is not exposed on this connection (its toolset selection).");
        const { report, options } = readArgs(args, runnable(env, await env.grantedScopes(ctx)));
        // The report code loads on the first report: start-up loads only what tools/list needs.
        const { runReport } = await import("./run.js");
        const result = await runReport(env, report, options, ctx);
        return { content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: result };
      } catch (err) {
        if (!(err instanceof OktaMcpError)) env.log.error(`security_report failed: ${(err as Error)?.stack ?? String(err)}`);
        return toToolResult(err);
      }
    },
  };
}
