// X-Rate-Limit-* headers per endpoint bucket over one-minute windows of real time.
// The sandbox never throttles on its own (the benchmark must not be slowed); 429s come only from injected faults.

const LIMITS: Record<string, number> = { users: 600, groups: 500, apps: 100, logs: 120, policies: 100 };
const DEFAULT_LIMIT = 1200;

export interface RateLimitHeaders {
  limit: number;
  remaining: number;
  resetEpochSeconds: number;
}

export class RateLimitWindow {
  private windowStart = 0;
  private readonly used = new Map<string, number>();

  static limitFor(pathname: string): number {
    return LIMITS[pathname.split("/")[3] ?? ""] ?? DEFAULT_LIMIT;
  }

  count(pathname: string, nowMs: number = Date.now()): RateLimitHeaders {
    const start = nowMs - (nowMs % 60_000);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used.clear();
    }
    const bucket = pathname.split("/")[3] ?? "";
    const used = (this.used.get(bucket) ?? 0) + 1;
    this.used.set(bucket, used);
    const limit = RateLimitWindow.limitFor(pathname);
    // Never report 0 remaining without a 429: clients that pre-emptively wait would stall.
    return { limit, remaining: Math.max(1, limit - used), resetEpochSeconds: (start + 60_000) / 1000 };
  }
}
