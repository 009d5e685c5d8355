// MFA coverage: which ACTIVE users have no strong factor (Okta Verify, FastPass, WebAuthn/FIDO, TOTP, hardware
// tokens), which have only weak ones (SMS, voice, email, security question), and how many use each factor type.
// Okta has no bulk factor API: one factor list per ACTIVE user, paced to the rate limits.
import { must } from "../runtime/okta-client.js";
import { eachPage } from "../runtime/paging.js";
import { bump, type Cell, type ReportFunction, str, topCounts } from "./types.js";

/** Possession- or phishing-resistant factors; the rest (sms, call, email, question) are weak. */
export const STRONG_FACTORS = new Set(["push", "signed_nonce", "webauthn", "u2f", "token:software:totp", "token:hardware", "token:hotp", "token"]);

interface UserRow {
  id: string;
  login: string;
  lastLogin: string | null;
  types: string[];
}

export const mfaCoverage: ReportFunction = async (ctx) => {
    const users: UserRow[] = [];
    await eachPage(
      (after) => ctx.client.GET("/api/v1/users", { params: { query: { filter: 'status eq "ACTIVE"', limit: 200, after } } }),
      (user) => {
        if (typeof user.id === "string") users.push({ id: user.id, login: str(user.profile?.login) ?? user.id, lastLogin: str(user.lastLogin) ?? null, types: [] });
      },
      { onPage: (n) => ctx.progress(`Listed ${n} ACTIVE users`) },
    );
    await ctx.parallel(
      users,
      async (user) => {
        const factors = must(await ctx.client.GET("/api/v1/users/{userId}/factors", { params: { path: { userId: user.id } } }));
        user.types = [...new Set(factors.filter((f) => f.status === "ACTIVE").map((f) => String(f.factorType)))].sort();
      },
      (done) => (done % 250 === 0 || done === users.length ? ctx.progress(`Read the factors of ${done} of ${users.length} users`, done, users.length) : undefined),
    );

    const byType = new Map<string, number>();
    let strong = 0;
    let weakOnly = 0;
    let none = 0;
    const exposed: UserRow[] = [];
    for (const user of users) {
      for (const type of user.types) bump(byType, type);
      if (user.types.some((t) => STRONG_FACTORS.has(t))) strong++;
      else {
        if (user.types.length) weakOnly++;
        else none++;
        exposed.push(user);
      }
    }
    // Most recently active first: an account in use without a strong factor is the larger exposure.
    exposed.sort((a, b) => (b.lastLogin ?? "").localeCompare(a.lastLogin ?? ""));
    const pct = users.length ? Math.round((strong / users.length) * 1000) / 10 : 100;
    const rows: Cell[][] = users.map((u) => [u.id, u.login, u.lastLogin, u.types.join(" "), u.types.some((t) => STRONG_FACTORS.has(t))]);
    return {
      headline: `${strong} of ${users.length} ACTIVE users (${pct}%) have a strong factor; ${weakOnly} have only weak factors and ${none} have none.`,
      summary: {
        activeUsers: users.length,
        withStrongFactor: strong,
        onlyWeakFactors: weakOnly,
        noFactor: none,
        strongCoveragePct: pct,
        usersByFactorType: topCounts(byType, 20),
        withoutStrongFactor: exposed.slice(0, ctx.top).map((u) => ({ login: u.login, lastLogin: u.lastLogin, factors: u.types })),
      },
      tables: [{ name: "users", title: "ACTIVE users and their active factors", columns: ["id", "login", "lastLogin", "activeFactorTypes", "strongFactor"], rows }],
      charts: [
        { kind: "bars", title: "ACTIVE users by strongest factor", bars: [{ label: "strong factor", value: strong }, { label: "weak factors only", value: weakOnly }, { label: "no factor", value: none }] },
        { kind: "bars", title: "Users per factor type", bars: [...byType].sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label, value })) },
      ],
    };
};
