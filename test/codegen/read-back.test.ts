// Allowlist `readBack`: checked against the spec (a GET whose path parameters the tool supplies) and carried
// into the ToolSpec; every problem names the allowlist line.
import { describe, expect, it } from "vitest";
import { loadSpec, parseAllowlist } from "../../codegen/load.js";
import { buildCatalog } from "../../codegen/transform/catalog.js";
import { resourceKey } from "../../codegen/transform/read-back.js";
import { miniSpec } from "./support.js";

const spec = loadSpec(miniSpec);
const build = (readBack: string) =>
  buildCatalog(
    spec,
    parseAllowlist(
      `toolsets:\n  widgets:\n    tools:\n      - listWidgets: { name: list_widgets, scopes: okta.widgets.read, fields: [id, status] }\n      - deactivateWidget: { scopes: okta.widgets.manage, readBack: ${readBack} }\n`,
      "rb.yaml",
    ),
  );

describe("readBack", () => {
  it("resolves a GET, taking the fields of the entry that exposes it", () => {
    const tool = build("listWidgets").catalog.tools.find((t) => t.operationId === "deactivateWidget");
    expect(tool?.readBack).toEqual({ operationId: "listWidgets", path: "/api/v1/widgets", scopes: ["okta.widgets.read"], projection: ["id", "status"], as: "widget" });
  });

  it("takes explicit fields and key", () => {
    const tool = build("{ operation: listWidgets, fields: [id], as: thing }").catalog.tools.find((t) => t.operationId === "deactivateWidget");
    expect(tool?.readBack).toMatchObject({ projection: ["id"], as: "thing" });
  });

  it.each([
    ["nope", /rb\.yaml:5:\d+: readBack of deactivateWidget names unknown operation "nope"/],
    ["replaceWidget", /readBack of deactivateWidget names replaceWidget, a PUT/],
    ["{ operation: listWidgets, color: red }", /unknown readBack key "color"/],
  ])("refuses readBack: %s", (readBack, message) => {
    expect(() => build(readBack)).toThrow(message);
  });

  it.each([
    ["/api/v1/users/{id}", "user"],
    ["/api/v1/policies/{policyId}/rules/{ruleId}", "rule"],
    ["/api/v1/policies/{policyId}", "policy"],
    ["/api/v1/zones/{zoneId}", "zone"],
    ["/api/v1/groups/rules/{groupRuleId}", "rule"],
  ])("names the object of %s %s", (path, key) => expect(resourceKey(path)).toBe(key));
});
