// Seeded randomness: the sandbox must give identical data for identical seeds, so nothing here touches Math.random.

export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** Okta-style id: a 3-character type prefix followed by 17 base62 characters (20 in all). */
  oktaId(prefix: string): string;
  hex(length: number): string;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** mulberry32: tiny, fast and good enough for fake data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    oktaId(prefix) {
      let id = prefix.padEnd(3, "0").slice(0, 3);
      while (id.length < 20) id += BASE62[Math.floor(next() * 62)];
      return id;
    },
    hex(length) {
      let out = "";
      while (out.length < length) out += Math.floor(next() * 16).toString(16);
      return out;
    },
  };
}

/** RFC 4122-shaped uuid from seeded randomness (log event uuids). */
export function seededUuid(random: Random): string {
  const h = random.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[random.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
