// `npm run bench` entry: measures the built (bundled) CLI against a minimal server on the same SDK, prints a table
// and writes bench/results.json. Sections whose subject is not built yet print "skipped: <why>".
// Flags: --quick (fewer iterations, for a CI smoke check), --no-generator (skip generator timing),
// --strict (exit 1 when a target is MISSed; by default a MISS is reported, not an error).
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { benchConfig } from "./config.js";
import { buildMinimalServer } from "./lib/build-minimal-server.js";
import { installCleanupHandlers, killAllSync } from "./lib/processes.js";
import { freeLoopbackPort } from "./lib/free-port.js";
import { openMcpSession, type McpSession } from "./lib/mcp-session.js";
import { readRssMiB } from "./lib/rss.js";
import { startExternalSandbox, type ExternalSandbox } from "./lib/external-sandbox.js";
import { measureColdStarts, fetchToolsList, type ServerVariant, type ColdStartResult } from "./cold-start.js";
import { officialToolNames } from "../test/fixtures/official-tools.js";
import { analyzeToolsList, listSize } from "./tools-list-size.js";
import { measureResultSize } from "./result-size.js";
import { measureCallOverhead, measureFloorRoundTrip, measureLeak } from "./call-overhead.js";
import { measureGenerator } from "./generator-time.js";
import { measureReports } from "./reports.js";
import { measureStartupBreakdown } from "./startup-breakdown.js";
import { judge, type TargetResult } from "./targets.js";
import { renderReport } from "./report.js";
import type { BenchResults } from "./results.js";

const projectDir = fileURLToPath(new URL("..", import.meta.url));
const cliPath = join(projectDir, "dist", "runtime", "cli.js");
const resultsPath = join(projectDir, "bench", "results.json");

/** Flags every CLI spawn shares: no audit file is written. Confirmation stays on (the default schemas). */
const CLI_COMMON_ARGS = ["--audit-log", "off"];
/**
 * Cold starts run the CLI as in production (not --sandbox, which also loads and seeds a fake org): an API
 * token and a loopback org URL that nothing listens on. Nothing contacts the org before a tool call, and
 * every scope of the table is granted so that tools/list is the full list.
 */
const PLACEHOLDER_ORG_URL = "http://127.0.0.1:9";
const PLACEHOLDER_API_TOKEN = "bench-placeholder-not-a-token";
const SANDBOX_TOKEN = "sandbox-token";
const READ_TOOL = { name: "list_users", args: { limit: 5 }, httpPath: "/api/v1/users?limit=5" };
const PAGE_TOOL = { name: "list_users", args: { limit: 20 } };

const log = (line: string) => process.stderr.write(`${line}\n`);

interface BuiltCatalog {
  tools: Array<{ name: string; toolset: string; scopes: string[]; inputSchema?: { properties?: Record<string, unknown> } }>;
}

/** The table the built CLI serves (dist/generated/ or dist/generated-all/), or undefined when not built. */
async function loadBuiltCatalog(which: "default" | "all"): Promise<BuiltCatalog | undefined> {
  const candidates = which === "all" ? ["generated-all/catalog.js", "generated/all/catalog.js"] : ["generated/catalog.js"];
  const file = candidates.map((rel) => join(projectDir, "dist", rel)).find((f) => existsSync(f));
  if (!file) return undefined;
  try {
    return (await import(pathToFileURL(file).href)).catalog as BuiltCatalog;
  } catch (error) {
    log(`  (${file} does not load: ${(error as Error).message})`);
    return undefined;
  }
}

function scopesOf(...catalogs: Array<BuiltCatalog | undefined>): string {
  const scopes = new Set<string>();
  for (const catalog of catalogs) for (const tool of catalog?.tools ?? []) for (const scope of tool.scopes) scopes.add(scope);
  return [...scopes].sort().join(" ");
}

/** The argument list_users documents for "every field" (read from its input schema, not assumed). */
function fullFieldsArgument(listUsers: any): { name: string; value: unknown } | undefined {
  const properties = listUsers?.inputSchema?.properties ?? {};
  for (const name of ["fields", "projection", "select", "_fields"]) {
    const schema = properties[name];
    if (!schema) continue;
    return { name, value: schema.type === "string" ? "*" : ["*"] };
  }
  return undefined;
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const withGenerator = !process.argv.includes("--no-generator");
  const config = benchConfig(quick);
  installCleanupHandlers();
  const started = performance.now();
  const loadAtStart = loadavg();
  const skipped: BenchResults["skipped"] = [];
  const skip = (section: string, why: string) => {
    skipped.push({ section, why });
    log(`${section}: skipped: ${why}`);
  };

  log("building the minimal server (esbuild, unbundled)…");
  const minimalJs = await buildMinimalServer();
  const cliBuilt = existsSync(cliPath);
  if (!cliBuilt) skip("CLI sections", `${cliPath} not found (npm run build produced no runtime CLI yet)`);

  // --- cold start -------------------------------------------------------------------------------
  const node = process.execPath;
  const defaultCatalog = cliBuilt ? await loadBuiltCatalog("default") : undefined;
  const allCatalog = cliBuilt ? await loadBuiltCatalog("all") : undefined;
  const productionEnv = { OKTA_ORG_URL: PLACEHOLDER_ORG_URL, OKTA_API_TOKEN: PLACEHOLDER_API_TOKEN, OKTA_SCOPES: scopesOf(defaultCatalog, allCatalog) };
  const cli = (...args: string[]) => [cliPath, ...CLI_COMMON_ARGS, ...args];
  const variants: ServerVariant[] = [{ id: "minimal", label: "minimal server (floor)", command: node, args: [minimalJs] }];
  if (cliBuilt) {
    variants.push(
      { id: "cli-default", label: "CLI default allowlist, direct", command: node, args: cli("--catalog", "default", "--tool-mode", "direct"), env: productionEnv },
      { id: "cli-all-direct", label: "CLI all operations, direct", command: node, args: cli("--catalog", "all", "--tool-mode", "direct"), env: productionEnv },
      { id: "cli-all-discover", label: "CLI all operations, discover", command: node, args: cli("--catalog", "all", "--tool-mode", "discover"), env: productionEnv },
      { id: "cli-default-sandbox", label: "CLI default allowlist, --sandbox (info)", command: node, args: cli("--sandbox", "--catalog", "default", "--tool-mode", "direct") },
    );
  }
  log(`cold start: ${variants.length} variants × (${config.coldStart.warmupRounds} warm-up + ${config.coldStart.rounds}) rounds…`);
  const coldStarts = await measureColdStarts(variants, config.coldStart, log);
  const byId = (id: string): ColdStartResult | undefined => coldStarts.find((v) => v.id === id && !v.error && v.runs > 0);
  for (const v of coldStarts) if (v.error) skip(`cold start ${v.id}`, v.error);
  const minimal = byId("minimal");
  const cliDefault = byId("cli-default");
  const cliAllDirect = byId("cli-all-direct");
  const cliAllDiscover = byId("cli-all-discover");

  log("start-up breakdown (import times in a fresh node)…");
  const startupBreakdown = await measureStartupBreakdown(projectDir, config.startupBreakdownRuns, config.coldStart.timeoutMs);
  if (startupBreakdown.error) skip("start-up breakdown", startupBreakdown.error);

  // --- tools/list size --------------------------------------------------------------------------
  let toolsList: BenchResults["toolsList"];
  if (cliDefault) {
    const toolsetByName = new Map((defaultCatalog?.tools ?? []).map((t) => [t.name, t.toolset] as const));
    // Discover mode's list comes from the all-operations run; if that table is missing, from the default one.
    let discoverTools = cliAllDiscover?.tools;
    let discoverLabel = "discover mode, all operations";
    if (!discoverTools) {
      try {
        discoverTools = await fetchToolsList(
          { id: "cli-default-discover", label: "", command: node, args: cli("--catalog", "default", "--tool-mode", "discover"), env: productionEnv },
          config.coldStart.timeoutMs,
        );
        discoverLabel = "discover mode, default allowlist (all-operations table unavailable)";
      } catch (error) {
        skip("discover-mode tools/list", (error as Error).message);
      }
    }
    const tableProperties = new Map((defaultCatalog?.tools ?? []).map((t) => [t.name, new Set(Object.keys(t.inputSchema?.properties ?? {}))] as const));
    let everyToolsetTools: any[] | undefined;
    try {
      everyToolsetTools = await fetchToolsList(
        { id: "cli-toolsets-all", label: "", command: node, args: cli("--catalog", "default", "--tool-mode", "direct", "--toolsets", "all"), env: productionEnv },
        config.coldStart.timeoutMs,
      );
    } catch (error) {
      skip("--toolsets all tools/list", (error as Error).message);
    }
    toolsList = {
      default: analyzeToolsList(cliDefault.tools, toolsetByName, [...officialToolNames], tableProperties),
      everyToolset: everyToolsetTools ? analyzeToolsList(everyToolsetTools, toolsetByName, [...officialToolNames], tableProperties) : undefined,
      discover: discoverTools ? { ...listSize(discoverLabel, discoverTools), names: discoverTools.map((t) => t.name) } : undefined,
      allDirect: cliAllDirect ? listSize("all operations", cliAllDirect.tools) : undefined,
    };
  } else {
    skip("tools/list size", "the CLI's default tools/list was not measured");
  }

  // --- one MCP session against the in-process sandbox: result size; latency, throughput, memory (information) ---
  let resultSize: BenchResults["resultSize"];
  let callOverhead: BenchResults["callOverhead"];
  let sandboxRssAfterList: number | null = null;
  if (cliBuilt) {
    let session: McpSession | undefined;
    try {
      const port = await freeLoopbackPort();
      const args = cli("--sandbox", "--sandbox-port", String(port), "--catalog", "default", "--tool-mode", "direct");
      log(`MCP session: node ${args.join(" ")}`);
      session = await openMcpSession(node, args, config.sessionTimeoutMs);
      const { tools } = await session.client.listTools(undefined, { timeout: config.sessionTimeoutMs });
      sandboxRssAfterList = readRssMiB(session.pid);
      const listUsers = tools.find((t: any) => t.name === PAGE_TOOL.name);
      if (!listUsers) throw new Error(`${PAGE_TOOL.name} is not in the default tools/list`);

      const full = fullFieldsArgument(listUsers);
      try {
        resultSize = await measureResultSize(session, {
          tool: PAGE_TOOL.name,
          pageArgs: PAGE_TOOL.args,
          fullArgs: full ? { [full.name]: full.value } : {},
          fullArgument: full ? `${full.name}: ${JSON.stringify(full.value)}` : "(no field-selection argument in the schema: same call)",
          timeoutMs: config.calls.callTimeoutMs,
        });
        if (!full) skip("result size, full", `${PAGE_TOOL.name} has no fields/projection argument in its input schema`);
      } catch (error) {
        skip("result size", (error as Error).message);
      }

      log("per-call overhead…");
      callOverhead = await measureCallOverhead(
        session,
        {
          ...config.calls,
          toolName: READ_TOOL.name,
          toolArgs: READ_TOOL.args,
          direct: {
            url: `http://127.0.0.1:${port}${READ_TOOL.httpPath}`,
            headers: { Authorization: `Bearer ${SANDBOX_TOKEN}`, Accept: "application/json" },
          },
        },
        log,
      );
    } catch (error) {
      const stderr = session?.stderr().trim().split("\n").slice(-2).join(" | ");
      skip("per-call overhead / result size", `${(error as Error).message}${stderr ? ` (server stderr: ${stderr})` : ""}`);
    } finally {
      await session?.close();
    }
  }

  // The targets' setup: the same calls with the org in a process of its own (as a real org is remote), so the
  // CLI's one thread is not also serving the org; then the leak check on the same session.
  let callOverheadExternalOrg: BenchResults["callOverheadExternalOrg"];
  let leak: BenchResults["leak"];
  const sandboxModule = join(projectDir, "dist", "sandbox", "index.js");
  if (cliBuilt && existsSync(sandboxModule)) {
    let org: ExternalSandbox | undefined;
    let session: McpSession | undefined;
    try {
      org = await startExternalSandbox(sandboxModule, config.sessionTimeoutMs);
      const args = cli("--catalog", "default", "--tool-mode", "direct");
      log(`MCP session, org in its own process (${org.url}): node ${args.join(" ")}`);
      session = await openMcpSession(node, args, config.sessionTimeoutMs, { ...productionEnv, OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.token });
      callOverheadExternalOrg = await measureCallOverhead(
        session,
        {
          ...config.calls,
          toolName: READ_TOOL.name,
          toolArgs: READ_TOOL.args,
          direct: { url: `${org.url}${READ_TOOL.httpPath}`, headers: { Authorization: `SSWS ${org.token}`, Accept: "application/json" } },
        },
        log,
      );
      await session.close();
      // The leak check in a session of its own, whose server runs a full collection when asked (heap-probe.mjs).
      log(`leak check: up to ${config.leak.totalCalls} calls…`);
      const probe = pathToFileURL(join(projectDir, "bench", "lib", "heap-probe.mjs")).href;
      session = await openMcpSession(node, ["--expose-gc", "--import", probe, ...args], config.sessionTimeoutMs, { ...productionEnv, OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.token });
      leak = await measureLeak(session, { ...config.calls, ...config.leak, toolName: READ_TOOL.name, toolArgs: READ_TOOL.args });
    } catch (error) {
      const stderr = session?.stderr().trim().split("\n").slice(-2).join(" | ");
      skip("per-call overhead, org in its own process", `${(error as Error).message}${stderr ? ` (server stderr: ${stderr})` : ""}`);
    } finally {
      await session?.close();
      await org?.stop();
    }
  }

  // --- security reports on the large org -----------------------------------------------------------
  let reports: BenchResults["reports"];
  if (process.argv.includes("--no-reports")) {
    skip("security reports", "--no-reports");
  } else if (!cliBuilt || !existsSync(sandboxModule)) {
    skip("security reports", "CLI or sandbox not built");
  } else {
    try {
      // Windows of 6 s (10× faster than Okta's minute) put the MFA report's 8,000 factor reads past a bucket's
      // limit, so its pacing is exercised; the shorter the window, the less the pacing costs in wall time.
      reports = await measureReports({ node, cliArgs: cli("--catalog", "default", "--tool-mode", "direct"), sandboxModule, windowMs: quick ? 3_000 : 6_000, timeoutMs: 120_000, log });
    } catch (error) {
      skip("security reports", (error as Error).message);
    }
  }

  // The SDK's own round trip on the floor server, to read the overhead against.
  let floorRoundTrip: BenchResults["floorRoundTrip"];
  if (callOverhead || callOverheadExternalOrg) {
    let floorSession: McpSession | undefined;
    try {
      floorSession = await openMcpSession(node, [minimalJs], config.sessionTimeoutMs);
      floorRoundTrip = await measureFloorRoundTrip(floorSession, config.calls);
    } catch (error) {
      skip("floor round trip", (error as Error).message);
    } finally {
      await floorSession?.close();
    }
  }

  // --- generator ----------------------------------------------------------------------------------
  const generator: BenchResults["generator"] = [];
  if (!withGenerator) {
    skip("generator wall time", "--no-generator");
  } else if (!existsSync(join(projectDir, "codegen", "cli.ts"))) {
    skip("generator wall time", "codegen/cli.ts not found");
  } else {
    for (const [label, args] of [["default allowlist", []], ["--all (every operation)", ["--all"]]] as const) {
      try {
        log(`generator ${label}…`);
        generator.push(await measureGenerator(projectDir, label, [...args], config.generator));
      } catch (error) {
        skip(`generator ${label}`, (error as Error).message);
      }
    }
  }

  // --- targets ------------------------------------------------------------------------------------
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : null);
  const memoryRatio = ratio(cliDefault?.rssAfterToolsListMiB, minimal?.rssAfterToolsListMiB);
  const generatorSeconds = (label: string) => {
    const run = generator.find((g) => g.label === label);
    return run ? run.medianMs / 1000 : null;
  };
  const noCli = cliBuilt ? "not measured (see Skipped)" : "CLI not built";
  const targets: TargetResult[] = [
    judge("cold-start-default", "cold start → tools/list, default allowlist vs floor", ratio(cliDefault?.firstToolsListMs, minimal?.firstToolsListMs), 0.8, "×", "<=", noCli),
    judge("cold-start-all-direct", "cold start → tools/list, all operations direct vs floor", ratio(cliAllDirect?.firstToolsListMs, minimal?.firstToolsListMs), 0.9, "×", "<=", noCli),
    judge("cold-start-discover", "cold start → tools/list, all operations discover vs floor", ratio(cliAllDiscover?.firstToolsListMs, minimal?.firstToolsListMs), 0.8, "×", "<=", noCli),
    judge("call-overhead-p50", "per-call overhead p50 (MCP − direct fetch), org in its own process", callOverheadExternalOrg?.overheadMs.p50, 1.0, "ms", "<=", noCli),
    judge("throughput", "throughput, 8 callers, MCP / direct fetch, org in its own process", callOverheadExternalOrg ? callOverheadExternalOrg.throughput.ratio * 100 : null, 60, "%", ">=", noCli),
    judge("leak", `heap growth after a full collection, ${leak?.samples[0].calls ?? 1000} → ${leak?.samples.at(-1)?.calls ?? config.leak.totalCalls} calls`, leak?.growthPct, 10, "%", "<=", noCli),
    judge("memory", "RSS after tools/list vs floor", memoryRatio, 1.3, "×", "<=", noCli),
    judge("tools-default", "tools listed by default (default toolsets, every scope granted)", toolsList?.default.total.count, 80, "tools", "<=", noCli),
    judge("tokens-default", "tools/list tokens, default toolsets", toolsList?.default.total.tokens, 30_000, "tokens", "<=", noCli),
    judge("tokens-official", "tools/list tokens, official-server tools only (--toolsets all)", toolsList?.everyToolset?.official.tokens, 18_000, "tokens", "<=", noCli),
    judge("tokens-list-users", "list_users definition tokens", toolsList?.default.listUsers?.tokens, 250, "tokens", "<=", toolsList ? "list_users not in the list" : noCli),
    judge("tokens-discover", "discover-mode tools/list tokens", toolsList?.discover?.tokens, 2_000, "tokens", "<=", noCli),
    judge("tokens-page", "20-user page tokens, default projection", resultSize?.projected.textTokens, 1_500, "tokens", "<=", noCli),
    judge("report-summary-tokens", "largest report summary on 10,000 users", reports ? Math.max(...reports.rows.map((row) => row.summaryTokens)) : null, 2_000, "tokens", "<=", "reports not measured"),
    judge("generator-default", "npm run generate, wall time (s)", generatorSeconds("default allowlist"), 5, "s", "<=", withGenerator ? "generator not measured" : "--no-generator"),
    judge("generator-all", "npm run generate -- --all, wall time (s)", generatorSeconds("--all (every operation)"), 8, "s", "<=", withGenerator ? "generator not measured" : "--no-generator"),
    judge("report-429s", "429s answered to the reports (Okta's limits enforced)", reports ? reports.rows.reduce((n, row) => n + row.rateLimited, 0) : null, 0, "requests", "<=", "reports not measured"),
  ];

  // HTTP mode: 50 sessions × 20 calls on one instance, and the per-call overhead over stdio (bench/http-load.ts).
  let httpLoad: BenchResults["httpLoad"];
  if (existsSync(cliPath)) {
    log("http load: 50 concurrent sessions × 20 calls over HTTP, and HTTP vs stdio latency");
    try {
      const { measureHttpLoad } = await import("./http-load.js");
      httpLoad = await measureHttpLoad(quick ? { sessions: 50, callsPerSession: 5, sequential: 100 } : {});
    } catch (err) {
      skipped.push({ section: "http load", why: (err as Error).message });
    }
  }
  targets.push(
    judge("http-overhead-ratio", "per-call overhead p50 over HTTP vs over stdio (each − direct fetch)", httpLoad?.sequential.overheadRatio, 2, "×", "<=", "HTTP mode not measured"),
  );

  const results: BenchResults = {
    httpLoad,
    meta: {
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      durationSec: (performance.now() - started) / 1000,
      quick,
      node: process.version,
      cpus: availableParallelism(),
      loadAverageAtStart: loadAtStart,
      loadAverage: loadavg(),
      cliArgs: CLI_COMMON_ARGS,
      coldStartEnv: { OKTA_ORG_URL: PLACEHOLDER_ORG_URL, OKTA_API_TOKEN: "(placeholder)", OKTA_SCOPES: "(every scope of the tables)" },
      tokenizer: "o200k_base (gpt-tokenizer), a proxy",
    },
    coldStart: { variants: coldStarts.map(({ tools: _tools, ...rest }) => rest), floor: "minimal" },
    startupBreakdown,
    toolsList,
    resultSize,
    callOverhead,
    callOverheadExternalOrg,
    leak,
    floorRoundTrip,
    memory: {
      cliDefaultAfterToolsListMiB: cliDefault?.rssAfterToolsListMiB ?? null,
      minimalAfterToolsListMiB: minimal?.rssAfterToolsListMiB ?? null,
      ratio: memoryRatio,
      cliSandboxAfterToolsListMiB: sandboxRssAfterList,
      cliSandboxAfterCalls: callOverhead?.rssAfterCalls ?? null,
      cliExternalOrgAfterCalls: callOverheadExternalOrg?.rssAfterCalls ?? null,
    },
    generator,
    reports,
    targets,
    skipped,
  };
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderReport(results)}\nwrote ${resultsPath}\n`);
  if (process.argv.includes("--strict") && targets.some((t) => t.status === "MISS")) process.exitCode = 1;
}

main()
  .catch((error) => {
    log(`bench failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  })
  .finally(killAllSync);
