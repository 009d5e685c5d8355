// The real pinned Okta spec: every operation generates cleanly, and the curated-style allowlist gives the expected tools.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { JsonSchema, ToolCatalog, ToolSpec } from "../../src/tool-spec.js";
import { loadAllowlist, type LoadedSpec } from "../../codegen/load.js";
import { allAllowlistYaml } from "../../codegen/transform/all-allowlist.js";
import { buildCatalog } from "../../codegen/transform/catalog.js";
import { confirmationsByOperation } from "../../codegen/transform/confirmation.js";
import { defaultToolName } from "../../codegen/transform/names.js";
import { buildSchemaDocs, schemaAliases } from "../../codegen/transform/schema-docs.js";
import { parseAllowlist } from "../../codegen/load.js";
import { fixtures, generateQuietly, hasPinnedSpec, repoRoot } from "./support.js";
import { checkTable } from "./table-agreement.js";


function walk(schema: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(schema)) schema.forEach((s) => walk(s, visit));
  else if (schema && typeof schema === "object") {
    visit(schema as Record<string, unknown>);
    Object.values(schema).forEach((v) => walk(v, visit));
  }
}

describe.skipIf(!hasPinnedSpec)("full pinned spec", () => {
  let spec: LoadedSpec;
  let all: ToolCatalog;
  let files: Map<string, string>;
  let validatorSchemas: Record<string, JsonSchema>;
  beforeAll(async () => {
    const result = await generateQuietly({ all: true });
    spec = result.spec;
    all = result.built.catalog;
    files = result.files;
    validatorSchemas = result.built.validators;
  });

  it("--all: 732 operations, each a tool with a top-level object schema and no combinators", () => {
    expect(all.specRelease).toBe("2026.06.3");
    expect(all.tools).toHaveLength(732);
    expect(new Set(all.tools.map((t) => t.operationId)).size).toBe(732);
    for (const tool of all.tools) {
      expect(tool.name).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
      expect(tool.inputSchema.type, tool.name).toBe("object");
      for (const key of ["anyOf", "oneOf", "allOf"]) expect(tool.inputSchema, tool.name).not.toHaveProperty(key);
      expect(tool.description.length, tool.name).toBeLessThanOrEqual(300);
    }
  });

  it("--all: every tool's served schema and emitted zod validator accept and reject the same arguments", () => {
    const result = checkTable(all.tools, files.get("validators.ts") as string, 40, validatorSchemas);
    expect(result.problems).toEqual([]);
    expect(result.validators).toBe(732 + all.tools.filter((t) => t.update).length);
    expect(result.valid).toBeGreaterThan(732);
    expect(result.invalid).toBeGreaterThan(732);
  });

  it("--all: x-okta-iam-admin-roles reach ToolSpec.adminRoles; every non-GA lifecycle is noted in the description", () => {
    const withRoles = [...spec.operations.values()].filter((op) => Array.isArray(op.op["x-okta-iam-admin-roles"]));
    expect(withRoles.length).toBeGreaterThan(0);
    const byOperation = new Map(all.tools.map((t) => [t.operationId, t]));
    for (const op of withRoles) expect(byOperation.get(op.operationId)?.adminRoles, op.operationId).toEqual(op.op["x-okta-iam-admin-roles"]);
    const nonGa = all.tools.filter((t) => t.lifecycle && t.lifecycle !== "GA");
    expect(nonGa.length).toBeGreaterThan(0);
    for (const tool of nonGa) expect(tool.description, tool.name).toMatch(/(Early Access|Limited GA|Beta|Deprecated)[^.]*\.$/);
  });

  it("--all: every kept pattern compiles as a JavaScript unicode regex; no spec defaults, examples or x-okta keys", () => {
    const bad: string[] = [];
    for (const tool of all.tools) {
      walk(tool.inputSchema, (node) => {
        if (typeof node.pattern === "string") {
          try {
            new RegExp(node.pattern, "u");
          } catch {
            bad.push(`${tool.name}: ${node.pattern}`);
          }
        }
        for (const key of Object.keys(node)) if (/^x-okta|^examples?$/.test(key)) bad.push(`${tool.name}: ${key}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it("--all: the generated files exist and every tool has a validator", () => {
    expect([...files.keys()].sort()).toEqual([
      "README.md",
      "catalog.d.json.ts",
      "catalog.json",
      "catalog.ts",
      "openapi.d.ts",
      "schemas.d.json.ts",
      "schemas.json",
      "schemas.ts",
      "validator-schemas.d.json.ts",
      "validator-schemas.json",
      "validator-schemas.ts",
      "validators.ts",
    ]);
    const validators = files.get("validators.ts") as string;
    for (const tool of all.tools) expect(validators).toContain(`${JSON.stringify(tool.name)}: () =>`);
  });

  it("--all: every okta://schemas/ pointer in tools and resources names a served schema", () => {
    const docs = buildSchemaDocs(spec.doc, all.tools);
    // `okta://schemas/<Base>.<value>` names a subtype of a discriminated body through schemaAliases.
    const text = (JSON.stringify(all) + JSON.stringify(docs)).replaceAll(".<value>", "");
    const missing = [...text.matchAll(/okta:\/\/schemas\/([A-Za-z0-9_.-]+)/g)].map((m) => m[1]).filter((name) => !(name in docs));
    expect(missing).toEqual([]);
    const aliases = schemaAliases(all.tools);
    expect(Object.keys(aliases).length).toBeGreaterThan(50);
    for (const [alias, name] of Object.entries(aliases)) expect(docs, alias).toHaveProperty([name]);
    for (const tool of all.tools.filter((t) => t.bodyVariants)) {
      const description = tool.inputSchema.properties[tool.bodyVariants!.arg].description as string;
      if (tool.requestSchema) expect(description, tool.name).toBe(`Fields per value: okta://schemas/${tool.requestSchema}.<value>`);
      // An inline body has no component to alias: its description names each schema.
      else for (const name of Object.values(tool.bodyVariants!.values)) expect(description, tool.name).toContain(`okta://schemas/${name}`);
    }
    for (const tool of all.tools) {
      if (tool.requestSchema) expect(docs, tool.name).toHaveProperty([tool.requestSchema]);
      if (tool.responseSchema) expect(docs, tool.name).toHaveProperty([tool.responseSchema]);
    }
  });

  it("allowlists/all.yaml is equivalent to --all", () => {
    // The curated allowlist's confirmation rules and facts travel into all.yaml, as `npm run generate` does it.
    const own = loadAllowlist(join(repoRoot, "tools.allowlist.yaml"));
    const allowlist = parseAllowlist(allAllowlistYaml(spec.doc, spec.release, own.privilege, confirmationsByOperation(own.entries, defaultToolName)), "allowlists/all.yaml");
    expect(allowlist.entries.every((e) => e.kind === "tag")).toBe(true);
    expect(buildCatalog(spec, allowlist).catalog).toEqual(all);
  });

  describe("minimal allowlist", () => {
    let tools: Map<string, ToolSpec>;
    beforeAll(() => {
      // The spec parsed once above (parsing the 3.4 MB YAML again would cost seconds).
      const built = buildCatalog(spec, loadAllowlist(join(fixtures, "allowlists", "minimal.yaml")));
      tools = new Map(built.catalog.tools.map((t) => [t.name, t]));
    });

    it("has the 12 tools under their names", () => {
      expect([...tools.keys()].sort()).toEqual(
        [
          "add_user_to_group",
          "create_application",
          "create_group_push_mapping",
          "create_user",
          "deactivate_user",
          "delete_deactivated_user",
          "get_login_failures",
          "get_logs",
          "get_user",
          "list_applications",
          "list_groups",
          "list_users",
        ].sort(),
      );
    });

    it("list_users: cursor paging, projection, hidden Content-Type header", () => {
      const t = tools.get("list_users") as ToolSpec;
      expect(t.pagination).toBe("cursor");
      expect(t.projection).toEqual(["id", "status", "profile.login", "profile.email"]);
      expect(t.args.some((a) => a.wire === "Content-Type")).toBe(false);
      // Okta's own `fields` query parameter would shadow the runtime's projection argument.
      expect(t.args.find((a) => a.wire === "fields")).toEqual({ name: "okta_fields", in: "query", wire: "fields", required: false });
      expect(t.inputSchema.properties).not.toHaveProperty("fields");
      expect(t.inputSchema.properties.limit).not.toHaveProperty("default");
      expect(t.responseSchema).toBe("User");
    });

    it("two presets of listLogEvents; group push mapping needs both scopes; effects derived", () => {
      expect(tools.get("get_login_failures")?.presets).toEqual({ filter: 'eventType eq "user.session.start" and outcome.result eq "FAILURE"' });
      expect(tools.get("get_login_failures")?.inputSchema.properties).not.toHaveProperty("filter");
      expect(tools.get("get_logs")?.inputSchema.properties.filter).toBeDefined();
      expect(tools.get("create_group_push_mapping")?.scopes.sort()).toEqual(["okta.apps.manage", "okta.groups.manage"]);
      expect(tools.get("deactivate_user")?.effect).toBe("destructive");
      expect(tools.get("delete_deactivated_user")?.effect).toBe("destructive");
      expect(tools.get("create_user")?.effect).toBe("write");
    });

    it("createApplication: compact body pointing at schema resources, discriminator kept as enum", () => {
      const t = tools.get("create_application") as ToolSpec;
      expect(t.requestSchema).toBe("Application");
      expect(t.inputSchema.properties.signOnMode).toMatchObject({ type: "string" });
      expect((t.inputSchema.properties.signOnMode.enum as string[]).includes("SAML_2_0")).toBe(true);
      // Compact: the component's properties, types only (what model providers need to accept an object).
      expect(t.inputSchema.properties.visibility).toEqual({
        type: "object",
        description: "Visibility settings for the app. See resource okta://schemas/ApplicationVisibility",
        properties: {
          autoLaunch: { type: "boolean" },
          autoSubmitToolbar: { type: "boolean" },
          hide: { type: "object", properties: { iOS: { type: "boolean" }, web: { type: "boolean" } } },
        },
      });
    });
  });
});
