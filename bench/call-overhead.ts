// Per-call overhead of going through MCP: a read tool called over stdio (client → server → loopback HTTP
// → server → client) against a direct fetch of the same HTTP request to the same loopback server.
// Both sides run in this process in alternating blocks, so a noisy stretch hits both.
import { performance } from "node:perf_hooks";
import type { BenchConfig } from "./config.js";
import type { McpSession } from "./lib/mcp-session.js";
import { resultText } from "./lib/mcp-session.js";
import { percentile, median } from "./lib/stats.js";
import { readRssMiB } from "./lib/rss.js";
import { processCpuMs, ownCpuMs } from "./lib/cpu.js";

export interface DirectRequest {
  url: string;
  headers: Record<string, string>;
}

/** The counts and bounds come from bench/config.ts; the rest says what to call. */
export type CallOverheadOptions = BenchConfig["calls"] & {
  toolName: string;
  toolArgs: Record<string, unknown>;
  direct: DirectRequest;
};

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface CallOverheadResult {
  tool: string;
  toolArgs: Record<string, unknown>;
  directUrl: string;
  mcp: LatencySummary;
  direct: LatencySummary;
  overheadMs: { p50: number; p95: number; p99: number };
  throughput: { concurrency: number; callsPerRound: number; rounds: number; mcpCallsPerSec: number; directCallsPerSec: number; ratio: number };
  rssAfterCalls: { calls: number; rssMiB: number };
  /** CPU ms per sequential call, server process and this (client) process: robust to a busy machine. */
  cpuPerCall: { mcp: { server: number; client: number }; direct: { server: number; client: number } };
}

function summarize(samples: number[]): LatencySummary {
  return { n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

async function withDeadline<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function makeMcpCall(session: McpSession, options: Pick<CallOverheadOptions, "toolName" | "toolArgs" | "callTimeoutMs">): () => Promise<void> {
  return async () => {
    const result = await session.callTool(options.toolName, options.toolArgs, options.callTimeoutMs);
    if (result?.isError) throw new Error(`${options.toolName} returned an error: ${resultText(result).slice(0, 300)}`);
  };
}

function makeDirectCall(direct: DirectRequest, timeoutMs: number): () => Promise<void> {
  return async () => {
    const response = await fetch(direct.url, { headers: direct.headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`direct fetch ${direct.url}: HTTP ${response.status}`);
    await response.json();
  };
}

async function timeSequential(call: () => Promise<void>, count: number, into: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await call();
    into.push(performance.now() - start);
  }
}

/** `total` calls spread over `concurrency` callers; returns calls per second. */
async function timeConcurrent(call: () => Promise<void>, total: number, concurrency: number): Promise<number> {
  let issued = 0;
  const start = performance.now();
  const worker = async () => {
    while (issued < total) {
      issued++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - start) / 1000);
}

/**
 * The SDK's own round trip: a trivial tool on the minimal server, same client, same counts. Not a target;
 * it splits the overhead into "MCP over stdio costs this anyway" and "our runtime adds the rest".
 */
export async function measureFloorRoundTrip(
  session: McpSession,
  options: Pick<CallOverheadOptions, "warmupCalls" | "sequentialCalls" | "callTimeoutMs" | "phaseTimeoutMs">,
): Promise<LatencySummary & { cpuPerCall: { server: number; client: number } }> {
  const call = async () => {
    const result = await session.callTool("echo", { text: "ping" }, options.callTimeoutMs);
    if (result?.isError) throw new Error(`echo returned an error: ${resultText(result)}`);
  };
  const samples: number[] = [];
  let serverCpu = 0;
  let clientCpu = 0;
  await withDeadline("floor round trips", options.phaseTimeoutMs, (async () => {
    for (let i = 0; i < options.warmupCalls; i++) await call();
    const server0 = processCpuMs(session.pid);
    const client0 = ownCpuMs();
    await timeSequential(call, options.sequentialCalls, samples);
    serverCpu = processCpuMs(session.pid) - server0;
    clientCpu = ownCpuMs() - client0;
  })());
  return { ...summarize(samples), cpuPerCall: { server: serverCpu / samples.length, client: clientCpu / samples.length } };
}

export async function measureCallOverhead(session: McpSession, options: CallOverheadOptions, log: (line: string) => void): Promise<CallOverheadResult> {
  const mcpCall = makeMcpCall(session, options);
  const directCall = makeDirectCall(options.direct, options.callTimeoutMs);

  await withDeadline("warm-up", options.phaseTimeoutMs, (async () => {
    for (let i = 0; i < options.warmupCalls; i++) {
      await mcpCall();
      await directCall();
    }
  })());

  const mcpSamples: number[] = [];
  const directSamples: number[] = [];
  const cpu = { mcp: { server: 0, client: 0 }, direct: { server: 0, client: 0 } };
  const timeBlock = async (call: () => Promise<void>, n: number, into: number[], account: { server: number; client: number }) => {
    const server0 = processCpuMs(session.pid);
    const client0 = ownCpuMs();
    await timeSequential(call, n, into);
    account.server += processCpuMs(session.pid) - server0;
    account.client += ownCpuMs() - client0;
  };
  await withDeadline("sequential calls", options.phaseTimeoutMs, (async () => {
    for (let done = 0; done < options.sequentialCalls; done += options.blockSize) {
      const n = Math.min(options.blockSize, options.sequentialCalls - done);
      await timeBlock(mcpCall, n, mcpSamples, cpu.mcp);
      await timeBlock(directCall, n, directSamples, cpu.direct);
    }
  })());
  log(`  sequential: ${mcpSamples.length} MCP + ${directSamples.length} direct calls done`);

  // Top up to a round number of calls so the memory figure means the same thing every run.
  await withDeadline("calls before the memory reading", options.phaseTimeoutMs, (async () => {
    while (session.calls < options.memoryAfterCalls) await mcpCall();
  })());
  const rssAfterCalls = { calls: session.calls, rssMiB: readRssMiB(session.pid) };

  const mcpRates: number[] = [];
  const directRates: number[] = [];
  await withDeadline("throughput rounds", options.phaseTimeoutMs, (async () => {
    for (let round = 0; round < options.throughputRounds; round++) {
      mcpRates.push(await timeConcurrent(mcpCall, options.throughputCalls, options.concurrency));
      directRates.push(await timeConcurrent(directCall, options.throughputCalls, options.concurrency));
    }
  })());
  log(`  throughput: ${options.throughputRounds} rounds × ${options.throughputCalls} calls, ${options.concurrency} callers, done`);

  const mcp = summarize(mcpSamples);
  const direct = summarize(directSamples);
  const mcpCallsPerSec = median(mcpRates);
  const directCallsPerSec = median(directRates);
  return {
    tool: options.toolName,
    toolArgs: options.toolArgs,
    directUrl: options.direct.url,
    mcp,
    direct,
    overheadMs: { p50: mcp.p50 - direct.p50, p95: mcp.p95 - direct.p95, p99: mcp.p99 - direct.p99 },
    throughput: {
      concurrency: options.concurrency,
      callsPerRound: options.throughputCalls,
      rounds: options.throughputRounds,
      mcpCallsPerSec,
      directCallsPerSec,
      ratio: mcpCallsPerSec / directCallsPerSec,
    },
    rssAfterCalls,
    cpuPerCall: {
      mcp: { server: cpu.mcp.server / mcpSamples.length, client: cpu.mcp.client / mcpSamples.length },
      direct: { server: cpu.direct.server / directSamples.length, client: cpu.direct.client / directSamples.length },
    },
  };
}

export interface LeakCheckResult {
  tool: string;
  concurrency: number;
  /** After a full garbage collection in the server (bench/lib/heap-probe.mjs), at each count of calls. */
  samples: Array<{ calls: number; heapMiB: number; rssMiB: number }>;
  /** Growth of the collected heap from the first sample (1,000 calls) to the last, % of the first (the target). */
  growthPct: number;
  /** The same for RSS after collection (informational: the allocator keeps pages it freed). */
  rssGrowthPct: number;
}

/**
 * A leak check on a session started with heap-probe.mjs: calls (by `concurrency` callers, to keep it short) up to
 * 1,000 and then up to `totalCalls`, with a full collection and a reading at each mark. What a collection leaves is
 * what calls leave behind; RSS alone climbs and falls by a third between major collections (a sawtooth), so one
 * RSS reading says where the sawtooth was rather than whether memory grows.
 */
export async function measureLeak(
  session: McpSession,
  options: Pick<CallOverheadOptions, "toolName" | "toolArgs" | "callTimeoutMs" | "concurrency"> & { totalCalls: number; timeoutMs: number },
): Promise<LeakCheckResult> {
  const call = makeMcpCall(session, options);
  const marks = [1000, Math.round(options.totalCalls / 2), options.totalCalls];
  const samples: LeakCheckResult["samples"] = [];
  await withDeadline(`${options.totalCalls} calls for the leak check`, options.timeoutMs, (async () => {
    for (const mark of marks) {
      const worker = async () => {
        while (session.calls < mark) await call();
      };
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      samples.push({ calls: session.calls, ...(await probeHeap(session)) });
    }
  })());
  const first = samples[0];
  const last = samples[samples.length - 1];
  return {
    tool: options.toolName,
    concurrency: options.concurrency,
    samples,
    growthPct: ((last.heapMiB - first.heapMiB) / first.heapMiB) * 100,
    rssGrowthPct: ((last.rssMiB - first.rssMiB) / first.rssMiB) * 100,
  };
}

const probesSent = new WeakMap<McpSession, number>();

/** Asks the server's heap probe for a collection and reads its numbered answer off stderr. */
async function probeHeap(session: McpSession): Promise<{ heapMiB: number; rssMiB: number }> {
  const seq = (probesSent.get(session) ?? 0) + 1;
  probesSent.set(session, seq);
  process.kill(session.pid, "SIGUSR2");
  const answer = new RegExp(`heap-probe ${seq} (\\{[^\\n]*\\})\\n`);
  for (let waited = 0; waited < 10_000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const line = answer.exec(session.stderr());
    if (line) {
      const { heapUsed, rss } = JSON.parse(line[1]) as { heapUsed: number; rss: number };
      return { heapMiB: heapUsed / 2 ** 20, rssMiB: rss / 2 ** 20 };
    }
  }
  throw new Error("the server's heap probe did not answer in 10 s (was it started with bench/lib/heap-probe.mjs?)");
}
