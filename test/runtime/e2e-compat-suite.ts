// Protocol compatibility over stdio (run from e2e-stdio.test.ts, so the CLI is built once per run): a @modelcontextprotocol/sdk 1.32 client, and a raw 2024-11-05 handshake.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as V1StdioTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";
import { CLI } from "./e2e-helpers.js";

const env = () => {
  const dir = mkdtempSync(join(tmpdir(), "okta-mcp-compat-"));
  return { PATH: process.env.PATH ?? "", HOME: dir, XDG_STATE_HOME: dir, OKTA_LOG_LEVEL: "warn" };
};

export function describeCompat(): void {
describe("protocol compatibility", () => {
  it("a @modelcontextprotocol/sdk 1.32 client lists and calls tools", async () => {
    const client = new V1Client({ name: "v1", version: "1.0.0" });
    await client.connect(new V1StdioTransport({ command: process.execPath, args: [CLI, "--sandbox", "--audit-log", "off"], env: env(), stderr: "pipe" }));
    const { tools } = await client.listTools();
    const listUsers = tools.find((t) => t.name === "list_users");
    expect(listUsers?.inputSchema.type).toBe("object");
    const result = await client.callTool({ name: "list_users", arguments: { limit: 3 } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { items: unknown[] }).items.length).toBe(3);
    await client.close();
  });

  it("negotiates protocol 2024-11-05 with a client that asks for it", async () => {
    const child = spawn(process.execPath, [CLI, "--sandbox", "--audit-log", "off"], { env: env(), stdio: ["pipe", "pipe", "pipe"] });
    const responses = new Map<number, { result?: Record<string, unknown>; error?: unknown }>();
    let buffer = "";
    const waiters = new Map<number, () => void>();
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const message = JSON.parse(line) as { id?: number };
        if (typeof message.id === "number") {
          responses.set(message.id, message as never);
          waiters.get(message.id)?.();
        }
      }
    });
    const request = (id: number, method: string, params: unknown) =>
      new Promise<{ result?: Record<string, unknown>; error?: unknown }>((resolve) => {
        waiters.set(id, () => resolve(responses.get(id)!));
        child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
      });
    const init = await request(1, "initialize", { protocolVersion: "2024-11-05", capabilities: {}, clientInfo: { name: "old", version: "0" } });
    expect(init.result?.protocolVersion).toBe("2024-11-05");
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    const list = await request(2, "tools/list", {});
    expect((list.result?.tools as unknown[]).length).toBeGreaterThan(10);
    const call = await request(3, "tools/call", { name: "get_auth_status", arguments: {} });
    expect((call.result?.content as { text: string }[])[0].text).toContain("sandbox");
    child.kill();
  });
});
}
