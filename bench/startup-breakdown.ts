// Where a cold start goes: in a fresh `node`, the time to import each file of the bundled CLI in turn (the chunks
// dist/runtime/cli.js imports statically, then the generated tables), and, for scale, the SDK imported unbundled
// from node_modules as the floor loads it. Informational, no target: it is how one reads a missed cold-start
// target (SDK and zod vs the table vs our own code).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { spawnTracked, stopChild, childEnv } from "./lib/processes.js";
import { median } from "./lib/stats.js";

export interface ImportStep {
  module: string;
  ms: number;
}

export interface StartupBreakdown {
  runs: number;
  /** Time from process start to the first line of user code (Node's own bootstrap). */
  nodeBootstrapMs: number;
  steps: ImportStep[];
  error?: string;
}

const CHILD_SCRIPT = `
const t = [];
const boot = performance.now();
for (const spec of JSON.parse(process.argv[1])) {
  const s = performance.now();
  await import(spec);
  t.push(performance.now() - s);
}
process.stdout.write(JSON.stringify({ boot, t }));
`;

/** Relative paths a bundled file imports statically (`import … from "./x.js"`, `import "./x.js"`), in order. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/(?:^|[;}\n])\s*(?:import|export)\s*(?:[^;"'()]*?from\s*)?"(\.[^"]+)"/g)].map((m) => resolve(dirname(file), m[1]));
  return [...new Set(found)];
}

/** What a chunk holds, from its source map: the packages (node_modules) and our folders (src/…), largest share first. */
function chunkContents(file: string): string {
  try {
    const { sources } = JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources: string[] };
    const counts = new Map<string, number>();
    for (const source of sources) {
      const pkg = [...source.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].pop()?.[1];
      const key = pkg ?? source.replace(/^(\.\.\/)+/, "").split("/").slice(0, 2).join("/");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name]) => name);
    return top.length ? top.join(", ") + (counts.size > 3 ? ", …" : "") : "esbuild's runtime code";
  } catch {
    return "no source map";
  }
}

/**
 * The files the bundled CLI loads before it answers, in load order (dependencies first, as ESM evaluates them),
 * then the tables and — marked — what loads lazily or only with --sandbox. Each figure is the *extra* time given
 * everything above it is loaded.
 */
function bundleSteps(projectDir: string): Array<{ label: string; specifier: string }> {
  const dist = join(projectDir, "dist");
  const cli = join(dist, "runtime", "cli.js");
  if (!existsSync(cli)) return [];
  const ordered: string[] = [];
  const visit = (file: string) => {
    if (ordered.includes(file)) return;
    for (const dep of staticImports(file)) visit(dep);
    ordered.push(file);
  };
  for (const dep of staticImports(cli)) visit(dep);
  const steps = ordered.map((file) => ({ label: `dist/${relative(dist, file)} (${chunkContents(file)})`, specifier: pathToFileURL(file).href }));
  const add = (rel: string, note: string) => {
    const file = join(dist, rel);
    if (existsSync(file)) steps.push({ label: `dist/${rel}${note}`, specifier: pathToFileURL(file).href });
  };
  add("generated/catalog.js", " (default table)");
  add("generated-all/catalog.js", " (--catalog all only)");
  add("sandbox/index.js", " (--sandbox only)");
  return steps;
}

async function probe(projectDir: string, specifiers: string[], timeoutMs: number): Promise<{ boot: number; t: number[] } | string> {
  const child = spawnTracked(process.execPath, ["--input-type=module", "-e", CHILD_SCRIPT, JSON.stringify(specifiers)], {
    cwd: projectDir,
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-1000)));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => void stopChild(child).then(() => resolve(null)), timeoutMs);
    child.once("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  if (code !== 0) return `import probe exited ${code}: ${stderr.trim().split("\n").slice(-2).join(" | ")}`;
  return JSON.parse(stdout);
}

export async function measureStartupBreakdown(projectDir: string, runs: number, timeoutMs: number): Promise<StartupBreakdown> {
  const steps = bundleSteps(projectDir);
  const sdk = ["@modelcontextprotocol/server", "@modelcontextprotocol/server/stdio"];
  const samples: Array<{ boot: number; t: number[] }> = [];
  const sdkSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const bundle = await probe(projectDir, steps.map((s) => s.specifier), timeoutMs);
    if (typeof bundle === "string") return { runs: samples.length, nodeBootstrapMs: Number.NaN, steps: [], error: bundle };
    samples.push(bundle);
    const floor = await probe(projectDir, sdk, timeoutMs);
    if (typeof floor === "string") return { runs: samples.length, nodeBootstrapMs: Number.NaN, steps: [], error: floor };
    sdkSamples.push(floor.t.reduce((a, b) => a + b, 0));
  }
  return {
    runs: samples.length,
    nodeBootstrapMs: median(samples.map((s) => s.boot)),
    steps: [
      ...steps.map((m, i) => ({ module: m.label, ms: median(samples.map((s) => s.t[i])) })),
      { module: `${sdk.join(" + ")} unbundled from node_modules, in a separate node (what the floor loads)`, ms: median(sdkSamples) },
    ],
  };
}
