// The provider checker (Gemini's function-declaration schema subset, OpenAI's names) and the post-pass that
// brings a generated input schema into that subset.
import { describe, expect, it } from "vitest";
import { geminiSchemaProblems, providerProblems, toolNameProblems } from "../../codegen/provider-check.js";
import { portableInputSchema, type PortableContext } from "../../codegen/transform/portable.js";
import type { InputSchema, JsonSchema } from "../../src/tool-spec.js";

const root = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "object", properties, ...extra });

describe("the checker refuses what Gemini refuses", () => {
  it.each([
    ["a type array", root({ a: { type: ["string", "null"] } }), "type must be one type"],
    ["additionalProperties, nested", root({ a: { type: "object", properties: { b: { type: "string" } }, additionalProperties: true } }), 'keyword "additionalProperties"'],
    ["additionalProperties, top level", root({ a: { type: "string" } }, { additionalProperties: false }), 'keyword "additionalProperties"'],
    ["an object without properties", root({ profile: { type: "object" } }), "must list its properties"],
    ["a missing type", root({ a: { description: "x" } }), "type is required"],
    ["a number enum", root({ a: { type: "integer", enum: [1, 2] } }), "enum values must be strings"],
    ["a null in an enum", root({ a: { type: "string", enum: ["a", null] } }), "enum values must be strings"],
    ["format email", root({ a: { type: "string", format: "email" } }), 'format "email" is not accepted'],
    ["an array without items", root({ a: { type: "array" } }), "an array needs items"],
    ["items on a string", root({ a: { type: "string", items: { type: "string" } } }), "items is only allowed for type array"],
    ["required that is not a property", root({ a: { type: "object", properties: { b: { type: "string" } }, required: ["c"] } }), 'required "c" is not a property'],
    ["exclusiveMinimum", root({ a: { type: "number", exclusiveMinimum: 0 } }), 'keyword "exclusiveMinimum"'],
    ["contentEncoding", root({ a: { type: "string", contentEncoding: "base64" } }), 'keyword "contentEncoding"'],
    ["a parameter name with a dash", root({ "Content-Type": { type: "string" } }), 'parameter name "Content-Type"'],
    ["a non-object root", { type: "string" }, "parameters must be a schema of type object"],
  ])("%s", (_what, schema, problem) => {
    const problems = geminiSchemaProblems(schema);
    expect(problems.join("\n")).toContain(problem);
  });

  it("accepts what the subset allows, an empty root (a tool without parameters) included", () => {
    expect(geminiSchemaProblems(root({}))).toEqual([]);
    expect(
      geminiSchemaProblems(
        root(
          {
            id: { type: "string", description: "x", pattern: "^a$", minLength: 1 },
            when: { type: "string", format: "date-time" },
            n: { type: "integer", minimum: 1, maximum: 9, default: 2 },
            tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, maxItems: 3 },
            either: { anyOf: [{ type: "string" }, { type: "integer" }] },
            nested: { type: "object", properties: { x: { type: "boolean" } }, required: ["x"] },
          },
          { required: ["id"] },
        ),
      ),
    ).toEqual([]);
  });

  it("names: OpenAI's ^[a-zA-Z0-9_-]{1,64}$ and Gemini's letter-first rule; duplicates", () => {
    expect(toolNameProblems("list_users")).toEqual([]);
    expect(toolNameProblems("okta.list_users").join()).toContain("OpenAI");
    expect(toolNameProblems("1st_tool").join()).toContain("Gemini");
    expect(toolNameProblems("x".repeat(65))).toHaveLength(2);
    expect(providerProblems([{ name: "a", inputSchema: root({}) }, { name: "a", inputSchema: root({}) }])).toEqual(["a: name listed twice"]);
  });
});

describe("portableInputSchema", () => {
  const components: Record<string, JsonSchema> = {
    UserProfile: {
      type: "object",
      additionalProperties: true,
      properties: Object.fromEntries([
        ...["city", "costCenter", "department", "division", "nickName", "title", "zipCode", "state", "locale", "manager", "organization", "timezone"].map((k) => [k, { type: ["string", "null"] }]),
        ["email", { type: "string", format: "email", minLength: 5 }],
        ["login", { type: "string", minLength: 5 }],
      ]),
    },
    Credentials: {
      type: "object",
      properties: { password: { type: "object", properties: { value: { type: "string", description: "secret" } } }, provider: { type: "object", properties: { type: { type: "string", enum: ["OKTA", "LDAP"] } } } },
    },
  };
  const ctx: PortableContext = { component: (name) => components[name] };
  const portable = (properties: Record<string, JsonSchema>, extra: Partial<InputSchema> = {}, context = ctx) =>
    portableInputSchema({ type: "object", properties, ...extra }, context);

  it("nullable types and enums lose null; formats other than date-time, contentEncoding and uniqueItems go; exclusive bounds become inclusive", () => {
    const { inputSchema, jsonText } = portable({
      color: { type: ["string", "null"], enum: ["red", null] },
      at: { type: "string", format: "date-time" },
      email: { type: "string", format: "email" },
      file: { type: "string", contentEncoding: "base64", description: "Base64." },
      names: { type: "array", uniqueItems: true, items: { type: "string" } },
      count: { type: "integer", exclusiveMinimum: 0 },
      ratio: { type: "number", exclusiveMaximum: 1 },
    });
    expect(jsonText).toEqual([]);
    expect(inputSchema.properties).toEqual({
      color: { type: "string", enum: ["red"] },
      at: { type: "string", format: "date-time" },
      email: { type: "string" },
      file: { type: "string", description: "Base64." },
      names: { type: "array", items: { type: "string" } },
      count: { type: "integer", minimum: 1 },
      ratio: { type: "number", maximum: 1 },
    });
    expect(geminiSchemaProblems(inputSchema)).toEqual([]);
  });

  it("number enums are spelled out in the description; several types become anyOf", () => {
    const { inputSchema } = portable({ level: { type: "integer", enum: [1, 2], description: "Level" }, either: { type: ["string", "integer", "null"] } });
    expect(inputSchema.properties.level).toEqual({ type: "integer", description: "Level. One of 1, 2." });
    expect(inputSchema.properties.either).toEqual({ anyOf: [{ type: "string" }, { type: "integer" }] });
    // Branches that differ only in what the subset drops collapse into one.
    const { inputSchema: expiry } = portable({ expiry: { anyOf: [{ type: "string", format: "date-time" }, { type: "string", pattern: "^P" }] } });
    expect(expiry.properties.expiry).toEqual({ anyOf: [{ type: "string", format: "date-time" }, { type: "string", pattern: "^P" }] });
    const { inputSchema: same } = portable({ target: { description: "Where", anyOf: [{ type: "string", format: "uri" }, { type: "string", format: "email" }] } });
    expect(same.properties.target).toEqual({ type: "string", description: "Where" });
  });

  it("a compact object lists its component's properties, types only; a large open one only the checked ones", () => {
    const { inputSchema } = portable({
      credentials: { type: "object", additionalProperties: true, description: "Credentials. See resource okta://schemas/Credentials" },
      profile: { type: "object", additionalProperties: true, description: "Profile. See resource okta://schemas/UserProfile" },
    });
    expect(inputSchema.properties.credentials).toEqual({
      type: "object",
      description: "Credentials. See resource okta://schemas/Credentials",
      properties: { password: { type: "object", properties: { value: { type: "string" } } }, provider: { type: "object", properties: { type: { type: "string", enum: ["OKTA", "LDAP"] } } } },
    });
    expect(inputSchema.properties.profile).toEqual({
      type: "object",
      description: "Profile. See resource okta://schemas/UserProfile",
      properties: { email: { type: "string" }, login: { type: "string" } },
    });
    expect(geminiSchemaProblems(inputSchema)).toEqual([]);
  });

  it("a compacted argument without a pointer is sketched from the schema it was compacted from", () => {
    const original = (name: string) => (name === "type" ? ({ type: "object", properties: { id: { type: "string" } } } as JsonSchema) : undefined);
    const { inputSchema, jsonText } = portable({ type: { type: "object", additionalProperties: true, description: "ID of the user type." } }, {}, { ...ctx, original });
    expect(jsonText).toEqual([]);
    expect(inputSchema.properties.type).toEqual({ type: "object", description: "ID of the user type.", properties: { id: { type: "string" } } });
  });

  it("a free-form object: left out of its parent when nested and optional, JSON text at the top level", () => {
    const { inputSchema, jsonText } = portable(
      {
        settings: { type: "object", properties: { name: { type: "string" }, app: { type: "object", additionalProperties: true } } },
        profile: { type: "object", additionalProperties: true, description: "App profile." },
        maps: { type: "array", items: { type: "object", additionalProperties: { type: "string" } } },
        strict: { type: "object", properties: { extra: { type: "object", additionalProperties: true } }, required: ["extra"] },
      },
      { required: ["profile"] },
    );
    expect(inputSchema.properties.settings).toEqual({ type: "object", properties: { name: { type: "string" } } });
    expect(jsonText).toEqual(["profile", "maps", "strict"]);
    expect(inputSchema.properties.profile).toEqual({ type: "string", description: "JSON text of an object: App profile." });
    expect(inputSchema.properties.maps).toEqual({ type: "string", description: "JSON text of an array of objects." });
    expect(inputSchema.required).toEqual(["profile"]);
    expect(geminiSchemaProblems(inputSchema)).toEqual([]);
  });
});
