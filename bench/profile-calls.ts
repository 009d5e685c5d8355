// Where a tool call's CPU time goes: the built CLI under `node --cpu-prof`, pointed at the sandbox org in a
// process of its own (as a real org is remote), takes `list_users {limit: 5}` calls from a real MCP client
// over stdio; then the profile's self time is summed per function and per module and the top of each printed.
// Run after `npm run build`: `npx tsx bench/profile-calls.ts [--calls N] [--concurrency C] [--keep DIR]`.
// Informational only: nothing here is a target (the targets are in run.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { startExternalSandbox } from "./lib/external-sandbox.js";
import { openMcpSession } from "./lib/mcp-session.js";
import { installCleanupHandlers, killAllSync } from "./lib/processes.js";

const projectDir = fileURLToPath(new URL("..", import.meta.url));
const cliPath = join(projectDir, "dist", "runtime", "cli.js");
const sandboxModule = join(projectDir, "dist", "sandbox", "index.js");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** A frame's module, shortened: a package name for node_modules, a project path, or node's own. */
function moduleOf(url: string): string {
  if (!url) return "(native / VM)";
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = path.slice(nm + "node_modules/".length).split("/");
    return `${parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]} (${parts.at(-1)})`;
  }
  return path.startsWith(projectDir) ? relative(projectDir, path) : path;
}

/** Self time per function and per module, ms, largest first. */
export function selfTimes(profile: CpuProfile): { byFunction: [string, number][]; byModule: [string, number][]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === "(idle)") continue;
    totalMs += ms;
    const where = moduleOf(frame.url);
    const name = `${frame.functionName || "(anonymous)"} ${where}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    fn.set(name, (fn.get(name) ?? 0) + ms);
    mod.set(where, (mod.get(where) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { byFunction: sorted(fn), byModule: sorted(mod), totalMs };
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const calls = flag("--calls", 3000);
  const concurrency = flag("--concurrency", 1);
  const keepAt = process.argv.indexOf("--keep");
  const dir = keepAt >= 0 ? process.argv[keepAt + 1] : mkdtempSync(join(tmpdir(), "okta-mcp-cpu-prof-"));
  const org = await startExternalSandbox(sandboxModule, 20_000);
  try {
    const session = await openMcpSession(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, cliPath, "--audit-log", "off"], 20_000, {
      OKTA_ORG_URL: org.url,
      OKTA_API_TOKEN: org.token,
      OKTA_SCOPES: "okta.users.read",
    });
    let issued = 0;
    const worker = async () => {
      while (issued < calls) {
        issued++;
        const result = await session.callTool("list_users", { limit: 5 }, 10_000);
        if (result?.isError) throw new Error(`list_users failed: ${JSON.stringify(result.content).slice(0, 300)}`);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const wallMs = performance.now() - started;
    // Closing stdin ends the CLI normally, which is when node writes the profile.
    await session.close();
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error(`no .cpuprofile was written in ${dir}`);
    const { byFunction, byModule, totalMs } = selfTimes(JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile);
    const pct = (ms: number) => `${((100 * ms) / totalMs).toFixed(1).padStart(5)} %`;
    const out = process.stdout;
    out.write(`${calls} calls of list_users {limit: 5}, ${concurrency} caller(s), ${(wallMs / calls).toFixed(3)} ms wall per call\n`);
    out.write(`server CPU (non-idle samples, start-up included): ${totalMs.toFixed(0)} ms, ${(totalMs / calls).toFixed(3)} ms per call\n\n`);
    out.write("top modules by self time\n");
    for (const [name, ms] of byModule.slice(0, 20)) out.write(`${pct(ms)}  ${ms.toFixed(0).padStart(6)} ms  ${name}\n`);
    out.write("\ntop functions by self time\n");
    for (const [name, ms] of byFunction.slice(0, 30)) out.write(`${pct(ms)}  ${ms.toFixed(0).padStart(6)} ms  ${name}\n`);
    if (keepAt >= 0) out.write(`\nprofile kept: ${join(dir, file)}\n`);
  } finally {
    await org.stop();
    if (keepAt < 0) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main()
    .catch((error) => {
      process.stderr.write(`profile failed: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    })
    .finally(killAllSync);
}
