import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { createMcpServer, createRuntime } from "../../src/runtime/server.js";
import { fixtureCatalog } from "./fixtures/catalog.js";
import { FakeAuth } from "./fixtures/fake-auth.js";
import { ALL_SCOPES, connect, MemoryAudit, mswServer, ORG, parseText, text } from "./harness.js";

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

describe("tools/list", () => {
  it("lists only tools whose scopes are all granted, plus get_auth_status", async () => {
    const h = await connect({ scopes: ["okta.users.read"] });
    const { tools } = await h.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["get_auth_status", "get_user", "list_users"]);
    await h.close();
  });

  it("manage does not imply read (exact scope matching)", async () => {
    const h = await connect({ scopes: ["okta.users.manage"] });
    const names = (await h.client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(["create_user", "deactivate_user", "get_auth_status", "suspend_user"]);
    await h.close();
  });

  it("filters by toolset and read-only", async () => {
    const h = await connect({ options: { toolsets: ["users"], readOnly: true } });
    const names = (await h.client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(["get_auth_status", "get_user", "list_users"]);
    await h.close();
  });

  it("serves the table's schema plus runtime arguments (fields, paging, confirmation)", async () => {
    const h = await connect();
    const tools = new Map((await h.client.listTools()).tools.map((t) => [t.name, t]));
    const list = tools.get("list_users")!;
    expect(Object.keys(list.inputSchema.properties!)).toEqual(["search", "q", "limit", "after", "fields", "fetchAll"]);
    expect(list.annotations?.readOnlyHint).toBe(true);
    const groups = tools.get("list_groups")!;
    expect(Object.keys(groups.inputSchema.properties!)).toEqual(["q", "fields", "limit", "after", "fetchAll"]);
    // The token argument exists only when the operator opted in to the token path.
    expect(Object.keys(tools.get("deactivate_user")!.inputSchema.properties!)).not.toContain("confirmationToken");
    const withTokens = await connect({ options: { confirmWithToken: true } });
    const served = new Map((await withTokens.client.listTools()).tools.map((t) => [t.name, t]));
    expect(Object.keys(served.get("deactivate_user")!.inputSchema.properties!)).toContain("confirmationToken");
    expect(Object.keys(served.get("create_user")!.inputSchema.properties!)).toContain("confirmationToken");
    expect(Object.keys(served.get("get_user")!.inputSchema.properties!)).not.toContain("confirmationToken");
    await withTokens.close();
    expect(Object.keys(tools.get("get_login_failures")!.inputSchema.properties!)).not.toContain("filter");
    await h.close();
  });

  it("offers fields only where a body comes back; passing it anyway is refused before anything is sent", async () => {
    const h = await connect();
    const tools = new Map((await h.client.listTools()).tools.map((t) => [t.name, t]));
    expect(Object.keys(tools.get("deactivate_user")!.inputSchema.properties!)).toEqual(["id", "sendEmail"]);
    expect(Object.keys(tools.get("get_user")!.inputSchema.properties!)).toContain("fields");
    const result = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1", fields: ["id"] } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/Unknown argument for deactivate_user: "fields"\. Known: id, sendEmail\./);
    expect(h.audit.records.at(-1)).toMatchObject({ tool: "deactivate_user", decision: "refused" });
    await h.close();
  });

  it("sends tools/list_changed when the granted scopes change", async () => {
    const h = await connect({ scopes: ["okta.users.read"] });
    const changed = new Promise<void>((resolve) => h.client.setNotificationHandler("notifications/tools/list_changed", () => resolve()));
    h.auth.setScopes(ALL_SCOPES);
    await changed;
    expect((await h.client.listTools()).tools.length).toBe(9);
    await h.close();
  });

  it("loads the validators module on the first call only, and builds each validator once", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users/:id`, () => HttpResponse.json({ id: "00u1" })));
    let loads = 0;
    let built = 0;
    const h = await connect({
      deps: {
        loadValidators: async () => {
          loads++;
          const { validators } = await import("./fixtures/validators.js");
          return { ...validators, get_user: () => (built++, validators.get_user()) };
        },
      },
    });
    await h.client.listTools();
    expect(loads).toBe(0);
    await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    await h.client.callTool({ name: "get_user", arguments: { id: "00u2" } });
    expect(loads).toBe(1);
    expect(built).toBe(1);
    await h.close();
  });

  it("has instructions for the model", async () => {
    const h = await connect();
    expect(h.client.getInstructions()).toMatch(/fetchAll/);
    await h.close();
  });
});

describe("tools/call", () => {
  it("calls Okta with auth, user agent, encoded path and only the arguments set", async () => {
    let seen: Request | undefined;
    mswServer.use(
      http.get(`${ORG}/api/v1/users/:id`, ({ request }) => {
        seen = request;
        return HttpResponse.json({ id: "00u1", status: "ACTIVE", profile: { login: "a@b.c" }, _links: { self: { href: "x" } } }, { headers: { "X-Okta-Request-Id": "req-1" } });
      }),
    );
    const h = await connect();
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "a@b.c/x" } });
    expect(result.isError).toBeFalsy();
    expect(seen!.url).toBe(`${ORG}/api/v1/users/a%40b.c%2Fx`);
    expect(seen!.headers.get("authorization")).toBe("Bearer test-token");
    expect(seen!.headers.get("user-agent")).toMatch(/^okta-mcp-server\/\d+\.\d+\.\d+/);
    expect(result.structuredContent).toEqual({ id: "00u1", status: "ACTIVE", profile: { login: "a@b.c" } });
    expect(parseText(result)).toEqual(result.structuredContent);
    await h.close();
  });

  it("does not inject schema defaults into the request, but applies presets", async () => {
    let url: URL | undefined;
    let body: unknown;
    mswServer.use(
      http.post(`${ORG}/api/v1/users`, async ({ request }) => {
        url = new URL(request.url);
        body = await request.json();
        return HttpResponse.json({ id: "00u2" });
      }),
      http.get(`${ORG}/api/v1/logs`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json([]);
      }),
    );
    const h = await connect();
    await h.client.callTool({ name: "create_user", arguments: { profile: { login: "n@x.io" } } });
    expect(url!.search).toBe("");
    expect(body).toEqual({ profile: { login: "n@x.io" } });
    await h.client.callTool({ name: "get_login_failures", arguments: { since: "2026-01-01T00:00:00Z" } });
    expect(url!.searchParams.get("filter")).toBe('eventType eq "user.session.start" and outcome.result eq "FAILURE"');
    expect(url!.searchParams.get("since")).toBe("2026-01-01T00:00:00Z");
    await h.close();
  });

  it("refuses a tool whose scope is not granted, naming required and granted scopes, and sends nothing", async () => {
    const h = await connect({ scopes: ["okta.users.read"] });
    const result = await h.client.callTool({ name: "list_groups", arguments: {} });
    expect(result.isError).toBe(true);
    const text = (result.content as { text: string }[])[0].text;
    expect(text).toContain("ERR_SCOPE_DENIED");
    expect(text).toContain("okta.groups.read");
    expect(text).toContain("okta.users.read");
    expect(text).toContain("Okta API Scopes");
    expect(h.auth.authorizeCalls).toEqual([]);
    expect(h.audit.records[0]).toMatchObject({ tool: "list_groups", decision: "denied", errorCode: "ERR_SCOPE_DENIED" });
    await h.close();
  });

  it("refuses a tool hidden by configuration", async () => {
    const h = await connect({ options: { readOnly: true } });
    const result = await h.client.callTool({ name: "create_user", arguments: { profile: { login: "x" } } });
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0].text).toContain("ERR_TOOL_NOT_EXPOSED");
    expect(h.auth.authorizeCalls).toEqual([]);
    await h.close();
  });

  it("rejects invalid arguments before any request", async () => {
    const h = await connect();
    const result = await h.client.callTool({ name: "list_users", arguments: { limit: "lots" } });
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0].text).toMatch(/ERR_INVALID_ARGUMENTS.*limit/);
    const dots = await h.client.callTool({ name: "get_user", arguments: { id: ".." } });
    expect((dots.content as { text: string }[])[0].text).toContain("ERR_INVALID_ARGUMENTS");
    expect(h.auth.authorizeCalls).toEqual([]);
    await h.close();
  });

  it("get_auth_status reports scopes and incomplete toolsets without scopes of its own", async () => {
    const h = await connect({ scopes: ["okta.users.read"] });
    const result = await h.client.callTool({ name: "get_auth_status", arguments: {} });
    expect(result.structuredContent).toMatchObject({
      org: ORG,
      authMethod: "api_token",
      grantedScopes: ["okta.users.read"],
      incompleteToolsets: { users: ["okta.users.manage"], groups: ["okta.groups.manage", "okta.groups.read"], logs: ["okta.logs.read"] },
    });
    await h.close();
  });

  it("an auth sign-in still pending becomes an error result carrying its message", async () => {
    const h = await connect();
    h.auth.pending = true;
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0].text).toContain("ERR_AUTH_PENDING: Sign-in pending: open https://example.okta.com/activate");
    await h.close();
  });

  it("retries once after a 401 when auth renews", async () => {
    const tokens: string[] = [];
    mswServer.use(
      http.get(`${ORG}/api/v1/users/:id`, ({ request }) => {
        tokens.push(request.headers.get("authorization")!);
        return tokens.length === 1 ? HttpResponse.json({ errorCode: "E0000011" }, { status: 401 }) : HttpResponse.json({ id: "00u1" });
      }),
    );
    const h = await connect();
    h.auth.renewTo = "fresh";
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(result.isError).toBeFalsy();
    expect(tokens).toEqual(["Bearer test-token", "Bearer fresh"]);
    await h.close();
  });
});

describe("connections share one runtime (what a stateless HTTP transport needs)", () => {
  it("a token issued on one connection confirms on another; both are audited in one log and both hear list_changed", async () => {
    const seen: string[] = [];
    mswServer.use(
      http.post(`${ORG}/api/v1/users/:id/lifecycle/deactivate`, ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const auth = new FakeAuth(ORG, ALL_SCOPES);
    const audit = new MemoryAudit();
    const runtime = createRuntime({
      catalog: fixtureCatalog,
      loadValidators: async () => (await import("./fixtures/validators.js")).validators,
      auth,
      orgUrl: ORG,
      audit,
      options: { confirmWithToken: true },
    });
    const open = async () => {
      const { server, close } = createMcpServer(runtime);
      const client = new Client({ name: "c", version: "1" });
      const [a, b] = InMemoryTransport.createLinkedPair();
      await server.connect(b);
      await client.connect(a);
      return { client, close: async () => (await client.close(), await close()) };
    };
    const first = await open();
    const second = await open();

    const refused = await first.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    const token = (refused.structuredContent as { error: { confirmationToken: string } }).error.confirmationToken;
    const confirmed = await second.client.callTool({ name: "deactivate_user", arguments: { id: "00u1", confirmationToken: token } });
    expect(confirmed.isError).toBeFalsy();
    expect(seen).toEqual(["/api/v1/users/00u1/lifecycle/deactivate"]);
    expect(audit.records.map((r) => [r.phase, r.decision])).toEqual([
      ["call", "refused"],
      ["intent", undefined],
      ["outcome", "allowed"],
    ]);

    const heard = [first, second].map(({ client }) => new Promise<void>((resolve) => client.setNotificationHandler("notifications/tools/list_changed", () => resolve())));
    auth.setScopes(["okta.users.read"]);
    await Promise.all(heard);
    expect((await second.client.listTools()).tools.map((t) => t.name).sort()).toEqual(["get_auth_status", "get_user", "list_users"]);
    await first.close();
    await second.close();
    runtime.close();
  });
});
