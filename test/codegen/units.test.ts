// Given/want tables for the small pure pieces of the transform.
import { describe, expect, it } from "vitest";
import { deriveEffect } from "../../codegen/transform/effect.js";
import { toolDescription } from "../../codegen/transform/description.js";
import { defaultToolName, nearest, toSnakeCase } from "../../codegen/transform/names.js";
import { jsPattern } from "../../codegen/transform/pattern.js";
import { firstSentence, plainText } from "../../codegen/transform/text.js";

describe("names", () => {
  it.each([
    ["listUsers", "list_users"],
    ["getOAuth2ClaimsForApp", "get_o_auth2_claims_for_app"],
    ["listIdPKeys", "list_id_p_keys"],
    ["getHTTPThing", "get_http_thing"],
  ])("%s → %s", (given, want) => expect(toSnakeCase(given)).toBe(want));

  it("long default names are abbreviated to 64 characters", () => {
    const name = defaultToolName("listApplicationTargetsForApplicationAdministratorRoleForUser");
    expect(name).toBe("list_app_targets_for_app_administrator_role_for_user");
    expect(defaultToolName("x".repeat(80))).toHaveLength(64);
  });

  it("nearest operationId by edit distance", () => {
    expect(nearest("listUser", ["getUser", "listUsers", "listGroups"])).toBe("listUsers");
  });
});

describe("effect", () => {
  it.each([
    ["GET", "/api/v1/users", "listUsers", "read"],
    ["DELETE", "/api/v1/users/{id}", "deleteUser", "destructive"],
    ["POST", "/api/v1/users/{id}/lifecycle/deactivate", "deactivateUser", "destructive"],
    ["POST", "/api/v1/users/{id}/lifecycle/suspend", "suspendUser", "destructive"],
    ["POST", "/api/v1/users/{id}/lifecycle/reset_factors", "resetFactors", "destructive"],
    ["POST", "/api/v1/users/{id}/lifecycle/expire_password", "expirePassword", "destructive"],
    ["DELETE", "/api/v1/users/{id}/sessions", "revokeUserSessions", "destructive"],
    ["POST", "/api/v1/users/{id}/lifecycle/activate", "activateUser", "write"],
    ["PUT", "/api/v1/users/{id}", "replaceUser", "write"],
    ["POST", "/api/v1/users", "createUser", "write"],
  ] as const)("%s %s → %s", (method, path, operationId, want) => expect(deriveEffect(method, path, operationId)).toBe(want));
});

describe("patterns", () => {
  it.each([
    ["(?i)^[0-9a-f]{8}$", "^[0-9a-fA-F]{8}$"],
    ["^\\d{12}$", "^\\d{12}$"],
    ["(?i)abc", "[aA][bB][cC]"],
    ["(?<!x", undefined],
    ["", undefined],
  ])("%s → %s", (given, want) => {
    expect(jsPattern(given)).toBe(want);
    if (want) expect(() => new RegExp(want, "u")).not.toThrow();
  });
});

describe("descriptions", () => {
  it("strips HTML, lifecycle tags, links and notes; cuts to one sentence", () => {
    expect(plainText('<x-lifecycle class="ea"></x-lifecycle>See [the docs](https://x.y). **Bold** text.\n> **Note:** hidden')).toBe(
      "See the docs. Bold text.",
    );
    expect(firstSentence("First one. Second one.")).toBe("First one.");
    expect(firstSentence("x".repeat(200))?.length).toBeLessThanOrEqual(120);
  });

  it("summary + sentences, no repetition, lifecycle note, at most 300 characters", () => {
    expect(toolDescription({ summary: "Get a user", description: "Get a user. Retrieves a user. Third." })).toBe("Get a user. Retrieves a user. Third.");
    expect(toolDescription({ summary: "Get", description: "One.", lifecycle: "LIMITED_GA" })).toBe("Get. One. Limited GA: not available in every org.");
    expect(toolDescription({ summary: "S", description: `${"word ".repeat(200)}.` }).length).toBeLessThanOrEqual(300);
    expect(toolDescription({ summary: "S", description: "D.", override: "Custom text." })).toBe("Custom text.");
  });
});
