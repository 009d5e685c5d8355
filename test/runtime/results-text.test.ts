// shapeResult builds a list's text from the items' own JSON (made for the size check) instead of serializing the
// whole result again: that text must be exactly the JSON of the structured result, whatever the records hold.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shapeResult } from "../../src/runtime/results.js";

describe("shapeResult's text", () => {
  it("is JSON.stringify of structuredContent for any page, projection and cursor", () => {
    const fields = fc.constantFrom(undefined, ["*"], ["id", "profile.login", "_links.self"], ["status"]);
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 6 }), fields, fc.option(fc.string(), { nil: undefined }), (page, f, nextCursor) => {
        const shaped = shapeResult(page, { fields: f, maxBytes: 1_000_000, cursorList: true, nextCursor });
        expect(shaped.text).toBe(JSON.stringify(shaped.structured));
      }),
      { numRuns: 1000 },
    );
  });

  it("holds for a list cut at the cap too", () => {
    const page = Array.from({ length: 50 }, (_, i) => ({ id: `00u${i}`, profile: { login: `user${i}@example.com` }, _links: { self: { href: "x" } } }));
    const shaped = shapeResult(page, { maxBytes: 500, cursorList: true });
    expect(shaped.structured.truncated).toBe(true);
    expect(shaped.text).toBe(JSON.stringify(shaped.structured));
  });
});
