import { delay, http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/runtime/logger.js";
import { connect, mswServer, ORG, text } from "./harness.js";

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());
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
    expect(h.audit.records[0]).toMatchObject({ phase: "intent", tool: "create_user", request: { body: { profile: { login: "dup@x.io" } } } });
    expect(h.audit.records[1]).toMatchObject({ phase: "outcome", callId: h.audit.records[0].callId, decision: "allowed", status: 400, oktaRequestId: "req-400", errorCode: "E0000001" });
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
    expect(t).toMatch(/Next step: .*wait until \d{4}-\d\d-\d\dT/);
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

describe("size cap: the cursor continues exactly after the last item kept", () => {
  it("takes the cursor from the record's id even when the fields asked for leave id out", async () => {
    mswServer.use(
      http.get(`${ORG}/api/v1/users`, () => HttpResponse.json(users(0, 50), { headers: { Link: `<${ORG}/api/v1/users?after=PAGE_END&limit=50>; rel="next"` } })),
    );
    const h = await connect({ options: { maxResultBytes: 1000 } });
    const result = await h.client.callTool({ name: "list_users", arguments: { fields: ["profile.login"] } });
    const s = result.structuredContent as { items: { profile: { login: string } }[]; nextCursor: string; truncated: boolean };
    expect(s.truncated).toBe(true);
    expect(s.items.length).toBeGreaterThan(0);
    expect(s.items.length).toBeLessThan(50);
    const lastLogin = s.items[s.items.length - 1].profile.login;
    expect(s.nextCursor).toBe(`00u${lastLogin.slice(1, lastLogin.indexOf("@"))}`);
    expect(text(result)).toContain(`Continue with after="${s.nextCursor}"`);
    expect(Buffer.byteLength((result.content as { text: string }[])[0].text)).toBeLessThanOrEqual(1000);
    await h.close();
  });

  it("gives no cursor (rather than the page's, which would skip the cut items) when the items have no id", async () => {
    const events = Array.from({ length: 40 }, (_, i) => ({ uuid: `e${i}`, eventType: "user.session.start", displayMessage: "x".repeat(40) }));
    mswServer.use(http.get(`${ORG}/api/v1/groups`, () => HttpResponse.json(events, { headers: { Link: `<${ORG}/api/v1/groups?after=PAGE_END>; rel="next"` } })));
    const h = await connect({ options: { maxResultBytes: 1000 } });
    const result = await h.client.callTool({ name: "list_groups", arguments: {} });
    const s = result.structuredContent as { items: unknown[]; nextCursor?: string; truncated: boolean };
    expect(s.truncated).toBe(true);
    expect(s.nextCursor).toBeUndefined();
    expect(text(result)).toContain("No cursor can continue from the cut");
    await h.close();
  });

  it("fetchAll never follows a next link to another host: only the cursor is used, against the org", async () => {
    const hosts: string[] = [];
    const page = ({ request }: { request: Request }) => {
      const url = new URL(request.url);
      hosts.push(url.host);
      const start = url.searchParams.get("after") ? 3 : 0;
      return HttpResponse.json(users(start, 3), start ? {} : { headers: { Link: `<https://evil.example/api/v1/users?after=00u2>; rel="next"` } });
    };
    mswServer.use(http.get(`${ORG}/api/v1/users`, page), http.get("https://evil.example/api/v1/users", page));
    const h = await connect();
    const result = await h.client.callTool({ name: "list_users", arguments: { fetchAll: true } });
    expect((result.structuredContent as { items: unknown[] }).items.length).toBe(6);
    expect(hosts).toEqual(["example.okta.com", "example.okta.com"]);
    await h.close();
  });
});

describe("lenient parsing of Okta's answers", () => {
  it("an empty 204, an empty object, and a non-JSON body are results, not failures", async () => {
    mswServer.use(
      http.post(`${ORG}/api/v1/users/:id/lifecycle/deactivate`, () => new HttpResponse(null, { status: 204 })),
      http.get(`${ORG}/api/v1/users/:id`, ({ params }) =>
        params.id === "empty" ? HttpResponse.json({}) : new HttpResponse("<html>maintenance</html>", { headers: { "Content-Type": "text/html" } }),
      ),
    );
    const h = await connect({ options: { confirm: false } });
    const deactivated = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    expect(deactivated.isError).toBeFalsy();
    expect(deactivated.structuredContent).toEqual({ ok: true });
    const empty = await h.client.callTool({ name: "get_user", arguments: { id: "empty" } });
    expect(empty.isError).toBeFalsy();
    expect(empty.structuredContent).toEqual({});
    const html = await h.client.callTool({ name: "get_user", arguments: { id: "html" } });
    expect(html.isError).toBeFalsy();
    expect(html.structuredContent).toEqual({ value: "<html>maintenance</html>" });
    await h.close();
  });

  it("a non-JSON error page becomes an Okta error that does not echo the page", async () => {
    mswServer.use(http.get(`${ORG}/api/v1/users/:id`, () => new HttpResponse("<html>Bad gateway secret-ish</html>", { status: 502, headers: { "X-Okta-Request-Id": "rq-502" } })));
    const h = await connect();
    const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("Okta answered 502");
    expect(text(result)).toContain("X-Okta-Request-Id: rq-502");
    expect(text(result)).not.toContain("<html>");
    await h.close();
  });
});

describe("rate limit notice", () => {
  for (const [remaining, low] of [["3", true], ["60", false]] as const) {
    it(`${low ? "tells" : "does not tell"} the model when ${remaining} of 100 requests remain`, async () => {
      mswServer.use(http.get(`${ORG}/api/v1/users/:id`, () => HttpResponse.json({ id: "00u1" }, { headers: { "X-Rate-Limit-Limit": "100", "X-Rate-Limit-Remaining": remaining } })));
      const h = await connect();
      const result = await h.client.callTool({ name: "get_user", arguments: { id: "00u1" } });
      expect(result.isError).toBeFalsy();
      expect(text(result).includes(`Okta rate limit low for this endpoint: ${remaining} of 100 requests left`)).toBe(low);
      await h.close();
    });
  }
});

describe("cancellation", () => {
  it("a client that cancels during a rate-limit wait stops the call: no retry is sent and the call is audited", async () => {
    let requests = 0;
    mswServer.use(
      http.get(`${ORG}/api/v1/users/:id`, () => {
        requests++;
        return HttpResponse.json({ errorCode: "E0000047" }, { status: 429, headers: { "X-Rate-Limit-Reset": String(Math.floor(Date.now() / 1000) + 50) } });
      }),
    );
    // The server logs before it starts waiting for the reset: cancel then.
    let waiting!: () => void;
    const waitStarted = new Promise<void>((resolve) => (waiting = resolve));
    const log = { ...silentLogger, info: (message: string) => void (/retrying in/.test(message) && waiting()) };
    // A deadline long enough for the 50 s wait to start (a reset beyond the deadline is not waited for).
    const h = await connect({ deps: { log }, options: { timeoutMs: 120_000 } });
    const controller = new AbortController();
    const call = h.client.callTool({ name: "get_user", arguments: { id: "00u1" } }, { signal: controller.signal } as never);
    await waitStarted;
    controller.abort();
    await expect(call).rejects.toThrow();
    await expect.poll(() => h.audit.records.length).toBe(1);
    expect(h.audit.records[0]).toMatchObject({ tool: "get_user", errorCode: "ERR_NETWORK" });
    expect(requests).toBe(1);
    await h.close();
  });
});
