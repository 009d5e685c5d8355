// Renders bench/results.json as the terminal report.
import type { BenchResults } from "./results.js";
import { formatTable, fmt, int } from "./lib/table.js";
import { median } from "./lib/stats.js";
import type { ColdStartSample } from "./cold-start.js";
import type { CallOverheadResult } from "./call-overhead.js";

/** Median over rounds of (variant / floor) for the same round: robust to load that drifts during the run. */
function pairedRatio(variant: ColdStartSample[], floor: ColdStartSample[]): number {
  const n = Math.min(variant.length, floor.length);
  return median(Array.from({ length: n }, (_, i) => variant[i].firstToolsListMs / floor[i].firstToolsListMs));
}

function section(title: string, body: string): string {
  return `\n## ${title}\n${body}\n`;
}

function callSection(title: string, mcpPath: string, c: CallOverheadResult, floor: BenchResults["floorRoundTrip"]): string {
  return section(
    `${title}: ${c.tool} ${JSON.stringify(c.toolArgs)} vs direct GET ${c.directUrl} (ms, ${c.mcp.n} sequential calls each)`,
    formatTable(
      ["path", "p50", "p95", "p99"],
      [
        [`MCP (Client → stdio → ${mcpPath})`, fmt(c.mcp.p50, 3), fmt(c.mcp.p95, 3), fmt(c.mcp.p99, 3)],
        ["direct fetch (same request, same org)", fmt(c.direct.p50, 3), fmt(c.direct.p95, 3), fmt(c.direct.p99, 3)],
        ["overhead (MCP − direct)", fmt(c.overheadMs.p50, 3), fmt(c.overheadMs.p95, 3), fmt(c.overheadMs.p99, 3)],
        ...(floor ? [["for reference: echo on the minimal server (SDK stdio round trip)", fmt(floor.p50, 3), fmt(floor.p95, 3), fmt(floor.p99, 3)]] : []),
      ],
    ) +
      `\n\nCPU per sequential call (ms; not inflated by a busy machine the way wall time is): ` +
      `MCP ${fmt(c.cpuPerCall.mcp.server, 2)} in the CLI process + ${fmt(c.cpuPerCall.mcp.client, 2)} in the client; ` +
      `direct ${fmt(c.cpuPerCall.direct.server, 2)} in the CLI process + ${fmt(c.cpuPerCall.direct.client, 2)} in the client` +
      (floor ? `; echo on the floor ${fmt(floor.cpuPerCall.server, 2)} in the server + ${fmt(floor.cpuPerCall.client, 2)} in the client.` : ".") +
      `\nThroughput, ${c.throughput.concurrency} concurrent callers, ${c.throughput.callsPerRound} calls × ${c.throughput.rounds} rounds (median): ` +
      `MCP ${int(c.throughput.mcpCallsPerSec)} calls/s, direct ${int(c.throughput.directCallsPerSec)} calls/s, ratio ${fmt(c.throughput.ratio * 100, 0)}%`,
  );
}

export function renderReport(r: BenchResults): string {
  const out: string[] = [];
  out.push(
    `okta-mcp-server benchmark (${r.meta.quick ? "--quick" : "full"}) — node ${r.meta.node}, ${r.meta.cpus} cores, load average ${r.meta.loadAverageAtStart[0].toFixed(1)} at start, ${r.meta.loadAverage[0].toFixed(1)} at end, ${r.meta.durationSec.toFixed(0)} s`,
    "Times are medians over interleaved runs; ratios compare figures from this same run. Tokens: o200k_base via gpt-tokenizer (a proxy, not any one model's count).",
  );
  if (r.meta.quick) out.push("--quick: a smoke check with few runs; the speed verdicts below are too noisy to judge by (sizes and tokens are exact).");

  const floor = r.coldStart.variants.find((v) => v.id === r.coldStart.floor);
  out.push(
    section(
      "Cold start (ms from spawn; RSS after tools/list)",
      formatTable(
        ["server", "runs", "tools", "→ initialize", "→ tools/list", "× floor", "paired × floor", "RSS MiB"],
        r.coldStart.variants.map((v) => [
          v.label,
          v.error ? "failed" : v.runs,
          v.toolCount,
          fmt(v.initializeMs),
          fmt(v.firstToolsListMs),
          floor && v.id !== floor.id && !v.error ? `${fmt(v.firstToolsListMs / floor.firstToolsListMs, 2)}×` : "",
          floor && v.id !== floor.id && !v.error ? `${fmt(pairedRatio(v.samples, floor.samples), 2)}×` : "",
          fmt(v.rssAfterToolsListMiB),
        ]),
      ),
    ),
  );

  const b = r.startupBreakdown;
  if (b.steps.length) {
    out.push(
      section(
        `Start-up breakdown (import time of each module in a fresh node, in order, median of ${b.runs}; informational)`,
        formatTable(["step", "ms"], [["node bootstrap to first user code", fmt(b.nodeBootstrapMs)], ...b.steps.map((s) => [`import ${s.module}`, fmt(s.ms)])]),
      ),
    );
  }

  if (r.toolsList) {
    const t = r.toolsList.default;
    const rows: Array<Array<string | number>> = t.perToolset.map((s) => [s.name, s.count, int(s.bytes), int(s.tokens)]);
    rows.push(["total (default toolsets)", t.total.count, int(t.total.bytes), int(t.total.tokens)]);
    const every = r.toolsList.everyToolset;
    if (every) rows.push(["total (--toolsets all)", every.total.count, int(every.total.bytes), int(every.total.tokens)]);
    const official = (every ?? t).official;
    rows.push([`official-server tools (${official.count}/${official.named} present${every ? ", --toolsets all" : ""})`, official.count, int(official.bytes), int(official.tokens)]);
    if (t.listUsers) rows.push(["list_users definition", 1, int(t.listUsers.bytes), int(t.listUsers.tokens)]);
    if (r.toolsList.discover) rows.push(["discover-mode list", r.toolsList.discover.count, int(r.toolsList.discover.bytes), int(r.toolsList.discover.tokens)]);
    if (r.toolsList.allDirect) rows.push(["all operations, direct (for scale)", r.toolsList.allDirect.count, int(r.toolsList.allDirect.bytes), int(r.toolsList.allDirect.tokens)]);
    let body = formatTable(["tools/list", "tools", "bytes", "tokens"], rows);
    body += `\n\nLargest tool definitions:\n${formatTable(["tool", "toolset", "bytes", "tokens"], t.largest.map((l) => [l.name, l.toolset, int(l.bytes), int(l.tokens)]))}`;
    const partsTotal = t.byPart.reduce((a, p) => a + p.tokens, 0);
    body += `\n\nWhere the default list's tokens go (each part tokenized on its own, summed over ${t.total.count} tools):\n${formatTable(
      ["part", "tokens", "share"],
      t.byPart.map((p) => [p.part, int(p.tokens), `${fmt((p.tokens / partsTotal) * 100, 0)}%`]),
    )}`;
    if (r.toolsList.discover) body += `\n\nDiscover-mode list (${r.toolsList.discover.name}): ${r.toolsList.discover.names.join(", ")}`;
    if (official.missing.length) body += `\n\nOfficial-server names not listed${every ? " with --toolsets all" : ""} (${official.missing.length}): ${official.missing.join(", ")}`;
    out.push(section("tools/list size", body));
  }

  if (r.resultSize) {
    const s = r.resultSize;
    out.push(
      section(
        `Result size: ${s.tool} page (text the model reads)`,
        formatTable(
          ["projection", "arguments", "records", "bytes", "tokens", "structuredContent tokens"],
          [
            ["default", JSON.stringify(s.projected.arguments), s.projected.records ?? "?", int(s.projected.textBytes), int(s.projected.textTokens), int(s.projected.structuredTokens)],
            ["full", JSON.stringify(s.full.arguments), s.full.records ?? "?", int(s.full.textBytes), int(s.full.textTokens), int(s.full.structuredTokens)],
          ],
        ),
      ),
    );
  }

  if (r.callOverheadExternalOrg) {
    out.push(callSection("Per-call latency (targets), org in its own process as a remote org is", "CLI → sandbox process", r.callOverheadExternalOrg, r.floorRoundTrip));
  }
  if (r.callOverhead) {
    out.push(callSection("Per-call latency, CLI --sandbox (informational: the CLI's one thread also serves the org)", "CLI --sandbox (org in the CLI process)", r.callOverhead, r.floorRoundTrip));
  }
  if (r.httpLoad) {
    const { sequential: q, load } = r.httpLoad;
    out.push(
      section(
        `HTTP mode (--http, one instance, org in its own process): ${r.httpLoad.tool}, ${q.calls} sequential calls per path (ms)`,
        formatTable(
          ["path", "p50", "p95", "overhead p50 (− direct)"],
          [
            ["MCP over stdio", fmt(q.stdio.p50, 3), fmt(q.stdio.p95, 3), fmt(q.stdioOverheadP50, 3)],
            ["MCP over HTTP (Streamable HTTP client)", fmt(q.http.p50, 3), fmt(q.http.p95, 3), fmt(q.httpOverheadP50, 3)],
            ["direct fetch (same request, same org)", fmt(q.direct.p50, 3), fmt(q.direct.p95, 3), ""],
          ],
        ) +
          `\n\nHTTP overhead / stdio overhead: ${Number.isFinite(q.overheadRatio) ? `${fmt(q.overheadRatio, 2)}×` : "– (stdio overhead ≤ 0: too noisy to judge)"}` +
          `\nThroughput of one instance, ${r.httpLoad.sessions} concurrent sessions × ${r.httpLoad.callsPerSession} calls: ${fmt(load.callsPerSecPerInstance, 0)} calls/s, ` +
          `latency p50 ${fmt(load.latency.p50, 1)} ms, p95 ${fmt(load.latency.p95, 1)} ms, ${load.errors} errors`,
      ),
    );
  }

  const m = r.memory;
  out.push(
    section(
      "Resident memory (VmRSS, MiB)",
      formatTable(
        ["process", "MiB"],
        [
          ["CLI, default allowlist, after tools/list (median of cold starts)", fmt(m.cliDefaultAfterToolsListMiB)],
          ["minimal server, after tools/list (median of cold starts)", fmt(m.minimalAfterToolsListMiB)],
          ["ratio CLI / minimal", m.ratio === null ? "–" : `${fmt(m.ratio, 2)}×`],
          ["CLI --sandbox (in-process sandbox org), after tools/list", fmt(m.cliSandboxAfterToolsListMiB)],
          [`CLI --sandbox, after ${m.cliSandboxAfterCalls?.calls ?? "?"} calls`, fmt(m.cliSandboxAfterCalls?.rssMiB)],
          [`CLI alone (org in its own process), after ${m.cliExternalOrgAfterCalls?.calls ?? "?"} calls`, fmt(m.cliExternalOrgAfterCalls?.rssMiB)],
          ...(r.leak
            ? r.leak.samples.map((sample) => [
                `CLI alone (leak check session), after ${sample.calls} calls and a full collection: heap ${fmt(sample.heapMiB)} MiB, RSS`,
                fmt(sample.rssMiB),
              ])
            : []),
        ],
      ),
    ),
  );

  if (r.reports) {
    const o = r.reports.org;
    out.push(
      section(
        `Security reports on ${o.users.toLocaleString("en")} users and ${o.logEvents.toLocaleString("en")} log events (org in its own process, started in ${fmt(o.startMs / 1000, 1)} s; Okta's documented limits enforced over ${o.windowMs / 1000} s windows)`,
        formatTable(
          ["report", "time s", "requests", "429s", "rate waits", "summary tokens", "min. on a real org (Workforce / Enterprise limits)"],
          r.reports.rows.map((row) => [row.report, fmt(row.timeMs / 1000, 1), row.requests, row.rateLimited, row.waits, row.summaryTokens, `${row.projectedMinutes.workforce} / ${row.projectedMinutes.enterprise} min`]),
        ) + "\nRequests by bucket: " + r.reports.rows.map((row) => `${row.report} ${Object.entries(row.byBucket).map(([b, n]) => `${b}=${n}`).join(" ")}`).join("; "),
      ),
    );
  }
  if (r.generator.length) {
    out.push(
      section(
        "Generator wall time (package.json `generate` script, --out a temp dir)",
        formatTable(
          ["run", "runs", "median s", "files", "note"],
          r.generator.map((g) => [g.label, g.runs, fmt(g.medianMs / 1000, 2), g.filesWritten, g.note ?? ""]),
        ),
      ),
    );
  }

  out.push(
    section(
      "Targets",
      formatTable(
        ["target", "measured", "limit", "of limit", "status"],
        r.targets.map((t) => [
          t.description,
          t.value === null ? "–" : t.unit === "×" ? `${fmt(t.value, 2)}×` : t.unit === "%" ? `${fmt(t.value, 0)}%` : t.unit === "ms" ? `${fmt(t.value, 3)} ms` : t.unit === "s" ? `${fmt(t.value, 2)} s` : int(t.value),
          `${t.comparison === "<=" ? "≤" : "≥"} ${t.unit === "×" ? `${t.limit}×` : t.unit === "%" ? `${t.limit}%` : t.unit === "ms" ? `${t.limit} ms` : t.unit === "s" ? `${t.limit} s` : int(t.limit)}`,
          t.ofLimit === null ? "" : `${fmt(t.ofLimit * 100, 0)}%`,
          t.status === "SKIPPED" ? `SKIPPED (${t.why})` : t.status,
        ]),
      ),
    ),
  );

  if (r.skipped.length) out.push(section("Skipped", r.skipped.map((s) => `- ${s.section}: skipped: ${s.why}`).join("\n")));
  return out.join("\n");
}
