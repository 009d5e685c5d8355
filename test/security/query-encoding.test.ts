// serializeQuery (openapi-fetch's querySerializer here): every key and value percent-encoded, lists repeated,
// objects refused. A property test: whatever the keys and values, the org parses back exactly what was meant.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentsError } from "../../src/runtime/errors.js";
import { buildRequest, serializeQuery } from "../../src/runtime/request-builder.js";
import { fixtureCatalog } from "../runtime/fixtures/catalog.js";

const text = fc.string({ unit: "grapheme", maxLength: 30 });
const scalar = fc.oneof(text, fc.integer(), fc.boolean());

describe("serializeQuery", () => {
  it("round-trips any keys and values: no key or value can add, remove or change another parameter", () => {
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(scalar, fc.array(scalar, { maxLength: 4 })), { maxKeys: 6 }), (query) => {
        const serialized = serializeQuery(query);
        expect(serialized).not.toMatch(/[#\s[\]]/);
        const parsed = new URLSearchParams(serialized);
        const expected: [string, string][] = [];
        for (const [key, value] of Object.entries(query)) for (const item of Array.isArray(value) ? value : [value]) expected.push([key, String(item)]);
        expect([...parsed.entries()]).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it("encodes the brackets of what would have been deepObject keys", () => {
    expect(serializeQuery({ "limit]=1&after=http://127.0.0.2&x[": 1 })).toBe("limit%5D%3D1%26after%3Dhttp%3A%2F%2F127.0.0.2%26x%5B=1");
  });

  it("refuses objects and lists of objects, and text that is not well-formed", () => {
    expect(() => serializeQuery({ limit: { a: 1 } })).toThrow(InvalidArgumentsError);
    expect(() => serializeQuery({ limit: [{ a: 1 }] })).toThrow(InvalidArgumentsError);
    expect(() => serializeQuery({ q: "\ud800" })).toThrow(InvalidArgumentsError);
  });
});

describe("buildRequest", () => {
  const listUsers = fixtureCatalog.tools.find((t) => t.name === "list_users")!;
  const getUser = fixtureCatalog.tools.find((t) => t.name === "get_user")!;

  it("refuses an object for a query parameter, even one its validator would let through", () => {
    expect(() => buildRequest(listUsers, { q: { "a&b": 1 } })).toThrow(/Query parameter "q" must be a string, number or boolean/);
    expect(() => buildRequest(listUsers, { limit: { "]=1&x[": 1 } })).toThrow(InvalidArgumentsError);
  });

  it("turns a lone surrogate in a path value into an argument error (encodeURIComponent would throw URIError)", () => {
    expect(() => buildRequest(getUser, { id: "\udc00abc" })).toThrow(InvalidArgumentsError);
  });
});
