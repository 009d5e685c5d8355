// The remote approvals on both state stores: memory (one instance) and a real Redis shared by two services, as two
// instances would share it. What a call, a page and a call again on different instances see.
import { describe, expect, inject, it } from "vitest";
import type { ApprovalRequest } from "../../src/runtime/approval/approval-store.js";
import { silentLogger } from "../../src/runtime/logger.js";
import type { OperationSummary } from "../../src/runtime/operation-summary.js";
import { BrowserSessions } from "../../src/remote/approvals/browser-session.js";
import { createSharedApprovals, type SharedApprovals } from "../../src/remote/approvals/shared-approvals.js";
import { createRedisStore } from "../../src/remote/state/redis-store.js";
import { createMemoryStore, type StateStore } from "../../src/remote/state/store.js";

const redisUrl = inject("redisUrl");
const ORIGIN = "https://mcp.example.com";
const SECRET = Buffer.alloc(32, 9);

/** Two services over one store: "instance A" and "instance B". */
const pairs: Array<[string, () => Promise<{ a: SharedApprovals; b: SharedApprovals; close(): Promise<void> }>]> = [
  [
    "memory",
    async () => {
      const store = createMemoryStore();
      const make = () => createSharedApprovals({ store, origin: ORIGIN, secret: SECRET, waitMs: 2_000, pollMs: 20 });
      return { a: make(), b: make(), close: () => store.close() };
    },
  ],
  ...(redisUrl
    ? [
        [
          "redis",
          async () => {
            const prefix = `appr${Math.random().toString(36).slice(2)}:`;
            const stores: StateStore[] = [await createRedisStore(redisUrl, silentLogger, prefix), await createRedisStore(redisUrl, silentLogger, prefix)];
            const make = (store: StateStore) => createSharedApprovals({ store, origin: ORIGIN, secret: SECRET, waitMs: 2_000, pollMs: 20 });
            return { a: make(stores[0]), b: make(stores[1]), close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
          },
        ] as [string, () => Promise<{ a: SharedApprovals; b: SharedApprovals; close(): Promise<void> }>],
      ]
    : []),
];

const summary = (tool = "suspend_user"): OperationSummary => ({ tool, title: "Suspend a user", reason: "destructive", method: "POST", url: "https://org/api/v1/users/00u1/lifecycle/suspend", undo: "" });
const request = (over: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  summary: summary(),
  timeoutMs: 5_000,
  principal: "alice@example.com",
  subject: "00ualice",
  args: { id: "00u1" },
  ...over,
});

describe.each(pairs)("shared approvals: %s", (_name, open) => {
  it("a new approval is pending at once; the page's decision on B releases the call waiting on A, once", async () => {
    const { a, b, close } = await open();
    const first = await a.create(request());
    expect(first.created).toBe(true);
    expect(await first.decision).toBe("pending");
    expect(first.links).toEqual({ id: first.links!.id, page: `${ORIGIN}/approvals/${first.links!.id}`, list: `${ORIGIN}/approvals` });
    expect((await b.pendingOf("00ualice")).map((r) => r.id)).toEqual([first.links!.id]);
    expect(await b.pendingOf("00ubob")).toEqual([]);

    const again = await a.create(request());
    expect(again.created).toBe(false);
    expect(again.links!.id).toBe(first.links!.id);
    setTimeout(() => void b.decide(first.links!.id, "approved", "alice@example.com"), 100);
    expect(await again.decision).toBe("approved");
    // Decided once; used once: the next identical call starts a new approval.
    expect((await b.decide(first.links!.id, "denied", "alice@example.com"))?.made).toBe(false);
    expect(await b.pendingOf("00ualice")).toEqual([]);
    const third = await b.create(request());
    expect(third.created).toBe(true);
    expect(third.links!.id).not.toBe(first.links!.id);
    await close();
  });

  it("binds to the admin, the tool, the exact arguments and the exact operation shown", async () => {
    const { a, b, close } = await open();
    const mine = await a.create(request());
    await b.decide(mine.links!.id, "approved", "alice@example.com");
    for (const other of [request({ subject: "00ubob", principal: "bob@example.com" }), request({ args: { id: "00u2" } }), request({ summary: summary("deactivate_user") }), request({ summary: { ...summary(), state: "status is SUSPENDED" } })]) {
      const pending = await b.create(other);
      expect(pending.created).toBe(true);
      expect(await pending.decision).toBe("pending");
    }
    expect(await (await a.create(request())).decision).toBe("approved");
    await close();
  });

  it("denied, expired, withdrawn by the client's decline or cancellation", async () => {
    const { a, b, close } = await open();
    const denied = await a.create(request({ args: { id: "d" } }));
    await b.decide(denied.links!.id, "denied", "alice@example.com");
    expect(await (await a.create(request({ args: { id: "d" } }))).decision).toBe("denied");

    const expired = await a.create(request({ args: { id: "e" }, timeoutMs: 200 }));
    expect(await (await b.create(request({ args: { id: "e" }, timeoutMs: 200 }))).decision).toBe("expired");
    expect((await a.decide(expired.links!.id, "approved", "alice@example.com"))?.decision.outcome).toBe("expired");

    await a.create(request({ args: { id: "x" } }));
    expect(await (await b.create(request({ args: { id: "x" }, clientAnswer: "decline" }))).decision).toBe("denied");

    await a.create(request({ args: { id: "c" } }));
    const controller = new AbortController();
    const waiting = await b.create(request({ args: { id: "c" }, signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await waiting.decision).toBe("cancelled");

    const elsewhere = await a.create(request({ args: { id: "n" } }));
    let cancelled = false;
    const waitingToo = await b.create(request({ args: { id: "n" }, cancelledElsewhere: async () => cancelled }));
    setTimeout(() => (cancelled = true), 50);
    expect(await waitingToo.decision).toBe("cancelled");
    expect((await a.get(elsewhere.links!.id))?.decision?.outcome).toBe("cancelled");
    await close();
  });

  it("a call again with no decision waits a bounded while and is answered pending; shutdown answers at once", async () => {
    const { a, b, close } = await open();
    await a.create(request());
    const started = Date.now();
    expect(await (await b.create(request())).decision).toBe("pending");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    const waiting = await b.create(request());
    const t = Date.now();
    await b.close();
    expect(await waiting.decision).toBe("pending");
    expect(Date.now() - t).toBeLessThan(500);
    await close();
  });

  it("refuses beyond the pending cap and without an admin", async () => {
    const { a, close } = await open();
    const capped = createSharedApprovals({ store: createMemoryStore(), origin: ORIGIN, maxPendingPerAdmin: 2 });
    await capped.create(request({ args: { id: "1" } }));
    await capped.create(request({ args: { id: "2" } }));
    await expect(capped.create(request({ args: { id: "3" } }))).rejects.toThrow(/already waiting/);
    await expect(a.create(request({ subject: undefined, principal: undefined }))).rejects.toThrow(/signed-in admin/);
    await close();
  });
});

describe("browser sessions of the approval pages", () => {
  it("are bound to the admin who signed in, stored hashed, ended by sign-out, and Secure with __Host- on https", async () => {
    const store = createMemoryStore();
    const plain = new BrowserSessions({ store, secure: false });
    const cookie = await plain.create("00ualice", "alice@example.com");
    expect(cookie).toMatch(/^okta-mcp-approvals=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    const id = /=([^;]+)/.exec(cookie)![1];
    expect(await store.get(`browser-session:${id}`)).toBeUndefined(); // only its hash is a key
    const header = `other=1; okta-mcp-approvals=${id}`;
    expect(await plain.of(header)).toMatchObject({ subject: "00ualice", login: "alice@example.com" });
    expect(await plain.of(`okta-mcp-approvals=${"A".repeat(43)}`)).toBeUndefined();
    expect(await plain.of(undefined)).toBeUndefined();
    // POST /oauth/signout ends the admin's sessions that began before it.
    await store.set("signout:00ualice", String(Date.now() + 1), 60_000);
    expect(await plain.of(header)).toBeUndefined();

    const secure = new BrowserSessions({ store, secure: true });
    const strict = await secure.create("00ubob", "bob@example.com");
    expect(strict).toMatch(/^__Host-okta-mcp-approvals=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800; Secure$/);
    const bob = `__Host-okta-mcp-approvals=${/=([^;]+)/.exec(strict)![1]}`;
    expect(await secure.of(bob)).toMatchObject({ subject: "00ubob" });
    expect(await secure.end(bob)).toMatch(/Max-Age=0/);
    expect(await secure.of(bob)).toBeUndefined();
  });
});
