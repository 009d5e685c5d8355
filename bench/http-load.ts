// HTTP mode under load: 50 concurrent MCP sessions × 20 tool calls each against one instance of
// `okta-mcp-server --http` (local mode: one identity, an API token) whose org is the sandbox in its own process.
// Also: per-call latency over HTTP vs stdio on the same org (sequential), so the overhead of the HTTP path
// (request conversion, a Server per request, the SDK's stateless legacy leg) is a difference of medians.
// Run alone with `npx tsx bench/http-load.ts` (after npm run build), or as the last section of npm run bench.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { startExternalSandbox } from "./lib/external-sandbox.js";
import { freeLoopbackPort } from "./lib/free-port.js";
import { percentile, round } from "./lib/stats.js";

const projectDir = fileURLToPath(new URL("..", import.meta.url));
const cli = join(projectDir, "dist", "runtime", "cli.js");

export interface HttpLoadResult {
  sessions: number;
  callsPerSession: number;
  tool: string;
  sequential: {
    calls: number;
    stdio: { p50: number; p95: number };
    http: { p50: number; p95: number };
    /** The same HTTP request to the org, fetched by the bench itself: the floor both paths are measured against. */
    direct: { p50: number; p95: number };
    /** HTTP − stdio (ms). */
    overheadMs: { p50: number; p95: number };
    /** Per-call overhead p50 (each path − direct fetch), ms, and HTTP's over stdio's (the target, ≤ 2×). */
    stdioOverheadP50: number;
    httpOverheadP50: number;
    overheadRatio: number;
  };
  load: { calls: number; errors: number; wallSec: number; callsPerSecPerInstance: number; latency: { p50: number; p95: number; p99: number } };
}

const TOOL = { name: "list_users", arguments: { limit: 5 } };

async function timeCalls(client: Client, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const result = await client.callTool(TOOL);
    times.push(performance.now() - t);
    if (result.isError) throw new Error(`call failed: ${JSON.stringify(result.content).slice(0, 200)}`);
  }
  return times;
}

export async function measureHttpLoad(options: { sessions?: number; callsPerSession?: number; sequential?: number } = {}): Promise<HttpLoadResult> {
  const sessions = options.sessions ?? 50;
  const callsPerSession = options.callsPerSession ?? 20;
  const sequential = options.sequential ?? 200;
  const org = await startExternalSandbox(join(projectDir, "dist", "sandbox", "index.js"), 20_000);
  const env = { PATH: process.env.PATH ?? "", OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.token, OKTA_SCOPES: "okta.users.read okta.groups.read", OKTA_LOG_LEVEL: "error", OKTA_MCP_RATE_LIMIT: "1000000" };
  const port = await freeLoopbackPort();
  const server = spawn(process.execPath, [cli, "--http", "--port", String(port), "--audit-log", "off"], { env, stdio: ["ignore", "ignore", "pipe"] });
  try {
    await new Promise<void>((resolve, reject) => {
      let err = "";
      const timer = setTimeout(() => reject(new Error(`HTTP server did not start: ${err}`)), 20_000);
      server.stderr!.on("data", (c: Buffer) => {
        err += c.toString();
        if (err.includes("serving MCP over HTTP")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const url = new URL(`http://127.0.0.1:${port}/mcp`);

    const stdio = new Client({ name: "bench-stdio", version: "1" });
    await stdio.connect(new StdioClientTransport({ command: process.execPath, args: [cli, "--audit-log", "off"], env, stderr: "ignore" }));
    const http = new Client({ name: "bench-http", version: "1" });
    await http.connect(new StreamableHTTPClientTransport(url));
    await timeCalls(stdio, 20); // warm both
    await timeCalls(http, 20);
    // Alternating blocks, so a noisy stretch of the machine hits both paths.
    const directCall = async () => {
      const response = await fetch(`${org.url}/api/v1/users?limit=${TOOL.arguments.limit}`, { headers: { Authorization: `SSWS ${org.token}`, Accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`direct fetch: HTTP ${response.status}`);
      await response.json();
    };
    const timeDirect = async (n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await directCall();
        times.push(performance.now() - t);
      }
      return times;
    };
    await timeDirect(20);
    const s: number[] = [];
    const h: number[] = [];
    const d: number[] = [];
    for (let block = 0; block < 10; block++) {
      s.push(...(await timeCalls(stdio, sequential / 10)));
      h.push(...(await timeCalls(http, sequential / 10)));
      d.push(...(await timeDirect(sequential / 10)));
    }
    await stdio.close();
    await http.close();

    const clients = await Promise.all(
      Array.from({ length: sessions }, async (_, i) => {
        const c = new Client({ name: `bench-load-${i}`, version: "1" });
        await c.connect(new StreamableHTTPClientTransport(url));
        return c;
      }),
    );
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < callsPerSession; i++) {
          const t = performance.now();
          try {
            const result = await c.callTool(TOOL);
            if (result.isError) errors++;
          } catch {
            errors++;
          }
          latencies.push(performance.now() - t);
        }
      }),
    );
    const wallSec = (performance.now() - started) / 1000;
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
    const p = (v: number[], q: number) => round(percentile(v, q));
    const stdioOverheadP50 = percentile(s, 50) - percentile(d, 50);
    const httpOverheadP50 = percentile(h, 50) - percentile(d, 50);
    return {
      sessions,
      callsPerSession,
      tool: `${TOOL.name} ${JSON.stringify(TOOL.arguments)}`,
      sequential: {
        calls: sequential,
        stdio: { p50: p(s, 50), p95: p(s, 95) },
        http: { p50: p(h, 50), p95: p(h, 95) },
        direct: { p50: p(d, 50), p95: p(d, 95) },
        overheadMs: { p50: round(percentile(h, 50) - percentile(s, 50)), p95: round(percentile(h, 95) - percentile(s, 95)) },
        stdioOverheadP50: round(stdioOverheadP50),
        httpOverheadP50: round(httpOverheadP50),
        // A stdio overhead at or under zero (noise on a busy machine) gives no ratio to judge.
        overheadRatio: stdioOverheadP50 > 0 ? round(httpOverheadP50 / stdioOverheadP50) : Number.NaN,
      },
      load: {
        calls: latencies.length,
        errors,
        wallSec: round(wallSec),
        callsPerSecPerInstance: round(latencies.length / wallSec, 1),
        latency: { p50: p(latencies, 50), p95: p(latencies, 95), p99: p(latencies, 99) },
      },
    };
  } finally {
    server.kill("SIGTERM");
    await org.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  measureHttpLoad()
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    });
}
