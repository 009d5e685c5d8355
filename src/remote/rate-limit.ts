// Per-user rate limit: a fixed one-minute window counted in the shared store, so every instance counts the
// same requests. Cheap (one INCR per request) and coarse on purpose: it bounds a runaway agent, it is not billing.
import type { StateStore } from "./state/store.js";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export function createRateLimiter(store: StateStore, perMinute: number, now: () => number = Date.now) {
  const windowMs = 60_000;
  return async function check(subject: string): Promise<RateLimitDecision> {
    const t = now();
    const window = Math.floor(t / windowMs);
    const count = await store.incr(`rl:${subject}:${window}`, windowMs + 1_000);
    const resetSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - t) / 1000));
    return { allowed: count <= perMinute, limit: perMinute, remaining: Math.max(0, perMinute - count), resetSeconds };
  };
}

export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
}
