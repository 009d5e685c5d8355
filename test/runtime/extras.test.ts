// Discovery mode, prompts and schema resources, through a real client in memory.
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as discovery from "../../src/runtime/discovery.js";
import * as prompts from "../../src/runtime/prompts.js";
import { createLimiter } from "../../src/runtime/concurrency.js";
import { connect, mswServer, ORG, text } from "./harness.js";

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

describe("discovery mode", () => {
  it("lists the meta-tools and get_auth_status instead of per-operation tools", async () => {
    const h = await connect({ options: { toolMode: "discover" }, deps: { discovery } });
    const names = (await h.client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(["call_operation", "describe_operation", "get_auth_status", "search_operations"]);
    const found = await h.client.callTool({ name: "search_operations", arguments: { query: "deactivate user" } });
    expect(text(found)).toContain("deactivate_user");
    expect(h.audit.records.at(-1)).toMatchObject({ tool: "search_operations", decision: "allowed" });
    await h.close();
  });

  it("call_operation goes through the same pipeline: HTTP call and audit", async () => {
    const seen: string[] = [];
    mswServer.use(
      http.get(`${ORG}/api/v1/users/:id`, ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return HttpResponse.json({ id: "00u1", status: "ACTIVE" });
      }),
    );
    const h = await connect({ options: { toolMode: "discover" }, deps: { discovery } });
    const result = await h.client.callTool({ name: "call_operation", arguments: { tool: "get_user", arguments: { id: "00u1" } } });
    expect(result.isError).toBeFalsy();
    expect(seen).toEqual(["/api/v1/users/00u1"]);
    expect(h.audit.records.at(-1)).toMatchObject({ tool: "get_user", decision: "allowed", status: 200 });
    await h.close();
  });

  it("call_operation of a destructive tool needs confirmation, and scope checks still apply", async () => {
    const h = await connect({ options: { toolMode: "discover", confirmWithToken: true }, deps: { discovery }, scopes: ["okta.users.read", "okta.users.manage"] });
    const destructive = await h.client.callTool({ name: "call_operation", arguments: { tool: "deactivate_user", arguments: { id: "00u1" } } });
    expect(text(destructive)).toContain("ERR_CONFIRMATION_REQUIRED");
    const denied = await h.client.callTool({ name: "call_operation", arguments: { tool: "list_groups", arguments: {} } });
    expect(denied.isError).toBe(true);
    expect(h.auth.authorizeCalls).toEqual([]);
    await h.close();
  });
});

describe("prompts and resources", () => {
  it("serves prompts/list and prompts/get from the prompts module", async () => {
    const h = await connect({ deps: { prompts } });
    const { prompts: listed } = await h.client.listPrompts();
    expect(listed.map((p) => p.name)).toEqual(prompts.prompts.map((p) => p.name));
    const first = prompts.prompts[0];
    const args = Object.fromEntries(first.arguments.filter((a) => a.required).map((a) => [a.name, "x@example.com"]));
    const got = await h.client.getPrompt({ name: first.name, arguments: args });
    expect(got.messages.length).toBeGreaterThan(0);
    await expect(h.client.getPrompt({ name: "no_such_prompt" })).rejects.toThrow(/Unknown prompt/);
    await h.close();
  });

  it("lists the schema resource template and reads okta://schemas/{Name} lazily", async () => {
    let loads = 0;
    const h = await connect({
      deps: {
        loadSchemaDocs: async () => {
          loads++;
          return { User: { type: "object", properties: { id: { type: "string" } } } };
        },
      },
    });
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates[0].uriTemplate).toBe("okta://schemas/{name}");
    expect(loads).toBe(0);
    const read = await h.client.readResource({ uri: "okta://schemas/User" });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual({ type: "object", properties: { id: { type: "string" } } });
    await expect(h.client.readResource({ uri: "okta://schemas/Nope" })).rejects.toThrow(/No schema/);
    await expect(h.client.readResource({ uri: "okta://schemas/__proto__" })).rejects.toThrow(/No schema/);
    expect(loads).toBe(1);
    await h.close();
  });
});

describe("concurrency limit", () => {
  it("never runs more than the limit at once", async () => {
    const limiter = createLimiter(3);
    let active = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const tasks = Array.from({ length: 10 }, () =>
      limiter.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((resolve) => releases.push(resolve));
        active--;
      }),
    );
    const tick = () => new Promise((r) => setImmediate(r));
    await tick();
    expect(active).toBe(3);
    let released = 0;
    while (released < 10) {
      releases.shift()?.();
      released++;
      await tick();
      expect(active).toBeLessThanOrEqual(3);
    }
    await Promise.all(tasks);
    expect(peak).toBe(3);
  });
});
