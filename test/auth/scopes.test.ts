import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { coversScopes, narrowScopes } from "../../src/runtime/auth/index.js";
import { scopesFromTokenResponse } from "../../src/runtime/auth/scopes.js";

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

  it("coversScopes", () => {
    expect(coversScopes(["a", "b", "offline_access"], ["a", "offline_access"])).toBe(true);
    expect(coversScopes(["a"], ["a", "b"])).toBe(false);
  });
});
