// Shared state of the remote mode: OAuth grants and client registrations, the admins' encrypted Okta tokens,
// pending approvals and the browser sessions that decide them, confirmation tokens and rate-limit counters. One
// interface, two implementations: in memory (one instance, nothing else to run) and Redis (any instance serves any
// request). Every entry has a time to live.

export interface StateStore {
  readonly kind: "memory" | "redis";
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets only when absent (a lock, or a single-use marker); true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Reads and deletes in one step: exactly one caller gets the value. */
  take(key: string): Promise<string | undefined>;
  del(...keys: string[]): Promise<void>;
  /** Counter in a window: increments and returns the new value; the TTL is set on the first increment. */
  incr(key: string, ttlMs: number): Promise<number>;
  /** Adds a member to a set (an index, e.g. the entries of one OAuth grant), extending its TTL. */
  addToSet(key: string, member: string, ttlMs: number): Promise<void>;
  members(key: string): Promise<string[]>;
  /** Removes a member from a set (an index entry that is no longer live). */
  removeFromSet(key: string, member: string): Promise<void>;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  value: string | Set<string>;
  expiresAt: number;
}

/** The embedded default: one process, bounded (oldest entries go first beyond maxEntries). */
export function createMemoryStore(options: { maxEntries?: number; now?: () => number } = {}): StateStore {
  const max = options.maxEntries ?? 200_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, entry: Entry) => {
    entries.delete(key);
    if (entries.size >= max) {
      const t = now();
      for (const [k, e] of entries) if (e.expiresAt <= t) entries.delete(k);
      while (entries.size >= max) entries.delete(entries.keys().next().value as string);
    }
    entries.set(key, entry);
  };
  const text = (entry: Entry | undefined) => (typeof entry?.value === "string" ? entry.value : undefined);
  return {
    kind: "memory",
    async get(key) {
      return text(live(key));
    },
    async set(key, value, ttlMs) {
      put(key, { value, expiresAt: now() + ttlMs });
    },
    async setIfAbsent(key, value, ttlMs) {
      if (live(key)) return false;
      put(key, { value, expiresAt: now() + ttlMs });
      return true;
    },
    async take(key) {
      const value = text(live(key));
      entries.delete(key);
      return value;
    },
    async del(...keys) {
      for (const key of keys) entries.delete(key);
    },
    async incr(key, ttlMs) {
      const entry = live(key);
      const next = (entry ? Number(entry.value) : 0) + 1;
      put(key, { value: String(next), expiresAt: entry?.expiresAt ?? now() + ttlMs });
      return next;
    },
    async addToSet(key, member, ttlMs) {
      const entry = live(key);
      const set = entry && entry.value instanceof Set ? entry.value : new Set<string>();
      set.add(member);
      put(key, { value: set, expiresAt: Math.max(entry?.expiresAt ?? 0, now() + ttlMs) });
    },
    async members(key) {
      const entry = live(key);
      return entry && entry.value instanceof Set ? [...entry.value] : [];
    },
    async removeFromSet(key, member) {
      const entry = live(key);
      if (entry && entry.value instanceof Set) entry.value.delete(member);
    },
    async ping() {},
    async close() {
      entries.clear();
    },
  };
}
