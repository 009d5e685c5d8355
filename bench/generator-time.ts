// Wall time of the generator, run the way `npm run generate` runs it (the package.json script, with
// node_modules/.bin on PATH) but without npm's own start-up, into a throwaway directory.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { spawnTracked, stopChild, childEnv } from "./lib/processes.js";
import { median } from "./lib/stats.js";
import { guardTree } from "./lib/tree-guard.js";

/** Folders of the working tree a generator run could write besides --out. */
const GUARDED_FOLDERS = ["allowlists", "src/generated", "src/generated-all"];

export interface GeneratorRun {
  label: string;
  args: string[];
  runs: number;
  medianMs: number;
  samplesMs: number[];
  filesWritten: number;
  /** Working-tree files that changed during the first run besides --out (the generator's, or a concurrent edit). */
  strayWrites: string[];
  note?: string;
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  return n;
}

async function runOnce(projectDir: string, script: string, args: string[], timeoutMs: number): Promise<{ ms: number; files: number; strayWrites: string[] }> {
  const out = mkdtempSync(join(tmpdir(), "okta-mcp-bench-gen-"));
  const guard = guardTree(projectDir, GUARDED_FOLDERS);
  try {
    const command = [script, ...args, "--out", out].map((part, i) => (i === 0 ? part : `'${part.replace(/'/g, "'\\''")}'`)).join(" ");
    const env = childEnv({ PATH: `${join(projectDir, "node_modules", ".bin")}:${process.env.PATH ?? ""}` });
    const start = performance.now();
    const child = spawnTracked("sh", ["-c", command], { cwd: projectDir, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        void stopChild(child);
        reject(new Error(`generator ${args.join(" ")} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      child.once("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const ms = performance.now() - start;
    if (code !== 0) throw new Error(`generator ${args.join(" ")} exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
    const files = countFiles(out);
    if (files === 0) throw new Error(`generator ${args.join(" ")} wrote nothing to --out`);
    return { ms, files, strayWrites: guard.changed() };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Median of `maxRuns` when one run is quicker than `fastEnoughMs`, else a single run (said in `note`). */
export async function measureGenerator(
  projectDir: string,
  label: string,
  args: string[],
  options: { maxRuns: number; fastEnoughMs: number; timeoutMs: number },
): Promise<GeneratorRun> {
  const pkg = JSON.parse(readFileSync(join(projectDir, "package.json"), "utf8"));
  const script: string | undefined = pkg.scripts?.generate;
  if (!script) throw new Error("package.json has no generate script");
  const first = await runOnce(projectDir, script, args, options.timeoutMs);
  const samples = [first.ms];
  const notes: string[] = [];
  if (first.ms <= options.fastEnoughMs) {
    while (samples.length < options.maxRuns) samples.push((await runOnce(projectDir, script, args, options.timeoutMs)).ms);
  } else if (options.maxRuns > 1) {
    notes.push(`1 run only: the first took ${(first.ms / 1000).toFixed(1)} s (> ${options.fastEnoughMs / 1000} s)`);
  }
  if (first.strayWrites.length) notes.push(`changed in the working tree during the run, despite --out: ${first.strayWrites.join(", ")}`);
  return {
    label,
    args,
    runs: samples.length,
    medianMs: median(samples),
    samplesMs: samples,
    filesWritten: first.files,
    strayWrites: first.strayWrites,
    note: notes.length ? notes.join("; ") : undefined,
  };
}
