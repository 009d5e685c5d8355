// Stale accounts: users who have not signed in for N days, or never, by status. One pass over the user list
// (DEPROVISIONED users are left out, as Okta's list leaves them out).
import { eachPage } from "../runtime/paging.js";
import { bump, type Cell, DAY_MS, type ReportFunction, str } from "./types.js";

const AGE_BUCKETS: [string, number][] = [
  ["≤ 7 days", 7],
  ["8–30 days", 30],
  ["31–90 days", 90],
  ["91–180 days", 180],
  ["181–365 days", 365],
  ["> 365 days", Infinity],
];

export const staleAccounts: ReportFunction = async (ctx) => {
    const days = typeof ctx.options.days === "number" ? ctx.options.days : 90;
    const rows: Cell[][] = [];
    const byStatus = new Map<string, number>();
    const staleByStatus = new Map<string, number>();
    const neverByStatus = new Map<string, number>();
    const ages = new Map<string, number>(AGE_BUCKETS.map(([label]) => [label, 0]));
    let never = 0;
    const stale: { login: string; status: string; lastLogin: string; days: number }[] = [];
    const neverActive: { login: string; created: string | null; days: number }[] = [];
    const seen: { login: string; status: string; created: string | null; lastLogin: string | null }[] = [];
    await eachPage(
      (after) => ctx.client.GET("/api/v1/users", { params: { query: { limit: 200, after } } }),
      (user) => {
        if (typeof user.id !== "string") return;
        const login = str(user.profile?.login) ?? user.id;
        seen.push({ login, status: String(user.status), created: str(user.created) ?? null, lastLogin: str(user.lastLogin) ?? null });
        rows.push([user.id, login, String(user.status), str(user.created) ?? null, str(user.lastLogin) ?? null]);
      },
      { onPage: (n) => ctx.progress(`Read ${n} users`) },
    );
    // Ages are measured against the org's clock, once every answer is in.
    const asOf = ctx.asOf();
    const ageOf = (iso: string | null) => (iso ? Math.floor((asOf - Date.parse(iso)) / DAY_MS) : undefined);
    seen.forEach((user, i) => {
      bump(byStatus, user.status);
      const age = ageOf(user.lastLogin);
      rows[i].push(age ?? null, age === undefined ? "never" : asOf - Date.parse(user.lastLogin!) > days * DAY_MS ? "stale" : "recent");
      if (age === undefined) {
        never++;
        bump(neverByStatus, user.status);
        if (user.status === "ACTIVE") neverActive.push({ login: user.login, created: user.created, days: ageOf(user.created) ?? 0 });
        return;
      }
      const bucket = AGE_BUCKETS.find(([, max]) => age <= max)![0];
      bump(ages, bucket);
      // Stale: no sign-in for more than `days` whole days (measured exactly, shown in whole days).
      if (asOf - Date.parse(user.lastLogin!) > days * DAY_MS) {
        bump(staleByStatus, user.status);
        stale.push({ login: user.login, status: user.status, lastLogin: user.lastLogin!, days: age });
      }
    });
    stale.sort((a, b) => b.days - a.days);
    neverActive.sort((a, b) => b.days - a.days);
    const counts = (m: Map<string, number>) => Object.fromEntries([...m].sort((a, b) => b[1] - a[1]));
    return {
      headline: `${stale.length} of ${seen.length} users have not signed in for more than ${days} days and ${never} never have.`,
      summary: {
        asOf: new Date(asOf).toISOString(),
        thresholdDays: days,
        users: seen.length,
        byStatus: counts(byStatus),
        stale: { total: stale.length, byStatus: counts(staleByStatus) },
        neverSignedIn: { total: never, byStatus: counts(neverByStatus) },
        longestWithoutSignIn: stale.slice(0, ctx.top),
        activeNeverSignedIn: neverActive.slice(0, ctx.top),
      },
      tables: [{ name: "users", title: "Users and their last sign-in", columns: ["id", "login", "status", "created", "lastLogin", "daysSinceLogin", "category"], rows }],
      charts: [
        { kind: "bars", title: "Time since last sign-in", bars: [...[...ages].map(([label, value]) => ({ label, value })), { label: "never", value: never }] },
        { kind: "bars", title: `Stale (> ${days} days) or never signed in, by status`, bars: [...byStatus.keys()].map((status) => ({ label: status, value: (staleByStatus.get(status) ?? 0) + (neverByStatus.get(status) ?? 0) })) },
      ],
    };
};
