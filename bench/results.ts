// The shape of bench/results.json (also what the report prints).
import type { ColdStartResult } from "./cold-start.js";
import type { ToolsListSize, SizeRow } from "./tools-list-size.js";
import type { ResultSizeResult } from "./result-size.js";
import type { CallOverheadResult, LatencySummary, LeakCheckResult } from "./call-overhead.js";
import type { GeneratorRun } from "./generator-time.js";
import type { TargetResult } from "./targets.js";
import type { StartupBreakdown } from "./startup-breakdown.js";
import type { ReportBenchResult } from "./reports.js";

export interface BenchResults {
  /** HTTP mode (bench/http-load.ts). */
  httpLoad?: import("./http-load.js").HttpLoadResult;
  meta: {
    startedAt: string;
    durationSec: number;
    quick: boolean;
    node: string;
    cpus: number;
    loadAverageAtStart: number[];
    /** At the end of the run. */
    loadAverage: number[];
    cliArgs: string[];
    coldStartEnv: Record<string, string>;
    tokenizer: string;
  };
  coldStart: {
    variants: Array<Omit<ColdStartResult, "tools">>;
    floor: string;
  };
  startupBreakdown: StartupBreakdown;
  toolsList?: {
    /** What a client lists with no flags: the default toolsets, every scope granted. */
    default: ToolsListSize;
    /** `--toolsets all`: every tool of the default table (where the official server's names are all present). */
    everyToolset?: ToolsListSize;
    discover?: SizeRow & { names: string[] };
    allDirect?: SizeRow;
  };
  resultSize?: ResultSizeResult;
  callOverhead?: CallOverheadResult;
  /** Same calls with the sandbox org in its own process and the CLI pointed at it (the targets). */
  callOverheadExternalOrg?: CallOverheadResult;
  /** RSS of the CLI (org in its own process) after 1,000 calls and after 10,000 (3,000 with --quick). */
  leak?: LeakCheckResult;
  /** echo on the minimal server through the same Client: the SDK's own stdio round trip. */
  floorRoundTrip?: LatencySummary & { cpuPerCall: { server: number; client: number } };
  memory: {
    cliDefaultAfterToolsListMiB: number | null;
    minimalAfterToolsListMiB: number | null;
    ratio: number | null;
    cliSandboxAfterToolsListMiB: number | null;
    cliSandboxAfterCalls: { calls: number; rssMiB: number } | null;
    /** The CLI alone (org in its own process) after the same number of calls. */
    cliExternalOrgAfterCalls: { calls: number; rssMiB: number } | null;
  };
  generator: GeneratorRun[];
  /** security_report on the large sandbox org (10,000 users, 100,000 log events). */
  reports?: ReportBenchResult;
  targets: TargetResult[];
  skipped: Array<{ section: string; why: string }>;
}
