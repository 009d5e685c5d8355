// Reports on the large sandbox org (`--sandbox-size large`: 10,000 users, 100,000 System Log events) through a
// real MCP client over stdio: summaries stay compact (≤ 2,000 o200k tokens) and find what the seed planted.
// mfa_coverage reads 8,000+ factor lists, which the sandbox's one-minute rate-limit windows pace to minutes here:
// test/workflows/mfa-coverage-large.test.ts runs it in-process over short windows, and `npm run bench` measures it.
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LARGE_USERS, SPRAYING_IP } from "../../src/sandbox/seed/large.js";
import { type CliSession, ensureBuilt, startCli, text } from "../runtime/e2e-helpers.js";

type S = Record<string, any>;

describe("security_report on 10,000 users and 100,000 log events", () => {
  let session: CliSession;
  beforeAll(async () => {
    ensureBuilt();
    session = await startCli({ args: ["--sandbox", "--sandbox-size", "large", "--audit-log", "off"] });
  }, 120_000);
  afterAll(async () => session?.close());

  async function report(args: Record<string, unknown>): Promise<{ s: S; tokens: number }> {
    const result = await session.client.callTool({ name: "security_report", arguments: args }, { timeout: 300_000, resetTimeoutOnProgress: true, onprogress: () => {} } as never);
    expect(result.isError, text(result)).toBeFalsy();
    return { s: result.structuredContent as S, tokens: encode(text(result)).length };
  }

  it("stale_accounts, admin_roles and policy_posture stay compact", async () => {
    const stale = await report({ report: "stale_accounts", days: 90 });
    expect(stale.s.users).toBeGreaterThan(0.9 * LARGE_USERS);
    expect(stale.s.stale.total).toBeGreaterThan(500);
    expect(stale.s.longestWithoutSignIn).toHaveLength(10);
    const admins = await report({ report: "admin_roles" });
    expect(admins.s.direct).toBe(6);
    expect(admins.s.throughGroups).toBeGreaterThan(20);
    const posture = await report({ report: "policy_posture" });
    for (const { tokens } of [stale, admins, posture]) expect(tokens).toBeLessThanOrEqual(2_000);
  });

  it("auth_events finds the planted password spraying and brute force in 100,000 events", async () => {
    const { s, tokens } = await report({ report: "auth_events", hours: 24 * 7 });
    const spray = (s.suspected.passwordSpraying as S[]).find((x) => x.ip === SPRAYING_IP);
    expect(spray?.users).toBeGreaterThan(300);
    expect((s.suspected.bruteForce as S[]).filter((x) => x.failures >= 25)).toHaveLength(3);
    expect(s.topFailedIps[0].ip).toBe(SPRAYING_IP);
    expect(s.mfaDenials.total).toBeGreaterThan(100);
    expect(s.failuresOverTime).toMatchObject({ bucketMinutes: 360, counts: expect.any(Array) });
    expect(s.failuresOverTime.counts).toHaveLength(28);
    expect(tokens).toBeLessThanOrEqual(2_000);
  });
});
