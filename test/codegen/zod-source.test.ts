import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { JsonSchema } from "../../src/tool-spec.js";
import { zodSource } from "../../codegen/transform/zod-source.js";
import { checkAgreement } from "./schema-agreement.js";

const str = { type: "string" };
const int = { type: "integer" };

/** Tool-argument schemas, one behaviour each; every one must agree with ajv on ≥ 200 generated values. */
const cases: Array<[string, JsonSchema]> = [
  ["empty object", { type: "object" }],
  ["required and optional", { type: "object", properties: { id: str, limit: int }, required: ["id"] }],
  ["additionalProperties false", { type: "object", properties: { a: str }, additionalProperties: false }],
  ["additionalProperties true", { type: "object", properties: { a: str }, additionalProperties: true }],
  ["additionalProperties schema", { type: "object", properties: { a: str }, additionalProperties: { type: "number", minimum: 0 } }],
  ["required key without property schema", { type: "object", properties: { a: str }, required: ["a", "b"] }],
  ["string lengths", { type: "object", properties: { s: { type: "string", minLength: 2, maxLength: 5 } }, required: ["s"] }],
  ["pattern", { type: "object", properties: { s: { type: "string", pattern: "^[\\w\\-_. ]+$" } }, required: ["s"] }],
  ["unicode pattern", { type: "object", properties: { s: { type: "string", pattern: "^\\p{L}{1,3}$" } }, required: ["s"] }],
  ["unanchored pattern", { type: "object", properties: { s: { type: "string", pattern: "[0-9a-f]{4}" } }, required: ["s"] }],
  ["number bounds", { type: "object", properties: { n: { type: "number", minimum: -1.5, maximum: 10 } }, required: ["n"] }],
  ["exclusive bounds", { type: "object", properties: { n: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 } }, required: ["n"] }],
  ["integer bounds", { type: "object", properties: { n: { type: "integer", minimum: 1, maximum: 200 } }, required: ["n"] }],
  ["unbounded integer", { type: "object", properties: { n: int }, required: ["n"] }],
  ["multipleOf", { type: "object", properties: { n: { type: "integer", minimum: 6, maximum: 10, multipleOf: 2 } }, required: ["n"] }],
  ["boolean and null", { type: "object", properties: { b: { type: "boolean" }, z: { type: "null" } }, required: ["b", "z"] }],
  ["nullable string", { type: "object", properties: { s: { type: ["string", "null"], maxLength: 3 } }, required: ["s"] }],
  ["type list", { type: "object", properties: { v: { type: ["string", "integer", "boolean"], minLength: 1, minimum: 0 } }, required: ["v"] }],
  ["leftover nullable", { type: "object", properties: { s: { type: "string", nullable: true } }, required: ["s"] }],
  ["string enum", { type: "object", properties: { e: { type: "string", enum: ["ACTIVE", "SUSPENDED"] } }, required: ["e"] }],
  ["nullable enum", { type: "object", properties: { e: { type: ["string", "null"], enum: ["A", "B", null] } } }],
  ["mixed enum", { type: "object", properties: { e: { enum: ["a", 1, true, null, 2.5] } }, required: ["e"] }],
  ["enum filtered by type", { type: "object", properties: { e: { type: "string", enum: ["a", 1, null] } }, required: ["e"] }],
  ["enum with length", { type: "object", properties: { e: { type: "string", enum: ["a", "abc", "abcdef"], maxLength: 3 } }, required: ["e"] }],
  ["structured enum", { type: "object", properties: { e: { enum: [{ k: 1 }, [1, "x"], "plain"] } }, required: ["e"] }],
  ["const", { type: "object", properties: { c: { const: "fixed" }, n: { const: 3 } }, required: ["c"] }],
  ["array of strings", { type: "object", properties: { a: { type: "array", items: str, minItems: 1, maxItems: 3 } }, required: ["a"] }],
  ["array without items", { type: "object", properties: { a: { type: "array" } }, required: ["a"] }],
  ["uniqueItems primitives", { type: "object", properties: { a: { type: "array", items: { type: "string", enum: ["X", "Y", "Z"] }, uniqueItems: true } }, required: ["a"] }],
  ["uniqueItems objects", { type: "object", properties: { a: { type: "array", items: { type: "object", properties: { x: int, y: int } }, uniqueItems: true } }, required: ["a"] }],
  ["uniqueItems on a string (no-op)", { type: "object", properties: { s: { type: "string", uniqueItems: true } }, required: ["s"] }],
  [
    "nested arrays of objects",
    {
      type: "object",
      properties: {
        rules: {
          type: "array",
          items: {
            type: "object",
            properties: { name: { type: "string", minLength: 1 }, tags: { type: "array", items: { type: "array", items: int } } },
            required: ["name"],
            additionalProperties: false,
          },
        },
      },
      required: ["rules"],
    },
  ],
  ["properties without type", { type: "object", properties: { p: { properties: { a: str }, required: ["a"] } }, required: ["p"] }],
  ["keywords without type", { type: "object", properties: { p: { minLength: 2, minimum: 3, items: str } }, required: ["p"] }],
  ["empty schema", { type: "object", properties: { any: {} }, required: ["any"] }],
  ["boolean subschemas", { type: "object", properties: { yes: true, no: false } }],
  ["cut cycle", { type: "object", properties: { parent: { type: "object", description: "cycle cut", additionalProperties: true } } }],
  ["anyOf", { type: "object", properties: { v: { anyOf: [str, { type: "integer", minimum: 5 }] } }, required: ["v"] }],
  [
    "oneOf with overlapping branches",
    {
      type: "object",
      properties: {
        v: {
          oneOf: [
            { type: "object", properties: { kind: { const: "a" }, x: str }, required: ["kind"] },
            { type: "object", properties: { kind: str }, required: ["kind"] },
            { type: "string", maxLength: 3 },
          ],
        },
      },
      required: ["v"],
    },
  ],
  [
    "allOf of open objects (merged)",
    {
      type: "object",
      properties: {
        v: {
          allOf: [
            { type: "object", properties: { id: str, n: { type: "integer", minimum: 0 } }, required: ["id"] },
            { properties: { name: str, n: { type: "integer", maximum: 9 } }, required: ["name"] },
          ],
        },
      },
      required: ["v"],
    },
  ],
  [
    "allOf with a strict branch",
    {
      type: "object",
      properties: {
        v: {
          allOf: [
            { type: "object", properties: { a: str }, additionalProperties: false },
            { type: "object", properties: { b: int } },
          ],
        },
      },
      required: ["v"],
    },
  ],
  ["allOf of scalars", { type: "object", properties: { s: { allOf: [{ type: "string", minLength: 2 }, { maxLength: 4 }, { pattern: "^a" }] } }, required: ["s"] }],
  [
    "anyOf next to properties",
    {
      type: "object",
      properties: { a: str, b: str },
      anyOf: [{ required: ["a"] }, { required: ["b"] }],
    },
  ],
  ["unknown keywords ignored", { type: "object", properties: { s: { type: "string", format: "email", "x-okta-tags": ["User"], readOnly: true, example: "x" } }, required: ["s"] }],
  ["awkward property names", { type: "object", properties: { "user-id": str, "0": int, __proto__x: str, constructorName: str }, required: ["user-id"] }],
];

describe("zodSource agrees with ajv", () => {
  it.each(cases)("%s", (_name, schema) => {
    const result = checkAgreement(schema, { samples: 250 });
    expect(result.disagreements.slice(0, 3), result.source).toEqual([]);
    expect(result.valid, "no valid samples: the test could not fail").toBeGreaterThan(0);
    expect(result.invalid, "no invalid samples: the test could not fail").toBeGreaterThan(0);
  });

  it("counts values that only the oneOf relaxation accepts", () => {
    const schema = {
      type: "object",
      properties: { v: { oneOf: [{ type: "string" }, { type: "string", maxLength: 3 }] } },
      required: ["v"],
    };
    const result = checkAgreement(schema, { samples: 250 });
    expect(result.disagreements).toEqual([]);
    expect(result.oneOfRelaxed).toBeGreaterThan(0);
  });

  it("agrees on an unsatisfiable schema (required key that additionalProperties forbids)", () => {
    const schema = { type: "object", properties: { a: str }, required: ["b"], additionalProperties: false };
    const result = checkAgreement(schema, { samples: 250 });
    expect(result.disagreements).toEqual([]);
    expect(result.valid).toBe(0);
    expect(result.source).toBe("z.strictObject({ a: z.string().optional(), b: z.never() })");
  });

  it.each([
    ["integer as zod .int() (rejects unsafe integers)", { type: "object", properties: { n: int }, required: ["n"] }, (src: string) => src.replace(/\.refine\(Number\.isInteger, "[^"]*"\)/, ".int()")],
    ["allOf as .and() (forgives keys one strict side rejects)", cases.find(([n]) => n === "allOf with a strict branch")![1], (src: string) => src.replace(".pipe(z.any().pipe(", ".and((")],
    ["oneOf/anyOf dropped", cases.find(([n]) => n === "anyOf")![1], () => "z.looseObject({ v: z.string() })"],
    ["strict object made loose", cases.find(([n]) => n === "additionalProperties false")![1], (src: string) => src.replace("strictObject", "looseObject")],
  ])("detects a wrong translation: %s", (_name, schema, corrupt) => {
    const result = checkAgreement(schema as JsonSchema, { samples: 250, sourceOf: (s) => corrupt(zodSource(s)) });
    expect(result.source).not.toBe(zodSource(schema as JsonSchema));
    expect(result.disagreements.length).toBeGreaterThan(0);
  });
});

/** Random small schemas over the supported keywords, nested and combined in ways nobody wrote a case for. */
function randomSchemas(count: number, seed: number): JsonSchema[] {
  const keys = fc.constantFrom("a", "b", "c", "d-e");
  const leaf = fc.oneof(
    fc.record({ type: fc.constantFrom("string", "integer", "number", "boolean", "null", ["string", "null"], ["integer", "string"]) }),
    fc.record(
      { type: fc.constant("string"), minLength: fc.nat(3), maxLength: fc.nat(5), pattern: fc.constantFrom("^a", "b$", "^[a-c]+$", "\\d") },
      { requiredKeys: ["type"] },
    ),
    fc.record(
      {
        type: fc.constantFrom("integer", "number"),
        minimum: fc.integer({ min: -5, max: 5 }),
        maximum: fc.integer({ min: -5, max: 10 }),
        exclusiveMinimum: fc.double({ min: -5, max: 5, noNaN: true }),
        exclusiveMaximum: fc.integer({ min: 0, max: 10 }),
        multipleOf: fc.constantFrom(1, 2, 0.5, 3),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record(
      {
        enum: fc.uniqueArray(fc.oneof(fc.string({ maxLength: 2 }), fc.integer({ min: -2, max: 2 }), fc.constant(null), fc.boolean(), fc.constant(1.5)), {
          minLength: 1,
          maxLength: 4,
          selector: (v) => JSON.stringify(v),
        }),
        type: fc.constantFrom("string", "integer", "number", ["string", "null"]),
      },
      { requiredKeys: ["enum"] },
    ),
    fc.record({ const: fc.oneof(fc.string({ maxLength: 2 }), fc.integer({ min: -2, max: 2 }), fc.constant({ a: 1 }), fc.constant([1, "x"])) }),
    fc.record({ minLength: fc.integer({ min: 1, max: 3 }), minimum: fc.nat(3) }, { requiredKeys: [] }),
    fc.constant({}),
    fc.boolean(),
  );
  const tree = fc.letrec<{ node: unknown; obj: unknown; arr: unknown; comb: unknown }>((tie) => ({
    node: fc.oneof({ depthSize: "small" }, leaf, tie("obj"), tie("arr"), tie("comb")),
    obj: fc
      .record(
        {
          type: fc.constantFrom("object", "none", ["object", "null"]),
          properties: fc.dictionary(keys, tie("node"), { maxKeys: 3, noNullPrototype: true }),
          required: fc.subarray(["a", "b", "x"]),
          additionalProperties: fc.oneof(fc.boolean(), tie("node")),
        },
        { requiredKeys: ["type", "properties"] },
      )
      .map(({ type, ...rest }) => (type === "none" ? rest : { type, ...rest })),
    arr: fc.record(
      { type: fc.constant("array"), items: tie("node"), minItems: fc.nat(2), maxItems: fc.nat(3), uniqueItems: fc.boolean() },
      { requiredKeys: ["type"] },
    ),
    comb: fc
      .record({ keyword: fc.constantFrom("anyOf", "oneOf", "allOf"), list: fc.array(tie("node"), { minLength: 1, maxLength: 3 }), base: fc.option(leaf) })
      .map(({ keyword, list, base }) => ({ ...(typeof base === "object" && base !== null ? base : {}), [keyword]: list })),
  }));
  const top = fc.record({
    type: fc.constant("object"),
    properties: fc.dictionary(fc.constantFrom("p", "q", "r"), tree.node, { minKeys: 1, maxKeys: 3, noNullPrototype: true }),
    required: fc.subarray(["p", "q"]),
  });
  return fc.sample(top, { numRuns: count, seed });
}

describe("zodSource agrees with ajv on random schemas", () => {
  it.each(randomSchemas(40, 7).map((schema, i) => [i, schema] as const))("random schema #%i", (_i, schema) => {
    const result = checkAgreement(schema, { samples: 200 });
    expect(result.disagreements.slice(0, 3), `${JSON.stringify(schema)}\n${result.source}`).toEqual([]);
    expect(result.invalid).toBeGreaterThan(0);
  });
});

describe("zodSource output", () => {
  const big: JsonSchema = cases[cases.length - 2][1];

  it("is plain JavaScript: every case evaluates with new Function", () => {
    for (const [name, schema] of cases) {
      const src = zodSource(schema);
      expect(() => new Function("z", `"use strict"; return ${src}`)(z), name).not.toThrow();
    }
  });

  it("is deterministic and keeps key order", () => {
    const schema = { type: "object", properties: { zeta: str, alpha: int, mid: { enum: ["b", "a"] } }, required: ["zeta"] };
    const first = zodSource(schema);
    expect(zodSource(structuredClone(schema))).toBe(first);
    expect(first).toBe(
      'z.looseObject({ zeta: z.string(), alpha: z.number().refine(Number.isInteger, "Invalid input: expected integer").optional(), mid: z.enum(["b", "a"]).optional() })',
    );
    expect(zodSource(big)).toBe(zodSource(structuredClone(big)));
  });

  it("renders the common shapes compactly", () => {
    expect(zodSource({ type: "object", properties: {}, additionalProperties: false })).toBe("z.strictObject({})");
    expect(zodSource({ type: "object", properties: { s: { type: ["string", "null"] } } })).toBe(
      "z.looseObject({ s: z.string().nullable().optional() })",
    );
    expect(zodSource({ type: "object", properties: { a: {} }, required: ["a"] })).toBe("z.looseObject({ a: z.any() })");
    expect(zodSource({ type: "object", properties: { "a-b": str, __proto__: str } as JsonSchema })).toContain('"a-b": z.string().optional()');
  });

  it("keeps a __proto__ property as a key, not a prototype", () => {
    const properties = JSON.parse('{"__proto__": {"type": "string"}}') as JsonSchema;
    const src = zodSource({ type: "object", properties, required: ["__proto__"], additionalProperties: false });
    expect(src).toBe('z.strictObject({ ["__proto__"]: z.string() })');
  });

  it.each([
    ["not", { type: "object", properties: { a: { not: { type: "string" } } } }, /keyword "not" at #\/properties\/a/],
    ["bad pattern", { type: "object", properties: { a: { type: "string", pattern: "(?i)^abc$" } } }, /pattern at #\/properties\/a is not a valid/],
    ["boolean exclusiveMinimum", { type: "object", properties: { n: { type: "number", minimum: 1, exclusiveMinimum: true } } }, /OpenAPI 3.0/],
    ["unknown type", { type: "object", properties: { a: { type: "text" } } }, /unknown type "text"/],
    ["tuple items", { type: "object", properties: { a: { type: "array", items: [str] } } }, /tuple-form items/],
  ])("rejects %s with a clear error", (_name, schema, message) => {
    expect(() => zodSource(schema as JsonSchema)).toThrow(message);
  });
});
