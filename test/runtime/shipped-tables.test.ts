// The two generated tables as the server serves them: the curated default keeps every tool name of Okta's
// official server, and discovery mode over the all-operations table reaches operations outside the default
// allowlist through the same checked, confirmed and audited pipeline as a direct tool.
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { catalog as allCatalog } from "../../src/generated-all/catalog.js";
import * as discovery from "../../src/runtime/discovery.js";
import { allCatalogScopes } from "../../src/runtime/inventory.js";
import { officialToolNames } from "../fixtures/official-tools.js";
import { connect, mswServer, ORG } from "./harness.js";

const LEFT_OUT = new Set(["export_users_csv", "confirm_delete_application", "confirm_delete_group"]);
const officialNames = officialToolNames;

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

describe("default table", () => {
  const connectAll = (options = {}) =>
    connect({
      catalog,
      scopes: allCatalogScopes(catalog),
      options,
      deps: { loadValidators: async () => (await import("../../src/generated/validators.js")).validators },
    });

  it("lists every tool of Okta's official server (but the three left out) with --toolsets all and all scopes", async () => {
    expect(officialNames.length).toBeGreaterThan(100);
    const h = await connectAll({ toolsets: ["all"] });
    const listed = new Set((await h.client.listTools()).tools.map((t) => t.name));
    const missing = officialNames.filter((name) => !LEFT_OUT.has(name) && !listed.has(name));
    expect(missing).toEqual([]);
    for (const name of LEFT_OUT) expect(listed.has(name), name).toBe(false);
    await h.close();
  });

  it("exposes only the core toolsets by default: at most 80 tools with every scope granted", async () => {
    const h = await connectAll();
    const { tools } = await h.client.listTools();
    expect(tools.length).toBeLessThanOrEqual(80);
    const toolsets = new Set(tools.flatMap((t) => catalog.tools.find((spec) => spec.name === t.name)?.toolset ?? []));
    expect([...toolsets].sort()).toEqual(["apps", "groups", "logs", "policies", "users"]);
    expect(catalog.toolsets.filter((t) => t.default).map((t) => t.name).sort()).toEqual([...toolsets].sort());
    // get_auth_status tells the model which toolsets this configuration leaves out, and how to expose them.
    const status = (await h.client.callTool({ name: "get_auth_status", arguments: {} })).structuredContent as Record<string, unknown>;
    expect(status.toolsetsNotExposed).toEqual(catalog.toolsets.filter((t) => !t.default).map((t) => t.name));
    expect(status.toolsetsHint).toMatch(/--toolsets/);
    await h.close();
  });
});

describe("discovery over all operations", () => {
  const outside = "list_agent_pools";

  it("reaches an operation that the default allowlist does not have, with scope checks and audit", async () => {
    expect(catalog.tools.some((t) => t.name === outside)).toBe(false);
    const spec = allCatalog.tools.find((t) => t.name === outside)!;
    expect(spec).toBeDefined();
    const requests: string[] = [];
    mswServer.use(
      http.get(`${ORG}/api/v1/agentPools`, ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json([{ id: "pool1", name: "AD agents", type: "AD" }]);
      }),
    );
    const h = await connect({
      catalog: allCatalog,
      scopes: spec.scopes,
      options: { toolMode: "discover" },
      deps: { discovery, loadValidators: async () => (await import("../../src/generated-all/validators.js")).validators },
    });
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("call_operation");
    expect(names).not.toContain(outside);

    const found = await h.client.callTool({ name: "search_operations", arguments: { query: "agent pools" } });
    expect(JSON.stringify(found.structuredContent)).toContain(outside);

    const result = await h.client.callTool({ name: "call_operation", arguments: { tool: outside, arguments: {} } });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.structuredContent)).toContain("pool1");
    expect(requests).toHaveLength(1);
    expect(h.audit.records.at(-1)).toMatchObject({ tool: outside, decision: "allowed", status: 200 });

    // Invalid arguments are refused by the same validator as a direct call, and nothing is sent.
    const invalid = await h.client.callTool({ name: "call_operation", arguments: { tool: outside, arguments: { limitPerPoolType: "many" } } });
    expect(invalid.isError).toBe(true);
    expect(requests).toHaveLength(1);
    await h.close();
  });

  it("refuses an operation whose scope is not granted, before any request", async () => {
    const h = await connect({
      catalog: allCatalog,
      scopes: ["okta.users.read"],
      options: { toolMode: "discover" },
      deps: { discovery, loadValidators: async () => (await import("../../src/generated-all/validators.js")).validators },
    });
    const result = await h.client.callTool({ name: "call_operation", arguments: { tool: outside, arguments: {} } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/okta\.agentPools\.read/);
    await h.close();
  });
});
