// The audit trail under faults, against the built CLI: a full disk, a slow reader of `--audit-log -`, a crash in the
// middle of a change, and calls the protocol layer refuses. No record, no request; no line torn or merged.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLI, ensureBuilt, type RecordedOrg, startRecordedOrg, text } from "../runtime/e2e-helpers.js";

type Structured = Record<string, any>;
const SCOPES = "okta.groups.read okta.groups.manage";
let org: RecordedOrg | undefined;

beforeAll(() => ensureBuilt());
afterEach(async () => {
  await org?.close();
  org = undefined;
});

/** The CLI over stdio; `limitFileKiB` runs it under RLIMIT_FSIZE, so its writes fail past that size as on a full disk. */
async function start(args: string[], options: { limitFileKiB?: number; elicitation?: boolean } = {}) {
  org = await startRecordedOrg();
  const env = { PATH: process.env.PATH ?? "", HOME: tmpdir(), OKTA_LOG_LEVEL: "error", OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.org.token, OKTA_SCOPES: SCOPES };
  const transport = new StdioClientTransport(
    options.limitFileKiB
      ? { command: "bash", args: ["-c", `ulimit -f ${options.limitFileKiB} && exec "$0" "$@"`, process.execPath, CLI, ...args], env, stderr: "pipe" }
      : { command: process.execPath, args: [CLI, ...args], env, stderr: "pipe" },
  );
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "audit-e2e", version: "1" }, { capabilities: options.elicitation ? { elicitation: { form: {} } } : {} });
  await client.connect(transport);
  const groups = (await client.callTool({ name: "list_groups", arguments: { limit: 5 } })).structuredContent as Structured;
  return { client, transport, stderr: () => stderr, groupId: groups.items[1].id as string, org: org! };
}

// Audit lines, and fragments of them; other stderr lines (logs, Node's own warnings) are left out.
const parseLines = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.startsWith("{") || line.includes('"callId"') || line.includes('"phase"'))
    .map((line) => {
      try {
        return JSON.parse(line) as Structured;
      } catch {
        return { torn: line.slice(0, 80) };
      }
    });

describe("audit trail under faults", () => {
  it("with the disk full, no change reaches the org without its intent record, and no line is torn", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "audit-full-")), "audit.jsonl");
    const s = await start(["--audit-log", path, "--no-confirm"], { limitFileKiB: 24 });
    const results = [];
    for (let i = 0; i < 200; i++) {
      results.push(await s.client.callTool({ name: "update_group", arguments: { groupId: s.groupId, profile: { name: `Renamed ${i}`, description: `round ${i}` } } }));
    }
    const reached = s.org.requests.filter((r) => r.method === "PUT").length;
    const lines = parseLines(readFileSync(path, "utf8"));
    const intents = lines.filter((l) => l.tool === "update_group" && l.phase === "intent");
    const refused = results.filter((r) => text(r).includes("ERR_AUDIT_UNAVAILABLE"));
    expect(lines.filter((l) => "torn" in l)).toEqual([]);
    expect(reached).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(reached + refused.length).toBe(200);
    // Every change that reached the org has its intent on disk.
    expect(intents.length).toBeGreaterThanOrEqual(reached);
    expect(text(refused[0])).toContain("nothing was sent to Okta");
    // Reads go on, and say that their record could not be written.
    const read = await s.client.callTool({ name: "list_groups", arguments: { limit: 1 } });
    expect(read.isError).toBeFalsy();
    expect(text(read)).toContain("audit record could not be written");
    await s.client.close();
  });

  it("`--audit-log -` keeps every line whole, with large records and a reader that stalls", async () => {
    const s = await start(["--audit-log", "-", "--no-confirm"]);
    const stream = s.transport.stderr as unknown as NodeJS.ReadableStream;
    const big = "x".repeat(200_000);
    // Stall the reader while the server writes far more than a pipe holds.
    stream.pause();
    const calls = Array.from({ length: 40 }, (_, i) => s.client.callTool({ name: "update_group", arguments: { groupId: s.groupId, profile: { name: `G${i}`, description: big } } }));
    await new Promise((r) => setTimeout(r, 1500));
    stream.resume();
    await Promise.all(calls);
    await new Promise((r) => setTimeout(r, 300));
    const lines = parseLines(s.stderr()).filter((l) => "torn" in l || l.tool === "update_group");
    expect(lines.filter((l) => "torn" in l)).toEqual([]);
    expect(lines.filter((l) => l.phase === "intent").length).toBe(40);
    expect(lines.filter((l) => l.phase === "outcome").length).toBe(40);
    for (const line of lines) expect(JSON.stringify(line).length).toBeLessThan(64 * 1024);
    expect(lines.find((l) => l.phase === "intent")!.arguments.profile.description).toMatch(/…\[\+\d+ chars\]$/);
    await s.client.close();
  });

  it("a crash while Okta has the request keeps the intent of the confirmed DELETE", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "audit-crash-")), "audit.jsonl");
    const s = await start(["--audit-log", path], { elicitation: true });
    s.client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { confirm: true } }));
    // The org takes the DELETE and never answers; the server is killed meanwhile.
    let arrived!: () => void;
    const delivered = new Promise<void>((resolve) => (arrived = resolve));
    const handle = s.org.org.handle.bind(s.org.org);
    s.org.org.handle = (request: Request) => (request.method === "DELETE" ? (arrived(), new Promise<Response>(() => {})) : handle(request));
    void s.client.callTool({ name: "delete_group", arguments: { groupId: s.groupId } }).catch(() => {});
    await delivered;
    const pid = (s.transport as unknown as { _process: { pid: number } })._process.pid;
    process.kill(pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    const lines = parseLines(readFileSync(path, "utf8")).filter((l) => l.tool === "delete_group");
    expect(lines).toMatchObject([{ phase: "intent", method: "DELETE", path: `/api/v1/groups/${s.groupId}`, confirmation: { via: "elicitation", outcome: "approved" } }]);
    expect(lines[0].callId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("calls refused before the pipeline still leave a line", () => {
  it("protocol-invalid tools/call requests and over-deep arguments", async () => {
    org = await startRecordedOrg();
    const path = join(mkdtempSync(join(tmpdir(), "audit-proto-")), "audit.jsonl");
    const child = spawn(process.execPath, [CLI, "--audit-log", path], {
      env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), OKTA_LOG_LEVEL: "error", OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.org.token, OKTA_SCOPES: SCOPES },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const send = (message: object | string) => child.stdin.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
    const answered = async (id: number) => {
      for (let i = 0; i < 500 && !out.includes(`"id":${id}`); i++) await new Promise((r) => setTimeout(r, 20));
      return out.includes(`"id":${id}`);
    };
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
    await answered(1);
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: 42, arguments: { password: "hunter2" } } });
    send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_groups", arguments: "not an object" } });
    send(`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"update_group","arguments":{"groupId":"g","profile":${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}}}}`);
    for (const id of [2, 3, 4]) expect(await answered(id)).toBe(true);
    child.kill();
    const lines = parseLines(readFileSync(path, "utf8"));
    expect(lines.filter((l) => "torn" in l)).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tool: "(no tool name)", decision: "refused", errorCode: "ERR_PROTOCOL", arguments: { password: "[REDACTED]" } }),
        expect.objectContaining({ tool: "list_groups", decision: "refused", errorCode: "ERR_PROTOCOL" }),
        expect.objectContaining({ tool: "update_group", decision: "refused" }),
      ]),
    );
    expect(readFileSync(path, "utf8")).not.toContain("hunter2");
    expect(org.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});
