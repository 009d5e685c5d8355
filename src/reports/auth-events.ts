// Authentication events over a window: sign-in failures by reason, user, IP and country in time buckets, lockouts
// and MFA denials, with the patterns they suggest (many users from one IP: spraying; many failures on one user:
// brute force). One filtered, paged System Log query (the logs bucket is Okta's tightest: 50–120 a minute).
import { must } from "../runtime/okta-client.js";
import { eachPage } from "../runtime/paging.js";
import { bump, type Cell, field, type ReportFunction, str, topCounts } from "./types.js";

const SIGN_IN = "user.session.start";
const MFA = "user.authentication.auth_via_mfa";
const LOCK = "user.account.lock";
const PUSH_DENY = "user.mfa.okta_verify.deny_push";
const FILTER = [SIGN_IN, MFA, LOCK, PUSH_DENY].map((t) => `eventType eq "${t}"`).join(" or ");
const SPRAY_USERS = 5;
const BRUTE_FAILURES = 10;

/** Bucket size giving at most ~48 buckets over the window. */
function bucketMinutes(windowMs: number): number {
  for (const minutes of [5, 15, 30, 60, 180, 360, 720, 1440]) if (windowMs / (minutes * 60_000) <= 48) return minutes;
  return 1440;
}

export const authEvents: ReportFunction = async (ctx) => {
    // The window ends at the org's "now" unless given: learn it from the newest event's answer.
    let until = typeof ctx.options.until === "string" ? Date.parse(ctx.options.until) : undefined;
    if (until === undefined) {
      must(await ctx.client.GET("/api/v1/logs", { params: { query: { limit: 1, sortOrder: "DESCENDING" } } }));
      until = ctx.asOf();
    }
    const since = typeof ctx.options.since === "string" ? Date.parse(ctx.options.since) : until - (typeof ctx.options.hours === "number" ? ctx.options.hours : 24) * 3_600_000;
    const bucket = bucketMinutes(until - since);
    const buckets = new Array<number>(Math.max(1, Math.ceil((until - since) / (bucket * 60_000)))).fill(0);

    let events = 0;
    let successes = 0;
    let failures = 0;
    let lockouts = 0;
    let mfaDenials = 0;
    const reasons = new Map<string, number>();
    const users = new Map<string, number>();
    const ips = new Map<string, number>();
    const ipUsers = new Map<string, Set<string>>();
    const ipCountry = new Map<string, string>();
    const countries = new Map<string, number>();
    const locked = new Map<string, number>();
    const denied = new Map<string, number>();
    const rows: Cell[][] = [];

    await eachPage(
      (after) =>
        ctx.client.GET("/api/v1/logs", {
          params: { query: { since: new Date(since).toISOString(), until: new Date(until!).toISOString(), filter: FILTER, limit: 1000, sortOrder: "ASCENDING", after } },
        }),
      (event) => {
        events++;
        const type = String(event.eventType);
        const result = str(field(event, "outcome.result"));
        const reason = str(field(event, "outcome.reason")) ?? "UNKNOWN";
        const user = str(field(event, "actor.alternateId")) ?? str(field(event, "actor.id")) ?? "unknown";
        const ip = str(field(event, "client.ipAddress")) ?? "unknown";
        const country = str(field(event, "client.geographicalContext.country")) ?? "unknown";
        const published = str(event.published) ?? "";
        const failed = result === "FAILURE" || result === "DENY";
        if (type === SIGN_IN && !failed) {
          successes++;
          return;
        }
        if (type === SIGN_IN) {
          failures++;
          bump(reasons, reason);
          bump(users, user);
          bump(ips, ip);
          bump(countries, country);
          ipCountry.set(ip, country);
          let set = ipUsers.get(ip);
          if (!set) ipUsers.set(ip, (set = new Set()));
          if (set.size <= 1000) set.add(user);
          const at = Date.parse(published);
          const index = Math.floor((at - since) / (bucket * 60_000));
          if (index >= 0 && index < buckets.length) buckets[index]++;
        } else if (type === LOCK) {
          lockouts++;
          bump(locked, user);
        } else if (failed || type === PUSH_DENY) {
          mfaDenials++;
          bump(denied, user);
        } else {
          return;
        }
        rows.push([published, type, result ?? null, reason, user, ip, str(field(event, "client.geographicalContext.city")) ?? null, country]);
      },
      { onPage: (n, pages) => ctx.progress(`Read ${n} events (${pages} pages)`) },
    );

    const topIps = topCounts(ips, ctx.top);
    const spraying = [...ipUsers].filter(([, set]) => set.size >= SPRAY_USERS).sort((a, b) => b[1].size - a[1].size);
    const brute = [...users].filter(([, n]) => n >= BRUTE_FAILURES).sort((a, b) => b[1] - a[1]);
    const attempts = successes + failures;
    const startIso = new Date(since).toISOString();
    return {
      headline: `${failures} failed sign-ins out of ${attempts}, ${lockouts} lockouts and ${mfaDenials} MFA denials between ${startIso} and ${new Date(until).toISOString()}.`,
      summary: {
        window: { since: startIso, until: new Date(until).toISOString() },
        eventsRead: events,
        signIns: { succeeded: successes, failed: failures, failedPct: attempts ? Math.round((failures / attempts) * 1000) / 10 : 0 },
        failuresByReason: topCounts(reasons, ctx.top),
        topFailedUsers: topCounts(users, ctx.top),
        topFailedIps: Object.entries(topIps).map(([ip, count]) => ({ ip, count, country: ipCountry.get(ip), users: ipUsers.get(ip)?.size ?? 0 })),
        failuresByCountry: topCounts(countries, ctx.top),
        lockouts: { total: lockouts, users: topCounts(locked, ctx.top) },
        mfaDenials: { total: mfaDenials, users: topCounts(denied, ctx.top) },
        failuresOverTime: { start: startIso, bucketMinutes: bucket, counts: buckets },
        suspected: {
          passwordSpraying: spraying.slice(0, ctx.top).map(([ip, set]) => ({ ip, users: set.size, failures: ips.get(ip) })),
          bruteForce: brute.slice(0, ctx.top).map(([user, n]) => ({ user, failures: n })),
        },
      },
      tables: [{ name: "events", title: "Failed sign-ins, lockouts and MFA denials", columns: ["published", "eventType", "result", "reason", "user", "ip", "city", "country"], rows }],
      charts: [
        { kind: "series", title: "Failed sign-ins over time", start: startIso, bucketMinutes: bucket, values: buckets },
        { kind: "bars", title: "Failed sign-ins by reason", bars: Object.entries(topCounts(reasons, 12)).map(([label, value]) => ({ label, value })) },
        { kind: "bars", title: "Failed sign-ins by country", bars: Object.entries(topCounts(countries, 12)).map(([label, value]) => ({ label, value })) },
      ],
    };
};
