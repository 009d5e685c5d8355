// The report pacer: a bucket down to its reserve waits for the reset instead of being drained.
import { describe, expect, it } from "vitest";
import { createPacer } from "../../src/reports/pacer.js";
import type { ToolSpec } from "../../src/tool-spec.js";
import type { OktaResponse } from "../../src/runtime/http.js";

const spec = { method: "GET", path: "/api/v1/users/{userId}/factors" } as ToolSpec;
const answer = (limit: number, remaining: number, reset: number) => ({ status: 200, headers: new Headers(), body: [], attempts: 1, rateLimit: { limit, remaining, reset } }) as OktaResponse;

describe("pacer", () => {
  it("sends freely while the bucket has room, then waits for the reset at the 10% reserve", async () => {
    let now = 1_000_000;
    const waits: number[] = [];
    const pacer = createPacer({ now: () => now, sleep: async (ms) => void (waits.push(ms), (now += ms)) });
    let remaining = 100;
    const reset = now / 1000 + 30;
    let sent = 0;
    while (sent < 120) {
      await pacer.beforeSend(spec);
      sent++;
      remaining = remaining > 0 && now < reset * 1000 ? remaining - 1 : 99;
      pacer.observe(spec, answer(100, remaining, now < reset * 1000 ? reset : reset + 60));
    }
    // 90 requests fit before the reserve; then one wait until the window resets.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBe(30_200);
    expect(pacer.stats.requests["GET /api/v1/users/{userId}/factors"]).toBe(120);
    expect(pacer.stats.lowestRemainingShare).toBeGreaterThanOrEqual(0.1);
  });

  it("counts requests in flight against the bucket, and ignores older answers within a window", async () => {
    const now = 5_000_000;
    const pacer = createPacer({ now: () => now, sleep: async () => {} });
    await pacer.beforeSend(spec);
    pacer.observe(spec, answer(20, 3, now / 1000 + 10));
    pacer.observe(spec, answer(20, 9, now / 1000 + 10)); // out of order: still 3 left
    let waited = 0;
    const waiting = createPacer({ now: () => now, sleep: async (ms) => void (waited += ms) });
    await waiting.beforeSend(spec);
    waiting.observe(spec, answer(20, 4, now / 1000 + 10));
    await waiting.beforeSend(spec); // 4 left, 0 in flight: above the reserve of 2
    await waiting.beforeSend(spec); // 4 left, 1 in flight
    expect(waited).toBe(0);
    await waiting.beforeSend(spec); // 4 left, 2 in flight: at the reserve
    expect(waited).toBe(10_200);
    expect(pacer.stats.waits).toBe(0);
  });
});
