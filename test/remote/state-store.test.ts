// The state store contract, on both implementations: memory (one instance) and a real Redis (many).
import { describe, expect, inject, it } from "vitest";
import { silentLogger } from "../../src/runtime/logger.js";
import { createMemoryStore, type StateStore } from "../../src/remote/state/store.js";
import { createRedisStore } from "../../src/remote/state/redis-store.js";
import { createStoreConfirmationTokens } from "../../src/remote/confirmation-tokens.js";
import { TokenVault } from "../../src/remote/oauth/token-vault.js";

const redisUrl = inject("redisUrl");
const stores: Array<[string, () => Promise<StateStore>]> = [
  ["memory", async () => createMemoryStore()],
  // Without redis-server installed (outside CI), test/setup/redis.ts says so once and these are skipped.
  ...(redisUrl ? [["redis", async () => createRedisStore(redisUrl, silentLogger, `t${Math.random().toString(36).slice(2)}:`)] as [string, () => Promise<StateStore>]] : []),
];

describe.each(stores)("state store: %s", (_name, open) => {
  it("gets, sets with a TTL, takes once, deletes", async () => {
    const store = await open();
    await store.set("a", "1", 60_000);
    expect(await store.get("a")).toBe("1");
    expect(await store.take("a")).toBe("1");
    expect(await store.take("a")).toBeUndefined();
    await store.set("short", "x", 30);
    await new Promise((r) => setTimeout(r, 80));
    expect(await store.get("short")).toBeUndefined();
    await store.set("b", "2", 60_000);
    await store.del("b");
    expect(await store.get("b")).toBeUndefined();
    await store.close();
  });

  it("sets only when absent, counts, and indexes sets", async () => {
    const store = await open();
    expect(await store.setIfAbsent("lock", "1", 60_000)).toBe(true);
    expect(await store.setIfAbsent("lock", "2", 60_000)).toBe(false);
    expect(await store.incr("n", 60_000)).toBe(1);
    expect(await store.incr("n", 60_000)).toBe(2);
    await store.addToSet("s", "x", 60_000);
    await store.addToSet("s", "y", 60_000);
    expect((await store.members("s")).sort()).toEqual(["x", "y"]);
    await store.ping();
    await store.close();
  });

  it("keeps confirmation tokens single use, bound to the admin and the arguments", async () => {
    const store = await open();
    const key = Buffer.alloc(32, 7);
    const a = createStoreConfirmationTokens(store, key);
    const b = createStoreConfirmationTokens(store, key); // another instance, same store and key
    const token = await a.issue("deactivate_user", { id: "00u1" }, "alice");
    expect(await b.redeem("deactivate_user", { id: "00u1" }, token, "bob")).toBe(false);
    expect(await b.redeem("deactivate_user", { id: "00u2" }, token, "alice")).toBe(false);
    expect(await b.redeem("deactivate_user", { id: "00u1" }, token, "alice")).toBe(true);
    expect(await a.redeem("deactivate_user", { id: "00u1" }, token, "alice")).toBe(false);
    await store.close();
  });

  it("stores Okta sessions encrypted, bound to the admin", async () => {
    const store = await open();
    const vault = new TokenVault(store, Buffer.alloc(32, 1));
    const session = { accessToken: "okta-at-SECRET", refreshToken: "okta-rt-SECRET", expiresAt: Date.now() + 1000, granted: ["okta.users.read"], login: "a@x" };
    await vault.save("00ua", session);
    expect(await vault.load("00ua")).toEqual(session);
    const raw = await store.get("okta-session:00ua");
    expect(raw).not.toContain("SECRET");
    // Moved to another admin's key, or read with another key: nothing.
    await store.set("okta-session:00ub", raw!, 60_000);
    expect(await vault.load("00ub")).toBeUndefined();
    expect(await new TokenVault(store, Buffer.alloc(32, 2)).load("00ua")).toBeUndefined();
    await store.close();
  });
});
