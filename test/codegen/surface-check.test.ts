// The generator's check of what a model reads (codegen/surface-check.ts): each kind of noise is found, and the
// shipped tables have none.
import { describe, expect, it } from "vitest";
import { checkSurface, flaggedTools } from "../../codegen/surface-check.js";
import { catalog } from "../../src/generated/catalog.js";
import { catalog as allCatalog } from "../../src/generated-all/catalog.js";
import type { ToolSpec } from "../../src/tool-spec.js";

const base: ToolSpec = {
  name: "t",
  toolset: "x",
  operationId: "t",
  title: "T",
  description: "Does a thing.",
  method: "GET",
  path: "/t",
  args: [],
  inputSchema: { type: "object", properties: {} },
  scopes: [],
  effect: "read",
  annotations: { title: "T", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  pagination: "none",
  tags: [],
  responseBody: true,
};
const tool = (patch: Partial<ToolSpec>): ToolSpec => ({ ...base, ...patch });

describe("checkSurface finds", () => {
  it("a description cut off, on the tool or any argument", () => {
    const findings = checkSurface([
      tool({ name: "a", description: "Lists things in the…" }),
      tool({ name: "b", inputSchema: { type: "object", properties: { since: { type: "string", description: "Lower time bound for..." } } } }),
      tool({ name: "c", inputSchema: { type: "object", properties: { p: { type: "object", properties: { q: { type: "string", description: "Deep…" } } } } } }),
    ]);
    expect(findings.map((f) => [f.tool, f.kind])).toEqual([
      ["a", "truncated"],
      ["b", "truncated"],
      ["c", "truncated"],
    ]);
  });

  it("a header the runtime owns offered as an argument", () => {
    const [finding] = checkSurface([
      tool({ name: "update", args: [{ name: "if_match", in: "header", wire: "If-Match", required: false }], inputSchema: { type: "object", properties: { if_match: { type: "string" } } } }),
    ]);
    expect(finding).toMatchObject({ tool: "update", kind: "runtime-header" });
    // Kept for the wire but out of the schema is the fixed form.
    expect(checkSurface([tool({ args: [{ name: "if_match", in: "header", wire: "If-Match", required: false, runtimeOwned: true }] })])).toEqual([]);
  });

  it("fields where no body comes back (a table that does not say counts as not knowing)", () => {
    expect(checkSurface([tool({ method: "POST", responseBody: undefined })])).toEqual([
      { tool: "t", kind: "fields-without-body", detail: "offers fields, but the table does not say whether a body comes back" },
    ]);
    expect(checkSurface([tool({ method: "POST", responseBody: false })])).toEqual([]);
  });

  it("a count in the query typed as a string", () => {
    const limit = (type: string, description?: string) =>
      tool({ name: type, args: [{ name: "n", in: "query", wire: type === "string" ? "limit" : "n", required: false }], inputSchema: { type: "object", properties: { n: { type, ...(description ? { description } : {}) } } } });
    expect(checkSurface([limit("string"), limit("integer")]).map((f) => [f.tool, f.kind])).toEqual([["string", "count-not-number"]]);
    const worded = tool({ args: [{ name: "top", in: "query", wire: "top", required: false }], inputSchema: { type: "object", properties: { top: { type: "string", description: "Number of policy rules returned." } } } });
    expect(checkSurface([worded])[0]).toMatchObject({ kind: "count-not-number" });
  });
});

describe("the shipped tables", () => {
  it.each([
    ["default", catalog],
    ["all operations", allCatalog],
  ])("%s: no tool flagged", (_label, table) => {
    const findings = checkSurface(table.tools);
    expect(flaggedTools(findings)).toEqual([]);
    // What the check fixed is visible in the table: the plumbing is kept for the wire, out of the schema.
    const deactivate = table.tools.find((t) => t.operationId === "deactivateUser")!;
    expect(deactivate.responseBody).toBe(false);
    expect(deactivate.args.find((a) => a.wire === "Prefer")).toMatchObject({ in: "header", runtimeOwned: true });
    expect(Object.keys(deactivate.inputSchema.properties)).not.toContain("Prefer");
    const updateUser = table.tools.find((t) => t.operationId === "updateUser")!;
    expect(updateUser.args.find((a) => a.wire === "If-Match")).toMatchObject({ runtimeOwned: true });
    const createRule = table.tools.find((t) => t.operationId === "createPolicyRule")!;
    expect(createRule.args.some((a) => a.wire === "limit")).toBe(false);
    const listRules = table.tools.find((t) => t.operationId === "listPolicyRules")!;
    expect(listRules.inputSchema.properties.limit).toMatchObject({ type: "integer" });
    const logs = table.tools.find((t) => t.operationId === "listLogEvents")!;
    expect(logs.inputSchema.properties.since.description).toBe(
      "Filters the lower time bound of the log events `published` property for bounded queries or persistence time for polling queries",
    );
  });
});
