// Spawns the built CLI in HTTP mode and waits for the line saying where it listens.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StreamableHTTPClientTransport, type OAuthClientProvider } from "@modelcontextprotocol/client";
import { CLI, ensureBuilt } from "../runtime/e2e-helpers.js";

export interface HttpCli {
  child: ChildProcess;
  /** Where the process listens (http://127.0.0.1:PORT). */
  url: string;
  stderr(): string;
  stateDir: string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startHttpCli(args: string[], env: Record<string, string> = {}): Promise<HttpCli> {
  ensureBuilt();
  const stateDir = mkdtempSync(join(tmpdir(), "okta-mcp-http-"));
  const child = spawn(process.execPath, [CLI, "--http", ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: stateDir, XDG_STATE_HOME: stateDir, OKTA_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line within 20 s:\n${stderr}`)), 20_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/[^\s)]+)|serving MCP over HTTP at (http:\/\/[^\s;]+)\/mcp/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[2]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${stderr}`));
    });
  });
  return {
    child,
    url,
    stderr: () => stderr,
    stateDir,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function connectHttp(
  url: string,
  opts: { headers?: Record<string, string>; authProvider?: OAuthClientProvider; fetch?: typeof fetch } = {},
): Promise<Client> {
  const client = new Client({ name: "http-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: opts.headers ?? {} },
    ...(opts.authProvider ? { authProvider: opts.authProvider } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  await client.connect(transport);
  return client;
}
