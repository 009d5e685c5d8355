// Runs one report: a read-only run on the typed client, paced under Okta's rate limits, whose summary goes to the
// model, whose rows become a resource, and whose HTML and CSV files are written when asked. Loaded on the first report.
import { randomUUID } from "node:crypto";
import type { CallContext } from "../runtime/execute-tool.js";
import type { RunScope } from "../runtime/operation-runner.js";
import { missingScopes } from "../runtime/scopes.js";
import type { WorkflowEnv } from "../runtime/workflows.js";
import type { Operation } from "../playbooks/types.js";
import { toCsv, toHtml, writeReportFile } from "./output.js";
import { createPacer } from "./pacer.js";
import type { ReportContext, ReportInfo } from "./types.js";

/** Per-user reads in flight at once (the shared HTTP client bounds the total as well). */
const CONCURRENCY = 8;

function granted(env: WorkflowEnv, scopes: readonly string[], operation: Operation): boolean {
  const spec = env.runner.operationFor(operation.method, operation.path);
  return spec !== undefined && missingScopes(spec.scopes, scopes).length === 0;
}

/** Runs `work` over items with a few workers; the first error stops the others from taking more. */
async function parallel<T>(items: readonly T[], work: (item: T) => Promise<void>, onDone?: (done: number) => Promise<void> | void): Promise<void> {
  let next = 0;
  let done = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (err) {
        failure ??= err;
        return;
      }
      done++;
      await onDone?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

export async function runReport(env: WorkflowEnv, report: ReportInfo, options: Record<string, unknown>, ctx: CallContext) {
  const started = Date.now();
  const pacer = createPacer({ signal: ctx.signal });
  let orgNow: number | undefined;
  const run: RunScope = {
    runId: `run_${randomUUID()}`,
    step: report.name,
    signal: ctx.signal,
    maxEffect: "read",
    readAudit: "summary",
    auth: ctx.auth,
    principal: ctx.principal,
    beforeSend: (spec) => pacer.beforeSend(spec),
    observe(spec, response) {
      pacer.observe(spec, response);
      const date = Date.parse(response?.headers.get("date") ?? "");
      if (!Number.isNaN(date)) orgNow = date;
    },
  };
  const scopes = await env.grantedScopes(ctx);
  let tick = 0;
  const context: ReportContext = {
    client: env.client(run),
    options,
    top: typeof options.top === "number" ? options.top : 10,
    asOf: () => orgNow ?? env.now().getTime(),
    canCall: (operation) => granted(env, scopes, operation),
    scopesOf: (operation) => env.runner.operationFor(operation.method, operation.path)?.scopes ?? [],
    progress: async (message) => void (await ctx.progress?.(++tick, undefined, message)),
    parallel,
  };
  try {
    const output = await (await report.load())(context);
    const generatedAt = new Date(context.asOf()).toISOString();
    const resources = output.tables.map((table) => ({
      uri: `okta://reports/${run.runId}/${table.name}.csv`,
      name: `${report.name}-${table.name}`,
      title: `${report.title}: ${table.title} (${generatedAt})`,
      mimeType: "text/csv",
      text: () => toCsv(table),
    }));
    env.resources.add(run.runId, resources, ctx.principal);
    const files: Record<string, string> = {};
    if (typeof options.html === "string") files.html = writeReportFile(env.reportDir, options.html, ".html", toHtml(report.title, generatedAt, env.orgUrl, output));
    if (typeof options.csv === "string" && output.tables[0]) files.csv = writeReportFile(env.reportDir, options.csv, ".csv", toCsv(output.tables[0]));
    const requests = Object.values(pacer.stats.requests).reduce((a, b) => a + b, 0);
    return {
      runId: run.runId,
      report: report.name,
      generatedAt,
      headline: output.headline,
      ...output.summary,
      rows: output.tables.map((t, i) => ({ resource: resources[i].uri, rows: t.rows.length, columns: t.columns })),
      ...(Object.keys(files).length ? { files } : {}),
      ...(output.notes?.length ? { notes: output.notes } : {}),
      cost: {
        requests,
        byOperation: pacer.stats.requests,
        durationMs: Date.now() - started,
        rateLimitWaits: pacer.stats.waits,
        rateLimitWaitedMs: pacer.stats.waitedMs,
        lowestRateLimitRemainingPct: Math.round(pacer.stats.lowestRemainingShare * 1000) / 10,
      },
    };
  } finally {
    env.runner.finish(run);
  }
}

