// A logical clock: seeded data sits before a fixed base time, and each mutation advances the clock by one second,
// so two orgs that receive the same calls produce byte-identical output. Rate-limit headers use the real clock instead.

export const DEFAULT_BASE_TIME = Date.parse("2026-06-15T12:00:00.000Z");

export interface OrgClock {
  /** Current org time in epoch milliseconds. */
  now(): number;
  nowIso(): string;
  /** Moves the clock forward by one tick and returns the new ISO timestamp (one call per mutation). */
  tick(): string;
}

export function createOrgClock(baseTime: number): OrgClock {
  let current = baseTime;
  return {
    now: () => current,
    nowIso: () => new Date(current).toISOString(),
    tick() {
      current += 1000;
      return new Date(current).toISOString();
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
