import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { scopesFromTokenResponse } from "../../src/runtime/auth/token-set.js";
import { hasAllScopes, narrowScopes, splitList, unknownScopes } from "../../src/runtime/scopes.js";

const key = new TextEncoder().encode("k".repeat(32));
const jwt = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(key);

describe("scopesFromTokenResponse", () => {
  it.each([
    ["the response scope wins over scp", "okta.users.read  okta.groups.read", { scp: ["okta.apps.read"] }, ["okta.users.read", "okta.groups.read"]],
    ["scp as an array", undefined, { scp: ["okta.apps.read", "okta.users.read"] }, ["okta.apps.read", "okta.users.read"]],
    ["scp as a string", undefined, { scp: "okta.apps.read okta.users.read" }, ["okta.apps.read", "okta.users.read"]],
    ["a JWT without scp", undefined, { sub: "x" }, undefined],
  ] as const)("%s", async (_name, scope, claims, want) => {
    expect(scopesFromTokenResponse(scope, await jwt(claims))).toEqual(want);
  });

  it("an opaque token without scope means unknown", () => {
    expect(scopesFromTokenResponse(undefined, "opaque-token")).toBeUndefined();
  });
});

describe("narrowScopes", () => {
  it("keeps configured order and lists what was not granted", () => {
    expect(narrowScopes(["b", "a", "c"], ["c", "a", "z"])).toEqual({ granted: ["a", "c"], notGranted: ["b"] });
  });

  it("an unknown grant keeps the configured scopes", () => {
    expect(narrowScopes(["a"], undefined)).toEqual({ granted: ["a"], notGranted: [] });
  });

  it("manage does not imply read (exact matching, as the spec declares scopes per operation)", () => {
    expect(narrowScopes(["okta.users.read", "okta.users.manage"], ["okta.users.manage"])).toEqual({
      granted: ["okta.users.manage"],
      notGranted: ["okta.users.read"],
    });
  });

  it("hasAllScopes", () => {
    expect(hasAllScopes(["a", "offline_access"], ["a", "b", "offline_access"])).toBe(true);
    expect(hasAllScopes(["a", "b"], ["a"])).toBe(false);
  });
});

describe("splitList", () => {
  it("splits on spaces and commas, drops empties and duplicates, keeps order", () => {
    expect(splitList(" okta.users.read,okta.groups.read  okta.users.read ,")).toEqual(["okta.users.read", "okta.groups.read"]);
    expect(splitList(undefined)).toEqual([]);
    expect(splitList("")).toEqual([]);
  });
});

describe("unknownScopes", () => {
  const known = ["okta.users.read", "okta.users.manage", "okta.groups.read", "okta.logs.read"];
  it("names the closest real scope for a typo", () => {
    expect(unknownScopes(["okta.users.raed", "okta.grups.read"], known)).toEqual([
      { scope: "okta.users.raed", suggestion: "okta.users.read" },
      { scope: "okta.grups.read", suggestion: "okta.groups.read" },
    ]);
  });
  it("offers no suggestion for a scope far from every known one", () => {
    expect(unknownScopes(["okta.agentPools.read"], known)).toEqual([{ scope: "okta.agentPools.read" }]);
  });
  it("accepts known scopes and OAuth protocol scopes silently", () => {
    expect(unknownScopes(["okta.users.read", "offline_access", "openid"], known)).toEqual([]);
  });
});
