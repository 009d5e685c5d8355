// End to end: a real MCP client over stdio against the built CLI, talking to a sandbox org on loopback.
import { readFileSync } from "node:fs";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeCompat } from "./e2e-compat-suite.js";
import { type CliSession, ensureBuilt, type RecordedOrg, runCliExpectingExit, startCli, startRecordedOrg, text } from "./e2e-helpers.js";

let org: RecordedOrg;
beforeAll(async () => {
  ensureBuilt();
  org = await startRecordedOrg();
});
afterAll(async () => org?.close());

function realOrgEnv(scopes: string): Record<string, string> {
  return { OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.org.token, OKTA_SCOPES: scopes };
}

async function activeUserId(session: CliSession): Promise<string> {
  const result = await session.client.callTool({ name: "list_users", arguments: { search: 'status eq "ACTIVE"', limit: 50 } });
  const items = (result.structuredContent as { items: { id: string; profile: { login: string } }[] }).items;
  // Skip seeded admins: deactivating one may be refused by the sandbox.
  return items[items.length - 1].id;
}

describe("stdio: scopes, paging, errors", () => {
  let session: CliSession;
  beforeAll(async () => {
    // okta.grups.read is a typo: the server warns and names the real scope, and exposes nothing for it.
    session = await startCli({ args: ["--audit-log", "off"], env: realOrgEnv("okta.users.read okta.grups.read") });
  });
  afterAll(async () => session?.close());

  it("warns on stderr about a misspelled scope, naming the closest real one", () => {
    expect(session.stderr()).toContain(`OKTA_SCOPES has "okta.grups.read", which no tool needs: did you mean "okta.groups.read"?`);
  });

  it("lists only tools whose scopes are granted", async () => {
    const names = (await session.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("list_users");
    expect(names).toContain("get_auth_status");
    expect(names).not.toContain("list_groups");
    expect(names).not.toContain("create_user");
  });

  it("a refused call makes no HTTP request", async () => {
    const before = org.requests.length;
    const result = await session.client.callTool({ name: "list_groups", arguments: {} });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("okta.groups.read");
    expect(org.requests.length).toBe(before);
  });

  it("pages with limit/after and nextCursor, sending SSWS auth and the user agent", async () => {
    const first = await session.client.callTool({ name: "list_users", arguments: { limit: 2 } });
    const page1 = first.structuredContent as { items: { id: string }[]; nextCursor: string };
    expect(page1.items.length).toBe(2);
    expect(page1.nextCursor).toBeTruthy();
    const second = await session.client.callTool({ name: "list_users", arguments: { limit: 2, after: page1.nextCursor } });
    const page2 = second.structuredContent as { items: { id: string }[] };
    expect(page2.items.map((u) => u.id)).not.toContain(page1.items[0].id);
    const last = org.requests[org.requests.length - 1];
    const sent = new URL(last.path, org.url);
    expect(sent.pathname).toBe("/api/v1/users");
    expect(Object.fromEntries(sent.searchParams)).toEqual({ limit: "2", after: page1.nextCursor });
    expect(last.authorization).toBe(`SSWS ${org.org.token}`);
    expect(last.userAgent).toMatch(/^okta-mcp-server\//);
  });

  it("fetchAll follows every page and reports progress", async () => {
    const progress: number[] = [];
    const before = org.requests.length;
    const result = await session.client.callTool(
      { name: "list_users", arguments: { limit: 5, fetchAll: true, fields: ["id"] } },
      { onprogress: (p: { progress: number }) => progress.push(p.progress) } as never,
    );
    const s = result.structuredContent as { items: { id: string }[]; nextCursor?: string };
    expect(s.items.length).toBeGreaterThan(5);
    expect(new Set(s.items.map((u) => u.id)).size).toBe(s.items.length);
    expect(s.nextCursor).toBeUndefined();
    const pages = org.requests.length - before;
    expect(pages).toBeGreaterThan(1);
    // One notification per page, in order. Over stdio the last ones can arrive after the result, when the client
    // has already dropped the request's progress handler (more of them on a busy machine): the ones received must be
    // the first pages' counts, and at least the first page's.
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(pages);
    progress.forEach((p, i) => expect(p).toBe(Math.min(5 * (i + 1), s.items.length)));
  });

  it("waits out a 429 and succeeds", async () => {
    org.org.injectFaults([{ status: 429, count: 1, path: "/api/v1/users", resetInSeconds: 0 }]);
    const before = org.requests.length;
    const result = await session.client.callTool({ name: "list_users", arguments: { limit: 1 } });
    expect(result.isError).toBeFalsy();
    expect(org.requests.length - before).toBe(2);
  });

  it("maps an Okta error to an actionable message with the request id", async () => {
    const result = await session.client.callTool({ name: "get_user", arguments: { id: "00unosuchuser" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/Okta answered 404 .*E0000007/);
    expect(text(result)).toMatch(/X-Okta-Request-Id: \S+/);
  });
});

describe("stdio: an org that cannot be reached or does not answer", () => {
  const listen = (server: TcpServer) => new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
  const close = (server: TcpServer) => new Promise<void>((resolve) => server.close(() => resolve()));
  const env = (port: number) => ({ OKTA_ORG_URL: `http://127.0.0.1:${port}`, OKTA_API_TOKEN: "t", OKTA_SCOPES: "okta.users.read" });

  it("a closed port is a network tool error, and the server keeps serving", async () => {
    const probe = createTcpServer();
    const port = await listen(probe);
    await close(probe);
    const session = await startCli({ args: ["--audit-log", "off"], env: env(port) });
    for (let i = 0; i < 2; i++) {
      const result = await session.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/^ERR_NETWORK: Could not reach Okta at http:\/\/127\.0\.0\.1:\d+/);
      expect(text(result)).not.toMatch(/\n\s+at /);
    }
    await session.close();
  });

  it("an org that accepts but never answers is a timeout tool error after --timeout", async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => void sockets.push(socket));
    const port = await listen(silent);
    const session = await startCli({ args: ["--audit-log", "off", "--timeout", "300"], env: env(port) });
    const result = await session.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("ERR_TIMEOUT: Okta did not answer GET /api/v1/users/00u1 within this call's deadline of 300 ms");
    expect((await session.client.callTool({ name: "get_auth_status", arguments: {} })).isError).toBeFalsy();
    await session.close();
    for (const socket of sockets) socket.destroy();
    await close(silent);
  });
});

describe("stdio: destructive tools", () => {
  it("with elicitation: decline changes nothing, accept deactivates", async () => {
    const session = await startCli({ args: ["--sandbox", "--audit-log", "off"], elicitation: true });
    let answer: "decline" | "accept" = "decline";
    const messages: string[] = [];
    session.client.setRequestHandler("elicitation/create", async (request) => {
      messages.push((request.params as { message: string }).message);
      return answer === "accept" ? { action: "accept", content: { confirm: true } } : { action: "decline" };
    });
    const id = await activeUserId(session);
    const declined = await session.client.callTool({ name: "deactivate_user", arguments: { id } });
    expect(text(declined)).toContain("ERR_CONFIRMATION_DECLINED");
    expect(messages[0]).toContain(`/api/v1/users/${id}/lifecycle/deactivate`);
    const still = await session.client.callTool({ name: "get_user", arguments: { id } });
    expect((still.structuredContent as { status: string }).status).toBe("ACTIVE");
    answer = "accept";
    const accepted = await session.client.callTool({ name: "deactivate_user", arguments: { id } });
    expect(accepted.isError).toBeFalsy();
    const after = await session.client.callTool({ name: "get_user", arguments: { id } });
    expect((after.structuredContent as { status: string }).status).toBe("DEPROVISIONED");
    expect(session.stderr()).toContain("SANDBOX");
    await session.close();
  });

  it("without elicitation, with --confirm-with-token: refused with a token; the token runs it once; audit has every call", async () => {
    const session = await startCli({ args: ["--sandbox", "--confirm-with-token"] });
    const id = await activeUserId(session);
    const refused = await session.client.callTool({ name: "deactivate_user", arguments: { id } });
    expect(text(refused)).toContain("ERR_CONFIRMATION_REQUIRED");
    const token = (refused.structuredContent as { error: { confirmationToken: string } }).error.confirmationToken;
    const ok = await session.client.callTool({ name: "deactivate_user", arguments: { id, confirmationToken: token } });
    expect(ok.isError).toBeFalsy();
    const replay = await session.client.callTool({ name: "deactivate_user", arguments: { id, confirmationToken: token } });
    expect(replay.isError).toBe(true);
    await session.close();
    const lines = readFileSync(join(session.stateDir, "okta-mcp-server", "audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const deactivations = lines.filter((l) => l.tool === "deactivate_user");
    expect(deactivations.map((l) => [l.phase, l.decision])).toEqual([
      ["call", "refused"],
      ["intent", undefined],
      ["outcome", "allowed"],
      ["call", "refused"],
    ]);
    expect(deactivations[1]).toMatchObject({ method: "POST", path: `/api/v1/users/${id}/lifecycle/deactivate`, arguments: { id, confirmationToken: "[REDACTED]" }, confirmation: { via: "token", outcome: "approved" } });
    expect(deactivations[2]).toMatchObject({ callId: deactivations[1].callId, status: 200 });
    expect(deactivations[2].oktaRequestId).toBeTruthy();
  });

  it("--read-only hides every tool that is not a read", async () => {
    const session = await startCli({ args: ["--sandbox", "--read-only", "--audit-log", "off"] });
    const { tools } = await session.client.listTools();
    expect(tools.length).toBeGreaterThan(10);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
    await session.close();
  });
});

describe("stdio: bad configuration", () => {
  beforeAll(() => ensureBuilt());
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ["missing org URL", [], {}, /OKTA_ORG_URL is not set/],
    ["non-https org", [], { OKTA_ORG_URL: "http://example.okta.com", OKTA_API_TOKEN: "t", OKTA_SCOPES: "okta.users.read" }, /must use https/],
    ["unknown toolset", ["--sandbox", "--toolsets", "users,nope"], {}, /unknown toolset "nope"/],
    ["private key without key id", [], { OKTA_ORG_URL: "https://example.okta.com", OKTA_CLIENT_ID: "c", OKTA_PRIVATE_KEY: "k", OKTA_SCOPES: "okta.users.read" }, /OKTA_KEY_ID is missing/],
    ["unknown flag", ["--frobnicate"], {}, /unknown option/],
    ["bad timeout", ["--sandbox", "--timeout", "soon"], {}, /--timeout must be a positive integer/],
  ];
  for (const [name, args, env, message] of cases) {
    it(`${name}: one line on stderr, exit 2, nothing on stdout`, () => {
      const result = runCliExpectingExit(args, env);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      const lines = result.stderr.trim().split("\n");
      expect(lines.length).toBe(1);
      expect(lines[0]).toMatch(/^okta-mcp-server: /);
      expect(lines[0]).toMatch(message);
    });
  }
});

describeCompat();
