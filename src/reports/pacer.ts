// Keeps a report inside Okta's rate limits: every answer carries X-Rate-Limit-Limit/-Remaining/-Reset for the
// bucket the request counted against; when a bucket is down to its reserve (10% by default, which is also where
// Okta's default rate-limit warning fires), the next request to it waits for the reset instead of draining it.
// The shared HTTP client still waits out a 429 if another client of the org drained the bucket meanwhile.
import type { ToolSpec } from "../tool-spec.js";
import { NetworkError } from "../runtime/errors.js";
import type { OktaResponse } from "../runtime/http.js";

interface Bucket {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
  inFlight: number;
}

export interface PacerStats {
  /** Requests per operation (method and path template). */
  requests: Record<string, number>;
  /** Waits for a bucket to reset, and their total. */
  waits: number;
  waitedMs: number;
  /** Lowest share of any bucket left after an answer (1 = untouched). */
  lowestRemainingShare: number;
  /** Per operation: the limit Okta reported. */
  limits: Record<string, number>;
}

export interface PacerOptions {
  /** Share of each bucket left for everyone else (default 0.1). */
  reserve?: number;
  /** Longest single wait for a reset (default 65 s; Okta's windows are one minute). */
  maxWaitMs?: number;
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const sleepFor = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

export function createPacer(options: PacerOptions = {}) {
  const reserve = options.reserve ?? 0.1;
  const maxWait = options.maxWaitMs ?? 65_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  const buckets = new Map<string, Bucket>();
  const stats: PacerStats = { requests: {}, waits: 0, waitedMs: 0, lowestRemainingShare: 1, limits: {} };
  const keyOf = (spec: ToolSpec) => `${spec.method} ${spec.path}`;

  return {
    stats,
    async beforeSend(spec: ToolSpec): Promise<void> {
      const key = keyOf(spec);
      stats.requests[key] = (stats.requests[key] ?? 0) + 1;
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = { limit: 0, remaining: 0, reset: 0, inFlight: 0 }));
      while (bucket.limit > 0 && bucket.remaining - bucket.inFlight <= Math.ceil(bucket.limit * reserve)) {
        const wait = bucket.reset * 1000 - now() + 200;
        if (wait > 0) {
          const ms = Math.min(wait, maxWait);
          stats.waits++;
          stats.waitedMs += ms;
          await sleep(ms, options.signal);
          if (options.signal?.aborted) throw new NetworkError("The report was cancelled by the client while waiting for Okta's rate limit to reset.");
        }
        // A new window: the next answer says what is really left.
        bucket.remaining = bucket.limit;
        bucket.reset = Math.max(bucket.reset, Math.ceil(now() / 1000));
      }
      bucket.inFlight++;
    },
    observe(spec: ToolSpec, response: OktaResponse | undefined): void {
      const bucket = buckets.get(keyOf(spec));
      if (!bucket) return;
      bucket.inFlight = Math.max(0, bucket.inFlight - 1);
      const rl = response?.rateLimit;
      if (!rl || rl.limit <= 0) return;
      stats.limits[keyOf(spec)] = rl.limit;
      stats.lowestRemainingShare = Math.min(stats.lowestRemainingShare, rl.remaining / rl.limit);
      const reset = rl.reset ?? Math.ceil(now() / 1000) + 60;
      if (reset > bucket.reset || bucket.limit === 0) {
        Object.assign(bucket, { limit: rl.limit, remaining: rl.remaining, reset });
      } else if (reset === bucket.reset) {
        // Answers arrive out of order: within one window the lowest count is the latest.
        bucket.remaining = Math.min(bucket.remaining, rl.remaining);
      }
    },
  };
}

export type Pacer = ReturnType<typeof createPacer>;
