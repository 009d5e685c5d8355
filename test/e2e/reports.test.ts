// Security reports through a real MCP client over stdio, against a seeded sandbox org whose answers the test
// works out on its own (raw API reads and the seed's known facts), never from the report code.
import { mkdtempSync, readFileSync, chmodSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSession, ensureBuilt, type RecordedOrg, startCli, startRecordedOrg, text } from "../runtime/e2e-helpers.js";
import { STRONG_FACTORS } from "../../src/reports/mfa-coverage.js";

type S = Record<string, any>;
const DAY = 86_400_000;

let org: RecordedOrg;
let session: CliSession;
let reportDir: string;
const ALL = [
  "okta.users.read",
  "okta.users.manage",
  "okta.groups.read",
  "okta.roles.read",
  "okta.logs.read",
  "okta.policies.read",
  "okta.threatInsights.read",
  "okta.networkZones.read",
].join(" ");

/** Raw reads of the sandbox, beside the server: the test's own view of the org. */
async function raw(path: string): Promise<{ body: any; headers: Headers }> {
  const response = await org.org.fetch(path, { headers: { Authorization: `SSWS ${org.org.token}` } });
  return { body: await response.json(), headers: response.headers };
}
async function rawAll(path: string): Promise<any[]> {
  const all: any[] = [];
  let next: string | undefined = path;
  while (next) {
    const { body, headers } = await raw(next);
    all.push(...body);
    const link = /<([^>]+)>;\s*rel="next"/.exec(headers.get("link") ?? "")?.[1];
    next = link ? new URL(link).pathname + new URL(link).search : undefined;
  }
  return all;
}
async function orgNow(): Promise<number> {
  return Date.parse((await raw("/api/v1/users?limit=1")).headers.get("date")!);
}

async function report(args: Record<string, unknown>, s: CliSession = session): Promise<S> {
  const result = await s.client.callTool({ name: "security_report", arguments: args });
  expect(result.isError, text(result)).toBeFalsy();
  return result.structuredContent as S;
}

beforeAll(async () => {
  ensureBuilt();
  org = await startRecordedOrg();
  reportDir = mkdtempSync(join(tmpdir(), "okta-reports-"));
  chmodSync(reportDir, 0o700);
  session = await startCli({ args: ["--audit-log", "off", "--report-dir", reportDir], env: { OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.org.token, OKTA_SCOPES: ALL } });
});
afterAll(async () => {
  await session?.close();
  await org?.close();
});

describe("security_report", () => {
  it("is one read-only tool listing every report", async () => {
    const tool = (await session.client.listTools()).tools.find((t) => t.name === "security_report")!;
    expect((tool.inputSchema.properties as S).report.enum).toEqual(["mfa_coverage", "stale_accounts", "admin_roles", "auth_events", "policy_posture"]);
    expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("mfa_coverage: counts match the org's own factor lists; a new user without factors is listed", async () => {
    // A known fact: an ACTIVE user with a password and no factor.
    const login = "no.factor@example.com";
    await org.org.fetch("/api/v1/users?activate=true", {
      method: "POST",
      headers: { Authorization: `SSWS ${org.org.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ profile: { firstName: "No", lastName: "Factor", email: login, login }, credentials: { password: { value: "Sandbox-Passw0rd!" } } }),
    });
    const active = await rawAll(`/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}&limit=200`);
    let strong = 0;
    let weak = 0;
    let none = 0;
    for (const user of active) {
      const types = ((await raw(`/api/v1/users/${user.id}/factors`)).body as any[]).filter((f) => f.status === "ACTIVE").map((f) => f.factorType);
      if (types.some((t: string) => STRONG_FACTORS.has(t))) strong++;
      else if (types.length) weak++;
      else none++;
    }
    const s = await report({ report: "mfa_coverage", top: 50 });
    expect(s).toMatchObject({ activeUsers: active.length, withStrongFactor: strong, onlyWeakFactors: weak, noFactor: none });
    expect(none).toBeGreaterThanOrEqual(1);
    expect(s.withoutStrongFactor).toContainEqual({ login, lastLogin: null, factors: [] });
    expect(s.usersByFactorType.push).toBeGreaterThan(0);
    // One list page plus one factor list per ACTIVE user, nothing else.
    expect(s.cost.byOperation).toEqual({ "GET /api/v1/users": 1, "GET /api/v1/users/{userId}/factors": active.length });
    // The full rows are a resource, not the summary.
    const csv = await session.client.readResource({ uri: s.rows[0].resource });
    const lines = (csv.contents[0] as { text: string }).text.trim().split("\r\n");
    expect(lines[0]).toBe("id,login,lastLogin,activeFactorTypes,strongFactor");
    expect(lines).toHaveLength(active.length + 1);
    const listed = await session.client.listResources();
    expect(listed.resources.map((r) => r.uri)).toContain(s.rows[0].resource);
  });

  it("stale_accounts: ages follow the org's clock; counts match the user list", async () => {
    const users = await rawAll("/api/v1/users?limit=200");
    const now = await orgNow();
    const days = 7;
    const stale = users.filter((u) => u.lastLogin && (now - Date.parse(u.lastLogin)) / DAY > days);
    const never = users.filter((u) => !u.lastLogin);
    const s = await report({ report: "stale_accounts", days });
    expect(s.asOf).toBe(new Date(now).toISOString());
    expect(s.users).toBe(users.length);
    expect(s.stale.total).toBe(stale.length);
    expect(s.neverSignedIn.total).toBe(never.length);
    // Seeded facts: STAGED and PROVISIONED users have never signed in.
    expect(s.neverSignedIn.byStatus.STAGED).toBe(users.filter((u) => u.status === "STAGED").length);
    expect(s.neverSignedIn.byStatus.PROVISIONED).toBeGreaterThan(0);
    expect(stale.length).toBeGreaterThan(0);
    expect(s.longestWithoutSignIn[0].days).toBe(Math.max(...stale.map((u) => Math.floor((now - Date.parse(u.lastLogin)) / DAY))));
  });

  it("admin_roles: direct and group-held roles, the granting group named, flags", async () => {
    const s = await report({ report: "admin_roles", top: 50 });
    // Seeded: six admins with one direct role each; IT Admins holds READ_ONLY_ADMIN for its members.
    const members = await rawAll(`/api/v1/groups/${(await rawAll("/api/v1/groups?q=IT%20Admins"))[0].id}/users?limit=200`);
    expect(s.direct).toBe(6);
    expect(s.throughGroups).toBe(members.length);
    expect(s.byRole.SUPER_ADMIN).toBe(1);
    expect(s.groupsWithRoles).toEqual([{ group: "IT Admins", roles: ["READ_ONLY_ADMIN"] }]);
    expect(s.superAdmins).toHaveLength(1);
    expect(s.flagged.find((f: S) => s.superAdmins.includes(f.login)).why).toContain("super admin");
    const csv = (await session.client.readResource({ uri: s.rows[0].resource })).contents[0] as { text: string };
    expect(csv.text).toMatch(/READ_ONLY_ADMIN,Read Only Administrator,GROUP,IT Admins/);
  });

  it("auth_events: failures, lockouts and MFA denials over a window match the System Log", async () => {
    const until = new Date(await orgNow()).toISOString();
    const since = new Date(Date.parse(until) - 8 * DAY).toISOString();
    const events = await rawAll(`/api/v1/logs?since=${since}&until=${until}&limit=1000`);
    const signIns = events.filter((e) => e.eventType === "user.session.start");
    const failed = signIns.filter((e) => e.outcome.result === "FAILURE");
    const locks = events.filter((e) => e.eventType === "user.account.lock");
    const mfaFailed = events.filter((e) => e.eventType === "user.authentication.auth_via_mfa" && e.outcome.result === "FAILURE");
    const s = await report({ report: "auth_events", since, until });
    expect(s.signIns).toMatchObject({ failed: failed.length, succeeded: signIns.length - failed.length });
    expect(s.lockouts.total).toBe(locks.length);
    expect(s.mfaDenials.total).toBe(mfaFailed.length);
    expect(locks.length).toBe(2); // the two seeded LOCKED_OUT users
    expect(Object.values(s.failuresByReason).reduce((a: number, b) => a + (b as number), 0)).toBe(failed.length);
    expect((s.failuresOverTime.counts as number[]).reduce((a, b) => a + b, 0)).toBe(failed.length);
    expect(s.failuresOverTime.bucketMinutes).toBe(360);
  });

  it("policy_posture: the seeded policies against the default baseline and an overridden one", async () => {
    const s = await report({ report: "policy_posture" });
    const find = (check: string, where: RegExp) => (s.failing as S[]).find((c) => c.check === check && where.test(c.where));
    // Seeded facts: the default password policy allows 8 characters; the default sign-on rule and the default
    // app sign-on policy do not require MFA; ThreatInsight only logs.
    expect(find("minimum length", /"Default Policy"/)).toMatchObject({ expected: "≥ 12", actual: "8", result: "fail" });
    expect(find("minimum length", /Contractor/)).toBeUndefined();
    expect(find("requires MFA", /"Default Policy", rule "Default Rule"/)).toMatchObject({ result: "fail" });
    expect(find("requires two factors", /app sign-on policy "Default Policy"/)).toMatchObject({ actual: "1FA", result: "fail" });
    expect(find("action on suspicious IPs", /org/)).toMatchObject({ expected: "block", actual: "audit", result: "fail" });
    expect(s.byArea["network zones"]).toEqual({ pass: 1, fail: 0, unknown: 0 });
    expect(s.byArea["MFA enrollment"]).toEqual({ pass: 1, fail: 0, unknown: 0 });
    const relaxed = await report({ report: "policy_posture", baseline: { passwordMinLength: 8, threatInsightAction: "audit" } });
    expect(relaxed.byArea.password.fail).toBe(s.byArea.password.fail - 1);
    expect(relaxed.byArea.ThreatInsight).toEqual({ pass: 1, fail: 0, unknown: 0 });
  });

  it("writes an HTML page with inline SVG charts and a CSV only inside the report directory, never overwriting", async () => {
    const s = await report({ report: "auth_events", hours: 24 * 8, html: "auth.html", csv: "auth.csv" });
    expect(s.files).toEqual({ html: join(reportDir, "auth.html"), csv: join(reportDir, "auth.csv") });
    const html = readFileSync(join(reportDir, "auth.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("Failed sign-ins over time");
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
    expect(html).toContain("default-src 'none'");
    expect(readFileSync(join(reportDir, "auth.csv"), "utf8").split("\r\n")[0]).toBe("published,eventType,result,reason,user,ip,city,country");

    for (const [html, why] of [
      ["auth.html", /already exists/],
      ["../escape.html", /not a plain file name/],
      ["/tmp/x.html", /not a plain file name/],
      ["page.txt", /ending in \.html/],
    ] as const) {
      const result = await session.client.callTool({ name: "security_report", arguments: { report: "stale_accounts", html } });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(why);
    }
    expect(existsSync(join(reportDir, "..", "escape.html"))).toBe(false);
  });

  it("refuses bad arguments before reading anything", async () => {
    const before = org.requests.length;
    for (const [args, why] of [
      [{ report: "nope" }, /"report" must be one of/],
      [{ report: "stale_accounts", days: -1 }, /"days"/],
      [{ report: "policy_posture", baseline: { __proto__: 1, passwordMinLength: "12" } }, /baseline/],
      [{ report: "auth_events", since: "2026-06-10T00:00:00Z", until: "2026-06-01T00:00:00Z" }, /before/],
      [{ report: "mfa_coverage", extra: 1 }, /Unknown argument "extra"/],
    ] as const) {
      const result = await session.client.callTool({ name: "security_report", arguments: args as Record<string, unknown> });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(why);
    }
    expect(org.requests.length).toBe(before);
  });
});

describe("security_report with part of the scopes", () => {
  it("lists only the reports the scopes allow, and says what it could not read", async () => {
    const partial = await startCli({ args: ["--audit-log", "off"], env: { OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.org.token, OKTA_SCOPES: "okta.users.read okta.policies.read" } });
    const tool = (await partial.client.listTools()).tools.find((t) => t.name === "security_report")!;
    expect((tool.inputSchema.properties as S).report.enum).toEqual(["mfa_coverage", "stale_accounts", "policy_posture"]);
    const s = await report({ report: "policy_posture" }, partial);
    expect(s.byArea.ThreatInsight).toEqual({ pass: 0, fail: 0, unknown: 1 });
    expect((s.failing as S[]).find((c) => c.area === "ThreatInsight")?.actual).toContain("needs okta.threatInsights.read");
    const refused = await partial.client.callTool({ name: "security_report", arguments: { report: "admin_roles" } });
    expect(refused.isError).toBe(true);
    await partial.close();
  });
});
