// A real MCP client (the SDK's Client over stdio) attached to a spawned server, as an agent host would use it.
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { childEnv, trackPid } from "./processes.js";

export interface McpSession {
  client: Client;
  pid: number;
  /** Tool calls made through this session so far. */
  calls: number;
  stderr(): string;
  callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<any>;
  close(): Promise<void>;
}

export async function openMcpSession(command: string, args: string[], timeoutMs: number, extraEnv: Record<string, string> = {}): Promise<McpSession> {
  const env = Object.fromEntries(Object.entries(childEnv(extraEnv)).filter((e): e is [string, string] => typeof e[1] === "string"));
  const transport = new StdioClientTransport({ command, args, env, stderr: "pipe" });
  let stderrTail = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-4000);
  });
  const client = new Client({ name: "okta-mcp-bench", version: "0.0.0" });
  try {
    await client.connect(transport, { timeout: timeoutMs });
  } catch (error) {
    trackPid(transport.pid);
    await transport.close().catch(() => undefined);
    throw new Error(`${(error as Error).message}; server stderr: ${stderrTail.trim().slice(-400)}`);
  }
  trackPid(transport.pid);
  const session: McpSession = {
    client,
    pid: transport.pid ?? 0,
    calls: 0,
    stderr: () => stderrTail,
    async callTool(name, toolArgs, callTimeoutMs) {
      session.calls++;
      return client.callTool({ name, arguments: toolArgs }, { timeout: callTimeoutMs });
    },
    async close() {
      await client.close().catch(() => undefined);
    },
  };
  return session;
}

/** The text a model reads from a tool result (all text content blocks). */
export function resultText(result: any): string {
  return (result?.content ?? [])
    .filter((block: any) => block?.type === "text")
    .map((block: any) => String(block.text))
    .join("\n");
}
