import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentsError } from "../../src/runtime/errors.js";
import { resolvePath } from "../../src/runtime/request-builder.js";

const BASE = "https://example.okta.com";
const TEMPLATE = "/api/v1/users/{userId}/groups";
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("..", ".", "../admin", "%2e%2e", "%2E", ".%2e", "/", "?x=1", "#frag", "a/../b", "\\..\\", "%2f", "..;", " ", "%"),
  fc.array(fc.constantFrom(".", "/", "%", "2", "e", "f", "?", "#", "\\", "a"), { maxLength: 8 }).map((a) => a.join("")),
);

describe("path parameter encoding", () => {
  it("no value can change the path: one segment, same prefix and suffix, no query or fragment", () => {
    fc.assert(
      fc.property(nasty, (value) => {
        let path: string;
        try {
          path = resolvePath(TEMPLATE, { userId: value });
        } catch (err) {
          // Only empty and dots-only values are refused.
          expect(err).toBeInstanceOf(InvalidArgumentsError);
          expect(value === "" || /^\.+$/.test(value)).toBe(true);
          return;
        }
        const url = new URL(BASE + path);
        expect(url.origin).toBe(BASE);
        expect(url.search).toBe("");
        expect(url.hash).toBe("");
        const segments = url.pathname.split("/");
        expect(segments.length).toBe(6);
        expect(segments.slice(0, 4)).toEqual(["", "api", "v1", "users"]);
        expect(segments[5]).toBe("groups");
        expect(decodeURIComponent(segments[4])).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses empty and dots-only values", () => {
    for (const v of ["", ".", "..", "..."]) expect(() => resolvePath(TEMPLATE, { userId: v })).toThrow(InvalidArgumentsError);
  });
});

describe("buildRequest", () => {
  it("sends allowlist defaults only when unset, presets always, spec schema defaults never", async () => {
    const { buildRequest } = await import("../../src/runtime/request-builder.js");
    const { fixtureCatalog } = await import("./fixtures/catalog.js");
    const spec = { ...fixtureCatalog.tools[0], defaults: { q: "default-q" }, presets: { search: "fixed" } };
    expect(buildRequest(spec, {}).query).toEqual({ q: "default-q", search: "fixed" });
    expect(buildRequest(spec, { q: "mine", search: "ignored", limit: 5 }).query).toEqual({ q: "mine", search: "fixed", limit: 5 });
  });
});
