// The state store on Redis, for many instances: every instance reads and writes the same grants, encrypted
// Okta sessions, confirmation tokens and rate-limit counters, so any instance serves any request. Keys carry a
// prefix (one Redis can serve several deployments) and every write a TTL.
import { createClient } from "@redis/client";
import type { Logger } from "../../runtime/logger.js";
import type { StateStore } from "./store.js";

export async function createRedisStore(url: string, log: Logger, prefix = process.env.OKTA_MCP_REDIS_PREFIX ?? "okta-mcp:"): Promise<StateStore> {
  const client = createClient({
    url,
    socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) },
  });
  let lastError = "";
  client.on("error", (err: Error) => {
    // Logged once per distinct error: a Redis outage must not flood the log; readiness reports it.
    if (err.message !== lastError) log.warn(`redis: ${err.message}`);
    lastError = err.message;
  });
  client.on("ready", () => (lastError = ""));
  await client.connect();
  const k = (key: string) => prefix + key;
  return {
    kind: "redis",
    async get(key) {
      return (await client.get(k(key))) ?? undefined;
    },
    async set(key, value, ttlMs) {
      await client.set(k(key), value, { PX: Math.max(1, Math.ceil(ttlMs)) });
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await client.set(k(key), value, { PX: Math.max(1, Math.ceil(ttlMs)), NX: true })) === "OK";
    },
    async take(key) {
      return (await client.getDel(k(key))) ?? undefined;
    },
    async del(...keys) {
      if (keys.length) await client.del(keys.map(k));
    },
    async incr(key, ttlMs) {
      const [count] = (await client.multi().incr(k(key)).pExpire(k(key), Math.ceil(ttlMs), "NX").exec()) as unknown as [number];
      return Number(count);
    },
    async addToSet(key, member, ttlMs) {
      await client.multi().sAdd(k(key), member).pExpire(k(key), Math.ceil(ttlMs), "GT").pExpire(k(key), Math.ceil(ttlMs), "NX").exec();
    },
    async members(key) {
      return client.sMembers(k(key));
    },
    async removeFromSet(key, member) {
      await client.sRem(k(key), member);
    },
    async ping() {
      await client.ping();
    },
    async close() {
      await client.quit().catch(() => client.destroy());
    },
  };
}
