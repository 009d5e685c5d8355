// Issue 12 item 8: the runtime-added arguments (limit, after, fields, fetchAll, confirmationToken) are checked
// on every tool, and no argument can add query keys: `limit: {"]=1&after=http://127.0.0.2&x[": 1}` became
// `?limit[]=1&after=http://127.0.0.2&x[]=1` on list_custom_roles, whose spec has no limit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { catalog as allCatalog } from "../../src/generated-all/catalog.js";
import { runtimeArgNames } from "../../src/runtime/served-tools.js";
import type { ToolSpec } from "../../src/tool-spec.js";
import { connectToOrg, errorCode } from "./helpers.js";
import { json, startHostileOrg, type HostileOrg } from "./hostile-org.js";

let org: HostileOrg;
beforeAll(async () => {
  org = await startHostileOrg((_req, res) => json(res, 200, []));
});
afterAll(() => org.close());
beforeEach(() => {
  org.requests.length = 0;
});

const INJECTION = { "]=1&after=http://127.0.0.2&x[": 1 };

describe("the reported injection", () => {
  it("list_custom_roles refuses an object limit and sends nothing; a number limit is sent as limit=N", async () => {
    const h = await connectToOrg(org);
    const refused = await h.client.callTool({ name: "list_custom_roles", arguments: { limit: INJECTION } });
    expect(errorCode(refused)).toBe("ERR_INVALID_ARGUMENTS");
    expect(org.requests).toEqual([]);
    const sent = await h.client.callTool({ name: "list_custom_roles", arguments: { limit: 5, after: "a&b=c" } });
    expect(sent.isError).toBeFalsy();
    expect(org.requests.map((r) => r.url)).toEqual(["/api/v1/iam/roles?after=a%26b%3Dc&limit=5"]);
    await h.close();
  });
});

/** Values that no runtime-added argument accepts. */
const HOSTILE: Record<string, unknown[]> = {
  limit: [INJECTION, [1, 2], -1, 0, 1.5, "10", 1e12],
  after: [INJECTION, ["a"], 7, "", "x".repeat(5000)],
  fields: [INJECTION, "id", [INJECTION], [""], ["a..b"], Array(101).fill("id"), ["x".repeat(201)]],
  fetchAll: [INJECTION, "true", 1],
  confirmationToken: [INJECTION, 12, ["t"], "t".repeat(300)],
};

/** The runtime-added arguments of a tool whose spec lacks them (its own are checked by its validator). */
function addedArgs(spec: ToolSpec): string[] {
  return runtimeArgNames(spec).filter((name) => !spec.inputSchema.properties[name]);
}

async function refusesEverywhere(tools: readonly ToolSpec[], which: (spec: ToolSpec) => string[], catalogToUse = catalog) {
  const h = await connectToOrg(org, { catalog: catalogToUse });
  const accepted: string[] = [];
  let checked = 0;
  for (const spec of tools) {
    for (const name of which(spec)) {
      for (const value of HOSTILE[name] ?? []) {
        const result = await h.client.callTool({ name: spec.name, arguments: { [name]: value } });
        checked++;
        if (errorCode(result) !== "ERR_INVALID_ARGUMENTS") accepted.push(`${spec.name} ${name}=${JSON.stringify(value).slice(0, 40)} → ${errorCode(result) ?? "ok"}`);
      }
    }
  }
  await h.close();
  return { accepted, checked };
}

describe("every runtime-added argument, on every tool", () => {
  it("the default table: each hostile value is an argument error and nothing reaches the org", { timeout: 120_000 }, async () => {
    const { accepted, checked } = await refusesEverywhere(catalog.tools, addedArgs);
    expect(checked).toBeGreaterThan(1000);
    expect(accepted).toEqual([]);
    expect(org.requests).toEqual([]);
  });

  it("--catalog all: the cursor tools whose spec has no limit or after", { timeout: 120_000 }, async () => {
    const lacking = allCatalog.tools.filter((t) => t.pagination === "cursor" && (!t.inputSchema.properties.limit || !t.inputSchema.properties.after));
    expect(lacking.length).toBeGreaterThanOrEqual(6);
    const { accepted } = await refusesEverywhere(lacking, (spec) => addedArgs(spec).filter((n) => n === "limit" || n === "after"), allCatalog);
    expect(accepted).toEqual([]);
    expect(org.requests).toEqual([]);
  });
});

describe("arguments that would change the request's shape", () => {
  it("a header value with a line break is refused, not sent and not echoed by the HTTP stack", async () => {
    const h = await connectToOrg(org);
    const result = await h.client.callTool({ name: "update_user", arguments: { id: "00u1", if_match: 'W/"1"\r\nX-Injected: 1', profile: { nickName: "n" } } });
    expect(errorCode(result)).toBe("ERR_INVALID_ARGUMENTS");
    expect(JSON.stringify(result)).not.toContain("X-Injected");
    expect(org.requests).toEqual([]);
    await h.close();
  });

  it("path values stay one segment and query values are encoded, whatever they hold", async () => {
    const h = await connectToOrg(org);
    await h.client.callTool({ name: "get_user", arguments: { id: "../groups?x=1#y" } });
    await h.client.callTool({ name: "list_users", arguments: { search: 'profile.login eq "a&b=c#d"', limit: 2 } });
    expect(org.requests.map((r) => r.url)).toEqual([
      "/api/v1/users/..%2Fgroups%3Fx%3D1%23y",
      "/api/v1/users?search=profile.login%20eq%20%22a%26b%3Dc%23d%22&limit=2",
    ]);
    await h.close();
  });
});
