// The merge's building blocks on their own: bounds, hostile keys, read-only paths through arrays, the diff and how
// it is shown (secrets redacted, long values cut).
import { describe, expect, it } from "vitest";
import { deepMerge, describeChanges, diffObjects, sanitize, stripFields } from "../../src/runtime/update-merge.js";

describe("update-merge building blocks", () => {
  it("sanitize copies without prototypes or prototype keys, and refuses nesting past the bound", () => {
    const copy = sanitize(JSON.parse('{"a":{"__proto__":{"x":1},"constructor":2,"prototype":3,"b":[{"__proto__":4,"c":5}]}}')) as Record<string, any>;
    expect(JSON.stringify(copy)).toBe('{"a":{"b":[{"c":5}]}}');
    expect(Object.getPrototypeOf(copy)).toBeNull();
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = { d: deep };
    expect(() => sanitize(deep)).toThrow(/nested deeper than 64 levels/);
  });

  it("deepMerge merges objects, replaces arrays and scalars (null included), ignores undefined and hostile keys", () => {
    const merged = deepMerge({ a: { b: 1, c: [1, 2] }, d: "x", e: 1 }, JSON.parse('{"a":{"c":[3],"constructor":{"p":1}},"d":null,"f":true}'));
    expect(JSON.parse(JSON.stringify(merged))).toEqual({ a: { b: 1, c: [3] }, d: null, e: 1, f: true });
  });

  it("stripFields drops HAL keys everywhere and the listed paths, stepping into arrays with []", () => {
    const stripped = stripFields({ id: 1, _links: {}, a: { _embedded: {}, keep: 1, gone: 2 }, list: [{ id: 1, v: 2 }, { id: 3 }] }, ["id", "a.gone", "list[].id"]);
    expect(JSON.parse(JSON.stringify(stripped))).toEqual({ a: { keep: 1 }, list: [{ v: 2 }, {}] });
  });

  it("the diff names each changed leaf (arrays as a whole); the text redacts secrets and cuts long values", () => {
    const before = { label: "A", settings: { oauthClient: { redirect_uris: ["x"] } }, credentials: { oauthClient: { client_secret: "s1" }, password: { value: "p" } } };
    const after = { label: "B", settings: { oauthClient: { redirect_uris: ["x", "y"] } }, credentials: { oauthClient: { client_secret: "s2" }, password: { value: "q" } }, note: "n".repeat(300) };
    const changes = diffObjects(before, after);
    expect(changes.map((c) => c.path)).toEqual(["credentials.oauthClient.client_secret", "credentials.password.value", "label", "note", "settings.oauthClient.redirect_uris"]);
    const text = describeChanges(changes);
    expect(text).toContain("credentials.oauthClient.client_secret: [REDACTED] → [REDACTED]");
    expect(text).toContain("credentials.password.value: [REDACTED] → [REDACTED]");
    expect(text).not.toMatch(/s1|s2|"p"|"q"/);
    expect(text).toContain('label: "A" → "B"');
    expect(text).toMatch(/note: \(unset\) → "n{100,}…/);
    // A password policy's settings are not secrets.
    expect(describeChanges(diffObjects({ settings: { password: { complexity: { minLength: 8 } } } }, { settings: { password: { complexity: { minLength: 12 } } } }))).toContain("minLength: 8 → 12");
  });
});
