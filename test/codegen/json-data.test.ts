// Generated data as reviewable JSON: sorted, pretty, repeated subschemas written once and expanded on load.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prettyJson, shareRepeated, sortKeys } from "../../codegen/json-data.js";
import { schemaDocs } from "../../src/generated/schemas.js";
import { expandShared, type SharedDocument } from "../../src/shared-subschemas.js";
import { repoRoot } from "./support.js";

describe("prettyJson", () => {
  it("sorts keys with `type` first, but keeps the order of a properties map (the order a client shows arguments in)", () => {
    const value = { required: ["zeta"], properties: { zeta: { description: "z", type: "string" }, alpha: { type: "integer" } }, type: "object" };
    expect(JSON.stringify(sortKeys(value))).toBe('{"type":"object","properties":{"zeta":{"type":"string","description":"z"},"alpha":{"type":"integer"}},"required":["zeta"]}');
    expect(prettyJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{\n  "a": [\n    2,\n    {\n      "c": 4,\n      "d": 3\n    }\n  ],\n  "b": 1\n}\n');
  });
});

describe("shareRepeated / expandShared", () => {
  const link = { type: "object", description: "A link", properties: { href: { type: "string", description: "Link URI" }, hints: { type: "object", properties: { allow: { type: "array", items: { type: "string" } } } } } };
  const data = {
    User: { type: "object", properties: { self: link, next: link, name: { type: "string" } } },
    Group: { type: "object", properties: { self: link, users: { type: "array", items: link } } },
  };

  it("writes a repeated subtree once, named by its component when known, and expands back to the same value", () => {
    const names = new WeakMap<object, string>([[link, "HrefObject"]]);
    const document = shareRepeated(data, { minLength: 50, nameOf: (node) => names.get(node) });
    expect(Object.keys(document.shared)).toEqual(["HrefObject"]);
    expect(JSON.stringify(document.value).match(/"\$shared":"HrefObject"/g)).toHaveLength(4);
    expect(expandShared(JSON.parse(JSON.stringify(document)) as SharedDocument)).toEqual(data);
  });

  it("small repeats stay inline; unnamed repeats get a content hash; properties maps themselves are never shared", () => {
    expect(shareRepeated(data, { minLength: 10_000 }).shared).toEqual({});
    const document = shareRepeated({ a: { x: link.properties }, b: { x: link.properties } }, { minLength: 50 });
    expect(Object.keys(document.shared)).toEqual([expect.stringMatching(/^schema~[0-9a-f]{8}$/)]);
    const maps = shareRepeated({ a: { properties: link.properties }, b: { properties: link.properties } }, { minLength: 50 });
    expect(JSON.stringify(maps.value)).not.toContain('"properties":{"$shared"');
  });

  it("refuses a pointer it does not know", () => {
    expect(() => expandShared({ shared: {}, value: { a: { $shared: "Nope" } } })).toThrow(/missing shared schema "Nope"/);
  });
});

describe("the shipped schema resources", () => {
  const file = JSON.parse(readFileSync(join(repoRoot, "src", "generated", "schemas.json"), "utf8")) as SharedDocument;

  it("hold each link schema once (it was inlined hundreds of times) and load as plain schemas", () => {
    const text = JSON.stringify(file);
    expect(text.match(/"Describes allowed HTTP verbs for the `href`"/g)!.length).toBeLessThanOrEqual(2);
    expect(JSON.stringify(schemaDocs).match(/"Describes allowed HTTP verbs for the `href`"/g)!.length).toBeGreaterThan(200);
    expect(JSON.stringify(schemaDocs)).not.toContain('"$shared"');
    // Plus `<Base>.<value>` names for the subtypes of discriminated bodies (the same objects).
    const own = Object.keys(schemaDocs).filter((name) => !name.includes("."));
    expect(own).toEqual(Object.keys(file.value as object));
    for (const alias of Object.keys(schemaDocs).filter((name) => name.includes("."))) expect(Object.values(schemaDocs), alias).toContain(schemaDocs[alias]);
  });
});
