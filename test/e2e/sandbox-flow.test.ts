// What a newcomer does first: `okta-mcp-server --sandbox`, driven over stdio by a real MCP client.
// A user's whole life (create → get → update → deactivate → delete), invalid arguments, and the sandbox banner.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startCli, text, type CliSession } from "../runtime/e2e-helpers.js";

type Structured = Record<string, any>;

describe("okta-mcp-server --sandbox over stdio", () => {
  let session: CliSession;

  beforeAll(async () => {
    ensureBuilt();
    session = await startCli({ args: ["--sandbox", "--audit-log", "-", "--confirm-with-token"] });
  });
  afterAll(async () => session?.close());

  /** Destructive tools without elicitation (--confirm-with-token): refused with a token, then run once with it (as the user confirmed). */
  async function confirmed(name: string, args: Record<string, unknown>): Promise<Structured> {
    const refused = await session.client.callTool({ name, arguments: args });
    expect(refused.isError, text(refused)).toBe(true);
    const token = (refused.structuredContent as Structured | undefined)?.error?.confirmationToken;
    expect(token, text(refused)).toBeTypeOf("string");
    const done = await session.client.callTool({ name, arguments: { ...args, confirmationToken: token } });
    expect(done.isError, text(done)).toBeFalsy();
    return (done.structuredContent ?? {}) as Structured;
  }

  it("announces the sandbox on stderr and grants every scope: the default toolsets list 60 to 80 tools", async () => {
    const { tools } = await session.client.listTools();
    expect(tools.length).toBeGreaterThan(60);
    expect(tools.length).toBeLessThanOrEqual(80);
    expect(session.stderr()).toMatch(/SANDBOX/);
  });

  it("lives in the present: failed sign-ins of the last 24 h and events of the last hour are there", async () => {
    const since = (ms: number) => new Date(Date.now() - ms).toISOString();
    const failures = await session.client.callTool({ name: "get_login_failures", arguments: { since: since(24 * 3600_000) } });
    expect(failures.isError, text(failures)).toBeFalsy();
    expect(((failures.structuredContent as Structured).items as Structured[]).length).toBeGreaterThan(0);
    const lastHour = await session.client.callTool({ name: "get_logs", arguments: { since: since(3600_000) } });
    expect(((lastHour.structuredContent as Structured).items as Structured[]).length).toBeGreaterThan(0);
  });

  it("creates, reads, updates, deactivates and deletes a user", async () => {
    const login = "newcomer.flow@example.com";
    const created = await session.client.callTool({
      name: "create_user",
      arguments: { activate: false, profile: { firstName: "New", lastName: "Comer", email: login, login } },
    });
    expect(created.isError, text(created)).toBeFalsy();
    const user = created.structuredContent as Structured;
    expect(user).toMatchObject({ status: "STAGED", profile: { login } });

    const fetched = await session.client.callTool({ name: "get_user", arguments: { id: login } });
    expect((fetched.structuredContent as Structured).id).toBe(user.id);

    const updated = await session.client.callTool({ name: "update_user", arguments: { id: user.id, profile: { title: "Analyst" } } });
    expect(updated.isError, text(updated)).toBeFalsy();
    expect((updated.structuredContent as Structured).profile).toMatchObject({ title: "Analyst", login });

    await confirmed("deactivate_user", { id: user.id });
    const afterDeactivate = await session.client.callTool({ name: "get_user", arguments: { id: user.id } });
    expect((afterDeactivate.structuredContent as Structured).status).toBe("DEPROVISIONED");

    await confirmed("delete_deactivated_user", { id: user.id });
    const gone = await session.client.callTool({ name: "get_user", arguments: { id: user.id } });
    expect(gone.isError).toBe(true);
    expect(text(gone)).toMatch(/E0000007/);

    // Every step is in the org's System Log.
    const logs = await session.client.callTool({ name: "get_logs", arguments: { filter: `target.id eq "${user.id}"`, limit: 50 } });
    const events = ((logs.structuredContent as Structured).items as Structured[]).map((e) => e.eventType);
    expect(events).toEqual(expect.arrayContaining(["user.lifecycle.create", "user.account.update_profile", "user.lifecycle.deactivate", "user.lifecycle.delete.initiated"]));
  });

  it("refuses invalid arguments with a message naming the argument, and sends nothing", async () => {
    const before = await session.client.callTool({ name: "get_logs", arguments: { limit: 1 } });
    const newest = ((before.structuredContent as Structured).items as Structured[])[0]?.uuid;

    const missing = await session.client.callTool({ name: "get_user", arguments: {} });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/ERR_INVALID_ARGUMENTS/);
    expect(text(missing)).toMatch(/\bid\b/);

    const wrongType = await session.client.callTool({ name: "create_user", arguments: { profile: "not an object" } });
    expect(wrongType.isError).toBe(true);
    expect(text(wrongType)).toMatch(/profile/);

    // A misspelt filter is refused, not dropped (dropping it would list every user as if they matched).
    const typo = await session.client.callTool({ name: "list_users", arguments: { serch: 'profile.login eq "x"' } });
    expect(typo.isError).toBe(true);
    expect(text(typo)).toMatch(/Unknown argument for list_users: "serch"\. Known: .*search/);

    const after = await session.client.callTool({ name: "get_logs", arguments: { limit: 1 } });
    expect(((after.structuredContent as Structured).items as Structured[])[0]?.uuid).toBe(newest);
  });

  it("pages through users with the cursor Okta's Link header carries", async () => {
    const seen = new Set<string>();
    let after: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await session.client.callTool({ name: "list_users", arguments: { limit: 7, ...(after ? { after } : {}) } });
      const body = result.structuredContent as Structured;
      for (const u of body.items as Structured[]) {
        expect(seen.has(u.id)).toBe(false);
        seen.add(u.id);
      }
      after = body.nextCursor;
      if (!after) break;
    }
    expect(after).toBeUndefined();
    expect(seen.size).toBeGreaterThan(14);
  });
});
