import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createConfirmationTokens } from "../../src/runtime/confirm.js";
import * as discovery from "../../src/runtime/discovery.js";
import { csrfOf, decide, nthPage, rawRequest } from "./approval-human.js";
import { connect, mswServer, ORG, text } from "./harness.js";

// Okta is mocked; the approval pages on loopback are real and reached directly.
beforeAll(() =>
  mswServer.listen({
    onUnhandledRequest(request, print) {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  }),
);
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

function deactivateHandler(seen: string[]) {
  return http.post(`${ORG}/api/v1/users/:id/lifecycle/deactivate`, ({ request }) => {
    seen.push(new URL(request.url).pathname);
    return new HttpResponse(null, { status: 200 });
  });
}

function userWithStatus(status: string | null) {
  return http.get(`${ORG}/api/v1/users/:id`, ({ params }) =>
    status === null ? HttpResponse.json({ errorCode: "E0000007", errorSummary: "Not found" }, { status: 404 }) : HttpResponse.json({ id: params.id, status }),
  );
}

describe("with elicitation", () => {
  it("asks the human with the exact request, why, and how to undo it (from the allowlist), then runs on accept", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect({ elicitation: true });
    const asked: { message: string; requestedSchema: unknown }[] = [];
    h.client.setRequestHandler("elicitation/create", async (request) => {
      asked.push(request.params as never);
      return { action: "accept", content: { confirm: true } };
    });
    const result = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1", sendEmail: false } });
    expect(result.isError).toBeFalsy();
    expect(seen).toEqual(["/api/v1/users/00u1/lifecycle/deactivate"]);
    expect(asked[0].message).toContain(`POST ${ORG}/api/v1/users/00u1/lifecycle/deactivate?sendEmail=false`);
    expect(asked[0].message).toContain("It can be undone with activate_user. App data deprovisioned meanwhile does not come back.");
    expect(asked[0].message).not.toContain("cannot be undone");
    expect(asked[0].requestedSchema).toMatchObject({ properties: { confirm: { type: "boolean" } } });
    expect(h.audit.records.map((r) => r.phase)).toEqual(["intent", "outcome"]);
    expect(h.audit.records[0]).toMatchObject({ confirmation: { via: "elicitation", outcome: "approved" }, request: { query: { sendEmail: false } } });
    expect(h.audit.records[1]).toMatchObject({ callId: h.audit.records[0].callId, decision: "allowed", status: 200 });
    await h.close();
  });

  const answers = [{ action: "decline" }, { action: "cancel" }, { action: "accept", content: { confirm: false } }, { action: "accept" }, { action: "accept", content: { confirm: "true" } }];
  for (const answer of answers) {
    it(`changes nothing on ${JSON.stringify(answer)}`, async () => {
      const seen: string[] = [];
      mswServer.use(deactivateHandler(seen));
      const h = await connect({ elicitation: true });
      h.client.setRequestHandler("elicitation/create", async () => answer as never);
      const result = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
      expect(result.isError).toBe(true);
      expect(text(result)).toContain("ERR_CONFIRMATION_DECLINED");
      expect(seen).toEqual([]);
      expect(h.auth.authorizeCalls).toEqual([]);
      expect(h.audit.records).toMatchObject([{ phase: "call", decision: "declined", confirmation: { via: "elicitation" } }]);
      // A malformed answer (which the SDK may already reject) counts as a no, like an explicit one.
      expect(["denied", "failed"]).toContain(h.audit.records[0].confirmation?.outcome);
      await h.close();
    });
  }

  it("confirms a plain write only when it sets the arguments the allowlist names (`when`), showing every key sent, secrets redacted", async () => {
    const bodies: unknown[] = [];
    mswServer.use(http.post(`${ORG}/api/v1/users`, async ({ request }) => (bodies.push(await request.json()), HttpResponse.json({ id: "00u9" }))));
    const h = await connect({ elicitation: true });
    const asked: string[] = [];
    h.client.setRequestHandler("elicitation/create", async (request) => {
      asked.push((request.params as { message: string }).message);
      return { action: "accept", content: { confirm: true } };
    });
    await h.client.callTool({ name: "create_user", arguments: { profile: { login: "a@x.io" } } });
    expect(asked).toEqual([]);
    await h.client.callTool({ name: "create_user", arguments: { profile: { login: "b@x.io" }, credentials: { password: { value: "hunter2" }, recovery_question: { question: "q", answer: "blue" } } } });
    expect(asked.length).toBe(1);
    expect(asked[0]).toContain('"credentials":{"password":{"value":"[REDACTED]"},"recovery_question":{"question":"[REDACTED]","answer":"[REDACTED]"}}');
    expect(asked[0]).toContain("It raises privilege or weakens security (a password known to the caller).");
    expect(asked[0]).not.toContain("hunter2");
    expect(bodies.length).toBe(2);
    await h.close();
  });
});

describe("without elicitation: the approval page (the model cannot pass it)", () => {
  it("opens a one-time page showing the operation; the human's Approve runs the call; the secret never reaches the model or the audit", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect();
    const call = h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1", sendEmail: false } });
    const url = await nthPage(h.approvalPages);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/approval\/[A-Za-z0-9_-]{43}$/);
    const page = await rawRequest(url);
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toMatch(/default-src 'none'.*form-action 'self'.*frame-ancestors 'none'/);
    // Not no-referrer: browsers then send `Origin: null` with the form's POST.
    expect(page.headers["referrer-policy"]).toBe("same-origin");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.body).toContain(`POST ${ORG}/api/v1/users/00u1/lifecycle/deactivate?sendEmail=false`);
    expect(page.body).toContain("It can be undone with activate_user.");
    expect(page.body).not.toMatch(/<script|src=|href=/);
    expect(seen).toEqual([]);

    const clicked = await decide(url, "approve");
    expect(clicked.status).toBe(200);
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(seen).toEqual(["/api/v1/users/00u1/lifecycle/deactivate"]);
    const secret = url.split("/").pop()!;
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(h.audit.records)).not.toContain(secret);
    expect(h.audit.records[0]).toMatchObject({ phase: "intent", confirmation: { via: "approval-page", outcome: "approved" } });
    // One time: a reload or a second click changes nothing.
    expect((await rawRequest(url)).status).toBe(410);
    expect((await decide(url, "approve", { csrf: csrfOf(page.body) })).status).toBe(410);
    expect(seen.length).toBe(1);
    await h.close();
  });

  it("Deny changes nothing and is audited as declined", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect();
    const call = h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    expect((await decide(await nthPage(h.approvalPages), "deny")).status).toBe(200);
    const result = await call;
    expect(text(result)).toContain("ERR_CONFIRMATION_DECLINED");
    expect(text(result)).toContain("denied");
    expect(seen).toEqual([]);
    expect(h.audit.records).toMatchObject([{ phase: "call", decision: "declined", confirmation: { via: "approval-page", outcome: "denied" } }]);
    await h.close();
  });

  it("no decision before the timeout changes nothing, is audited, and the page is then gone", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect({ options: { approvalTimeoutMs: 300 } });
    const result = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    expect(text(result)).toContain("Nobody approved deactivate_user");
    expect(seen).toEqual([]);
    expect(h.audit.records).toMatchObject([{ decision: "declined", confirmation: { outcome: "expired" } }]);
    expect((await rawRequest(h.approvalPages[0])).status).toBe(410);
    expect((await decide(h.approvalPages[0], "approve")).status).toBe(410);
    expect(seen).toEqual([]);
    await h.close();
  });

  it("the client's cancellation withdraws the page: nothing changes, and the call is audited", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect();
    const controller = new AbortController();
    const call = h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } }, { signal: controller.signal });
    const url = await nthPage(h.approvalPages);
    controller.abort();
    await expect(call).rejects.toThrow();
    await expect.poll(() => h.audit.records.length).toBe(1);
    expect(h.audit.records[0]).toMatchObject({ decision: "declined", confirmation: { via: "approval-page", outcome: "cancelled" } });
    expect((await decide(url, "approve")).status).toBe(410);
    expect(seen).toEqual([]);
    await h.close();
  });

  it("refuses forged decisions: wrong anti-CSRF token, another origin, a cross-site fetch, another Host, another content type or method", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect();
    const call = h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    const url = await nthPage(h.approvalPages);
    const port = new URL(url).port;
    expect((await decide(url, "approve", { csrf: "A".repeat(43) })).status).toBe(403);
    expect((await decide(url, "approve", { headers: { origin: "http://evil.example" } })).status).toBe(403);
    expect((await decide(url, "approve", { headers: { origin: "null" } })).status).toBe(403);
    expect((await decide(url, "approve", { headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    // DNS rebinding: the browser would send the attacker's host name.
    expect((await decide(url, "approve", { headers: { host: `rebound.example:${port}` } })).status).toBe(421);
    expect((await rawRequest(url.replace(/\/[^/]+$/, `/${"B".repeat(43)}`))).status).toBe(404);
    const csrf = csrfOf((await rawRequest(url)).body);
    expect((await rawRequest(url, { method: "POST", headers: { "content-type": "application/json", "content-length": "2" }, body: "{}" })).status).toBe(415);
    expect((await rawRequest(url, { method: "PUT" })).status).toBe(405);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(seen).toEqual([]);
    // The page is still pending after all of that; only the real click counts.
    expect((await decide(url, "approve")).status).toBe(200);
    expect((await call).isError).toBeFalsy();
    expect(seen.length).toBe(1);
    await h.close();
  });

  it("the model alone never passes: re-calling, a guessed or replayed token, or a confirmationToken argument", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect({ options: { approvalTimeoutMs: 200 } });
    const attempts = [
      { id: "00u1" },
      { id: "00u1" },
      { id: "00u1", confirmationToken: "x.1.y" },
      { id: "00u1", confirmationToken: `${"A".repeat(16)}.${Date.now() + 60_000}.${"B".repeat(43)}` },
    ];
    const results = await Promise.all(attempts.map((args) => h.client.callTool({ name: "deactivate_user", arguments: args })));
    expect(results.every((r) => r.isError)).toBe(true);
    expect(text(results[2])).toContain("ERR_INVALID_ARGUMENTS");
    expect(text(results[2])).toContain("confirmationToken is not taken here");
    expect(results.map((r) => JSON.stringify(r)).join("")).not.toMatch(/127\.0\.0\.1:\d+\/approval/);
    expect(seen).toEqual([]);
    await h.close();
  });
});

describe("preconditions: one read says the call cannot succeed, before anyone is asked", () => {
  it("suspend_user on a PROVISIONED user is refused with the state and the next step; nobody is asked, nothing is sent", async () => {
    const posts: string[] = [];
    mswServer.use(userWithStatus("PROVISIONED"), http.post(`${ORG}/api/v1/users/:id/lifecycle/suspend`, () => (posts.push("suspend"), new HttpResponse(null))));
    const h = await connect({ elicitation: true });
    let asked = 0;
    h.client.setRequestHandler("elicitation/create", async () => (asked++, { action: "accept", content: { confirm: true } }));
    const result = await h.client.callTool({ name: "suspend_user", arguments: { id: "00u1" } });
    expect(text(result)).toContain("ERR_PRECONDITION_FAILED");
    expect(text(result)).toContain("status is PROVISIONED");
    expect(text(result)).toContain("only when status is ACTIVE. Okta suspends only ACTIVE users.");
    expect(asked).toBe(0);
    expect(posts).toEqual([]);
    expect(h.audit.records).toMatchObject([{ decision: "refused", errorCode: "ERR_PRECONDITION_FAILED", precondition: { tool: "get_user", field: "status", value: "PROVISIONED", status: 200 } }]);
    await h.close();
  });

  it("an ACTIVE user: the human is asked, seeing the state read", async () => {
    mswServer.use(userWithStatus("ACTIVE"), http.post(`${ORG}/api/v1/users/:id/lifecycle/suspend`, () => new HttpResponse(null)));
    const h = await connect({ elicitation: true });
    const asked: string[] = [];
    h.client.setRequestHandler("elicitation/create", async (r) => (asked.push((r.params as { message: string }).message), { action: "accept", content: { confirm: true } }));
    const result = await h.client.callTool({ name: "suspend_user", arguments: { id: "00u1" } });
    expect(result.isError).toBeFalsy();
    expect(asked[0]).toContain("Now: status is ACTIVE.");
    expect(asked[0]).toContain("It can be undone with unsuspend_user.");
    await h.close();
  });

  it("an unknown user is refused before asking; without the read's scope the read is skipped and the human is asked", async () => {
    mswServer.use(userWithStatus(null), http.post(`${ORG}/api/v1/users/:id/lifecycle/suspend`, () => new HttpResponse(null)));
    const h = await connect({ elicitation: true });
    h.client.setRequestHandler("elicitation/create", async () => ({ action: "decline" }));
    expect(text(await h.client.callTool({ name: "suspend_user", arguments: { id: "nobody" } }))).toContain("answers 404");
    await h.close();
    const noRead = await connect({ elicitation: true, scopes: ["okta.users.manage"] });
    let asked = 0;
    noRead.client.setRequestHandler("elicitation/create", async () => (asked++, { action: "decline" }));
    expect(text(await noRead.client.callTool({ name: "suspend_user", arguments: { id: "nobody" } }))).toContain("ERR_CONFIRMATION_DECLINED");
    expect(asked).toBe(1);
    await noRead.close();
  });
});

describe("the token path, only when the operator opted in (--confirm-with-token)", () => {
  it("refuses, returns a token, runs once with the token, and refuses a replay", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect({ options: { confirmWithToken: true } });
    const first = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    expect(first.isError).toBe(true);
    expect(text(first)).toContain("ERR_CONFIRMATION_REQUIRED");
    expect(text(first)).toContain("explicit confirmation");
    expect(text(first)).toContain("It can be undone with activate_user.");
    const token = (first.structuredContent as { error: { confirmationToken: string } }).error.confirmationToken;
    expect(token).toBeTruthy();
    expect(seen).toEqual([]);

    const other = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u2", confirmationToken: token } });
    expect(other.isError).toBe(true);
    expect(seen).toEqual([]);

    const confirmed = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1", confirmationToken: token } });
    expect(confirmed.isError).toBeFalsy();
    expect(seen).toEqual(["/api/v1/users/00u1/lifecycle/deactivate"]);

    const replay = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1", confirmationToken: token } });
    expect(replay.isError).toBe(true);
    expect(text(replay)).toContain("already used");
    expect(seen.length).toBe(1);
    expect(h.audit.records.map((r) => r.decision ?? r.phase)).toEqual(["refused", "refused", "intent", "allowed", "refused"]);
    expect(JSON.stringify(h.audit.records)).not.toContain(token);
    expect(h.approvalPages).toEqual([]);
    await h.close();
  });

  it("--no-confirm runs confirmed tools directly, and the audit says nobody was asked", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect({ options: { confirm: false } });
    const result = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    expect(result.isError).toBeFalsy();
    expect(seen.length).toBe(1);
    expect(h.audit.records[0]).toMatchObject({ phase: "intent", confirmation: { via: "off" } });
    await h.close();
  });
});

describe("confirmation tokens", () => {
  it("expire, and are bound to tool and canonical arguments", () => {
    let now = 1_000_000;
    const tokens = createConfirmationTokens({ now: () => now, ttlMs: 1000 });
    const t1 = tokens.issue("deactivate_user", { id: "a", x: { b: 1, a: 2 } });
    expect(tokens.redeem("delete_user", { id: "a", x: { b: 1, a: 2 } }, t1)).toBe(false);
    expect(tokens.redeem("deactivate_user", { x: { a: 2, b: 1 }, id: "a" }, t1)).toBe(true);
    const t2 = tokens.issue("deactivate_user", { id: "a" });
    now += 1001;
    expect(tokens.redeem("deactivate_user", { id: "a" }, t2)).toBe(false);
  });

  it("keeps the outstanding set bounded, forgetting (and so refusing) the oldest", () => {
    const tokens = createConfirmationTokens({ maxOutstanding: 3 });
    const issued = [0, 1, 2, 3].map((i) => tokens.issue("t", { i }));
    expect(tokens.redeem("t", { i: 0 }, issued[0])).toBe(false);
    expect(tokens.redeem("t", { i: 3 }, issued[3])).toBe(true);
  });

  it("refuses a forged signature", () => {
    const tokens = createConfirmationTokens();
    const [nonce, expiry] = tokens.issue("t", {}).split(".");
    expect(tokens.redeem("t", {}, `${nonce}.${expiry}.AAAA`)).toBe(false);
  });

  it("parses the expiry strictly: no exponent, hex, sign, leading zero or space", () => {
    const tokens = createConfirmationTokens({ now: () => 1_000_000, ttlMs: 1000 });
    for (const variant of [(e: string) => `${e}e0`, () => "0x" + (1_001_000).toString(16), (e: string) => `+${e}`, (e: string) => `0${e}`, (e: string) => ` ${e}`, (e: string) => `${e} `, (e: string) => `${e}.0`]) {
      const token = tokens.issue("t", {});
      const [nonce, expiry, mac] = token.split(".");
      expect(tokens.redeem("t", {}, `${nonce}.${variant(expiry)}.${mac}`), variant(expiry)).toBe(false);
      // The untouched token still works once: only the variant was refused.
      expect(tokens.redeem("t", {}, token)).toBe(true);
    }
  });
});

describe("the token message says how to call again, for the mode the call came through", () => {
  it("direct: call the tool again with the same arguments plus the token", async () => {
    const h = await connect({ options: { confirmWithToken: true } });
    const refused = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    const token = (refused.structuredContent as { error: { confirmationToken: string } }).error.confirmationToken;
    expect(text(refused)).toContain(`call deactivate_user again with the same arguments plus confirmationToken="${token}"`);
    await h.close();
  });

  it("discover: call call_operation with the tool and, in arguments, the same arguments plus the token; that call runs it", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect({ options: { toolMode: "discover", confirmWithToken: true }, deps: { discovery } });
    const refused = await h.client.callTool({ name: "call_operation", arguments: { tool: "deactivate_user", arguments: { id: "00u1" } } });
    const token = (refused.structuredContent as { error: { confirmationToken: string } }).error.confirmationToken;
    expect(text(refused)).toContain(`call call_operation again with tool="deactivate_user" and, in "arguments", the same arguments plus confirmationToken="${token}"`);
    expect(text(refused)).not.toContain("call deactivate_user again");
    expect(seen).toEqual([]);

    const wrong = await h.client.callTool({ name: "call_operation", arguments: { tool: "deactivate_user", arguments: { id: "00u2", confirmationToken: token } } });
    expect(text(wrong)).toContain(`call call_operation again with tool="deactivate_user"`);
    expect(seen).toEqual([]);

    const confirmed = await h.client.callTool({ name: "call_operation", arguments: { tool: "deactivate_user", arguments: { id: "00u1", confirmationToken: token } } });
    expect(confirmed.isError).toBeFalsy();
    expect(seen).toEqual(["/api/v1/users/00u1/lifecycle/deactivate"]);
    await h.close();
  });
});
