// Invariants over every tool in the generated table, as the runtime serves it.
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { resolveSelection } from "../../src/runtime/inventory.js";
import { servedTool } from "../../src/runtime/served-tools.js";

describe("generated table", () => {
  it("is non-empty with unique names", () => {
    expect(catalog.tools.length).toBeGreaterThan(0);
    expect(new Set(catalog.tools.map((t) => t.name)).size).toBe(catalog.tools.length);
  });

  it("every tool: annotations set, object schema, destructive hint matches effect, path args cover the template", () => {
    for (const tool of catalog.tools) {
      const served = servedTool(tool, { confirmationToken: true, maxItems: 1000 });
      const plain = servedTool(tool, { confirmationToken: false, maxItems: 1000 });
      expect(served.inputSchema.type, tool.name).toBe("object");
      expect(served.inputSchema).not.toHaveProperty("oneOf");
      expect(served.inputSchema).not.toHaveProperty("anyOf");
      expect(served.title, tool.name).toBeTruthy();
      for (const key of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        expect(served.annotations[key], `${tool.name}.${key}`).toBeTypeOf("boolean");
      }
      expect(served.annotations.destructiveHint, tool.name).toBe(tool.effect === "destructive");
      expect(served.annotations.readOnlyHint, tool.name).toBe(tool.effect === "read");
      expect(tool.name.length).toBeLessThanOrEqual(64);
      const placeholders = [...tool.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const pathWires = tool.args.filter((a) => a.in === "path").map((a) => a.wire).sort();
      expect(pathWires, tool.name).toEqual(placeholders);
      // Every destructive tool is confirmed; the token argument is served only when the operator opted in to tokens.
      if (tool.effect === "destructive") expect(tool.confirm, tool.name).toMatchObject({ reason: "destructive" });
      if (tool.confirm) expect(served.inputSchema.properties, tool.name).toHaveProperty("confirmationToken");
      expect(plain.inputSchema.properties, tool.name).not.toHaveProperty("confirmationToken");
      if (tool.pagination === "cursor") expect(served.inputSchema.properties, tool.name).toHaveProperty("fetchAll");
    }
  });

  it("every tool has a validator, and no runtime argument collides with a spec argument", async () => {
    const { validators } = await import("../../src/generated/validators.js");
    for (const tool of catalog.tools) {
      expect(validators[tool.name], tool.name).toBeTypeOf("function");
      for (const arg of tool.args) expect(["fields", "fetchAll", "confirmationToken"], tool.name).not.toContain(arg.name);
    }
  });

  it("read-only keeps only read tools", () => {
    const inventory = resolveSelection(catalog, { readOnly: true });
    expect(inventory.selected.length).toBeGreaterThan(0);
    expect(inventory.selected.every((t) => t.effect === "read")).toBe(true);
  });
});
