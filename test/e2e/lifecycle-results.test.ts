// Lifecycle calls answer `{}` in Okta; through this server they answer with the object's resulting state
// (allowlist `readBack`), plus the one-time link when Okta returns one. Driven over stdio on --sandbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startCli, text, type CliSession } from "../runtime/e2e-helpers.js";

type Structured = Record<string, any>;

describe("lifecycle results carry the resulting state", () => {
  let session: CliSession;
  beforeAll(async () => {
    ensureBuilt();
    // The human confirms destructive steps in the client (elicitation), as in Claude Code or VS Code.
    session = await startCli({ args: ["--sandbox", "--audit-log", "-"], elicitation: true });
    session.client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { confirm: true } }));
  });
  afterAll(async () => session?.close());

  async function call(name: string, args: Record<string, unknown>): Promise<Structured> {
    const result = await session.client.callTool({ name, arguments: args });
    expect(result.isError, text(result)).toBeFalsy();
    return result.structuredContent as Structured;
  }

  it("activate → suspend → unsuspend → reset password, each answering with the user's new status", async () => {
    const login = "lifecycle.results@example.com";
    const created = await call("create_user", { activate: false, profile: { firstName: "Life", lastName: "Cycle", email: login, login } });
    expect(created.status).toBe("STAGED");

    const activated = await call("activate_user", { id: created.id, sendEmail: false });
    expect(activated.activationUrl).toMatch(/^https?:\/\/.+\/welcome\//);
    expect(activated.user).toMatchObject({ id: created.id, status: "PROVISIONED", profile: { login } });

    // A user with a password: ACTIVE, so it can be suspended.
    const active = await call("create_user", {
      activate: true,
      profile: { firstName: "Act", lastName: "Ive", email: "act.ive@example.com", login: "act.ive@example.com" },
      credentials: { password: { value: "Correct-Horse-42!" } },
    });
    expect(active.status).toBe("ACTIVE");
    expect(await call("suspend_user", { id: active.id })).toEqual({ user: expect.objectContaining({ id: active.id, status: "SUSPENDED" }) });
    expect((await call("unsuspend_user", { id: active.id })).user.status).toBe("ACTIVE");

    const reset = await call("reset_user_password", { id: active.id, sendEmail: false });
    expect(reset.resetPasswordUrl).toMatch(/reset_password/);
    expect(reset.user.status).toBe("RECOVERY");

    // What the result says is what Okta now holds.
    expect((await call("get_user", { id: active.id })).status).toBe("RECOVERY");
  });

  it("audits the read that followed each change, and never the one-time links", async () => {
    const records = session
      .stderr()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Structured);
    const suspend = records.find((r) => r.tool === "suspend_user" && r.status === 200);
    expect(suspend?.readBack).toMatchObject({ path: "/api/v1/users/{id}", status: 200, oktaRequestId: expect.any(String) });
    expect(suspend?.readBack.oktaRequestId).not.toBe(suspend?.oktaRequestId);
    expect(session.stderr()).not.toMatch(/welcome\/|reset_password\//);
  });
});
