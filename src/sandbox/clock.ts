// The org's clock. Seeded history lies in the days before the org's start time, and the org lives in the present:
// its "now" follows the wall clock from that start, so a demo's `since=now-1h` or "failed sign-ins in the last 24 h"
// finds the seeded events. Every mutation takes a timestamp strictly after the previous one (tick), which keeps the
// System Log ordered. Tests inject a frozen wall clock, and then two orgs that receive the same calls produce
// byte-identical output. Rate-limit headers use the real clock.

export interface OrgClock {
  /** Current org time in epoch milliseconds. */
  now(): number;
  nowIso(): string;
  /** A timestamp for one mutation: the current time, but always later than the previous tick. */
  tick(): string;
}

/**
 * @param start the org's start time; nothing happens before it but seeded history.
 * @param orgTime the org time as the wall clock says, without ticks (default: frozen at `start`).
 */
export function createOrgClock(start: number, orgTime: () => number = () => start): OrgClock {
  let last = start;
  const now = () => Math.max(orgTime(), last);
  return {
    now,
    nowIso: () => new Date(now()).toISOString(),
    tick() {
      // One second past the previous tick when the wall clock has not moved on (a frozen test clock, or a burst of
      // calls): timestamps stay distinct at Okta's second precision.
      last = Math.max(orgTime(), last + 1000);
      return new Date(last).toISOString();
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
