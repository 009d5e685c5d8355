// What an operator should hear about at start-up, before a client connects: configured scope names that no tool
// needs (typos such as okta.users.raed), a configuration that exposes no tool at all, and more tools than
// common MCP clients accept. Warnings only: the server still starts.
import type { ToolCatalog } from "../tool-spec.js";
import { allCatalogScopes, type Inventory } from "./inventory.js";
import { unknownScopes } from "./scopes.js";

/** VS Code / GitHub Copilot and the OpenAI API refuse more tools than this in one request. */
export const CLIENT_TOOL_LIMIT = 128;

export interface StartupFacts {
  catalog: ToolCatalog;
  inventory: Inventory;
  toolMode: "direct" | "discover";
  /** OKTA_SCOPES as configured (the sandbox grants every scope and has none configured). */
  configuredScopes: readonly string[];
  /** Scopes the session is expected to hold at start (configured, or all of them in the sandbox). */
  grantedScopes: readonly string[];
  /** Tools the server lists beside the table's (get_auth_status; the meta-tools in discover mode). */
  extraTools: number;
}

export function startupWarnings(facts: StartupFacts): string[] {
  const warnings: string[] = [];
  for (const { scope, suggestion } of unknownScopes(facts.configuredScopes, allCatalogScopes(facts.catalog))) {
    warnings.push(
      suggestion
        ? `OKTA_SCOPES has "${scope}", which no tool needs: did you mean "${suggestion}"?`
        : `OKTA_SCOPES has "${scope}", which no tool of this table needs (check the spelling; it is ignored)`,
    );
  }
  const visible = facts.inventory.visible(facts.grantedScopes);
  if (facts.inventory.selected.length > 0 && visible.length === 0) {
    const wanted = allCatalogScopes({ ...facts.catalog, tools: [...facts.inventory.selected] }).slice(0, 4);
    warnings.push(`no tool is exposed: none of the ${facts.inventory.selected.length} selected tools has all its scopes in OKTA_SCOPES (they need scopes such as ${wanted.join(", ")})`);
  }
  const listed = facts.toolMode === "discover" ? facts.extraTools : visible.length + facts.extraTools;
  if (listed > CLIENT_TOOL_LIMIT) {
    warnings.push(
      `${listed} tools are exposed, more than the ${CLIENT_TOOL_LIMIT} that VS Code/Copilot and the OpenAI API accept: ` +
        `narrow them with --toolsets, --tools or --read-only, or use --tool-mode discover (see "Fit your client" in the README)`,
    );
  }
  return warnings;
}
