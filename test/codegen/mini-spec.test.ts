// Given the hand-written mini spec and allowlist, want these tool entries (table) and this whole catalog (file snapshot).
import { beforeAll, describe, expect, it } from "vitest";
import type { ToolCatalog, ToolSpec } from "../../src/tool-spec.js";
import { buildSchemaDocs } from "../../codegen/transform/schema-docs.js";
import { generateQuietly, miniAllowlist, miniSpec, standInZodSource } from "./support.js";

let catalog: ToolCatalog;
let files: Map<string, string>;
let docs: Record<string, unknown>;
const tool = (name: string): ToolSpec => {
  const found = catalog.tools.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
};

beforeAll(async () => {
  const result = await generateQuietly({ specPath: miniSpec, allowlistPath: miniAllowlist, zodSource: standInZodSource });
  catalog = result.built.catalog;
  files = result.files;
  docs = buildSchemaDocs(result.spec.doc, catalog.tools);
});

describe("mini spec → tool table", () => {
  it.each([
    // given tool, want method/effect/pagination/idempotent
    { name: "list_widgets", method: "GET", effect: "read", pagination: "cursor", idempotent: true },
    { name: "create_widget", method: "POST", effect: "write", pagination: "none", idempotent: false },
    { name: "replace_widget", method: "PUT", effect: "write", pagination: "none", idempotent: true },
    { name: "delete_widget", method: "DELETE", effect: "destructive", pagination: "none", idempotent: true },
    { name: "deactivate_widget", method: "POST", effect: "destructive", pagination: "none", idempotent: false },
    { name: "upload_logo", method: "POST", effect: "write", pagination: "none", idempotent: false },
  ])("$name: $method, $effect, $pagination", ({ name, method, effect, pagination, idempotent }) => {
    const t = tool(name);
    expect(t.method).toBe(method);
    expect(t.effect).toBe(effect);
    expect(t.pagination).toBe(pagination);
    expect(t.annotations).toEqual({
      title: t.title,
      readOnlyHint: effect === "read",
      destructiveHint: effect === "destructive",
      idempotentHint: idempotent,
      openWorldHint: true,
    });
  });

  it("AND scopes come from the spec's oauth2 requirement", () => {
    expect(tool("create_widget").scopes).toEqual(["okta.widgets.manage", "okta.groups.manage"]);
    expect(tool("get_mini_metadata").scopes).toEqual([]);
  });

  it("lifecycle and admin roles reach the runtime, and non-GA lifecycle is in the description", () => {
    const t = tool("list_widgets");
    expect(t.lifecycle).toBe("EA");
    expect(t.adminRoles).toEqual(["ORG_ADMIN", "READ_ONLY_ADMIN"]);
    expect(t.description).toBe("List all widgets. Lists widgets in your org, see Widgets. Early Access: the feature must be enabled in the org.");
    expect(tool("create_widget").description).not.toMatch(/Early Access|Limited/);
  });

  it("list options: hidden header, allowlist default, projection, cursor descriptions, no spec default", () => {
    const t = tool("list_widgets");
    expect(t.args.map((a) => a.name)).toEqual(["after", "limit"]);
    expect(t.inputSchema.properties.limit).toEqual({ type: "integer", description: "Page size.", default: 10 });
    // The allowlist's `describe` replaces the spec's (and the generator's) text for that argument.
    expect(t.inputSchema.properties.after.description).toBe("Where the previous page ended.");
    expect(t.projection).toEqual(["id", "name"]);
    expect(t.defaults).toEqual({ limit: 10 });
    expect(t.responseSchema).toBe("Widget");
  });

  it("presets are hidden from the schema but kept as arguments", () => {
    const t = tool("list_red_widgets");
    expect(t.presets).toEqual({ limit: 5 });
    expect(t.inputSchema.properties).not.toHaveProperty("limit");
    expect(t.args.find((a) => a.name === "limit")).toEqual({ name: "limit", in: "query", wire: "limit", required: false });
  });

  it("JSON body: readOnly (also through allOf) and HAL _links/_embedded dropped, nullable enum, allOf merged, cycle cut, examples/x-okta/prose format/default dropped; served in the providers' subset", () => {
    const t = tool("create_widget");
    expect(t.requestSchema).toBe("Widget");
    expect(t.bodyContentType).toBe("application/json");
    // Nullable enum → its type and values (null is left out), format email dropped (only date-time is portable),
    // the cut cycle lists the component's properties (types only, one level further, nothing required).
    const owner = { type: "object", properties: { name: { type: "string" }, email: { type: "string" } } };
    expect(t.inputSchema).toEqual({
      type: "object",
      properties: {
        name: { type: "string", description: "Name of the widget" },
        color: { type: "string", enum: ["red", "blue"] },
        note: { type: "string" },
        parent: {
          type: "object",
          description: "See resource okta://schemas/Widget",
          properties: {
            name: { type: "string" },
            color: { type: "string", enum: ["red", "blue"] },
            note: { type: "string" },
            parent: { type: "object", properties: { name: { type: "string" }, color: { type: "string", enum: ["red", "blue"] }, note: { type: "string" } } },
            owner,
          },
        },
        owner: { ...owner, required: ["name", "email"] },
      },
      required: ["name"],
    });
    expect(t.args.filter((a) => a.in === "body").map((a) => a.wire)).toEqual(["name", "color", "note", "parent", "owner"]);
  });

  it("path-level parameter with a (?i) pattern becomes a case-insensitive JavaScript pattern", () => {
    const id = tool("replace_widget").inputSchema.properties.id;
    expect(id.pattern).toBe("^[0-9a-fA-F]{4}[xX]$");
    expect(new RegExp(id.pattern as string, "u").test("00AbX")).toBe(true);
  });

  it("oneOf with discriminator: one object, discriminator enum, body id renamed on collision", () => {
    const t = tool("add_shape");
    expect(t.inputSchema.properties.kind).toEqual({ type: "string", enum: ["circle", "square"] });
    // exclusiveMinimum is outside the providers' subset: the inclusive bound stands in (Okta checks the rest).
    expect(t.inputSchema.properties.radius).toEqual({ type: "number", minimum: 0 });
    expect(t.args.find((a) => a.name === "body_id")).toEqual({ name: "body_id", in: "body", wire: "id", required: false });
    expect(t.inputSchema).not.toHaveProperty("oneOf");
  });

  it("non-object bodies become one `body` argument sent whole", () => {
    expect(tool("replace_widget_tags").args.find((a) => a.in === "body")).toEqual({ name: "body", in: "body", wire: "*", required: false });
    expect(tool("replace_widget_tags").inputSchema.properties.body).toEqual({ type: "array", items: { type: "string" } });
    const cert = tool("upload_cert");
    expect(cert.bodyContentType).toBe("application/x-pem-file");
    expect(cert.args).toEqual([{ name: "body", in: "body", wire: "*", required: true }]);
  });

  it("multipart upload: a base64 `file` argument and the media type", () => {
    const t = tool("upload_logo");
    expect(t.bodyContentType).toBe("multipart/form-data");
    expect(t.args).toEqual([{ name: "file", in: "body", wire: "file", required: true }]);
    expect(t.inputSchema.properties.file).toEqual({ type: "string", description: "Image file. Base64-encoded file content." });
  });

  it("schema resources: full component, readOnly kept, cycle cut", () => {
    expect(Object.keys(docs)).toEqual(["Shape", "Widget"]);
    const widget = docs.Widget as { properties: Record<string, unknown>; description: string };
    expect(widget.properties.id).toEqual({ type: "string" });
    expect(widget.properties.parent).toMatchObject({ description: "See resource okta://schemas/Widget" });
    expect(JSON.stringify(widget)).not.toMatch(/example|x-okta|Gizmo/);
  });

  it("every schema is top-level object without combinators, and the files match the snapshot", async () => {
    for (const t of catalog.tools) {
      expect(t.inputSchema.type).toBe("object");
      for (const key of ["anyOf", "oneOf", "allOf"]) expect(t.inputSchema).not.toHaveProperty(key);
    }
    // The emitted bytes: pretty-printed, keys sorted, argument order kept inside `properties`.
    await expect(files.get("catalog.json")).toMatchFileSnapshot("__snapshots__/mini-catalog.json");
    await expect(files.get("validators.ts")).toMatchFileSnapshot("__snapshots__/mini-validators.ts.snap");
    expect(files.get("catalog.ts")).toMatch(/^\/\/ generated by codegen from Okta management API 2099\.01\.0, do not edit/);
    expect(files.get("openapi.d.ts")).toMatch(/export interface paths/);
  });
});
