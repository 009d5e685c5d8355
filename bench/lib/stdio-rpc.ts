// A bare JSON-RPC-over-stdio client for timing a server's start. It adds nothing between the pipe and
// the clock (no SDK, no validation), so the figures are the server's, not the client's.
import type { ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { spawnTracked, childEnv } from "./processes.js";

export interface RpcResponse {
  id: number;
  result?: any;
  error?: { code: number; message: string };
}

export class StdioRpc {
  readonly child: ChildProcess;
  readonly spawnedAt: number;
  private buffer = "";
  private nextId = 1;
  private waiting = new Map<number, { resolve: (r: RpcResponse) => void; reject: (e: Error) => void }>();
  private stderrTail = "";
  private exitError: Error | undefined;

  constructor(command: string, args: string[], env: Record<string, string> = {}) {
    this.spawnedAt = performance.now();
    this.child = spawnTracked(command, args, { stdio: ["pipe", "pipe", "pipe"], env: childEnv(env) });
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (chunk: string) => this.onData(chunk));
    this.child.stderr!.setEncoding("utf8");
    this.child.stderr!.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.child.stdin!.on("error", () => undefined);
    this.child.once("exit", (code, signal) => {
      this.exitError = new Error(`server exited (code ${code}, signal ${signal}): ${this.stderrTail.trim().split("\n").slice(-3).join(" | ")}`);
      for (const w of this.waiting.values()) w.reject(this.exitError);
      this.waiting.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  /** Sends a request and resolves with the response and the time (ms since spawn) it arrived. */
  request(method: string, params: unknown, timeoutMs: number): Promise<{ response: RpcResponse; at: number }> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms; stderr: ${this.stderrTail.trim().slice(-300)}`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (response) => {
          clearTimeout(timer);
          resolve({ response, at: performance.now() - this.spawnedAt });
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.write({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method: string, params?: unknown): void {
    this.write({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) });
  }

  private write(message: unknown): void {
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (!line) continue;
      let message: any;
      try {
        message = JSON.parse(line);
      } catch {
        continue; // not ours to judge here; a stray stdout line shows up as a timeout
      }
      if (typeof message.id === "number" && ("result" in message || "error" in message)) {
        const w = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        w?.resolve(message);
      } else if (typeof message.id !== "undefined" && typeof message.method === "string") {
        // A server->client request (e.g. roots/list): answer "not supported" so the server is not left waiting.
        this.write({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "not supported by bench" } });
      }
    }
  }
}

const initializeParams = {
  protocolVersion: "2025-11-25",
  capabilities: {},
  clientInfo: { name: "okta-mcp-bench", version: "0.0.0" },
};

/** initialize + initialized, as every client opens. Returns the time (ms since spawn) the answer arrived. */
export async function openSession(rpc: StdioRpc, timeoutMs: number): Promise<number> {
  const { response, at } = await rpc.request("initialize", initializeParams, timeoutMs);
  if (response.error) throw new Error(`initialize failed: ${response.error.message}`);
  rpc.notify("notifications/initialized");
  return at;
}

/** Every page of tools/list (following nextCursor, bounded). */
export async function listAllTools(rpc: StdioRpc, timeoutMs: number, maxPages = 50): Promise<{ tools: any[]; pages: number; firstPageAt: number }> {
  const tools: any[] = [];
  let cursor: string | undefined;
  let firstPageAt = Number.NaN;
  for (let page = 1; page <= maxPages; page++) {
    const { response, at } = await rpc.request("tools/list", cursor ? { cursor } : {}, timeoutMs);
    if (response.error) throw new Error(`tools/list failed: ${response.error.message}`);
    if (page === 1) firstPageAt = at;
    tools.push(...(response.result?.tools ?? []));
    cursor = response.result?.nextCursor;
    if (!cursor) return { tools, pages: page, firstPageAt };
  }
  throw new Error(`tools/list did not finish within ${maxPages} pages`);
}
