// Every tool definition the server lists, as a real MCP client receives it, passes what model providers accept:
// Gemini's function-declaration schema subset and OpenAI's (and Gemini's) function-name rules. Both shipped
// tables, direct and discover modes, confirmation on and off: runtime-added arguments, the discovery
// meta-tools and get_auth_status included.
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { catalog as allCatalog } from "../../src/generated-all/catalog.js";
import type { ToolCatalog } from "../../src/tool-spec.js";
import * as discovery from "../../src/runtime/discovery.js";
import { allCatalogScopes } from "../../src/runtime/inventory.js";
import { OPENAI_MAX_TOOLS, providerProblems } from "../../codegen/provider-check.js";
import { connect } from "./harness.js";

async function listed(table: ToolCatalog, toolMode: "direct" | "discover", confirm: boolean) {
  // --toolsets all: every tool of the table, not only the default toolsets.
  const h = await connect({ catalog: table, scopes: allCatalogScopes(table), options: { toolMode, confirm, toolsets: ["all"] }, deps: { discovery } });
  try {
    return (await h.client.listTools()).tools;
  } finally {
    await h.close();
  }
}

describe.each([
  ["default table", catalog],
  ["all operations (--catalog all)", allCatalog],
])("%s", (_label, table) => {
  it.each([
    ["direct", true],
    ["direct", false],
    ["discover", true],
  ] as const)("tools/list in %s mode (confirm %s) passes Gemini's schema subset and OpenAI's names", async (mode, confirm) => {
    const tools = await listed(table, mode, confirm);
    expect(tools.length).toBeGreaterThan(mode === "discover" ? 3 : 100);
    expect(providerProblems(tools)).toEqual([]);
    // The runtime's own arguments are part of what was checked.
    if (mode === "direct") expect(tools.some((t) => "fetchAll" in (t.inputSchema.properties ?? {}))).toBe(true);
    if (mode === "discover") expect(tools.length).toBeLessThanOrEqual(OPENAI_MAX_TOOLS);
  });
});
