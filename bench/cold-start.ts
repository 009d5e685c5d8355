// Cold start: spawn → `initialize` answered → first `tools/list` page received, per server variant.
// Variants are spawned round-robin (the order rotates every round) so that a noisy moment on this
// shared machine lands on every variant alike; one discarded warm-up round fills the file cache.
import { StdioRpc, openSession, listAllTools } from "./lib/stdio-rpc.js";
import { stopChild } from "./lib/processes.js";
import { readRssMiB } from "./lib/rss.js";
import { median } from "./lib/stats.js";
import { relative, resolve } from "node:path";

const repoRoot = resolve(import.meta.dirname, "..");

/** The command as a reader would type it in the repository: `node` and repository-relative paths, no machine paths. */
function displayCommand(command: string, args: readonly string[]): string {
  const shown = (part: string) => (part === process.execPath ? "node" : part.startsWith(repoRoot + "/") ? relative(repoRoot, part) : part);
  return [command, ...args].map(shown).join(" ");
}

export interface ServerVariant {
  id: string;
  label: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface ColdStartSample {
  initializeMs: number;
  firstToolsListMs: number;
  rssAfterToolsListMiB: number;
}

export interface ColdStartResult {
  id: string;
  label: string;
  command: string;
  runs: number;
  initializeMs: number;
  firstToolsListMs: number;
  rssAfterToolsListMiB: number;
  toolCount: number;
  toolsListPages: number;
  samples: ColdStartSample[];
  /** The full tools/list of the last run, for the size analysis. */
  tools: any[];
  error?: string;
}

export interface ColdStartOptions {
  rounds: number;
  warmupRounds: number;
  timeoutMs: number;
}

async function oneColdStart(variant: ServerVariant, timeoutMs: number): Promise<{ sample: ColdStartSample; tools: any[]; pages: number }> {
  const rpc = new StdioRpc(variant.command, variant.args, variant.env);
  try {
    const initializeMs = await openSession(rpc, timeoutMs);
    const { tools, pages, firstPageAt } = await listAllTools(rpc, timeoutMs);
    const rssAfterToolsListMiB = readRssMiB(rpc.pid);
    return { sample: { initializeMs, firstToolsListMs: firstPageAt, rssAfterToolsListMiB }, tools, pages };
  } finally {
    await stopChild(rpc.child);
  }
}

/** One untimed spawn for its tools/list only (used when the variant that should provide it failed). */
export async function fetchToolsList(variant: ServerVariant, timeoutMs: number): Promise<any[]> {
  return (await oneColdStart(variant, timeoutMs)).tools;
}

export async function measureColdStarts(variants: ServerVariant[], options: ColdStartOptions, log: (line: string) => void): Promise<ColdStartResult[]> {
  const results = new Map<string, ColdStartResult>();
  for (const v of variants) {
    results.set(v.id, {
      id: v.id,
      label: v.label,
      command: displayCommand(v.command, v.args),
      runs: 0,
      initializeMs: Number.NaN,
      firstToolsListMs: Number.NaN,
      rssAfterToolsListMiB: Number.NaN,
      toolCount: 0,
      toolsListPages: 0,
      samples: [],
      tools: [],
    });
  }
  const totalRounds = options.warmupRounds + options.rounds;
  for (let round = 0; round < totalRounds; round++) {
    const warmup = round < options.warmupRounds;
    // Rotate the order each round: nobody always goes first (right after the previous child's exit).
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      const result = results.get(variant.id)!;
      if (result.error) continue;
      try {
        const { sample, tools, pages } = await oneColdStart(variant, options.timeoutMs);
        result.tools = tools;
        result.toolCount = tools.length;
        result.toolsListPages = pages;
        if (!warmup) result.samples.push(sample);
      } catch (error) {
        result.error = (error as Error).message;
        log(`  cold start ${variant.id}: failed: ${result.error}`);
      }
    }
    log(`  cold start round ${round + 1}/${totalRounds}${warmup ? " (warm-up, discarded)" : ""} done`);
  }
  for (const result of results.values()) {
    result.runs = result.samples.length;
    result.initializeMs = median(result.samples.map((s) => s.initializeMs));
    result.firstToolsListMs = median(result.samples.map((s) => s.firstToolsListMs));
    result.rssAfterToolsListMiB = median(result.samples.map((s) => s.rssAfterToolsListMiB));
  }
  return [...results.values()];
}
