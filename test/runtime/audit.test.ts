import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAuditLog, defaultAuditPath, redactSecrets } from "../../src/runtime/audit.js";
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
});
