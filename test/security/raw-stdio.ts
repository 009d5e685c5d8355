// A raw JSON-RPC session with the CLI over stdio, for the hostile cases (tests and bench/hostile.ts): it can send what a real client never
// would (a 5 MB tool name, a `result: null` answer to an elicitation) and measures the server's peak memory
// (VmHWM) and the size of each answer as it arrives on the pipe.
import { type ChildProcess, spawn, type SpawnOptions } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** How the server process is started: node:child_process spawn, or the bench's tracked spawn. */
export type Spawner = (command: string, args: string[], options: SpawnOptions) => ChildProcess;

const baseEnv = () => ({ PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" });

export interface RawAnswer {
  ms: number;
  /** Bytes of the answer line on stdout. */
  bytes: number;
  message: any;
}

/** Answers one server-to-client request (elicitation, roots); return the raw message to send, or undefined to stay silent. */
export type ServerRequestHandler = (request: { id: unknown; method: string; params?: unknown }) => object | undefined;

export class RawSession {
  private buffer = "";
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: RawAnswer & { at: number }) => void>();
  private stderrTail = "";
  onServerRequest: ServerRequestHandler = (request) => ({ jsonrpc: "2.0", id: request.id, error: { code: -32601, message: "not supported" } });

  private constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => this.onData(chunk));
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => (this.stderrTail = (this.stderrTail + chunk).slice(-20_000)));
    child.stdin!.on("error", () => undefined);
    // A server that exits (refused at start-up, crashed) answers nothing more: settle every wait at once.
    child.once("exit", () => {
      for (const resolve of this.waiting.values()) resolve({ at: performance.now(), ms: 0, bytes: 0, message: undefined });
      this.waiting.clear();
    });
  }

  /** Spawns `node cli args` with only PATH, HOME and `env` in its environment, and opens an MCP session. */
  static async open(cli: string, args: string[], env: Record<string, string>, capabilities: object = {}, spawner: Spawner = spawn): Promise<RawSession> {
    const child = spawner(process.execPath, [cli, ...args], { stdio: ["pipe", "pipe", "pipe"], env: { ...baseEnv(), OKTA_LOG_LEVEL: "warn", ...env } });
    const session = new RawSession(child);
    const init = await session.request("initialize", { protocolVersion: "2025-11-25", capabilities, clientInfo: { name: "hostile-client", version: "0" } }, 30_000);
    if (!init.message || init.message.error) {
      await session.close();
      throw new Error(`initialize failed: ${JSON.stringify(init.message?.error)} ${session.stderr}`);
    }
    session.write({ jsonrpc: "2.0", method: "notifications/initialized" });
    return session;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  /** Peak resident memory of the server so far (VmHWM), MiB. */
  peakRssMiB(): number {
    try {
      const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${this.pid}/status`, "utf8"));
      return match ? Number(match[1]) / 1024 : Number.NaN;
    } catch {
      return Number.NaN;
    }
  }

  /** Resolves with the answer, or with `message: undefined` when none came within timeoutMs. */
  request(method: string, params: unknown, timeoutMs: number): Promise<RawAnswer> {
    const id = this.nextId++;
    const started = performance.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ ms: performance.now() - started, bytes: 0, message: undefined });
      }, timeoutMs);
      this.waiting.set(id, (answer) => {
        clearTimeout(timer);
        resolve({ ...answer, ms: answer.at - started });
      });
      this.write({ jsonrpc: "2.0", id, method, params });
    });
  }

  call(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<RawAnswer> {
    return this.request("tools/call", { name, arguments: args }, timeoutMs);
  }

  write(message: unknown): void {
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
  }

  /** The exit code once the process has ended (e.g. refused at start-up). */
  exited(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  /** Ends stdin, then SIGTERM, then SIGKILL after a second; resolves when the process has exited. */
  async close(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.stdin?.end();
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 1000);
    await exited;
    clearTimeout(timer);
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (!line.trim()) continue;
      let message: any;
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      if (typeof message.method === "string" && message.id !== undefined) {
        const reply = this.onServerRequest(message);
        if (reply) this.write(reply);
      } else if (typeof message.id === "number") {
        const resolve = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        resolve?.({ at: performance.now(), ms: 0, bytes: Buffer.byteLength(line), message });
      }
    }
  }
}
