// Spawns the bundled CLI (dist/runtime/cli.js, the package's bin, built by `npm run build`) over stdio, pointed at a sandbox org served on loopback by the test,
// which records every request the server sends.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { createSandboxOrg, type SandboxOrg } from "../../src/sandbox/index.js";
import { listenOnLoopback } from "../../src/sandbox/listen.js";

export const CLI = join(process.cwd(), "dist/runtime/cli.js");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let built = false;
/** Builds when dist/ is older than src/ or the build script (the e2e tests must run the real bin). */
export function ensureBuilt(): void {
  if (built) return;
  const newestInput = Math.max(newestMtime(join(process.cwd(), "src")), statSync(join(process.cwd(), "scripts", "build.mjs")).mtimeMs);
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestInput) {
    built = true;
    return;
  }
  const result = spawnSync("npm", ["run", "build"], { encoding: "utf8" });
  if (result.status !== 0 || !existsSync(CLI)) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
  built = true;
}

export interface RecordedOrg {
  org: SandboxOrg;
  url: string;
  requests: { method: string; path: string; authorization: string | null; userAgent: string | null }[];
  close(): Promise<void>;
}

export async function startRecordedOrg(): Promise<RecordedOrg> {
  const org = createSandboxOrg();
  const requests: RecordedOrg["requests"] = [];
  const listening = await listenOnLoopback(async (request) => {
    const url = new URL(request.url);
    requests.push({ method: request.method, path: url.pathname + url.search, authorization: request.headers.get("authorization"), userAgent: request.headers.get("user-agent") });
    return org.handle(request);
  });
  return { org, url: listening.url, requests, close: listening.close };
}

export interface CliSession {
  client: Client;
  stderr: () => string;
  stateDir: string;
  close(): Promise<void>;
}

export async function startCli(opts: { args?: string[]; env?: Record<string, string>; elicitation?: boolean }): Promise<CliSession> {
  const stateDir = mkdtempSync(join(tmpdir(), "okta-mcp-e2e-"));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...(opts.args ?? [])],
    env: { PATH: process.env.PATH ?? "", HOME: stateDir, XDG_STATE_HOME: stateDir, OKTA_LOG_LEVEL: "warn", ...opts.env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "e2e", version: "1.0.0" }, { capabilities: opts.elicitation ? { elicitation: { form: {} } } : {} });
  await client.connect(transport);
  return { client, stderr: () => stderr, stateDir, close: () => client.close() };
}

export function runCliExpectingExit(args: string[], env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), ...env },
    encoding: "utf8",
    input: "",
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

export const text = (result: { content?: unknown }) => (result.content as { text: string }[]).map((c) => c.text).join("\n");
