// Issue 12 item 6: every input is bounded before work, every wait has one deadline per call, and a malformed
// answer never leaves a call waiting. Assertions are on what happened (requests sent, answer sizes, answers at
// all), never on how fast: the times are measured by bench/hostile.ts.
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport, type JSONRPCMessage } from "@modelcontextprotocol/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { createLimiter } from "../../src/runtime/concurrency.js";
import * as discovery from "../../src/runtime/discovery.js";
import { nearestNames } from "../../src/runtime/discovery.js";
import { MAX_PAGES } from "../../src/runtime/execute-tool.js";
import { createServer } from "../../src/runtime/server.js";
import { createSandboxOrg } from "../../src/sandbox/index.js";
import { CLI, ensureBuilt } from "../runtime/e2e-helpers.js";
import { connectToOrg, errorCode, text } from "./helpers.js";
import { json, startHostileOrg, type HostileOrg } from "./hostile-org.js";
import { RawSession } from "./raw-stdio.js";

let org: HostileOrg;
beforeAll(async () => {
  org = await startHostileOrg();
});
afterAll(() => org.close());
beforeEach(() => {
  org.requests.length = 0;
});

const users = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: `00u${from + i}`, status: "ACTIVE", profile: { login: `u${from + i}@example.com` } }));
const next = (after: string | number) => ({ link: `<${org.url}/api/v1/users?after=${after}&limit=1>; rel="next"` });

describe("inputs are bounded before any work", () => {
  it("a 1 MB unknown tool name is refused without being echoed (the answer stays small)", async () => {
    const h = await connectToOrg(org);
    const name = "x".repeat(1024 * 1024);
    const result = await h.client.callTool({ name, arguments: {} });
    expect(errorCode(result)).toBe("ERR_TOOL_NOT_EXPOSED");
    expect(JSON.stringify(result).length).toBeLessThan(2000);
    expect(text(result)).toMatch(/at most 128 characters/);
    expect(String(h.audit.records.at(-1)!.tool).length).toBeLessThanOrEqual(128);
    expect(org.requests).toEqual([]);
    await h.close();
  });

  it("discovery: an oversized tool name or query is refused before matching, without echoing it", async () => {
    const h = await connectToOrg(org, { options: { toolMode: "discover" }, deps: { discovery } });
    const long = "delete_user_".repeat(20_000);
    for (const [tool, args] of [
      ["describe_operation", { tool: long }],
      ["call_operation", { tool: long }],
      ["search_operations", { query: long }],
      ["search_operations", { tag: long }],
    ] as const) {
      const result = await h.client.callTool({ name: tool, arguments: args });
      expect(errorCode(result), tool).toBe("ERR_INVALID_ARGUMENTS");
      expect(JSON.stringify(result).length, tool).toBeLessThan(1000);
    }
    // One audit line per call, written by the pipeline (search and describe included).
    expect(h.audit.records.map((r) => r.tool)).toEqual(["describe_operation", "call_operation", "search_operations", "search_operations"]);
    await h.close();
  });

  it("prompt arguments are bounded too, and an oversized one is not quoted back", async () => {
    const prompts = await import("../../src/runtime/prompts.js");
    const h = await connectToOrg(org, { deps: { prompts } });
    const first = prompts.prompts[0];
    const error = await h.client.getPrompt({ name: first.name, arguments: { ["k".repeat(1024 * 1024)]: "v" } }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/larger than 16,384 bytes/);
    expect(error!.message.length).toBeLessThan(500);
    await h.close();
  });

  it("suggestions are never computed for a name longer than any tool name (edit distance is length squared)", () => {
    expect(nearestNames("deactivate_user".repeat(2000), catalog.tools)).toEqual([]);
    expect(nearestNames("deactivat_user", catalog.tools)).toContain("deactivate_user");
  });

  it("arguments over the size or depth bound are refused, nothing is sent, and the call still leaves an audit line", async () => {
    const h = await connectToOrg(org);
    let deep: Record<string, unknown> = { login: "a@example.com" };
    for (let i = 0; i < 40; i++) deep = { nested: deep };
    const cases: [string, Record<string, unknown>][] = [
      ["update_user", { id: "00u1", profile: { nickName: "x".repeat(2 * 1024 * 1024) } }],
      ["update_user", { id: "00u1", profile: deep }],
      ["list_users", { search: Array.from({ length: 300_000 }, () => 1) as unknown as string }],
    ];
    for (const [tool, args] of cases) {
      const result = await h.client.callTool({ name: tool, arguments: args });
      expect(errorCode(result), tool).toBe("ERR_INVALID_ARGUMENTS");
      expect(JSON.stringify(result).length).toBeLessThan(1000);
    }
    expect(org.requests).toEqual([]);
    expect(h.audit.records).toHaveLength(3);
    // Recorded, bounded (the audit's own copy cuts depth and length), nothing sent.
    for (const record of h.audit.records) expect(record).toMatchObject({ decision: "refused", errorCode: "ERR_INVALID_ARGUMENTS" });
    expect(JSON.stringify(h.audit.records).length).toBeLessThan(100_000);
    await h.close();
  });
});

describe("fetchAll is bounded however the org pages", () => {
  it("an empty page that links to a next one ends the walk (was: 26,575 requests in 23 s)", { timeout: 15_000 }, async () => {
    org.handle((_req, res, url) => json(res, 200, [], next(Number(url.searchParams.get("after") ?? 0) + 1)));
    const h = await connectToOrg(org);
    const result = await h.client.callTool({ name: "list_users", arguments: { fetchAll: true } });
    expect(result.isError).toBeFalsy();
    expect(org.requests).toHaveLength(1);
    expect(text(result)).toMatch(/empty page that still links to a next one/);
    await h.close();
  });

  it("endless one-item pages stop at the page cap, with a cursor to continue", { timeout: 30_000 }, async () => {
    org.handle((_req, res, url) => {
      const at = Number(url.searchParams.get("after") ?? 0);
      json(res, 200, users(at, 1), next(at + 1));
    });
    const h = await connectToOrg(org);
    const result = await h.client.callTool({ name: "list_users", arguments: { fetchAll: true, limit: 1 } });
    expect(org.requests).toHaveLength(MAX_PAGES);
    expect(text(result)).toMatch(new RegExp(`Stopped after ${MAX_PAGES} pages \\(${MAX_PAGES} items\\): ${MAX_PAGES} pages were read, the most one call reads\\. Continue with after="${MAX_PAGES}"`));
    await h.close();
  });

  it("a cursor that leads back to a page already read ends the walk", { timeout: 15_000 }, async () => {
    org.handle((_req, res, url) => {
      const at = url.searchParams.get("after") ?? "a";
      json(res, 200, users(at === "a" ? 0 : 1, 1), next(at === "a" ? "b" : "b"));
    });
    const h = await connectToOrg(org);
    const result = await h.client.callTool({ name: "list_users", arguments: { fetchAll: true } });
    expect(org.requests).toHaveLength(2);
    expect(text(result)).toMatch(/linked back to a page already read/);
    await h.close();
  });

  it("the bytes one call reads across pages are bounded by --max-response-bytes", { timeout: 15_000 }, async () => {
    const big = (at: number) => users(at * 100, 100).map((u) => ({ ...u, profile: { ...u.profile, title: "x".repeat(5000) } }));
    org.handle((_req, res, url) => {
      const at = Number(url.searchParams.get("after") ?? 0);
      json(res, 200, big(at), next(at + 1));
    });
    const h = await connectToOrg(org, { options: { maxResponseBytes: 1024 * 1024 } });
    const result = await h.client.callTool({ name: "list_users", arguments: { fetchAll: true } });
    expect(org.requests).toHaveLength(3);
    expect(text(result)).toMatch(/bytes were read, the most one call reads \(--max-response-bytes\)/);
    await h.close();
  });

  it("a page that does not come before the deadline ends the walk with the pages already read", { timeout: 15_000 }, async () => {
    org.handle((_req, res, url) => {
      if (url.searchParams.get("after")) return; // the second page never comes
      json(res, 200, users(0, 3), next(3));
    });
    const h = await connectToOrg(org, { options: { timeoutMs: 500 } });
    const result = await h.client.callTool({ name: "list_users", arguments: { fetchAll: true } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { items: unknown[] }).items).toHaveLength(3);
    expect(text(result)).toMatch(/this call's deadline of 500 ms was reached\. Continue with after="3"/);
    await h.close();
  });
});

describe("one deadline per call: queue wait, retries and rate-limit waits included", () => {
  it("calls whose deadline passes while they wait for a slot end then, and send nothing (was: each waited its turn)", { timeout: 20_000 }, async () => {
    // Its own org: requests from these calls must not be counted by the next test.
    const stalled = await startHostileOrg(() => {
      // Accepts and never answers.
    });
    const h = await connectToOrg(stalled, { options: { timeoutMs: 400, maxConcurrency: 2 } });
    await h.client.callTool({ name: "get_user", arguments: { id: "warm-up" } }); // loads the validators
    stalled.requests.length = 0;
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => h.client.callTool({ name: "get_user", arguments: { id: `00u${i}` } })));
    expect(results.map(errorCode)).toEqual(Array(12).fill("ERR_TIMEOUT"));
    // Two were in flight; the others' deadlines passed in the queue, and they never went out.
    expect(stalled.requests.map((r) => r.url)).toEqual(["/api/v1/users/00u0", "/api/v1/users/00u1"]);
    expect(results.slice(2).every((r) => /still waiting behind other calls to the org/.test(text(r)))).toBe(true);
    await h.close();
    await stalled.close();
  });

  it("a 429 whose reset is beyond the call's deadline fails at once, one request (was: 3 waits of 59 s)", { timeout: 10_000 }, async () => {
    org.handle((_req, res) =>
      json(res, 429, { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." }, { "x-rate-limit-limit": "600", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(Math.ceil(Date.now() / 1000) + 59) }),
    );
    const h = await connectToOrg(org);
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(errorCode(result)).toBe("ERR_OKTA_API");
    expect(text(result)).toMatch(/429/);
    expect(text(result)).toMatch(/wait until \d{4}-\d\d-\d\dT/);
    expect(org.requests).toHaveLength(1);
    await h.close();
  });

  it("a 429 whose reset comes within the deadline is waited for and retried", { timeout: 15_000 }, async () => {
    let first = true;
    org.handle((_req, res) => {
      if (!first) return json(res, 200, { id: "00u1" });
      first = false;
      json(res, 429, { errorCode: "E0000047" }, { "x-rate-limit-reset": String(Math.ceil(Date.now() / 1000) + 1) });
    });
    const h = await connectToOrg(org);
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(result.isError).toBeFalsy();
    expect(org.requests).toHaveLength(2);
    await h.close();
  });
});

describe("the concurrency limiter", () => {
  it("never runs two tasks at a limit of 1 when a caller arrives as a slot is released", async () => {
    const limiter = createLimiter(1);
    let active = 0;
    let peak = 0;
    const task = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 1));
      active--;
    };
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const waiter = limiter.run(task);
    await new Promise((r) => setImmediate(r)); // the first task runs, the waiter is queued
    const late: Promise<void>[] = [];
    release();
    // Callers arriving at every microtask turn around the release: the woken waiter must keep its slot.
    for (let i = 0; i < 6; i++) {
      late.push(limiter.run(task));
      await Promise.resolve();
    }
    await Promise.all([first, waiter, ...late]);
    expect(peak).toBe(1);
  });

  it("a waiter whose signal aborts leaves the queue at once and never runs", async () => {
    const limiter = createLimiter(1);
    let release!: () => void;
    const running = limiter.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    let ran = false;
    const waiting = limiter.run(async () => void (ran = true), controller.signal);
    expect(limiter.waiting).toBe(1);
    controller.abort(new Error("deadline"));
    await expect(waiting).rejects.toThrow("deadline");
    expect(limiter.waiting).toBe(0);
    release();
    await running;
    await limiter.run(async () => undefined);
    expect(ran).toBe(false);
  });
});

describe("a malformed answer to a confirmation is a refusal, at once (was: 10 minutes)", () => {
  beforeAll(() => ensureBuilt());

  for (const [label, answer] of [
    ["result: null", null],
    ["a result without an action", {}],
    ["an action that is not a string", { action: 1 }],
  ] as const) {
    it(`over stdio: ${label}`, { timeout: 30_000 }, async () => {
      const session = await RawSession.open(CLI, ["--sandbox", "--audit-log", "off"], {}, { elicitation: { form: {} } });
      try {
        let asked = 0;
        session.onServerRequest = (request) => {
          if (request.method !== "elicitation/create") return undefined;
          asked++;
          return { jsonrpc: "2.0", id: request.id, result: answer };
        };
        const list = await session.call("list_users", { limit: 1 }, 10_000);
        const id = list.message.result.structuredContent.items[0].id as string;
        const result = await session.call("deactivate_user", { id }, 20_000);
        expect(asked).toBe(1);
        expect(result.message?.result?.structuredContent?.error?.code).toBe("ERR_CONFIRMATION_DECLINED");
        const user = await session.call("get_user", { id, fields: ["status"] }, 10_000);
        expect(user.message.result.structuredContent.status).toBe("ACTIVE");
      } finally {
        await session.close();
      }
    });
  }

  it("in memory (no transport schema check): result: null", { timeout: 20_000 }, async () => {
    const sandbox = createSandboxOrg();
    const { createStaticAuth } = await import("../../src/runtime/auth/fixed-token-auth.js");
    const listening = await sandbox.listen({ port: 0 });
    const { server, close } = createServer({
      catalog,
      loadValidators: async () => (await import("../../src/generated/validators.js")).validators,
      auth: createStaticAuth(listening.url, sandbox.token, ["okta.users.read", "okta.users.manage"]),
      orgUrl: listening.url,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    // A real client for the handshake and the call; its transport answers the elicitation with `result: null`.
    const client = new Client({ name: "broken", version: "0" }, { capabilities: { elicitation: { form: {} } } });
    const send = clientSide.send.bind(clientSide);
    await client.connect(clientSide);
    const deliver = clientSide.onmessage!;
    clientSide.onmessage = (message: JSONRPCMessage, extra) => {
      const m = message as { id?: number; method?: string };
      if (m.method === "elicitation/create") return void send({ jsonrpc: "2.0", id: m.id, result: null } as never);
      deliver(message, extra);
    };
    const listed = await client.callTool({ name: "list_users", arguments: { limit: 1 } });
    const id = (listed.structuredContent as { items: { id: string }[] }).items[0].id;
    const result = await client.callTool({ name: "deactivate_user", arguments: { id } });
    expect(errorCode(result)).toBe("ERR_CONFIRMATION_DECLINED");
    expect(text(result)).toMatch(/without a result/);
    await client.close();
    await close();
    await listening.close();
  });
});
