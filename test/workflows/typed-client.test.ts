// The seam: hand-written code calls Okta only through the typed openapi-fetch client, and every request goes
// through the runtime's checks (allowlisted operation, effect, scopes, request builder, shared HTTP client, audit).
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { createOktaHttp } from "../../src/runtime/http.js";
import { createOktaClient, must, toolArgsOf } from "../../src/runtime/okta-client.js";
import { createOperationRunner, type RunScope } from "../../src/runtime/operation-runner.js";
import { silentLogger } from "../../src/runtime/logger.js";
import type { AuditLog, AuditRecord } from "../../src/runtime/audit.js";
import { createSandboxOrg, DEFAULT_SANDBOX_ORG_URL } from "../../src/sandbox/index.js";
import { MemoryAudit } from "../runtime/harness.js";
import { FakeAuth } from "../runtime/fixtures/fake-auth.js";

function setup(scopes: string[]) {
  const org = createSandboxOrg({ token: "test-token" });
  const sent: string[] = [];
  const fetch = ((input: Request) => {
    sent.push(`${input.method} ${new URL(input.url).pathname}`);
    return org.fetch(input);
  }) as typeof globalThis.fetch;
  const auth = new FakeAuth(DEFAULT_SANDBOX_ORG_URL, scopes);
  const audit = new MemoryAudit();
  const http = createOktaHttp({ orgUrl: DEFAULT_SANDBOX_ORG_URL, auth, userAgent: "test", timeoutMs: 5_000, fetch, log: silentLogger, maxJitterMs: 0 });
  const runner = createOperationRunner({ catalog, auth, http, audit, log: silentLogger });
  const run = (over: Partial<RunScope> = {}): RunScope => ({ runId: "run_test", maxEffect: "destructive", readAudit: "each", ...over });
  return { org, sent, auth, audit, runner, client: (scope = run()) => createOktaClient(runner, scope, DEFAULT_SANDBOX_ORG_URL), run };
}

describe("typed client through the runtime pipeline", () => {
  it("reads with the generated types and leaves an audit record with the run id and Okta's request id", async () => {
    const { client, audit, sent } = setup(["okta.users.read"]);
    const users = must(await client().GET("/api/v1/users", { params: { query: { limit: 3 } } }));
    expect(users).toHaveLength(3);
    const user = must(await client().GET("/api/v1/users/{id}", { params: { path: { id: users[0].id! } } }));
    expect(user.id).toBe(users[0].id);
    expect(sent).toEqual(["GET /api/v1/users", `GET /api/v1/users/${users[0].id}`]);
    expect(audit.records).toHaveLength(2);
    expect(audit.records[1]).toMatchObject({ tool: "get_user", runId: "run_test", decision: "allowed", status: 200, path: `/api/v1/users/${users[0].id}` });
    expect(audit.records[1].oktaRequestId).toMatch(/^sbx/);
  });

  it("re-checks scopes before each request: a missing scope sends nothing and is audited as denied", async () => {
    const { client, audit, sent, auth } = setup(["okta.users.read"]);
    await expect(client().POST("/api/v1/users/{id}/lifecycle/suspend", { params: { path: { id: "00u1" } } })).rejects.toMatchObject({ code: "ERR_SCOPE_DENIED" });
    auth.setScopes([]);
    await expect(client().GET("/api/v1/users", {})).rejects.toMatchObject({ code: "ERR_SCOPE_DENIED" });
    expect(sent).toEqual([]);
    expect(audit.records.map((r) => [r.tool, r.decision, r.errorCode])).toEqual([
      ["suspend_user", "denied", "ERR_SCOPE_DENIED"],
      ["list_users", "denied", "ERR_SCOPE_DENIED"],
    ]);
  });

  it("a read-only run cannot change the org, whatever the grant", async () => {
    const { client, run, sent } = setup(["okta.users.read", "okta.users.manage"]);
    await expect(client(run({ maxEffect: "read" })).DELETE("/api/v1/users/{userId}/sessions", { params: { path: { userId: "00u1" } } })).rejects.toMatchObject({
      code: "ERR_TOOL_NOT_EXPOSED",
    });
    expect(sent).toEqual([]);
  });

  it("an Okta error becomes OktaApiError with Okta's code and request id", async () => {
    const { client } = setup(["okta.users.read"]);
    await expect(client().GET("/api/v1/users/{id}", { params: { path: { id: "00uMissing" } } })).rejects.toMatchObject({
      code: "ERR_OKTA_API",
      status: 404,
      errorCode: "E0000007",
      requestId: expect.stringMatching(/^sbx/),
    });
  });

  it("goes through the shared HTTP client: a 429 waits for the reset and retries", async () => {
    const { client, org, sent } = setup(["okta.users.read"]);
    org.injectFaults([{ status: 429, count: 1, resetInSeconds: 0, path: "/api/v1/users" }]);
    const users = must(await client().GET("/api/v1/users", { params: { query: { limit: 1 } } }));
    expect(users).toHaveLength(1);
    expect(sent).toEqual(["GET /api/v1/users", "GET /api/v1/users"]);
  });

  it("path values are encoded by the tools' request builder: an id cannot change the path", async () => {
    const { client, sent } = setup(["okta.users.read"]);
    await expect(client().GET("/api/v1/users/{id}", { params: { path: { id: "../groups" } } })).rejects.toMatchObject({ code: "ERR_OKTA_API", status: 404 });
    await expect(client().GET("/api/v1/users/{id}", { params: { path: { id: ".." } } })).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENTS" });
    expect(sent).toEqual(["GET /api/v1/users/..%2Fgroups"]);
  });

  it("a change leaves an intent record before it is sent and an outcome after; no intent, no request", async () => {
    const { client, audit, sent } = setup(["okta.users.read", "okta.users.manage"]);
    const users = must(await client().GET("/api/v1/users", { params: { query: { limit: 1 } } }));
    await client().DELETE("/api/v1/users/{userId}/sessions", { params: { path: { userId: users[0].id! } } });
    const [read, intent, outcome] = audit.records;
    expect(read).toMatchObject({ phase: "call", tool: "list_users", decision: "allowed" });
    expect(intent).toMatchObject({ phase: "intent", tool: "clear_user_sessions", path: `/api/v1/users/${users[0].id}/sessions`, runId: "run_test" });
    expect(intent.decision).toBeUndefined();
    expect(outcome).toMatchObject({ phase: "outcome", callId: intent.callId, decision: "allowed", status: 204, oktaRequestId: expect.stringMatching(/^sbx/) });

    // A disk that refuses the durable intent write: the change is refused before it leaves; reads still go.
    const failing: AuditLog = {
      write(record: AuditRecord, options?: { durable?: boolean }) {
        if (options?.durable) throw Object.assign(new Error("no space"), { code: "ENOSPC" });
        audit.records.push(record);
      },
      close() {},
    };
    Object.assign(audit, { write: failing.write });
    const before = sent.length;
    await expect(client().DELETE("/api/v1/users/{userId}/sessions", { params: { path: { userId: users[0].id! } } })).rejects.toMatchObject({ code: "ERR_AUDIT_UNAVAILABLE" });
    expect(sent.length).toBe(before);
    must(await client().GET("/api/v1/users/{id}", { params: { path: { id: users[0].id! } } }));
    expect(sent.length).toBe(before + 1);
  });

  it("summary mode writes one audit record per operation of a report run", async () => {
    const { client, run, audit, runner } = setup(["okta.users.read"]);
    const scope = run({ readAudit: "summary", maxEffect: "read", step: "users" });
    const c = client(scope);
    for (let i = 0; i < 3; i++) await c.GET("/api/v1/users", { params: { query: { limit: 2 } } });
    expect(audit.records).toHaveLength(0);
    runner.finish(scope);
    expect(audit.records).toEqual([expect.objectContaining({ tool: "list_users", runId: "run_test", step: "users", arguments: expect.objectContaining({ requests: 3, statuses: { 200: 3 } }) })]);
  });
});

describe("typed parameters map to the allowlisted tool's arguments", () => {
  const spec = (name: string) => catalog.tools.find((t) => t.name === name)!;

  it("maps path, query and body by their wire names", () => {
    expect(toolArgsOf(spec("clear_user_sessions"), { path: { userId: "00u1" }, query: { oauthTokens: true } }, undefined)).toEqual({ userId: "00u1", oauthTokens: true });
    expect(toolArgsOf(spec("list_users"), { query: { limit: 200, after: "x" } }, undefined)).toEqual({ limit: 200, after: "x" });
  });

  it("refuses a parameter the allowlist hides rather than dropping it", () => {
    expect(() => toolArgsOf(spec("list_users"), { query: { sortBy: "id" } }, undefined)).toThrow(/list_users .* takes no sortBy/);
  });

  it("refuses an operation that is not in the table", async () => {
    const { client } = setup(["okta.users.read"]);
    // The types only know allowlisted paths; a cast stands for a spec release whose path left the allowlist.
    const untyped = client() as unknown as { GET(path: string, init: object): Promise<unknown> };
    await expect(untyped.GET("/api/v1/users/{id}/linkedObjects", { params: { path: { id: "x" } } })).rejects.toMatchObject({ code: "ERR_TOOL_NOT_EXPOSED" });
  });

  it("tsc checks paths, parameters and bodies (a wrong call does not compile)", () => {
    const { client } = setup([]);
    const c = client();
    // @ts-expect-error a parameter the operation does not have
    const wrongParam = () => c.GET("/api/v1/users/{id}", { params: { path: { userId: "x" } } });
    // @ts-expect-error a path that is not allowlisted
    const wrongPath = () => c.GET("/api/v1/not-allowlisted");
    // @ts-expect-error a method the path does not have
    const wrongMethod = () => c.PATCH("/api/v1/users/{id}/lifecycle/suspend", { params: { path: { id: "x" } } });
    expect([wrongParam, wrongPath, wrongMethod].every((f) => typeof f === "function")).toBe(true);
  });
});
