import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AuditLog, auditValue, createAuditLog, defaultAuditPath, MAX_AUDIT_LINE_BYTES, redactSecrets } from "../../src/runtime/audit.js";
import * as discovery from "../../src/runtime/discovery.js";
import { connect, mswServer, ORG, text } from "./harness.js";

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

describe("audit", () => {
  it("redacts secret values recursively and case-insensitively, keeping every key (so the record shows what was sent)", () => {
    expect(
      redactSecrets({ profile: { login: "a", Password: "p" }, credentials: { password: { value: "x" } }, list: [{ apiKEY: "k", ok: 1 }], clientSecret: "s" }),
    ).toEqual({ profile: { login: "a", Password: "[REDACTED]" }, credentials: { password: { value: "[REDACTED]" } }, list: [{ apiKEY: "[REDACTED]", ok: 1 }], clientSecret: "[REDACTED]" });
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
    const h = await connect({ deps: { audit }, scopes: ["okta.users.manage"], options: { confirm: false } });
    await h.client.callTool({ name: "create_user", arguments: { profile: { login: "n@x.io" }, credentials: { password: { value: "hunter2" } } } });
    const afterFirst = readFileSync(path, "utf8").trim().split("\n");
    expect(afterFirst.length).toBe(2);
    await h.client.callTool({ name: "list_users", arguments: {} });
    const lines = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    // A change: the intent (what is about to be sent, every key, secrets redacted), then its outcome under the same callId.
    expect(lines[0]).toMatchObject({
      phase: "intent",
      tool: "create_user",
      operationId: "createUser",
      method: "POST",
      path: "/api/v1/users",
      arguments: { profile: { login: "n@x.io" }, credentials: { password: { value: "[REDACTED]" } } },
      request: { body: { profile: { login: "n@x.io" }, credentials: { password: { value: "[REDACTED]" } } } },
      requiredScopes: ["okta.users.manage"],
      grantedScopes: ["okta.users.manage"],
      confirmation: { via: "off" },
    });
    expect(lines[0]).not.toHaveProperty("decision");
    expect(lines[1]).toMatchObject({ phase: "outcome", callId: lines[0].callId, tool: "create_user", decision: "allowed", status: 200, oktaRequestId: "rq" });
    expect(lines[1]).not.toHaveProperty("arguments");
    expect(typeof lines[1].durationMs).toBe("number");
    expect(Date.parse(lines[0].time)).not.toBeNaN();
    expect(lines[2]).toMatchObject({ phase: "call", tool: "list_users", decision: "denied", errorCode: "ERR_SCOPE_DENIED" });
    expect(new Set(lines.map((l) => l.callId)).size).toBe(2);
    expect(readFileSync(path, "utf8")).not.toContain("hunter2");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await h.close();
  });

  it("writes a record for every refusal, each before its result returns, with secrets redacted at any depth", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl");
    const lines = () => readFileSync(path, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const h = await connect({ deps: { audit: createAuditLog({ kind: "file", path }) }, scopes: ["okta.users.read", "okta.users.manage"], options: { toolsets: ["users"], confirmWithToken: true } });
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
    expect(lines()[3].arguments).toMatchObject({ profile: { login: "a@x.io", answer: "[REDACTED]" }, credentials: { password: { value: "[REDACTED]" } } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

/** An audit target that cannot be written (what a full disk looks like to the pipeline). */
class FullDiskAudit implements AuditLog {
  attempts = 0;
  write(): void {
    this.attempts++;
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  }
  close() {}
}

describe("audit: two phases, failing closed for changes", () => {
  it("the intent of a change is in the file before the request reaches Okta; the outcome follows", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl");
    let seenAtRequest: string[] = [];
    mswServer.use(
      http.post(`${ORG}/api/v1/users`, () => {
        seenAtRequest = readFileSync(path, "utf8").trim().split("\n");
        return HttpResponse.json({ id: "00u9" });
      }),
    );
    const h = await connect({ deps: { audit: createAuditLog({ kind: "file", path }) }, scopes: ["okta.users.manage"] });
    await h.client.callTool({ name: "create_user", arguments: { profile: { login: "n@x.io" } } });
    expect(seenAtRequest.map((l) => JSON.parse(l).phase)).toEqual(["intent"]);
    const lines = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.phase)).toEqual(["intent", "outcome"]);
    await h.close();
  });

  it("no intent record, no request: a change is refused when its record cannot be written; a read goes on and says so", async () => {
    let posts = 0;
    mswServer.use(
      http.post(`${ORG}/api/v1/users`, () => (posts++, HttpResponse.json({ id: "00u9" }))),
      http.get(`${ORG}/api/v1/users`, () => HttpResponse.json([{ id: "00u1" }])),
    );
    const audit = new FullDiskAudit();
    const h = await connect({ deps: { audit } });
    const change = await h.client.callTool({ name: "create_user", arguments: { profile: { login: "n@x.io" } } });
    expect(change.isError).toBe(true);
    expect(text(change)).toContain("ERR_AUDIT_UNAVAILABLE");
    expect(text(change)).toContain("ENOSPC");
    expect(text(change)).toContain("nothing was sent to Okta");
    expect(posts).toBe(0);
    const read = await h.client.callTool({ name: "list_users", arguments: {} });
    expect(read.isError).toBeFalsy();
    expect(text(read)).toContain("00u1");
    expect(text(read)).toContain("audit record could not be written (ENOSPC)");
    await h.close();
  });

  it("arguments too deep to handle are refused, and still leave their record", async () => {
    let nested: Record<string, unknown> = { login: "deep@x.io" };
    for (let i = 0; i < 5000; i++) nested = { a: nested };
    const path = join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl");
    const h = await connect({ deps: { audit: createAuditLog({ kind: "file", path }) } });
    const result = await h.client.callTool({ name: "create_user", arguments: { profile: nested } });
    expect(text(result)).toContain("ERR_INVALID_ARGUMENTS");
    const [line] = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(line).toMatchObject({ tool: "create_user", decision: "refused", errorCode: "ERR_INVALID_ARGUMENTS" });
    expect(JSON.stringify(line.arguments)).toContain("nested too deep: cut");
    await h.close();
  });
});

describe("audit: whole, bounded lines in a file only we can write", () => {
  it("a huge record becomes one bounded line, with markers where values were cut and its keys kept", () => {
    const path = join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl");
    const audit = createAuditLog({ kind: "file", path });
    const wide = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, "v".repeat(100)]));
    for (const args of [{ description: "x".repeat(1_000_000) }, wide, { list: Array.from({ length: 10_000 }, (_, i) => i) }]) {
      audit.write({ time: new Date().toISOString(), callId: "c", phase: "call", tool: "update_group", arguments: auditValue(args), decision: "allowed" });
    }
    audit.close();
    const lines = readFileSync(path, "utf8").split("\n").filter(Boolean);
    expect(lines.length).toBe(3);
    for (const line of lines) expect(Buffer.byteLength(line) + 1).toBeLessThanOrEqual(MAX_AUDIT_LINE_BYTES);
    const [long, many, list] = lines.map((l) => JSON.parse(l));
    expect(long.arguments.description).toMatch(/^x+…\[\+\d+ chars\]$/);
    expect(Object.keys(many.arguments)).toContain("k0");
    expect(many.truncated).toBe(true);
    expect(JSON.stringify(list.arguments)).toContain("more items");
  });

  it("refuses a symlink, a directory others can write to, and anything but a regular file", () => {
    const dir = mkdtempSync(join(tmpdir(), "audit-"));
    writeFileSync(join(dir, "real.jsonl"), "");
    symlinkSync(join(dir, "real.jsonl"), join(dir, "link.jsonl"));
    expect(() => createAuditLog({ kind: "file", path: join(dir, "link.jsonl") })).toThrow(/symbolic link/);
    execFileSync("mkfifo", [join(dir, "fifo.jsonl")]);
    expect(() => createAuditLog({ kind: "file", path: join(dir, "fifo.jsonl") })).toThrow(/not a regular file/);
    for (const mode of [0o777, 0o770, 0o1777]) {
      const open = mkdtempSync(join(tmpdir(), "audit-open-"));
      chmodSync(open, mode);
      expect(() => createAuditLog({ kind: "file", path: join(open, "audit.jsonl") }), mode.toString(8)).toThrow(/writable by (everyone|its group)/);
    }
    // A private directory is fine, and the file is created 0600 in it.
    const audit = createAuditLog({ kind: "file", path: join(dir, "audit.jsonl") });
    audit.close();
    expect(statSync(join(dir, "audit.jsonl")).mode & 0o777).toBe(0o600);
  });
});
