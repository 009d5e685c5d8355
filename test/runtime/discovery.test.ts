// Discovery meta-tools: ranked search, describe, call mapping, suggestions for unknown names, and the tools/list budget.
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import type { Effect, HttpMethod, ToolSpec } from "../../src/tool-spec.js";
import { discoveryTools, handleDiscoveryCall, isDiscoveryTool, type DiscoveryOutcome } from "../../src/runtime/discovery.js";

function spec(name: string, operationId: string, method: HttpMethod, path: string, title: string, toolset: string, tags: string[], extra: Partial<ToolSpec> = {}): ToolSpec {
  const effect: Effect = method === "GET" ? "read" : method === "DELETE" || /suspend|clear|deactivate/.test(name) ? "destructive" : "write";
  const idArg = path.match(/\{(\w+)\}/)?.[1];
  return {
    name,
    toolset,
    operationId,
    title,
    description: `${title}.`,
    method,
    path,
    args: idArg ? [{ name: idArg, in: "path", wire: idArg, required: true }] : [],
    inputSchema: idArg ? { type: "object", properties: { [idArg]: { type: "string" } }, required: [idArg] } : { type: "object", properties: {} },
    scopes: [`okta.${toolset}.${method === "GET" ? "read" : "manage"}`],
    effect,
    annotations: { title, readOnlyHint: effect === "read", destructiveHint: effect === "destructive", idempotentHint: method !== "POST", openWorldHint: true },
    pagination: "none",
    tags,
    ...extra,
  };
}

const tools: ToolSpec[] = [
  spec("list_users", "listUsers", "GET", "/api/v1/users", "List all users", "users", ["User"], {
    pagination: "cursor",
    projection: ["id", "status", "profile.login"],
    inputSchema: { type: "object", properties: { search: { type: "string" }, limit: { type: "integer", default: 20 } } },
  }),
  spec("get_user", "getUser", "GET", "/api/v1/users/{id}", "Retrieve a user", "users", ["User"]),
  spec("suspend_user", "suspendUser", "POST", "/api/v1/users/{id}/lifecycle/suspend", "Suspend a user", "users", ["UserLifecycle"], {
    lifecycle: "GA",
    adminRoles: ["SUPER_ADMIN", "ORG_ADMIN"],
  }),
  spec("unsuspend_user", "unsuspendUser", "POST", "/api/v1/users/{id}/lifecycle/unsuspend", "Unsuspend a user", "users", ["UserLifecycle"]),
  spec("clear_user_sessions", "revokeUserSessions", "DELETE", "/api/v1/users/{userId}/sessions", "Revoke all user sessions", "users", ["UserSessions"]),
  spec("list_groups", "listGroups", "GET", "/api/v1/groups", "List all groups", "groups", ["Group"]),
  spec("delete_group", "deleteGroup", "DELETE", "/api/v1/groups/{groupId}", "Delete a group", "groups", ["Group"]),
  spec("list_application_users", "listApplicationUsers", "GET", "/api/v1/apps/{appId}/users", "List all application users", "apps", ["ApplicationUsers"]),
  spec("list_network_zones", "listNetworkZones", "GET", "/api/v1/zones", "List all network zones", "security", ["NetworkZone"]),
];

type Result = Extract<DiscoveryOutcome, { result: unknown }>["result"];
function resultOf(outcome: DiscoveryOutcome): Result {
  expect("result" in outcome).toBe(true);
  return (outcome as { result: Result }).result;
}
const rows = (outcome: DiscoveryOutcome) => resultOf(outcome).structuredContent!.results as { tool: string; effect: string; method: string; path: string; summary: string }[];
const search = (args: Record<string, unknown>, visible: readonly ToolSpec[] = tools) => handleDiscoveryCall("search_operations", args, visible);

describe("discovery definitions", () => {
  it("are the three meta-tools, and their tools/list JSON costs at most 2,000 o200k tokens", () => {
    expect(discoveryTools.map((t) => t.name)).toEqual(["search_operations", "describe_operation", "call_operation"]);
    const cost = encode(JSON.stringify({ tools: discoveryTools })).length;
    expect(cost).toBeLessThanOrEqual(2000);
    for (const t of discoveryTools) {
      expect(t.inputSchema).toMatchObject({ type: "object" });
      expect(isDiscoveryTool(t.name)).toBe(true);
    }
    expect(isDiscoveryTool("list_users")).toBe(false);
  });

  it("mark call_operation as possibly destructive and the others as read-only", () => {
    const byName = Object.fromEntries(discoveryTools.map((t) => [t.name, t.annotations as Record<string, boolean>]));
    expect(byName.search_operations.readOnlyHint).toBe(true);
    expect(byName.describe_operation.readOnlyHint).toBe(true);
    expect(byName.call_operation).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  });
});

describe("search_operations", () => {
  it("ranks the exact operation first: 'suspend user' finds suspend_user before unsuspend_user", () => {
    const found = rows(search({ query: "suspend user" }));
    expect(found[0]).toEqual({ tool: "suspend_user", effect: "destructive", method: "POST", path: "/api/v1/users/{id}/lifecycle/suspend", summary: "Suspend a user" });
    expect(found.map((r) => r.tool)).toContain("unsuspend_user");
    expect(found.findIndex((r) => r.tool === "unsuspend_user")).toBeGreaterThan(0);
  });

  it("matches plurals, camelCase operationIds, paths and admin words", () => {
    expect(rows(search({ query: "sessions" }))[0].tool).toBe("clear_user_sessions");
    expect(rows(search({ query: "revokeUserSessions" }))[0].tool).toBe("clear_user_sessions");
    expect(rows(search({ query: "zones" }))[0].tool).toBe("list_network_zones");
    expect(rows(search({ query: "app users" }))[0].tool).toBe("list_application_users");
  });

  it("filters by tag and toolset, and lists everything in a toolset without a query", () => {
    expect(rows(search({ toolset: "groups" })).map((r) => r.tool).sort()).toEqual(["delete_group", "list_groups"]);
    expect(rows(search({ query: "user", tag: "userlifecycle" })).map((r) => r.tool).sort()).toEqual(["suspend_user", "unsuspend_user"]);
    expect(rows(search({ query: "user", toolset: "apps" })).map((r) => r.tool)).toEqual(["list_application_users"]);
  });

  it("returns at most limit rows (20 by default) and says how many more matched", () => {
    const many = Array.from({ length: 30 }, (_, i) => spec(`list_things_${i}`, `listThings${i}`, "GET", `/api/v1/things${i}`, "List things", "org", ["Thing"]));
    expect(rows(search({ query: "things" }, many))).toHaveLength(20);
    const limited = resultOf(search({ query: "things", limit: 5 }, many));
    expect(limited.structuredContent!.results).toHaveLength(5);
    expect(limited.structuredContent!.total).toBe(30);
    expect(limited.structuredContent!.hint).toMatch(/25 more/);
  });

  it("answers no match with an empty list and a hint, and bad input with an error", () => {
    const none = resultOf(search({ query: "kubernetes" }));
    expect(none.isError).toBeUndefined();
    expect(none.structuredContent!.results).toEqual([]);
    expect(none.structuredContent!.hint).toMatch(/toolsets here: apps, groups, security, users/);
    expect(resultOf(search({ limit: 0 })).isError).toBe(true);
    expect(resultOf(search({ query: 42 })).isError).toBe(true);
    expect(resultOf(search({ qeury: "user" })).content[0].text).toMatch(/Unknown argument "qeury"/);
  });

  it("searches only the tools it is given (the visible view)", () => {
    const visible = tools.filter((t) => t.effect === "read");
    expect(rows(search({ query: "suspend user" }, visible)).map((r) => r.tool)).not.toContain("suspend_user");
  });
});

describe("describe_operation", () => {
  it("returns the full input schema, effect, scopes, lifecycle, admin roles, pagination and projection", () => {
    const suspend = resultOf(handleDiscoveryCall("describe_operation", { tool: "suspend_user" }, tools)).structuredContent!;
    expect(suspend).toMatchObject({
      tool: "suspend_user",
      method: "POST",
      path: "/api/v1/users/{id}/lifecycle/suspend",
      effect: "destructive",
      scopes: ["okta.users.manage"],
      lifecycle: "GA",
      adminRoles: ["SUPER_ADMIN", "ORG_ADMIN"],
      pagination: "none",
      inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
    });
    const list = resultOf(handleDiscoveryCall("describe_operation", { tool: "list_users" }, tools)).structuredContent!;
    expect(list).toMatchObject({ pagination: "cursor", projection: ["id", "status", "profile.login"], effect: "read" });
    expect(list.inputSchema).toEqual(tools[0].inputSchema);
  });

  it("answers an unknown name with an error that suggests the nearest names", () => {
    const r = resultOf(handleDiscoveryCall("describe_operation", { tool: "suspend_users" }, tools));
    expect(r.isError).toBe(true);
    expect(r.content[0].text).toMatch(/^ERR_TOOL_NOT_EXPOSED: Unknown or unavailable operation "suspend_users". Did you mean: suspend_user/);
    expect((r.structuredContent!.error as { suggestions: string[] }).suggestions[0]).toBe("suspend_user");
    const typo = resultOf(handleDiscoveryCall("describe_operation", { tool: "lst_grops" }, tools));
    expect((typo.structuredContent!.error as { suggestions: string[] }).suggestions).toContain("list_groups");
  });

  it("requires a tool name", () => {
    expect(resultOf(handleDiscoveryCall("describe_operation", {}, tools)).content[0].text).toMatch(/"tool" is required/);
  });
});

describe("call_operation", () => {
  it("maps to a call of the named tool with its arguments, for the runtime's pipeline", () => {
    expect(handleDiscoveryCall("call_operation", { tool: "suspend_user", arguments: { id: "00u1" } }, tools)).toEqual({
      call: { tool: "suspend_user", args: { id: "00u1" } },
    });
    expect(handleDiscoveryCall("call_operation", { tool: "list_groups" }, tools)).toEqual({ call: { tool: "list_groups", args: {} } });
    expect(handleDiscoveryCall("call_operation", { tool: "listGroups", arguments: {} }, tools)).toEqual({ call: { tool: "list_groups", args: {} } });
  });

  it("refuses a tool that is unknown or not visible, with suggestions and no call", () => {
    const visible = tools.filter((t) => t.effect === "read");
    const hidden = handleDiscoveryCall("call_operation", { tool: "suspend_user", arguments: { id: "00u1" } }, visible);
    expect("call" in hidden).toBe(false);
    expect(resultOf(hidden).isError).toBe(true);
    expect(resultOf(hidden).content[0].text).toMatch(/Did you mean: .*get_user/);
    expect("call" in handleDiscoveryCall("call_operation", { tool: "drop_everything" }, tools)).toBe(false);
  });

  it("refuses arguments that are not an object", () => {
    for (const bad of [[], 3, "[1]"]) {
      const outcome = handleDiscoveryCall("call_operation", { tool: "get_user", arguments: bad }, tools);
      expect(resultOf(outcome).content[0].text).toMatch(/"arguments" must be an object/);
    }
    const text = handleDiscoveryCall("call_operation", { tool: "get_user", arguments: "id=1" }, tools);
    expect(resultOf(text).content[0].text).toMatch(/"arguments" must be a JSON object written as text.*not valid JSON\. Pass the operation's arguments/);
  });

  it("takes the arguments as JSON text (the served schema: no provider's subset describes any object) or as an object", () => {
    for (const args of ['{"id":"00u1"}', { id: "00u1" }]) {
      expect(handleDiscoveryCall("call_operation", { tool: "get_user", arguments: args }, tools)).toEqual({ call: { tool: "get_user", args: { id: "00u1" } } });
    }
  });
});

it("refuses a name that is not a discovery tool", () => {
  expect(resultOf(handleDiscoveryCall("list_users", {}, tools)).isError).toBe(true);
});
