// Start-up warnings over the shipped default table: scope typos, nothing exposed, and more tools than clients accept.
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { allCatalogScopes, resolveSelection, type SelectionOptions } from "../../src/runtime/inventory.js";
import { CLIENT_TOOL_LIMIT, startupWarnings } from "../../src/runtime/startup-warnings.js";

function warnings(scopes: string[], selection: SelectionOptions = {}, toolMode: "direct" | "discover" = "direct") {
  return startupWarnings({
    catalog,
    inventory: resolveSelection(catalog, selection),
    toolMode,
    configuredScopes: scopes,
    grantedScopes: scopes,
    extraTools: toolMode === "discover" ? 4 : 1,
  });
}

describe("startup warnings", () => {
  const everyScope = allCatalogScopes(catalog);

  it("none for a correct configuration of the default toolsets", () => {
    expect(warnings(everyScope)).toEqual([]);
    expect(warnings(["okta.users.read", "offline_access"])).toEqual([]);
  });

  it("names the closest real scope for a typo, and says when nothing is exposed", () => {
    const found = warnings(["okta.users.raed"]);
    expect(found[0]).toBe(`OKTA_SCOPES has "okta.users.raed", which no tool needs: did you mean "okta.users.read"?`);
    expect(found[1]).toMatch(/^no tool is exposed: none of the \d+ selected tools has all its scopes in OKTA_SCOPES/);
  });

  it(`warns past ${CLIENT_TOOL_LIMIT} listed tools (--toolsets all with every scope), not in discover mode`, () => {
    const all = warnings(everyScope, { toolsets: ["all"] });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(new RegExp(`^${catalog.tools.length + 1} tools are exposed, more than the ${CLIENT_TOOL_LIMIT}`));
    expect(warnings(everyScope, { toolsets: ["all"] }, "discover")).toEqual([]);
    expect(warnings(everyScope, { toolsets: ["all"], readOnly: true })).toEqual([]);
  });
});

describe("default exposure", () => {
  it("is the allowlist's default toolsets; explicit --tools or --toolsets are never narrowed by it", () => {
    const byDefault = resolveSelection(catalog, {}).selected;
    expect(new Set(byDefault.map((t) => t.toolset))).toEqual(new Set(catalog.toolsets.filter((t) => t.default).map((t) => t.name)));
    expect(byDefault.length).toBeLessThan(catalog.tools.length);
    expect(resolveSelection(catalog, { toolsets: ["all"] }).selected).toHaveLength(catalog.tools.length);
    expect(resolveSelection(catalog, { tools: ["list_devices"] }).selected.map((t) => t.name)).toEqual(["list_devices"]);
    const allowlisted = resolveSelection(catalog, { allowlist: { tools: ["list_users", "list_devices"], toolsets: [] } }).selected;
    expect(allowlisted.map((t) => t.name)).toEqual(["list_users", "list_devices"]);
    expect(resolveSelection(catalog, { toolsets: ["devices"] }).selected.every((t) => t.toolset === "devices")).toBe(true);
    expect(() => resolveSelection(catalog, { toolsets: ["nope"] })).toThrow(/unknown toolset "nope".*, or all\)/);
  });
});
