// X-Rate-Limit-* headers per endpoint bucket, with Okta's documented per-minute limits (management rate limits,
// Workforce Identity orgs). By default the sandbox never throttles (the benchmark must not be slowed) and 429s come
// only from injected faults; with `enforce`, a request past its bucket's limit gets Okta's 429 (E0000047).
// `windowMs` shortens the one-minute window, so a run that paces itself can be measured without waiting minutes.

export interface RateLimitOptions {
  /** Length of a window (default 60,000 ms, Okta's). */
  windowMs?: number;
  /** Answer 429 past the limit (default false: report headers only). */
  enforce?: boolean;
}

export interface RateLimitHeaders {
  limit: number;
  remaining: number;
  resetEpochSeconds: number;
  /** True when this request is over the limit (only counted when enforcing). */
  exceeded: boolean;
}

/** Bucket and per-minute limit of a request, after Okta's table (an endpoint not listed shares "most other API actions"). */
export function bucketOf(method: string, pathname: string): { bucket: string; limit: number } {
  const parts = pathname.split("/").filter(Boolean); // ["api", "v1", "users", ...]
  const family = parts[2] ?? "";
  const rest = parts.length - 3;
  switch (family) {
    case "users":
      if (rest === 0) return { bucket: "users", limit: 600 };
      if (rest === 1) return method === "GET" ? { bucket: "users/{id} GET", limit: 2000 } : { bucket: "users/{id}", limit: 600 };
      break;
    case "groups":
      return rest === 1 && parts[3] !== "rules" ? { bucket: "groups/{id}", limit: 1000 } : { bucket: "groups", limit: 500 };
    case "apps":
      return rest === 1 ? { bucket: "apps/{id}", limit: 500 } : { bucket: "apps", limit: 100 };
    case "logs":
      return { bucket: "logs", limit: 120 };
  }
  return { bucket: "api/v1", limit: 1200 };
}

export class RateLimitWindow {
  private windowStart = 0;
  private readonly used = new Map<string, number>();
  private readonly windowMs: number;
  private readonly enforce: boolean;

  constructor(options: RateLimitOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.enforce = options.enforce ?? false;
  }

  static limitFor(pathname: string, method = "GET"): number {
    return bucketOf(method, pathname).limit;
  }

  count(pathname: string, method = "GET", nowMs: number = Date.now()): RateLimitHeaders {
    const start = nowMs - (nowMs % this.windowMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used.clear();
    }
    const { bucket, limit } = bucketOf(method, pathname);
    const used = (this.used.get(bucket) ?? 0) + 1;
    this.used.set(bucket, used);
    const resetEpochSeconds = Math.ceil((start + this.windowMs) / 1000);
    if (this.enforce) return { limit, remaining: Math.max(0, limit - used), resetEpochSeconds, exceeded: used > limit };
    // Never report 0 remaining without a 429: clients that pre-emptively wait would stall.
    return { limit, remaining: Math.max(1, limit - used), resetEpochSeconds, exceeded: false };
  }
}
