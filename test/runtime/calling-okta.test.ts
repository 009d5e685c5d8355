import { delay, http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connect, mswServer, ORG, parseText } from "./harness.js";

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

const text = (result: { content?: unknown }) => (result.content as { text: string }[]).map((c) => c.text).join("\n");
const users = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `00u${from + i}`, status: "ACTIVE", profile: { login: `u${from + i}@x.io`, firstName: "F" }, _links: {} }));

describe("pagination", () => {
  it("returns nextCursor from rel=next, taking only the cursor (never following the link's host)", async () => {
    mswServer.use(
      http.get(`${ORG}/api/v1/users`, () =>
        HttpResponse.json(users(0, 2), {
          headers: { Link: `<${ORG}/api/v1/users?limit=2>; rel="self", <https://evil.example/api/v1/users?after=00u1&limit=2>; rel="next"` },
        }),
      ),
    );
    const h = await connect();
    const result = await h.client.callTool({ name: "list_users", arguments: { limit: 2 } });
    expect(result.structuredContent).toEqual({
      items: [
        { id: "00u0", status: "ACTIVE", profile: { login: "u0@x.io" } },
        { id: "00u1", status: "ACTIVE", profile: { login: "u1@x.io" } },
      ],
      nextCursor: "00u1",
    });
    await h.close();
  });

  it("fetchAll follows pages up to the cap, with progress, and says where it stopped", async () => {
    const afters: (string | null)[] = [];
    mswServer.use(
      http.get(`${ORG}/api/v1/users`, ({ request }) => {
        const after = new URL(request.url).searchParams.get("after");
        afters.push(after);
        const start = after ? Number(after.slice(3)) + 1 : 0;
        return HttpResponse.json(users(start, 3), { headers: { Link: `<${ORG}/api/v1/users?after=00u${start + 2}&limit=3>; rel="next"` } });
      }),
    );
    const h = await connect({ options: { maxItems: 7 } });
    const progress: number[] = [];
    const result = await h.client.callTool(
      { name: "list_users", arguments: { limit: 3, fetchAll: true } },
      { onprogress: (p: { progress: number }) => progress.push(p.progress) } as never,
    );
    const s = result.structuredContent as { items: { id: string }[]; nextCursor: string };
    expect(s.items.map((u) => u.id)).toEqual(["00u0", "00u1", "00u2", "00u3", "00u4", "00u5", "00u6"]);
    expect(s.nextCursor).toBe("00u6");
    expect(afters).toEqual([null, "00u2", "00u5"]);
    expect(progress).toEqual([3, 6, 7]);
    expect(text(result)).toContain("Stopped at the cap of 7 items");
    await h.close();
  });
});

describe("results", () => {
  it("applies the default projection, a fields argument, and * for full records", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users`, () => HttpResponse.json(users(0, 1))));
    const h = await connect();
    const byDefault = await h.client.callTool({ name: "list_users", arguments: {} });
    expect(byDefault.structuredContent).toEqual({ items: [{ id: "00u0", status: "ACTIVE", profile: { login: "u0@x.io" } }] });
    const some = await h.client.callTool({ name: "list_users", arguments: { fields: ["profile.firstName", "missing.path"] } });
    expect(some.structuredContent).toEqual({ items: [{ profile: { firstName: "F" } }] });
    const full = await h.client.callTool({ name: "list_users", arguments: { fields: ["*"] } });
    expect(full.structuredContent).toEqual({ items: users(0, 1) });
    await h.close();
  });

  it("cuts results over the size cap with a notice and a cursor to continue", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users`, () => HttpResponse.json(users(0, 50))));
    const h = await connect({ options: { maxResultBytes: 1000 } });
    const result = await h.client.callTool({ name: "list_users", arguments: {} });
    const s = result.structuredContent as { items: { id: string }[]; nextCursor: string; truncated: boolean };
    expect(s.truncated).toBe(true);
    expect(JSON.stringify(s.items).length).toBeLessThanOrEqual(1000);
    expect(s.nextCursor).toBe(s.items[s.items.length - 1].id);
    expect(text(result)).toMatch(/Result cut at 1000 bytes: \d+ of 50 items/);
    await h.close();
  });

  it("accepts unknown fields and enum values from Okta", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users/:id`, () => HttpResponse.json({ id: "00u1", status: "BRAND_NEW_STATUS", novel: { x: 1 } })));
    const h = await connect();
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(result.structuredContent).toEqual({ id: "00u1", status: "BRAND_NEW_STATUS", novel: { x: 1 } });
    await h.close();
  });
});

describe("errors", () => {
  it("maps Okta's error body to an actionable error with the request id", async () => {
    mswServer.use(
      http.post(`${ORG}/api/v1/users`, () =>
        HttpResponse.json(
          { errorCode: "E0000001", errorSummary: "Api validation failed: login", errorId: "oae1", errorCauses: [{ errorSummary: "login: An object with this field already exists" }] },
          { status: 400, headers: { "X-Okta-Request-Id": "req-400" } },
        ),
      ),
    );
    const h = await connect();
    const result = await h.client.callTool({ name: "create_user", arguments: { profile: { login: "dup@x.io" } } });
    expect(result.isError).toBe(true);
    const t = text(result);
    expect(t).toContain("ERR_OKTA_API");
    expect(t).toContain("E0000001");
    expect(t).toContain("Api validation failed: login");
    expect(t).toContain("login: An object with this field already exists");
    expect(t).toContain("X-Okta-Request-Id: req-400");
    expect(t).not.toMatch(/\n\s+at /);
    expect(h.audit.records[0]).toMatchObject({ decision: "allowed", status: 400, oktaRequestId: "req-400", errorCode: "E0000001" });
    await h.close();
  });

  it("explains a 403 as a missing scope when Okta says insufficient_scope", async () => {
    mswServer.use(
      http.get(`${ORG}/api/v1/users/:id`, () =>
        HttpResponse.json({ errorCode: "E0000006" }, { status: 403, headers: { "WWW-Authenticate": 'Bearer error="insufficient_scope"' } }),
      ),
    );
    const h = await connect();
    const t = text(await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } }));
    expect(t).toContain("lacks a scope");
    expect(t).toContain("okta.users.read");
    await h.close();
  });

  it("explains a 403 without a scope challenge as a missing admin role, naming the roles", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users/:id`, () => HttpResponse.json({ errorCode: "E0000006", errorSummary: "You do not have permission" }, { status: 403 })));
    const h = await connect();
    const t = text(await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } }));
    expect(t).toContain("admin role");
    expect(t).toContain("READ_ONLY_ADMIN");
    await h.close();
  });

  it("waits for the rate-limit reset on 429 and retries", async () => {
    let calls = 0;
    mswServer.use(
      http.get(`${ORG}/api/v1/users/:id`, () => {
        calls++;
        if (calls === 1) {
          return HttpResponse.json({ errorCode: "E0000047" }, { status: 429, headers: { "X-Rate-Limit-Reset": String(Math.floor(Date.now() / 1000)) } });
        }
        return HttpResponse.json({ id: "00u1" }, { headers: { "X-Rate-Limit-Limit": "100", "X-Rate-Limit-Remaining": "3" } });
      }),
    );
    const h = await connect();
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(result.isError).toBeFalsy();
    expect(calls).toBe(2);
    expect(text(result)).toContain("rate limit low");
    await h.close();
  });

  it("gives up on 429 when the reset is too far away, saying when to retry", async () => {
    mswServer.use(
      http.get(`${ORG}/api/v1/users/:id`, () =>
        HttpResponse.json({ errorCode: "E0000047" }, { status: 429, headers: { "X-Rate-Limit-Reset": String(Math.floor(Date.now() / 1000) + 3600) } }),
      ),
    );
    const h = await connect();
    const t = text(await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } }));
    expect(t).toContain("rate limit");
    expect(t).toContain("Try again after");
    await h.close();
  });

  it("retries a 5xx for idempotent methods only", async () => {
    let gets = 0;
    let posts = 0;
    mswServer.use(
      http.get(`${ORG}/api/v1/users/:id`, () => (++gets === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ id: "00u1" }))),
      http.post(`${ORG}/api/v1/users`, () => {
        posts++;
        return new HttpResponse(null, { status: 503 });
      }),
    );
    const h = await connect();
    expect((await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } })).isError).toBeFalsy();
    expect(gets).toBe(2);
    const post = await h.client.callTool({ name: "create_user", arguments: { profile: { login: "x@y.z" } } });
    expect(post.isError).toBe(true);
    expect(posts).toBe(1);
    await h.close();
  });

  it("turns a timeout into a tool error", async () => {
    mswServer.use(
      http.get(`${ORG}/api/v1/users/:id`, async () => {
        await delay("infinite");
        return HttpResponse.json({});
      }),
    );
    const h = await connect({ options: { timeoutMs: 50 } });
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("ERR_TIMEOUT");
    await h.close();
  });

  it("never follows a redirect (the org URL is the only origin)", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users/:id`, () => new HttpResponse(null, { status: 302, headers: { Location: "https://evil.example/steal" } })));
    const h = await connect();
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("Okta answered 302");
    await h.close();
  });

  it("turns a network error into a tool error", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users/:id`, () => HttpResponse.error()));
    const h = await connect();
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("ERR_NETWORK");
    await h.close();
  });
});
