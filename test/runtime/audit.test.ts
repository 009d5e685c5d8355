import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAuditLog, defaultAuditPath, redactSecrets } from "../../src/runtime/audit.js";
import * as discovery from "../../src/runtime/discovery.js";
import { connect, mswServer, ORG } from "./harness.js";

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

describe("audit", () => {
  it("redacts secret fields recursively and case-insensitively", () => {
    expect(
      redactSecrets({ profile: { login: "a", Password: "p" }, credentials: { password: { value: "x" } }, list: [{ apiKEY: "k", ok: 1 }], clientSecret: "s" }),
    ).toEqual({ profile: { login: "a", Password: "[REDACTED]" }, credentials: "[REDACTED]", list: [{ apiKEY: "[REDACTED]", ok: 1 }], clientSecret: "[REDACTED]" });
  });

  it("defaults to $XDG_STATE_HOME/okta-mcp-server/audit.jsonl", () => {
    expect(defaultAuditPath({ XDG_STATE_HOME: "/s" })).toBe("/s/okta-mcp-server/audit.jsonl");
    expect(defaultAuditPath({ HOME: "/h" })).toMatch(/\.local\/state\/okta-mcp-server\/audit\.jsonl$/);
  });

  it("writes one line per call to a 0600 file in a 0700 directory, before the result returns", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "audit-")), "nested");
    const path = join(dir, "audit.jsonl");
    mswServer.use(http.post(`${ORG}/api/v1/users`, () => HttpResponse.json({ id: "00u9" }, { status: 200, headers: { "X-Okta-Request-Id": "rq" } })));
    const audit = createAuditLog({ kind: "file", path });
    const h = await connect({ deps: { audit }, scopes: ["okta.users.manage"] });
    await h.client.callTool({ name: "create_user", arguments: { profile: { login: "n@x.io" }, credentials: { password: { value: "hunter2" } } } });
    const afterFirst = readFileSync(path, "utf8").trim().split("\n");
    expect(afterFirst.length).toBe(1);
    await h.client.callTool({ name: "list_users", arguments: {} });
    const lines = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      tool: "create_user",
      operationId: "createUser",
      method: "POST",
      path: "/api/v1/users",
      arguments: { profile: { login: "n@x.io" }, credentials: "[REDACTED]" },
      requiredScopes: ["okta.users.manage"],
      grantedScopes: ["okta.users.manage"],
      decision: "allowed",
      status: 200,
      oktaRequestId: "rq",
    });
    expect(typeof lines[0].durationMs).toBe("number");
    expect(Date.parse(lines[0].time)).not.toBeNaN();
    expect(lines[1]).toMatchObject({ tool: "list_users", decision: "denied", errorCode: "ERR_SCOPE_DENIED" });
    expect(readFileSync(path, "utf8")).not.toContain("hunter2");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await h.close();
  });

  it("writes a record for every refusal, each before its result returns, with secrets redacted at any depth", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl");
    const lines = () => readFileSync(path, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const h = await connect({ deps: { audit: createAuditLog({ kind: "file", path }) }, scopes: ["okta.users.read", "okta.users.manage"], options: { toolsets: ["users"] } });
    const calls: [string, Record<string, unknown>, string, string][] = [
      ["no_such_tool", {}, "denied", "ERR_TOOL_NOT_EXPOSED"],
      ["list_groups", {}, "denied", "ERR_TOOL_NOT_EXPOSED"],
      ["list_users", { limit: "lots" }, "refused", "ERR_INVALID_ARGUMENTS"],
      // Refused for activate's type; the secrets in it must not reach the log either.
      ["create_user", { activate: "yes", profile: { login: "a@x.io", answer: "blue" }, credentials: { password: { value: "hunter2" } } }, "refused", "ERR_INVALID_ARGUMENTS"],
      ["deactivate_user", { id: "00u1" }, "refused", "ERR_CONFIRMATION_REQUIRED"],
    ];
    for (const [i, [name, args, decision, errorCode]] of calls.entries()) {
      const result = await h.client.callTool({ name, arguments: args });
      expect(result.isError).toBe(true);
      expect(lines().length).toBe(i + 1);
      expect(lines()[i]).toMatchObject({ tool: name, decision, errorCode });
    }
    await h.close();

    const scoped = await connect({ deps: { audit: createAuditLog({ kind: "file", path }) }, scopes: ["okta.users.read"] });
    await scoped.client.callTool({ name: "create_user", arguments: { profile: { login: "b@x.io" } } });
    expect(lines().at(-1)).toMatchObject({ tool: "create_user", decision: "denied", errorCode: "ERR_SCOPE_DENIED", requiredScopes: ["okta.users.manage"], grantedScopes: ["okta.users.read"] });
    await scoped.close();

    const asking = await connect({ deps: { audit: createAuditLog({ kind: "file", path }) }, elicitation: true });
    asking.client.setRequestHandler("elicitation/create", async () => ({ action: "decline" }));
    await asking.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    expect(lines().at(-1)).toMatchObject({ tool: "deactivate_user", decision: "declined", errorCode: "ERR_CONFIRMATION_DECLINED", path: "/api/v1/users/00u1/lifecycle/deactivate" });
    await asking.close();

    const discovering = await connect({ deps: { audit: createAuditLog({ kind: "file", path }), discovery }, options: { toolMode: "discover" } });
    await discovering.client.callTool({ name: "call_operation", arguments: { tool: "no_such_operation", arguments: { passCode: "123456" } } });
    expect(lines().at(-1)).toMatchObject({ tool: "call_operation", decision: "denied", errorCode: "ERR_TOOL_NOT_EXPOSED" });
    await discovering.client.callTool({ name: "search_operations", arguments: { limit: 0 } });
    expect(lines().at(-1)).toMatchObject({ tool: "search_operations", decision: "refused", errorCode: "ERR_INVALID_ARGUMENTS" });
    await discovering.close();

    const written = readFileSync(path, "utf8");
    for (const secret of ["hunter2", "blue", "123456"]) expect(written).not.toContain(secret);
    expect(lines()[3].arguments).toMatchObject({ profile: { login: "a@x.io", answer: "[REDACTED]" }, credentials: "[REDACTED]" });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
