// Where a cold start goes: in a fresh `node`, the time to import each module in turn (SDK first, since
// the floor pays for it too; then the runtime; then the generated tables). Informational, no target:
// it is how one reads a missed cold-start target (SDK import vs table parse vs our own code).
import { existsSync } from "node:fs";
import { join } from "node:path";
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

/**
 * The modules the CLI loads before it answers, in load order: the SDK (the floor pays for it too), the
 * CLI's third-party imports, our runtime, the generated tables. Then, marked, what is loaded lazily or only
 * with --sandbox. Each figure is the *extra* time given everything above it is already loaded.
 */
function startupModules(projectDir: string): Array<{ label: string; specifier: string }> {
  const dist = join(projectDir, "dist");
  const modules: Array<{ label: string; specifier: string }> = [];
  const pkg = (name: string) => modules.push({ label: name, specifier: name });
  const add = (rel: string, note = "") => {
    const file = join(dist, rel);
    if (existsSync(file)) modules.push({ label: `dist/${rel}${note}`, specifier: pathToFileURL(file).href });
  };
  pkg("@modelcontextprotocol/server");
  pkg("@modelcontextprotocol/server/stdio");
  for (const name of ["commander", "openapi-fetch", "openid-client", "jose"]) {
    if (existsSync(join(projectDir, "node_modules", name))) pkg(name);
  }
  for (const rel of ["runtime/server.js", "runtime/config.js", "runtime/auth/index.js", "runtime/prompts.js", "runtime/discovery.js", "workflows.js"]) add(rel);
  add("generated/catalog.js");
  add("generated-all/catalog.js", " (--catalog all only)");
  add("generated/all/catalog.js", " (--catalog all only)");
  add("generated/validators.js", " (lazy: first call)");
  add("generated/schemas.js", " (lazy: first resource read)");
  add("sandbox/index.js", " (--sandbox only)");
  return modules;
}

export async function measureStartupBreakdown(projectDir: string, runs: number, timeoutMs: number): Promise<StartupBreakdown> {
  const modules = startupModules(projectDir);
  const samples: Array<{ boot: number; t: number[] }> = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnTracked(process.execPath, ["--input-type=module", "-e", CHILD_SCRIPT, JSON.stringify(modules.map((m) => m.specifier))], {
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
    if (code !== 0) return { runs: samples.length, nodeBootstrapMs: Number.NaN, steps: [], error: `import probe exited ${code}: ${stderr.trim().split("\n").slice(-2).join(" | ")}` };
    samples.push(JSON.parse(stdout));
  }
  return {
    runs: samples.length,
    nodeBootstrapMs: median(samples.map((s) => s.boot)),
    steps: modules.map((m, i) => ({ module: m.label, ms: median(samples.map((s) => s.t[i])) })),
  };
}
