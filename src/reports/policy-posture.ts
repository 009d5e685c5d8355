// Policy posture against a stated baseline: password rules, sign-on and app sign-on (MFA) rules, MFA enrollment,
// ThreatInsight and network blocklists. Every check says what was expected, what was found and where.
import { must } from "../runtime/okta-client.js";
import { eachPage } from "../runtime/paging.js";
import { type Baseline, DEFAULT_BASELINE, GET_THREAT_INSIGHT, LIST_ZONES } from "./catalog.js";
import { type Cell, field, type ReportFunction, str } from "./types.js";

const STRONG_AUTHENTICATORS = new Set(["okta_verify", "webauthn", "smart_card_idp", "yubikey_token", "google_otp"]);
const THREAT_RANK: Record<string, number> = { none: 0, audit: 1, block: 2 };

type Result = "pass" | "fail" | "unknown";
interface Check {
  area: string;
  check: string;
  where: string;
  expected: string;
  actual: string;
  result: Result;
}

export const policyPosture: ReportFunction = async (ctx) => {
    const baseline: Baseline = { ...DEFAULT_BASELINE, ...(ctx.options.baseline as Partial<Baseline> | undefined) };
    const checks: Check[] = [];
    const add = (area: string, check: string, where: string, expected: string, actual: unknown, ok: boolean | undefined) =>
      checks.push({ area, check, where, expected, actual: actual === undefined ? "not set" : String(actual), result: ok === undefined ? "unknown" : ok ? "pass" : "fail" });

    const policiesOf = async (type: "PASSWORD" | "OKTA_SIGN_ON" | "ACCESS_POLICY" | "MFA_ENROLL") => {
      const list: Record<string, unknown>[] = [];
      await eachPage((after) => ctx.client.GET("/api/v1/policies", { params: { query: { type, after } } }), (p) => void list.push(p as Record<string, unknown>));
      return list.filter((p) => p.status === "ACTIVE" && typeof p.id === "string");
    };
    const rulesOf = async (policyId: string) =>
      (must(await ctx.client.GET("/api/v1/policies/{policyId}/rules", { params: { path: { policyId } } })) as Record<string, unknown>[]).filter((r) => r.status === "ACTIVE");
    const name = (x: Record<string, unknown>) => str(x.name) ?? str(x.id) ?? "?";

    for (const policy of await policiesOf("PASSWORD")) {
      const where = `password policy "${name(policy)}"`;
      const p = (path: string) => field(policy, `settings.password.${path}`);
      const minLength = p("complexity.minLength");
      add("password", "minimum length", where, `≥ ${baseline.passwordMinLength}`, minLength, typeof minLength === "number" ? minLength >= baseline.passwordMinLength : undefined);
      const attempts = p("lockout.maxAttempts");
      add("password", "lockout after failed attempts", where, `1–${baseline.passwordMaxAttempts}`, attempts, typeof attempts === "number" ? attempts > 0 && attempts <= baseline.passwordMaxAttempts : undefined);
      const history = p("age.historyCount");
      add("password", "password history", where, `≥ ${baseline.passwordHistoryCount}`, history, typeof history === "number" ? history >= baseline.passwordHistoryCount : undefined);
      if (baseline.passwordExcludeUsername) add("password", "excludes the username", where, "true", p("complexity.excludeUsername"), p("complexity.excludeUsername") === true);
      if (baseline.passwordCommonDictionary) add("password", "rejects common passwords", where, "true", p("complexity.dictionary.common.exclude"), p("complexity.dictionary.common.exclude") === true);
    }
    await ctx.progress("Password policies checked");

    for (const policy of await policiesOf("OKTA_SIGN_ON")) {
      for (const rule of await rulesOf(String(policy.id))) {
        if (field(rule, "actions.signon.access") !== "ALLOW") continue;
        const where = `sign-on policy "${name(policy)}", rule "${name(rule)}"`;
        const requireFactor = field(rule, "actions.signon.requireFactor");
        const zone = field(rule, "conditions.network.connection");
        if (baseline.signOnRequiresMfa) add("sign-on", "requires MFA", where + (zone === "ZONE" ? " (network zone condition)" : ""), "true", requireFactor ?? false, requireFactor === true);
        const idle = field(rule, "actions.signon.session.maxSessionIdleMinutes");
        add("sign-on", "session idle timeout (minutes)", where, `≤ ${baseline.maxSessionIdleMinutes}`, idle, typeof idle === "number" ? idle > 0 && idle <= baseline.maxSessionIdleMinutes : undefined);
      }
    }
    for (const policy of await policiesOf("ACCESS_POLICY")) {
      for (const rule of await rulesOf(String(policy.id))) {
        if (!baseline.appSignOnRequires2fa || field(rule, "actions.appSignOn.access") !== "ALLOW") continue;
        const mode = field(rule, "actions.appSignOn.verificationMethod.factorMode");
        add("app sign-on", "requires two factors", `app sign-on policy "${name(policy)}", rule "${name(rule)}"`, "2FA", mode, mode === undefined ? undefined : mode === "2FA");
      }
    }
    await ctx.progress("Sign-on policies checked");

    if (baseline.mfaEnrollRequiresStrong) {
      const enrollment = await policiesOf("MFA_ENROLL");
      for (const policy of enrollment) {
        const authenticators = field(policy, "settings.authenticators");
        const required = Array.isArray(authenticators) ? authenticators.filter((a) => field(a, "enroll.self") === "REQUIRED").map((a) => String(field(a, "key"))) : [];
        add("MFA enrollment", "requires a strong authenticator", `MFA enrollment policy "${name(policy)}"`, `one of ${[...STRONG_AUTHENTICATORS].join(", ")}`, required.join(", ") || "none required", Array.isArray(authenticators) ? required.some((k) => STRONG_AUTHENTICATORS.has(k)) : undefined);
      }
      if (!enrollment.length) add("MFA enrollment", "an active enrollment policy", "org", "at least one", "none", false);
    }

    const notes: string[] = [];
    if (ctx.canCall(GET_THREAT_INSIGHT)) {
      const config = must(await ctx.client.GET("/api/v1/threats/configuration", {}));
      add("ThreatInsight", "action on suspicious IPs", "org", baseline.threatInsightAction, config.action, (THREAT_RANK[config.action] ?? -1) >= (THREAT_RANK[baseline.threatInsightAction] ?? 2));
    } else {
      add("ThreatInsight", "action on suspicious IPs", "org", baseline.threatInsightAction, `not read (needs ${ctx.scopesOf(GET_THREAT_INSIGHT).join(" ")})`, undefined);
    }
    if (baseline.blocklistZone) {
      if (ctx.canCall(LIST_ZONES)) {
        const zones: Record<string, unknown>[] = [];
        await eachPage((after) => ctx.client.GET("/api/v1/zones", { params: { query: { after } } }), (z) => void zones.push(z as Record<string, unknown>));
        const blocklists = zones.filter((z) => z.usage === "BLOCKLIST" && z.status === "ACTIVE").map(name);
        add("network zones", "an active blocklist zone", "org", "at least one", blocklists.join(", ") || "none", blocklists.length > 0);
      } else {
        add("network zones", "an active blocklist zone", "org", "at least one", `not read (needs ${ctx.scopesOf(LIST_ZONES).join(" ")})`, undefined);
      }
    }

    const count = (r: Result) => checks.filter((c) => c.result === r).length;
    const areas: Record<string, { pass: number; fail: number; unknown: number }> = {};
    for (const c of checks) (areas[c.area] ??= { pass: 0, fail: 0, unknown: 0 })[c.result]++;
    const rows: Cell[][] = checks.map((c) => [c.area, c.check, c.where, c.expected, c.actual, c.result]);
    return {
      headline: `${count("fail")} of ${checks.length} checks fail the baseline (${count("unknown")} could not be read).`,
      summary: {
        baseline,
        checks: checks.length,
        passed: count("pass"),
        failed: count("fail"),
        unknown: count("unknown"),
        byArea: areas,
        failing: checks.filter((c) => c.result !== "pass").slice(0, Math.max(ctx.top, 20)).map(({ area, check, where, expected, actual, result }) => ({ area, check, where, expected, actual, result })),
      },
      tables: [{ name: "checks", title: "Baseline checks", columns: ["area", "check", "where", "expected", "actual", "result"], rows }],
      charts: [{ kind: "bars", title: "Failing checks by area", bars: Object.entries(areas).map(([label, v]) => ({ label, value: v.fail })) }],
      notes,
    };
};
