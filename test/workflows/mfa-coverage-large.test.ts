// mfa_coverage on the large org (10,000 users): one factor list per ACTIVE user, paced under the rate limits the
// org enforces (429 past them; windows shortened so the test does not wait minutes), and a compact summary.
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { createSandboxOrg } from "../../src/sandbox/index.js";
import { LARGE_USERS } from "../../src/sandbox/seed/large.js";
import { workflows } from "../../src/workflows.js";
import { connect, text } from "../runtime/harness.js";

it("covers every ACTIVE user of 10,000 with no 429 and a summary under 2,000 tokens", async () => {
  const org = createSandboxOrg({ size: "large", token: "test-token", rateLimits: { enforce: true, windowMs: 200 } });
  const h = await connect({ catalog, scopes: ["okta.users.read"], deps: { workflows, fetch: org.fetch, loadValidators: async () => ({}) } });
  try {
    const result = await h.client.callTool({ name: "security_report", arguments: { report: "mfa_coverage" } }, { timeout: 600_000 } as never);
    expect(result.isError, text(result)).toBeFalsy();
    const s = result.structuredContent as Record<string, any>;
    expect(s.activeUsers).toBeGreaterThan(0.75 * LARGE_USERS);
    expect(s.withStrongFactor + s.onlyWeakFactors + s.noFactor).toBe(s.activeUsers);
    expect(s.noFactor).toBeGreaterThan(100);
    expect(s.onlyWeakFactors).toBeGreaterThan(100);
    expect(s.cost.byOperation["GET /api/v1/users/{userId}/factors"]).toBe(s.activeUsers);
    const stats = (await (await org.fetch("/__sandbox/stats", { method: "POST" })).json()) as { requests: number; rateLimited: number };
    expect(stats.rateLimited).toBe(0);
    expect(stats.requests).toBe(s.cost.requests);
    expect(encode(text(result)).length).toBeLessThanOrEqual(2_000);
  } finally {
    await h.close();
  }
}, 600_000);
