// Security reports on the large sandbox org (10,000 users, 100,000 System Log events): time, requests and summary
// tokens per report, through the CLI and a real MCP client, with the org in its own process enforcing Okta's
// documented per-minute limits (429 past them) over shortened windows, so the reports' pacing is exercised without
// waiting minutes. From the requests per bucket it projects the shortest time the same report can take on a real
// org without exceeding those limits.
import { performance } from "node:perf_hooks";
import { bucketOf } from "../src/sandbox/rate-limit.js";
import { openMcpSession, resultText } from "./lib/mcp-session.js";
import { startExternalSandbox } from "./lib/external-sandbox.js";
import { countTokens } from "./lib/tokens.js";

export interface ReportBenchRow {
  report: string;
  timeMs: number;
  /** Requests the report sent (its own count), and what the org saw (retries included). */
  requests: number;
  orgRequests: number;
  byBucket: Record<string, number>;
  /** 429s the org answered because a bucket was exceeded: must be 0. */
  rateLimited: number;
  waits: number;
  waitedMs: number;
  summaryTokens: number;
  /** Minutes the same requests need at least on a real org at Okta's documented limits, keeping 10% in reserve. */
  projectedMinutes: { workforce: number; enterprise: number };
  headline: string;
}

export interface ReportBenchResult {
  org: { users: number; logEvents: number; startMs: number; windowMs: number };
  rows: ReportBenchRow[];
}

/** Okta's documented per-minute limits, Enterprise column, per sandbox bucket (Workforce is the sandbox's own). */
const ENTERPRISE: Record<string, number> = { users: 600, "users/{id} GET": 1000, "users/{id}": 600, groups: 600, "groups/{id}": 600, apps: 100, "apps/{id}": 600, logs: 50, "api/v1": 600 };

const REPORTS: { name: string; args: Record<string, unknown> }[] = [
  { name: "mfa_coverage", args: {} },
  { name: "stale_accounts", args: { days: 90 } },
  { name: "admin_roles", args: {} },
  { name: "auth_events", args: { hours: 24 * 7 } },
  { name: "policy_posture", args: {} },
];

const READ_SCOPES = "okta.users.read okta.groups.read okta.roles.read okta.logs.read okta.policies.read okta.threatInsights.read okta.networkZones.read";

export async function measureReports(options: {
  node: string;
  cliArgs: string[];
  sandboxModule: string;
  windowMs: number;
  timeoutMs: number;
  log: (line: string) => void;
}): Promise<ReportBenchResult> {
  const t0 = performance.now();
  const org = await startExternalSandbox(options.sandboxModule, options.timeoutMs, { size: "large", rateLimits: { enforce: true, windowMs: options.windowMs } });
  const startMs = performance.now() - t0;
  const stats = async () => (await (await fetch(`${org.url}/__sandbox/stats`, { method: "POST" })).json()) as { requests: number; rateLimited: number; byBucket: Record<string, number> };
  const session = await openMcpSession(options.node, options.cliArgs, options.timeoutMs, { OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.token, OKTA_SCOPES: READ_SCOPES });
  const rows: ReportBenchRow[] = [];
  try {
    for (const { name, args } of REPORTS) {
      options.log(`report ${name} on 10,000 users…`);
      const before = await stats();
      const started = performance.now();
      const result = await session.client.callTool({ name: "security_report", arguments: { report: name, ...args } }, { timeout: 30 * 60_000, resetTimeoutOnProgress: true, onprogress: () => {} } as never);
      const timeMs = performance.now() - started;
      if (result.isError) throw new Error(`${name}: ${resultText(result).slice(0, 300)}`);
      const after = await stats();
      const s = result.structuredContent as { headline: string; cost: { requests: number; byOperation: Record<string, number>; rateLimitWaits: number; rateLimitWaitedMs: number } };
      const byBucket: Record<string, number> = {};
      for (const [bucket, n] of Object.entries(after.byBucket)) if (n - (before.byBucket[bucket] ?? 0) > 0) byBucket[bucket] = n - (before.byBucket[bucket] ?? 0);
      const projected = { workforce: 0, enterprise: 0 };
      for (const [operation, n] of Object.entries(s.cost.byOperation)) {
        const [method, path] = operation.split(" ");
        const { bucket, limit } = bucketOf(method, path.replace(/\{[^}]+\}/g, "x"));
        projected.workforce += n / (0.9 * limit);
        projected.enterprise += n / (0.9 * (ENTERPRISE[bucket] ?? 600));
      }
      rows.push({
        report: name,
        timeMs,
        requests: s.cost.requests,
        orgRequests: after.requests - before.requests,
        byBucket,
        rateLimited: after.rateLimited - before.rateLimited,
        waits: s.cost.rateLimitWaits,
        waitedMs: s.cost.rateLimitWaitedMs,
        summaryTokens: countTokens(resultText(result)),
        projectedMinutes: { workforce: Math.round(projected.workforce * 10) / 10, enterprise: Math.round(projected.enterprise * 10) / 10 },
        headline: s.headline,
      });
      options.log(`  ${Math.round(timeMs)} ms, ${s.cost.requests} requests, ${rows[rows.length - 1].summaryTokens} tokens, ${rows[rows.length - 1].rateLimited} × 429`);
    }
  } finally {
    await session.close();
    await org.stop();
  }
  return { org: { users: 10_000, logEvents: 100_000, startMs, windowMs: options.windowMs }, rows };
}
