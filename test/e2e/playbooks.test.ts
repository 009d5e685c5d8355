// Server-executed playbooks through a real MCP client over stdio on `okta-mcp-server --sandbox`: each playbook's plan,
// its confirmed run (state checked afterwards, events in the System Log, one audit record per step with the run id),
// a run that fails mid-way and its resume, elicitation, and scopes that compose.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeLoopbackPort } from "../../bench/lib/free-port.js";
import { decide, rawRequest } from "../runtime/approval-human.js";
import { type CliSession, ensureBuilt, type RecordedOrg, startCli, startRecordedOrg, text } from "../runtime/e2e-helpers.js";

type S = Record<string, any>;

const structured = (result: { structuredContent?: unknown }) => (result.structuredContent ?? {}) as S;

async function call(session: CliSession, name: string, args: Record<string, unknown>): Promise<{ isError?: boolean; s: S; text: string }> {
  const result = await session.client.callTool({ name, arguments: args });
  return { isError: result.isError as boolean | undefined, s: structured(result), text: text(result) };
}

/** ACTIVE users that are not seeded admins, in the sandbox's order. */
async function activeUsers(session: CliSession): Promise<{ id: string; login: string }[]> {
  const { s } = await call(session, "list_users", { search: 'status eq "ACTIVE" and profile.title ne "IT Administrator"', limit: 100, fields: ["id", "profile.login"] });
  return (s.items as S[]).map((u) => ({ id: u.id, login: u.profile.login }));
}

/** Runs a playbook the way a client without elicitation must: refused with a token, then run with it. */
async function confirmAndRun(session: CliSession, args: Record<string, unknown>) {
  const refused = await call(session, "run_playbook", { ...args, execute: true });
  expect(refused.isError, refused.text).toBe(true);
  expect(refused.s.error.code).toBe("ERR_CONFIRMATION_REQUIRED");
  const token = refused.s.error.confirmationToken as string;
  const done = await call(session, "run_playbook", { ...args, execute: true, confirmationToken: token });
  return { refused, done };
}

function auditLines(session: CliSession): S[] {
  return readFileSync(join(session.stateDir, "okta-mcp-server", "audit.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

describe("run_playbook on --sandbox, without elicitation", () => {
  let session: CliSession;
  let port: number;
  let users: { id: string; login: string }[];

  beforeAll(async () => {
    ensureBuilt();
    port = await freeLoopbackPort();
    // --toolsets all: the setup assigns roles directly (the role tools are outside the default toolsets).
    session = await startCli({ args: ["--sandbox", "--sandbox-port", String(port), "--confirm-with-token", "--toolsets", "all"] });
    users = await activeUsers(session);
    expect(users.length).toBeGreaterThan(8);
  });
  afterAll(async () => session?.close());

  it("is listed once, with every playbook in its enum", async () => {
    const { tools } = await session.client.listTools();
    const tool = tools.find((t) => t.name === "run_playbook")!;
    expect(tool).toBeDefined();
    expect((tool.inputSchema.properties as S).playbook.enum).toEqual(["contain_compromised_account", "offboard_user", "reset_after_identity_check"]);
    expect(tool.annotations?.destructiveHint).toBe(true);
  });

  it("contain: a call without execute returns the plan and changes nothing", async () => {
    const user = users[0];
    const factors = (await call(session, "list_user_factors", { userId: user.id })).s.items as S[];
    expect(factors.length).toBeGreaterThan(0);
    const { isError, s } = await call(session, "run_playbook", { playbook: "contain_compromised_account", user: user.login });
    expect(isError).toBeFalsy();
    expect(s).toMatchObject({ mode: "plan", playbook: "contain_compromised_account", user: { id: user.id, login: user.login, status: "ACTIVE" }, runId: expect.stringMatching(/^run_/) });
    const steps = s.steps as S[];
    expect(steps.map((st) => [st.tool, st.status])).toEqual([
      ["suspend_user", "will_run"],
      ["expire_user_password", "skip"],
      ["clear_user_sessions", "will_run"],
      ["reset_user_factors", "will_run"],
    ]);
    expect(steps[0]).toMatchObject({ target: `user ${user.login} (${user.id})`, scopes: ["okta.users.manage"] });
    expect(steps[1].reason).toMatch(/suspended/);
    expect(s.counts).toEqual({ will_run: 3, skip: 1, blocked: 0 });
    expect((await call(session, "get_user", { id: user.id })).s.status).toBe("ACTIVE");
  });

  it("contain: one confirmation for the whole plan, then every step runs; state and System Log show it", async () => {
    const user = users[1];
    const { refused, done } = await confirmAndRun(session, { playbook: "contain_compromised_account", user: user.login });
    // The human is shown every change with its exact request, once.
    expect(refused.text).toContain(`Suspend the user (blocks sign-in, keeps assignments): user ${user.login} (${user.id}) (suspend_user, POST http://127.0.0.1:${port}/api/v1/users/{id}/lifecycle/suspend)`);
    expect(refused.text).toMatch(/: 3 changes, in this order:\n1\. Suspend the user/);
    expect(refused.text).toMatch(/Not run: Expire the password/);
    expect(done.isError, done.text).toBeFalsy();
    const s = done.s;
    expect(s).toMatchObject({ mode: "execute", outcome: "completed", summary: "3 done, 0 failed, 0 not run, 1 skipped, 0 blocked", user: { statusBefore: "ACTIVE", statusAfter: "SUSPENDED" } });
    const ran = (s.steps as S[]).filter((st) => st.status === "done");
    expect(ran.map((st) => st.systemLog?.eventType)).toEqual(["user.lifecycle.suspend", "user.session.clear", "user.mfa.factor.reset_all"]);

    // Checked afterwards through ordinary tools.
    expect((await call(session, "get_user", { id: user.id })).s.status).toBe("SUSPENDED");
    expect((await call(session, "list_user_factors", { userId: user.id })).s.items).toEqual([]);
    const logs = (await call(session, "get_logs", { filter: `target.id eq "${user.id}"`, limit: 20, fields: ["eventType", "transaction"] })).s.items as S[];
    for (const step of ran) expect(logs.some((e) => e.transaction?.id === step.oktaRequestId)).toBe(true);

    // Planned again, what Okta shows as done is unnecessary; sign-out cannot be observed, so it would run again.
    const again = await call(session, "run_playbook", { playbook: "contain_compromised_account", user: user.id });
    expect((again.s.steps as S[]).map((st) => [st.tool, st.status, st.reason])).toEqual([
      ["suspend_user", "skip", "already SUSPENDED"],
      ["expire_user_password", "skip", "the user is SUSPENDED and cannot sign in"],
      ["clear_user_sessions", "will_run", undefined],
      ["reset_user_factors", "skip", "no factor is enrolled"],
    ]);
  });

  it("a token is bound to the plan: it does not run a different user's plan, and is single use", async () => {
    const [a, b] = [users[2], users[3]];
    const refused = await call(session, "run_playbook", { playbook: "contain_compromised_account", user: a.login, execute: true });
    const token = refused.s.error.confirmationToken;
    const other = await call(session, "run_playbook", { playbook: "contain_compromised_account", user: b.login, execute: true, confirmationToken: token });
    expect(other.s.error.code).toBe("ERR_CONFIRMATION_REQUIRED");
    expect((await call(session, "get_user", { id: b.id })).s.status).toBe("ACTIVE");
    // With a quarantine group the plan differs, so the token of the plan without it does not run it either.
    const groups = (await call(session, "list_groups", { q: "Contractors" })).s.items as S[];
    const withGroup = await call(session, "run_playbook", { playbook: "contain_compromised_account", user: a.login, execute: true, quarantineGroupId: groups[0].id, confirmationToken: token });
    expect(withGroup.s.error.code).toBe("ERR_CONFIRMATION_REQUIRED");
    expect((await call(session, "get_user", { id: a.id })).s.status).toBe("ACTIVE");
  });

  it("a run that fails mid-way stops, says what was done and not done, and resumes from the org's state", async () => {
    const user = users[4];
    const faults = await fetch(`http://127.0.0.1:${port}/__sandbox/faults`, {
      method: "POST",
      body: JSON.stringify([{ status: 500, count: 5, method: "DELETE", path: `/api/v1/users/${user.id}/sessions` }]),
    });
    expect(faults.status).toBe(204);
    const { done } = await confirmAndRun(session, { playbook: "contain_compromised_account", user: user.login });
    expect(done.isError).toBe(true);
    const s = done.s;
    expect(s.outcome).toBe("failed");
    expect((s.steps as S[]).map((st) => [st.tool, st.status])).toEqual([
      ["suspend_user", "done"],
      ["expire_user_password", "skipped"],
      ["clear_user_sessions", "failed"],
      ["reset_user_factors", "not_run"],
    ]);
    const failed = (s.steps as S[])[2];
    expect(failed.error).toMatchObject({ code: "ERR_OKTA_API", status: 500 });
    expect(s.error.message).toMatch(/^Stopped at step 3 \(End every Okta session/);
    expect(s.resume).toMatch(/call run_playbook again with the same arguments/);
    expect(s.summary).toBe("1 done, 1 failed, 1 not run, 1 skipped, 0 blocked");
    // Precisely what the org shows: suspended, factors untouched.
    expect((await call(session, "get_user", { id: user.id })).s.status).toBe("SUSPENDED");
    expect(((await call(session, "list_user_factors", { userId: user.id })).s.items as S[]).length).toBeGreaterThan(0);

    // Resume: the same arguments; what is done comes back as unnecessary, the rest runs.
    const plan = await call(session, "run_playbook", { playbook: "contain_compromised_account", user: user.login });
    expect((plan.s.steps as S[]).map((st) => st.status)).toEqual(["skip", "skip", "will_run", "will_run"]);
    const resumed = await confirmAndRun(session, { playbook: "contain_compromised_account", user: user.login });
    expect(resumed.done.s.outcome).toBe("completed");
    expect(((await call(session, "list_user_factors", { userId: user.id })).s.items as S[]).length).toBe(0);
  });

  it("offboard: removes roles, groups and direct app assignments, deactivates; what comes through a group is skipped", async () => {
    // A user with a direct app assignment (the sandbox assigns Expense Tracker directly to managers).
    const app = ((await call(session, "list_applications", { q: "Expense" })).s.items as S[])[0];
    const direct = ((await call(session, "list_application_users", { appId: app.id, limit: 100 })).s.items as S[]).filter((u) => u.scope === "USER" && u.status !== "DEPROVISIONED");
    const target = direct.find((u) => users.some((x) => x.id === u.id))!;
    expect(target).toBeDefined();
    // Assigning an admin role raises privilege: confirmed with its token, as the user would.
    const assign = await call(session, "assign_role_to_user", { userId: target.id, type: "HELP_DESK_ADMIN" });
    const assigned = await call(session, "assign_role_to_user", { userId: target.id, type: "HELP_DESK_ADMIN", confirmationToken: assign.s.error?.confirmationToken });
    expect(assigned.isError, assigned.text).toBeFalsy();
    const groupsBefore = ((await call(session, "list_user_groups", { id: target.id })).s.items as S[]).filter((g) => g.type === "OKTA_GROUP");
    expect(groupsBefore.length).toBeGreaterThan(0);

    const plan = (await call(session, "run_playbook", { playbook: "offboard_user", user: target.id })).s;
    const tools = (plan.steps as S[]).map((st) => st.tool);
    expect(tools[0]).toBe("clear_user_sessions");
    expect(tools).toContain("revoke_user_grants");
    expect(tools).toContain("unassign_role_from_user");
    expect(tools.filter((t) => t === "remove_user_from_group")).toHaveLength(groupsBefore.length + 1); // + Everyone (skipped)
    expect((plan.steps as S[]).find((st) => st.target.includes("Everyone"))).toMatchObject({ status: "skip" });
    expect((plan.steps as S[]).find((st) => st.tool === "remove_user_from_application" && st.target.includes(app.id))).toMatchObject({ status: "will_run" });
    expect(tools[tools.length - 1]).toBe("deactivate_user");

    const { done } = await confirmAndRun(session, { playbook: "offboard_user", user: target.id });
    expect(done.isError, done.text).toBeFalsy();
    expect(done.s.user.statusAfter).toBe("DEPROVISIONED");
    expect(((await call(session, "list_user_groups", { id: target.id })).s.items as S[]).filter((g) => g.type === "OKTA_GROUP")).toEqual([]);
    expect(await call(session, "get_application_user", { appId: app.id, userId: target.id })).toMatchObject({ isError: true });
    const events = (done.s.steps as S[]).filter((st) => st.status === "done").map((st) => st.systemLog?.eventType);
    expect(events).toEqual(expect.arrayContaining(["user.session.clear", "app.oauth2.as.consent.revoke", "user.account.privilege.revoke", "group.user_membership.remove", "application.user_membership.remove", "user.lifecycle.deactivate"]));
    expect(events.every((e) => typeof e === "string")).toBe(true);
  });

  it("reset after an identity check: needs the verification, unlocks, resets factors, emails a reset link", async () => {
    const locked = ((await call(session, "list_users", { search: 'status eq "LOCKED_OUT"', limit: 5 })).s.items as S[])[0];
    const missing = await call(session, "run_playbook", { playbook: "reset_after_identity_check", user: locked.id });
    expect(missing.s.error.code).toBe("ERR_INVALID_ARGUMENTS");
    expect(missing.text).toContain('needs "verification"');
    const args = { playbook: "reset_after_identity_check", user: locked.id, verification: "ticket HD-4711: call-back on the HR phone number" };
    const plan = (await call(session, "run_playbook", args)).s;
    expect((plan.steps as S[]).map((st) => [st.tool, st.status])).toEqual([
      ["unsuspend_user", "skip"],
      ["unlock_user", "will_run"],
      ["reset_user_factors", expect.any(String)],
      ["clear_user_sessions", "will_run"],
      ["reset_user_password", "will_run"],
    ]);
    const { refused, done } = await confirmAndRun(session, args);
    expect(refused.text).toContain("ticket HD-4711");
    expect(done.s.outcome, done.text).toBe("completed");
    expect(done.s.user.statusAfter).toBe("RECOVERY");
    expect(done.text).not.toMatch(/reset_password\/|resetPasswordUrl/);
  });

  it("audits every step with the run id and Okta's request id, and the run call itself", async () => {
    const lines = auditLines(session);
    const runs = lines.filter((l) => l.tool === "run_playbook" && l.decision === "allowed" && l.runId);
    expect(runs.length).toBeGreaterThan(3);
    const completed = lines.filter((l) => l.runId && l.tool === "suspend_user" && l.phase === "outcome");
    expect(completed.length).toBeGreaterThanOrEqual(2);
    for (const record of completed) {
      expect(record).toMatchObject({ decision: "allowed", status: 200, step: "suspend", oktaRequestId: expect.stringMatching(/^sbx/) });
      expect(runs.some((r) => r.runId === record.runId)).toBe(true);
      // Two-phase: the intent (with the approval) was written before the request, under the same callId.
      expect(lines.find((l) => l.phase === "intent" && l.callId === record.callId)).toMatchObject({ runId: record.runId, confirmation: { via: "token", outcome: "approved" } });
    }
    // The failed step is recorded with its status.
    expect(lines.some((l) => l.tool === "clear_user_sessions" && l.runId && l.phase === "outcome" && l.status === 500)).toBe(true);
  });
});

describe("run_playbook through the approval page (a client without elicitation, the default)", () => {
  it("opens one page listing every change; approving runs them all, and each intent record names the page", async () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), "okta-mcp-browser-"));
    const opened = join(dir, "opened.txt");
    const browser = join(dir, "open-url");
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
    chmodSync(browser, 0o700);
    const urls = () => (existsSync(opened) ? readFileSync(opened, "utf8").split("\n").filter(Boolean) : []);
    const session = await startCli({ args: ["--sandbox"], env: { OKTA_MCP_BROWSER: browser } });
    const user = (await activeUsers(session))[6];
    const call = session.client.callTool({ name: "run_playbook", arguments: { playbook: "contain_compromised_account", user: user.id, execute: true } });
    let settled = false;
    void call.finally(() => (settled = true)).catch(() => {});
    for (let i = 0; i < 500 && urls().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const page = await rawRequest(urls()[0]);
    expect(page.body).toContain("Changes, in this order");
    expect(page.body).toContain(`Suspend the user (blocks sign-in, keeps assignments): user ${user.login} (${user.id})`);
    expect(page.body).toContain("Reset all MFA factors");
    // Nothing runs before the human answers.
    expect(settled).toBe(false);
    expect((await session.client.callTool({ name: "get_user", arguments: { id: user.id } })).structuredContent).toMatchObject({ status: "ACTIVE" });
    expect((await decide(urls()[0], "approve")).status).toBe(200);
    const result = await call;
    expect(structured(result).outcome, text(result)).toBe("completed");
    expect(urls()).toHaveLength(1);
    await session.close();
    const lines = auditLines(session).filter((l) => l.runId === structured(result).runId);
    const intents = lines.filter((l) => l.phase === "intent");
    expect(intents.map((l) => l.tool)).toEqual(["suspend_user", "clear_user_sessions", "reset_user_factors"]);
    for (const intent of intents) {
      expect(intent.confirmation).toEqual({ via: "approval-page", outcome: "approved" });
      expect(lines.find((l) => l.phase === "outcome" && l.callId === intent.callId)).toMatchObject({ decision: "allowed", status: expect.any(Number), oktaRequestId: expect.stringMatching(/^sbx/) });
    }
  });
});

describe("run_playbook with elicitation", () => {
  it("asks once through the client, then runs; a decline changes nothing", async () => {
    ensureBuilt();
    const session = await startCli({ args: ["--sandbox", "--audit-log", "off"], elicitation: true });
    const messages: string[] = [];
    let answer: "accept" | "decline" = "decline";
    session.client.setRequestHandler("elicitation/create", async (request) => {
      messages.push((request.params as { message: string }).message);
      return answer === "accept" ? { action: "accept", content: { confirm: true } } : { action: "decline" };
    });
    const user = (await activeUsers(session))[5];
    const declined = await call(session, "run_playbook", { playbook: "contain_compromised_account", user: user.id, execute: true });
    expect(declined.s.error.code).toBe("ERR_CONFIRMATION_DECLINED");
    expect((await call(session, "get_user", { id: user.id })).s.status).toBe("ACTIVE");
    answer = "accept";
    const progress: string[] = [];
    const result = await session.client.callTool(
      { name: "run_playbook", arguments: { playbook: "contain_compromised_account", user: user.id, execute: true } },
      { onprogress: (p: { message?: string }) => progress.push(String(p.message)) } as never,
    );
    expect(structured(result).outcome, text(result)).toBe("completed");
    expect(messages).toHaveLength(2);
    expect(messages[1]).toContain("3 changes, in this order");
    expect(progress.slice(0, 3)).toEqual(["Step 1/3: Suspend the user (blocks sign-in, keeps assignments)", expect.stringMatching(/^Step 2\/3/), expect.stringMatching(/^Step 3\/3/)]);
    await session.close();
  });
});

describe("run_playbook with part of the scopes granted", () => {
  let org: RecordedOrg;
  beforeAll(async () => {
    ensureBuilt();
    org = await startRecordedOrg();
  });
  afterAll(async () => org?.close());

  const start = (scopes: string) => startCli({ args: ["--audit-log", "off", "--confirm-with-token"], env: { OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.org.token, OKTA_SCOPES: scopes } });

  it("lists only the playbooks that can change something, and the plan says which steps cannot run and why", async () => {
    const session = await start("okta.users.read okta.users.manage okta.groups.read");
    const tool = (await session.client.listTools()).tools.find((t) => t.name === "run_playbook")!;
    expect((tool.inputSchema.properties as S).playbook.enum).toEqual(["contain_compromised_account", "offboard_user", "reset_after_identity_check"]);
    const user = (await activeUsers(session))[0];
    const group = ((await call(session, "list_groups", { q: "Contractors" })).s.items as S[])[0];
    const plan = (await call(session, "run_playbook", { playbook: "contain_compromised_account", user: user.id, quarantineGroupId: group.id })).s;
    const quarantine = (plan.steps as S[]).find((st) => st.tool === "add_user_to_group")!;
    expect(quarantine).toMatchObject({ status: "blocked", reason: "needs okta.groups.manage, which is not granted", scopes: ["okta.groups.manage"] });

    const offboard = (await call(session, "run_playbook", { playbook: "offboard_user", user: user.id })).s;
    expect((offboard.steps as S[]).find((st) => st.tool === "unassign_role_from_user")).toMatchObject({ status: "blocked", reason: "cannot list the admin roles without okta.roles.read" });
    expect((offboard.steps as S[]).find((st) => st.tool === "remove_user_from_application")).toMatchObject({ status: "blocked" });

    // The confirmation covers only what will run, and the run does exactly that.
    const refused = await call(session, "run_playbook", { playbook: "contain_compromised_account", user: user.id, quarantineGroupId: group.id, execute: true });
    expect(refused.text).toContain("3 changes, in this order");
    expect(refused.text).toMatch(/Not run: .*Add the user to the quarantine group \(blocked: needs okta.groups.manage/);
    const before = org.requests.length;
    const done = await call(session, "run_playbook", { playbook: "contain_compromised_account", user: user.id, quarantineGroupId: group.id, execute: true, confirmationToken: refused.s.error.confirmationToken });
    expect(done.s.outcome).toBe("completed");
    expect((done.s.steps as S[]).find((st) => st.tool === "add_user_to_group")).toMatchObject({ status: "blocked" });
    const sent = org.requests.slice(before).map((r) => `${r.method} ${r.path.split("?")[0]}`);
    expect(sent.filter((r) => r.startsWith("PUT /api/v1/groups"))).toEqual([]);
    // Without okta.logs.read the result says the System Log was not checked.
    expect(done.s.systemLogNote).toContain("okta.logs.read is not granted");
    await session.close();
  });

  it("with read scopes only, run_playbook is not listed and a call is refused", async () => {
    const session = await start("okta.users.read okta.logs.read");
    expect((await session.client.listTools()).tools.map((t) => t.name)).not.toContain("run_playbook");
    const result = await call(session, "run_playbook", { playbook: "offboard_user", user: "x" });
    expect(result.s.error.code).toBe("ERR_TOOL_NOT_EXPOSED");
    await session.close();
  });
});

describe("discover mode", () => {
  it("lists the playbooks and reports beside the meta-tools, and runs them by name", async () => {
    ensureBuilt();
    const session = await startCli({ args: ["--sandbox", "--catalog", "all", "--tool-mode", "discover", "--audit-log", "off"] });
    try {
      const names = (await session.client.listTools()).tools.map((t) => t.name).sort();
      expect(names).toEqual(["call_operation", "describe_operation", "get_auth_status", "run_playbook", "search_operations", "security_report"]);
      // list_users is not a direct tool in discover mode: the user is found through call_operation.
      const found = await call(session, "call_operation", { tool: "list_users", arguments: { search: 'status eq "ACTIVE"', limit: 1 } });
      const login = (found.s.items as S[])[0].profile.login as string;
      const plan = await call(session, "run_playbook", { playbook: "offboard_user", user: login });
      expect(plan.isError, plan.text).toBeFalsy();
      expect(plan.s).toMatchObject({ mode: "plan", playbook: "offboard_user", user: { login } });
    } finally {
      await session.close();
    }
  });
});
