// Every kind of failure a tool call can end in tells the model the one next step it can take: the text ends
// with "Next step: ..." and structuredContent.error.nextStep carries the same sentence. Driven through a real
// MCP client against msw-mocked Okta; the last test checks that no error code was left out.
import { delay, http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AuthError, TOOL_ERROR_CODES } from "../../src/runtime/errors.js";
import { FakeAuth } from "./fixtures/fake-auth.js";
import type { ApprovalRequest } from "../../src/runtime/approval/approval-store.js";
import { createSharedApprovals } from "../../src/remote/approvals/shared-approvals.js";
import { createMemoryStore } from "../../src/remote/state/store.js";
import { connect, mswServer, ORG, text } from "./harness.js";

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

const seen = new Set<string>();

/** Asserts the result is an error of `code` whose next step matches `step`, and returns that step. */
function expectNextStep(result: { isError?: unknown; content?: unknown; structuredContent?: unknown }, code: string, step: RegExp): string {
  expect(result.isError).toBe(true);
  const error = (result.structuredContent as { error: { code: string; nextStep: unknown } }).error;
  expect(error.code).toBe(code);
  expect(typeof error.nextStep).toBe("string");
  const nextStep = error.nextStep as string;
  expect(nextStep).toMatch(step);
  expect(text(result).trimEnd().endsWith(`Next step: ${nextStep}`)).toBe(true);
  seen.add(code);
  return nextStep;
}

class ThrowingAuth extends FakeAuth {
  constructor(private readonly error: Error, private readonly where: "authorize" | "grantedScopes" = "authorize") {
    super(ORG, ["okta.users.read"]);
  }
  override async authorize(target: Parameters<FakeAuth["authorize"]>[0]): Promise<Record<string, string>> {
    if (this.where === "authorize") throw this.error;
    return super.authorize(target);
  }
  override async grantedScopes(): Promise<string[]> {
    if (this.where === "grantedScopes") throw this.error;
    return super.grantedScopes();
  }
}

const oktaError = (status: number, body: object, headers: Record<string, string> = {}) =>
  http.get(`${ORG}/api/v1/users/:id`, () => HttpResponse.json(body, { status, headers: { "X-Okta-Request-Id": "req-1", ...headers } }));

describe("every error ends with the next step the model can take", () => {
  it("unknown tool", async () => {
    const h = await connect();
    expectNextStep(await h.client.callTool({ name: "no_such_tool", arguments: {} }), "ERR_TOOL_NOT_EXPOSED", /tools this server lists/);
    await h.close();
  });

  it("scope denied names the scope to grant", async () => {
    const h = await connect({ scopes: ["okta.users.read"] });
    const step = expectNextStep(await h.client.callTool({ name: "create_user", arguments: { profile: { login: "a@b.c" } } }), "ERR_SCOPE_DENIED", /Grant okta\.users\.manage/);
    expect(step).toContain("OKTA_SCOPES");
    await h.close();
  });

  it("invalid arguments", async () => {
    const h = await connect();
    expectNextStep(await h.client.callTool({ name: "get_user", arguments: { id: 42, extra: 1 } }), "ERR_INVALID_ARGUMENTS", /Fix the arguments/);
    await h.close();
  });

  it("sign-in pending and sign-in failed", async () => {
    const h = await connect();
    h.auth.pending = true;
    expectNextStep(await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } }), "ERR_AUTH_PENDING", /finish signing in/);
    await h.close();
    const failed = await connect({ deps: { auth: new ThrowingAuth(new AuthError("Okta token endpoint refused the client assertion: invalid_client")) } });
    expectNextStep(await failed.client.callTool({ name: "get_user", arguments: { id: "00u1" } }), "ERR_AUTH", /get_auth_status/);
    await failed.close();
  });

  it("E0000001 with causes points at the fields", async () => {
    mswServer.use(
      http.post(`${ORG}/api/v1/users`, () =>
        HttpResponse.json(
          { errorCode: "E0000001", errorSummary: "Api validation failed: login", errorCauses: [{ errorSummary: "login: An object with this field already exists" }] },
          { status: 400 },
        ),
      ),
    );
    const h = await connect();
    const result = await h.client.callTool({ name: "create_user", arguments: { profile: { login: "a@b.c" } } });
    expectNextStep(result, "ERR_OKTA_API", /Fix the fields named in the causes/);
    expect(text(result)).toContain("login: An object with this field already exists");
    await h.close();
  });

  const statuses: [string, ReturnType<typeof oktaError>, RegExp][] = [
    ["403 without the scope", oktaError(403, { errorCode: "E0000006" }, { "WWW-Authenticate": 'Bearer error="insufficient_scope"' }), /lacks a scope.*Grant okta\.users\.read/],
    ["403 without an admin role", oktaError(403, { errorCode: "E0000006", errorSummary: "You do not have permission" }), /admin role/],
    ["404", oktaError(404, { errorCode: "E0000007", errorSummary: "Not found: Resource not found: 00u1 (User)" }), /find the object with a list or search tool/],
    ["409", oktaError(409, { errorCode: "E0000038", errorSummary: "This operation is not allowed in the user's current status." }), /read its current state/],
    ["429 exhausted", oktaError(429, { errorCode: "E0000047" }, { "X-Rate-Limit-Reset": String(Math.floor(Date.now() / 1000) + 3600) }), /wait until \d{4}-/],
  ];
  for (const [what, handler, step] of statuses) {
    it(`Okta ${what}`, async () => {
      mswServer.use(handler);
      const h = await connect();
      expectNextStep(await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } }), "ERR_OKTA_API", step);
      await h.close();
    });
  }

  it("Okta 5xx on a write (not retried) quotes the request id", async () => {
    mswServer.use(http.post(`${ORG}/api/v1/users`, () => HttpResponse.json({ errorCode: "E0000009" }, { status: 500, headers: { "X-Okta-Request-Id": "req-500" } })));
    const h = await connect();
    const result = await h.client.callTool({ name: "create_user", arguments: { profile: { login: "a@b.c" } } });
    expectNextStep(result, "ERR_OKTA_API", /Retry once later/);
    expect(text(result)).toContain("req-500");
    await h.close();
  });

  it("network failure and timeout", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users/:id`, () => HttpResponse.error()));
    const h = await connect({ options: { maxRetries: 0 } as never });
    expectNextStep(await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } }), "ERR_NETWORK", /get_auth_status/);
    await h.close();
    mswServer.use(
      http.get(`${ORG}/api/v1/users/:id`, async () => {
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const slow = await connect({ options: { timeoutMs: 50 } });
    expectNextStep(await slow.client.callTool({ name: "get_user", arguments: { id: "00u1" } }), "ERR_TIMEOUT", /narrower request/);
    await slow.close();
  });

  it("an answer over the size cap", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users/:id`, () => HttpResponse.json({ id: "00u1", blob: "x".repeat(2 * 1024 * 1024) })));
    const h = await connect({ options: { maxResponseBytes: 1024 * 1024 } });
    expectNextStep(await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } }), "ERR_RESPONSE_TOO_LARGE", /smaller limit/);
    await h.close();
  });

  it("confirmation required (no elicitation, --confirm-with-token) and declined", async () => {
    const h = await connect({ options: { confirmWithToken: true } });
    expectNextStep(await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } }), "ERR_CONFIRMATION_REQUIRED", /.+/);
    await h.close();
    const asked = await connect({ elicitation: true });
    asked.client.setRequestHandler("elicitation/create", async () => ({ action: "decline" }));
    expectNextStep(await asked.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } }), "ERR_CONFIRMATION_DECLINED", /Do not retry/);
    await asked.close();
  });

  it("remote mode: the approval waits for the admin on the approval page", async () => {
    // The remote mode's approvals (state store in memory), for a call made as a signed-in admin.
    const shared = createSharedApprovals({ store: createMemoryStore(), origin: "https://mcp.example.com" });
    const approvals = { create: (r: ApprovalRequest) => shared.create({ ...r, principal: "admin@example.com", subject: "00uadmin" }), close: () => shared.close() };
    const h = await connect({ deps: { approvals } });
    const result = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    expectNextStep(result, "ERR_APPROVAL_PENDING", /approve or deny it at the approval URL above/);
    expect(text(result)).toContain("https://mcp.example.com/approvals");
    await h.close();
  });

  it("a precondition read shows the call cannot succeed", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users/:id`, () => HttpResponse.json({ id: "00u1", status: "PROVISIONED" })));
    const h = await connect();
    expectNextStep(await h.client.callTool({ name: "suspend_user", arguments: { id: "00u1" } }), "ERR_PRECONDITION_FAILED", /current state/);
    await h.close();
  });

  it("the audit log cannot be written, so a change is not sent", async () => {
    const audit = {
      write() {
        throw Object.assign(new Error("no space"), { code: "ENOSPC" });
      },
      close() {},
    };
    const h = await connect({ deps: { audit } });
    expectNextStep(await h.client.callTool({ name: "create_user", arguments: { profile: { login: "a@b.c" } } }), "ERR_AUDIT_UNAVAILABLE", /audit log cannot be written/);
    await h.close();
  });

  it("an internal error names no detail but still says what to do", async () => {
    const h = await connect({ deps: { auth: new ThrowingAuth(new TypeError("secret-looking detail /home/x"), "grantedScopes") } });
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expectNextStep(result, "ERR_INTERNAL", /internal error/);
    expect(text(result)).not.toContain("secret-looking");
    await h.close();
  });

  it("covers every error code a tool result can carry (configuration errors end the process instead)", () => {
    expect([...seen].sort()).toEqual(TOOL_ERROR_CODES.filter((code) => code !== "ERR_CONFIG").sort());
  });
});
