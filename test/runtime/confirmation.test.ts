import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createConfirmationTokens } from "../../src/runtime/confirm.js";
import * as discovery from "../../src/runtime/discovery.js";
import { connect, mswServer, ORG, text } from "./harness.js";

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

function deactivateHandler(seen: string[]) {
  return http.post(`${ORG}/api/v1/users/:id/lifecycle/deactivate`, ({ request }) => {
    seen.push(new URL(request.url).pathname);
    return new HttpResponse(null, { status: 200 });
  });
}

describe("destructive tools with elicitation", () => {
  it("asks the human, quoting method, resolved path and arguments, and runs on accept", async () => {
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
    expect(asked[0].message).toContain(`POST ${ORG}/api/v1/users/00u1/lifecycle/deactivate`);
    expect(asked[0].message).toContain("sendEmail=false");
    expect(asked[0].requestedSchema).toMatchObject({ properties: { confirm: { type: "boolean" } } });
    expect(h.audit.records[0]).toMatchObject({ decision: "allowed", status: 200 });
    await h.close();
  });

  for (const answer of [{ action: "decline" }, { action: "cancel" }, { action: "accept", content: { confirm: false } }] as const) {
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
      expect(h.audit.records[0]).toMatchObject({ decision: "declined" });
      await h.close();
    });
  }
});

describe("destructive tools without elicitation (fail closed)", () => {
  it("refuses, returns a token, runs once with the token, and refuses a replay", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect();
    const first = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    expect(first.isError).toBe(true);
    expect(text(first)).toContain("ERR_CONFIRMATION_REQUIRED");
    expect(text(first)).toContain("explicit confirmation");
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
    expect(h.audit.records.map((r) => r.decision)).toEqual(["refused", "refused", "allowed", "refused"]);
    expect(JSON.stringify(h.audit.records)).not.toContain(token);
    await h.close();
  });

  it("--no-confirm runs destructive tools directly", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect({ options: { confirm: false } });
    const result = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    expect(result.isError).toBeFalsy();
    expect(seen.length).toBe(1);
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
});

describe("the confirmation message says how to call again, for the mode the call came through", () => {
  it("direct: call the tool again with the same arguments plus the token", async () => {
    const h = await connect();
    const refused = await h.client.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    const token = (refused.structuredContent as { error: { confirmationToken: string } }).error.confirmationToken;
    expect(text(refused)).toContain(`call deactivate_user again with the same arguments plus confirmationToken="${token}"`);
    await h.close();
  });

  it("discover: call call_operation with the tool and, in arguments, the same arguments plus the token; that call runs it", async () => {
    const seen: string[] = [];
    mswServer.use(deactivateHandler(seen));
    const h = await connect({ options: { toolMode: "discover" }, deps: { discovery } });
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
