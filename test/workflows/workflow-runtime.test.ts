// How the runtime selects, lists and isolates the hand-written tools: toolsets and --read-only choose them like
// the table's tools, --no-confirm runs a plan without asking, and report resources belong to the admin who made them.
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { createResourceStore } from "../../src/runtime/workflows.js";
import { createSandboxOrg } from "../../src/sandbox/index.js";
import { workflows } from "../../src/workflows.js";
import { connect, text } from "../runtime/harness.js";
import { providerProblems } from "../../codegen/provider-check.js";

const SCOPES = ["okta.users.read", "okta.users.manage", "okta.logs.read"];

async function session(options: Record<string, unknown> = {}) {
  const org = createSandboxOrg({ token: "test-token" });
  const h = await connect({ catalog, scopes: SCOPES, options, deps: { workflows, fetch: org.fetch, loadValidators: async () => ({}) } });
  return { org, h };
}

describe("selection of playbooks and reports", () => {
  it("--toolsets reports lists security_report alone; run_playbook is then not exposed", async () => {
    const { h } = await session({ toolsets: ["reports"] });
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(["security_report", "get_auth_status"]);
    const refused = await h.client.callTool({ name: "run_playbook", arguments: { playbook: "offboard_user", user: "x" } });
    expect(text(refused)).toMatch(/ERR_TOOL_NOT_EXPOSED: Tool run_playbook is not exposed by this server's configuration/);
    await h.close();
  });

  it("--read-only keeps the reports and drops the playbooks", async () => {
    const { h } = await session({ readOnly: true });
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("security_report");
    expect(names).not.toContain("run_playbook");
    await h.close();
  });

  it("--no-confirm runs the plan without asking", async () => {
    const { h } = await session({ confirm: false });
    const users = (await h.client.callTool({ name: "list_users", arguments: { search: 'status eq "ACTIVE"', limit: 30 } })).structuredContent as { items: { id: string }[] };
    const id = users.items[users.items.length - 1].id;
    const result = await h.client.callTool({ name: "run_playbook", arguments: { playbook: "contain_compromised_account", user: id, execute: true } });
    expect((result.structuredContent as { outcome: string }).outcome, text(result)).toBe("completed");
    const records = h.audit.records.filter((r) => r.tool === "suspend_user");
    expect(records).toEqual([
      expect.objectContaining({ phase: "intent", confirmation: { via: "off" }, runId: expect.stringMatching(/^run_/) }),
      expect.objectContaining({ phase: "outcome", decision: "allowed", status: 200, runId: expect.stringMatching(/^run_/) }),
    ]);
    await h.close();
  });
});

describe("definitions every provider accepts", () => {
  it("run_playbook and security_report pass the Gemini subset and OpenAI's name rules", async () => {
    const org = createSandboxOrg({ token: "test-token" });
    const scopes = ["okta.users.read", "okta.users.manage", "okta.groups.read", "okta.groups.manage", "okta.apps.read", "okta.apps.manage", "okta.roles.read", "okta.roles.manage", "okta.logs.read", "okta.policies.read"];
    const h = await connect({ catalog, scopes, deps: { workflows, fetch: org.fetch, loadValidators: async () => ({}) } });
    const tools = (await h.client.listTools()).tools.filter((t) => t.name === "run_playbook" || t.name === "security_report");
    expect(tools).toHaveLength(2);
    expect(providerProblems(tools as never)).toEqual([]);
    await h.close();
  });
});

describe("report resources", () => {
  const resource = (uri: string) => ({ uri, name: uri, title: uri, mimeType: "text/csv", text: () => uri });

  it("belong to the admin who made them, and only the last runs are kept", () => {
    const store = createResourceStore(2);
    store.add("run_a", [resource("okta://reports/run_a/users.csv")], "ann@example.com");
    store.add("run_b", [resource("okta://reports/run_b/users.csv")], "bob@example.com");
    expect(store.read("okta://reports/run_a/users.csv", "bob@example.com")).toBeUndefined();
    expect(store.read("okta://reports/run_a/users.csv", "ann@example.com")?.text()).toBe("okta://reports/run_a/users.csv");
    expect(store.list("bob@example.com").map((r) => r.uri)).toEqual(["okta://reports/run_b/users.csv"]);
    expect(store.list().length).toBe(0);
    store.add("run_c", [resource("okta://reports/run_c/users.csv")]);
    expect(store.read("okta://reports/run_a/users.csv", "ann@example.com")).toBeUndefined();
    expect(store.list().map((r) => r.uri)).toEqual(["okta://reports/run_c/users.csv"]);
  });
});
