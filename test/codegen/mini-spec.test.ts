// Given the hand-written mini spec and allowlist, want these tool entries (table) and this whole catalog (file snapshot).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { JsonSchema, ToolCatalog, ToolSpec } from "../../src/tool-spec.js";
import { CodegenError } from "../../codegen/errors.js";
import { loadSpec, parseAllowlist } from "../../codegen/load.js";
import { buildCatalog } from "../../codegen/transform/catalog.js";
import { buildSchemaDocs, schemaAliases } from "../../codegen/transform/schema-docs.js";
import { zodSource } from "../../codegen/transform/zod-source.js";
import { generateQuietly, miniAllowlist, miniSpec, standInZodSource } from "./support.js";

let catalog: ToolCatalog;
let files: Map<string, string>;
let docs: Record<string, unknown>;
let validatorSchemas: Record<string, JsonSchema>;

/** The generated validator of `key`, compiled as the runtime would load it. */
function validator(key: string): z.ZodType {
  return new Function("z", `return ${zodSource(validatorSchemas[key])}`)(z) as z.ZodType;
}
const issues = (key: string, args: unknown) => {
  const parsed = validator(key).safeParse(args);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};
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
  validatorSchemas = result.built.validators;
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
    expect(t.inputSchema.properties.kind).toEqual({ type: "string", enum: ["circle", "square"], description: "Fields per value: okta://schemas/Shape.<value>" });
    expect(t.bodyVariants).toEqual({ arg: "kind", values: { circle: "Circle", square: "Square" } });
    // exclusiveMinimum is outside the providers' subset: the inclusive bound stands in (the validator keeps it).
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

  it("schema resources: full component, readOnly kept, cycle cut; subtypes also by <Base>.<value>", () => {
    expect(Object.keys(docs)).toEqual(["Circle", "Dial", "Gadget", "Knob", "Shape", "Square", "Widget"]);
    expect(schemaAliases(catalog.tools)).toEqual({ "Gadget.DIAL": "Dial", "Gadget.KNOB": "Knob", "Gadget.LEVER": "Gadget", "Shape.circle": "Circle", "Shape.square": "Square" });
    expect(files.get("schemas.ts")).toMatch(/schemaDocs\[alias\] = schemaDocs\[name\]/);
    // A subtype's resource has the base's fields and its own, readOnly ones marked.
    expect(docs.Knob).toMatchObject({ properties: { name: {}, type: { enum: ["KNOB", "DIAL", "LEVER"] }, turns: { minimum: 0 }, serial: { type: "string" } }, required: ["name", "type", "turns"] });
    const widget = docs.Widget as { properties: Record<string, unknown>; description: string };
    expect(widget.properties.id).toEqual({ type: "string" });
    expect(widget.properties.parent).toMatchObject({ description: "See resource okta://schemas/Widget" });
    expect(JSON.stringify(widget)).not.toMatch(/example|x-okta|Gizmo/);
  });

  it("discriminated body (allOf subtypes): served enum + every subtype's fields; the validator is exact per subtype", () => {
    const t = tool("create_gadget");
    expect(t.bodyVariants).toEqual({ arg: "type", values: { KNOB: "Knob", DIAL: "Dial", LEVER: "Gadget" } });
    expect(t.inputSchema).toEqual({
      type: "object",
      properties: {
        name: { type: "string", description: "Name of the gadget" },
        type: { type: "string", enum: ["KNOB", "DIAL", "LEVER"], description: "Fields per value: okta://schemas/Gadget.<value>" },
        turns: { type: "integer" },
        // A type-specific object has no fixed properties: served as JSON text (the runtime parses it, then validates).
        face: { type: "string", description: "JSON text of an object." },
        serial: { type: "string" },
      },
      required: ["name", "type"],
    });
    expect(issues("create_gadget", { name: "a", type: "KNOB", turns: 3 })).toEqual([]);
    expect(issues("create_gadget", { name: "a", type: "LEVER" })).toEqual([]);
    // Each subtype's own rules, with the path named.
    expect(issues("create_gadget", { name: "a", type: "KNOB" })).toEqual(["turns: Invalid input: expected number, received undefined"]);
    expect(issues("create_gadget", { name: "a", type: "KNOB", turns: -1 })).toEqual(["turns: Too small: expected number to be >=0"]);
    expect(issues("create_gadget", { name: "a", type: "DIAL", face: { digits: 13 } })).toEqual(["face.digits: Too big: expected number to be <=12"]);
    // A field of another subtype (or a read-only one) is refused by name.
    expect(issues("create_gadget", { name: "a", type: "DIAL", turns: 2 })).toEqual(["turns: not a field when type is DIAL"]);
    expect(issues("create_gadget", { name: "a", type: "KNOB", turns: 1, serial: "x" })).toEqual(["serial: not a field when type is KNOB"]);
    expect(issues("create_gadget", { name: "a", type: "NOPE" })[0]).toMatch(/^type: Invalid discriminator value/);
  });

  it("full-replace PUT with a GET on its path: a merge update (read scopes covered by manage, read-only paths per type)", () => {
    const t = tool("replace_gadget");
    expect(t.update).toEqual({
      readOperationId: "getGadget",
      readPath: "/api/v1/gadgets/{gadgetId}",
      readScopes: ["okta.widgets.manage"],
      readOnly: ["id"],
      readOnlyByType: { KNOB: ["serial"] },
      replaceArg: "replace",
    });
    // Fields to change are optional; the type may be left out (the current object's then applies).
    expect(t.inputSchema.required).toEqual(["gadgetId"]);
    expect(t.inputSchema.properties.replace).toEqual({ type: "boolean", description: "Clear the fields not given." });
    expect(issues("replace_gadget", { gadgetId: "g1", name: "b" })).toEqual([]);
    expect(issues("replace_gadget", { gadgetId: "g1", type: "DIAL", face: { digits: 3 } })).toEqual([]);
    expect(issues("replace_gadget", { gadgetId: "g1", type: "DIAL", turns: 1 })).toEqual(["turns: not a field when type is DIAL"]);
    // The whole-object form requires what the subtype requires.
    expect(issues("replace_gadget#replace", { gadgetId: "g1", type: "KNOB", name: "n", replace: true })).toEqual(["turns: Invalid input: expected number, received undefined"]);
    expect(issues("replace_gadget#replace", { gadgetId: "g1", type: "KNOB", name: "n", turns: 0, replace: true })).toEqual([]);
    expect(tool("replace_widget").update).toMatchObject({ readOperationId: "getWidget", readOnly: ["created", "id", "lastUpdated"] });
    // A PUT whose body is not an object of fields stays a plain replacement.
    expect(tool("replace_widget_tags").update).toBeUndefined();
  });

  it("require: arguments and dot paths a required body must carry", () => {
    const t = tool("create_note");
    expect(t.inputSchema.required).toEqual(["text", "meta"]);
    expect(t.inputSchema.properties.meta).toMatchObject({ type: "object", required: ["author"] });
    expect(t.args.filter((a) => a.required).map((a) => a.name)).toEqual(["text", "meta"]);
  });

  it("refuses, by name, an entry that leaves a required body optional, and a require: that names no field", () => {
    const spec = loadSpec(miniSpec);
    const text = readFileSync(miniAllowlist, "utf8");
    const without = parseAllowlist(text.replace("{ scopes: okta.widgets.manage, require: [text, meta.author] }", "okta.widgets.manage"), "mini.yaml");
    expect(() => buildCatalog(spec, without)).toThrow(CodegenError);
    expect(() => buildCatalog(spec, without)).toThrow(/create_note \(createNote\): the spec requires a request body, but every body argument is optional/);
    // `a|b`: at least one of them (checked by the validator; the served schema cannot say it).
    const either = buildCatalog(spec, parseAllowlist(text.replace("require: [text, meta.author]", 'require: ["text|meta"]'), "mini.yaml"));
    const note = either.catalog.tools.find((t) => t.name === "create_note")!;
    expect(note.inputSchema.required).toBeUndefined();
    const eitherCheck = new Function("z", `return ${zodSource(either.validators.create_note)}`)(z) as z.ZodType;
    expect(eitherCheck.safeParse({}).success).toBe(false);
    expect(eitherCheck.safeParse({ meta: {} }).success).toBe(true);
    const wrong = parseAllowlist(text.replace("require: [text, meta.author]", "require: [meta.nope]"), "mini.yaml");
    expect(() => buildCatalog(spec, wrong)).toThrow(/"nope" is not a field/);
    const merge = parseAllowlist(text.replace("- replaceGadget: okta.widgets.manage", "- replaceGadget: { scopes: okta.widgets.manage, merge: false }"), "mini.yaml");
    expect(buildCatalog(spec, merge).catalog.tools.find((t) => t.name === "replace_gadget")?.update).toBeUndefined();
    const badRead = parseAllowlist(text.replace("- replaceGadget: okta.widgets.manage", "- replaceGadget: { scopes: okta.widgets.manage, read: listWidgets }"), "mini.yaml");
    expect(() => buildCatalog(spec, badRead)).toThrow(/read: listWidgets.*not a GET|does not answer a single JSON object/);
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
