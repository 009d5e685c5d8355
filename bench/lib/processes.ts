// Every child the bench starts goes through here, so that all of them die with the bench — on success,
// on error and on Ctrl-C — and no server is left holding a port or a core.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

const live = new Set<ChildProcess>();

export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, env: options.env ?? childEnv() });
  live.add(child);
  child.once("exit", () => live.delete(child));
  child.once("error", () => live.delete(child));
  return child;
}

/** Remembers a process started by someone else (the SDK's stdio transport) so cleanup can reach it. */
export function trackPid(pid: number | null | undefined): void {
  if (!pid) return;
  extraPids.add(pid);
}
const extraPids = new Set<number>();

/**
 * Environment for children: no loader flags from tsx leak into `node dist/...` runs, and no OKTA_* variable
 * of the caller's shell reaches a server (the bench must never talk to a real org).
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  for (const name of Object.keys(env)) if (name.startsWith("OKTA_")) delete env[name];
  return { ...env, ...extra };
}

/** Asks a child to stop, then kills it after `graceMs`; resolves when it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 1000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdin?.end();
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export function killAllSync(): void {
  for (const child of live) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  live.clear();
  for (const pid of extraPids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  extraPids.clear();
}

let installed = false;
export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  process.on("exit", killAllSync);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      killAllSync();
      process.exit(130);
    });
  }
}
