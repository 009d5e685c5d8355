// Given/want tables for the small pure pieces of the transform.
import { describe, expect, it } from "vitest";
import { parseAllowlist } from "../../codegen/load.js";
import { deriveEffect } from "../../codegen/transform/effect.js";
import { toolDescription } from "../../codegen/transform/description.js";
import { defaultToolName, nearest, toSnakeCase } from "../../codegen/transform/names.js";
import { jsPattern } from "../../codegen/transform/pattern.js";
import { argDescription, firstSentence, plainText, restatesIdentifier, terse } from "../../codegen/transform/text.js";

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
    ["POST", "/api/v1/users/{id}/lifecycle/reset_password", "resetPassword", "destructive"],
    ["POST", "/api/v1/users/{id}/lifecycle/expire_password_with_temp_password", "expirePasswordWithTempPassword", "destructive"],
    ["POST", "/api/v1/users/{id}/lifecycle/unlock", "unlockUser", "destructive"],
    ["POST", "/api/v1/apps/{appId}/lifecycle/deactivate", "deactivateApplication", "destructive"],
    ["POST", "/api/v1/users/{id}/clear_sessions", "clearSessions", "destructive"],
    ["POST", "/api/v1/authorizationServers/{id}/credentials/lifecycle/keyRotate", "rotateAuthorizationServerKeys", "write"],
    ["POST", "/api/v1/users/{id}/lifecycle/activate", "activateUser", "write"],
    ["POST", "/api/v1/users/{id}/lifecycle/unsuspend", "unsuspendUser", "write"],
    ["PATCH", "/api/v1/groups/{id}", "updateGroup", "write"],
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
  });

  it("a first sentence is whole, never cut (a cut one says something else), and ends with its paragraph", () => {
    const long = `Searches for groups with an expression on all properties except for ${"`_embedded`, ".repeat(8)}and \`objectClass\`.`;
    expect(firstSentence(`${long} Second.`)).toBe(long);
    // The spec's period-less lead paragraph ends the sentence ("Streaming provider used", then a list).
    expect(firstSentence("Specifies the streaming provider used\n\nSupported providers:\n  * `a`\n  * `b`")).toBe("Specifies the streaming provider used");
    // A lead ending in a colon takes its list when short, and drops the colon when the list is long.
    expect(firstSentence("A system zone:\n* `true` for system zones\n* `false` for custom zones\n\nMore.")).toBe("A system zone: `true` for system zones; `false` for custom zones.");
    expect(firstSentence(`Supported values:\n${"* a long value that goes on and on\n".repeat(9)}`)).toBe("Supported values.");
  });

  it("summary + sentences, no repetition, lifecycle note, at most 300 characters", () => {
    expect(toolDescription({ summary: "Get a user", description: "Get a user. Retrieves a user. Third." })).toBe("Get a user. Retrieves a user. Third.");
    expect(toolDescription({ summary: "Get", description: "One.", lifecycle: "LIMITED_GA" })).toBe("Get. One. Limited GA: not available in every org.");
    expect(toolDescription({ summary: "S", description: `${"word ".repeat(200)}.` }).length).toBeLessThanOrEqual(300);
    expect(toolDescription({ summary: "S", description: "D.", override: "Custom text." })).toBe("Custom text.");
  });

  it.each([
    // given summary, description, argument names; want
    ["Replace a group rule", "Replaces a group rule", [], "Replace a group rule."],
    ["Expire the password", "Expires the password.", [], "Expire the password."],
    ["Retrieve a group", "Retrieves a specific group by `id` from your org", ["groupId"], "Retrieve a group."],
    ["Retrieve a device", "Retrieves a device by `deviceId`", ["deviceId"], "Retrieve a device."],
    ["List all policies", "Lists all policies", [], "List all policies."],
    ["List all groups", "Lists all groups of which the user is a member", ["userId"], "List all groups. Lists all groups of which the user is a member."],
    ["Retrieve a device", "Retrieves a device by `deviceId`", [], "Retrieve a device. Retrieves a device by `deviceId`."],
  ])("a sentence that restates the summary is left out: %s / %s", (summary, description, argNames, want) => {
    expect(toolDescription({ summary, description, argNames })).toBe(want);
  });
});

describe("argument descriptions", () => {
  it.each([
    ["Specifies the field to sort by (for search queries only).", "Field to sort by (for search queries only)."],
    ["Specifies whether to include non-active apps", "Whether to include non-active apps"],
    ["Indicates if the assignment is direct", "Whether the assignment is direct"],
    ["A parameter to include metadata in the `_embedded` property.", "Include metadata in the `_embedded` property."],
    ["An optional query parameter to return the corresponding User object", "Return the corresponding User object"],
    ["If specified, returns the mapping of group IDs", "Returns the mapping of group IDs"],
    ["Defines the number of policy rules returned.", "Number of policy rules returned."],
    ["The ID of the brand", "ID of the brand"],
    ["An ID, login, or login shortname (as long as the shortname is unambiguous) of an existing Okta user", "An ID, login, or login shortname of an existing Okta user"],
    ["Sends an activation email to the user if `true`", "Sends an activation email to the user if `true`"],
    ["Whether the policy is active (`system=true`).", "Whether the policy is active (`system=true`)."],
  ])("%s → %s", (given, want) => expect(terse(given)).toBe(want));

  it.each([
    // given description, argument, want: true = the description is left out
    ["The ID of the brand", "brandId", true],
    ["Application ID", "appId", true],
    ["`id` of the Authorization Server", "authServerId", true],
    ["Id of the device assurance policy", "deviceAssuranceId", true],
    ["The name of the email template", "templateName", true],
    ["ID of the widget", "id", false],
    ["An ID, login, or login shortname of an existing Okta user", "id", false],
    ["Unique `id` of the IdP key credential", "kid", false],
    ["ID of the identity source session", "sessionId", false],
    ["Sends an activation email to the user if `true`", "userId", false],
  ])("path argument description %s of %s restates the name: %s", (text, argument, want) => {
    expect(restatesIdentifier(text, argument)).toBe(want);
  });

  it("takes the first sentence of the markdown, then makes it terse", () => {
    expect(argDescription("Specifies the [sort](https://x.y) order. Ignored without `sortBy`.")).toBe("Sort order.");
    expect(argDescription("(an aside of five or more words)")).toBeUndefined();
    expect(argDescription(undefined)).toBeUndefined();
  });
});

describe("allowlist toolsets", () => {
  const parse = (toolset: string) => parseAllowlist(`toolsets:\n  users:\n${toolset}    tools:\n      - listUsers: okta.users.read\n`, "a.yaml");
  it("are default unless they say `default: false`", () => {
    expect(parse("").toolsets).toEqual([{ name: "users", default: true }]);
    expect(parse("    description: People\n    default: false\n").toolsets).toEqual([{ name: "users", description: "People", default: false }]);
  });
  it("refuse a `default:` that is not a boolean, and unknown keys, with file:line", () => {
    expect(() => parse("    default: no\n")).toThrow(/a\.yaml:2:\d+: `default` of toolset "users" must be true or false/);
    expect(() => parse("    defualt: false\n")).toThrow(/a\.yaml:3:\d+: unknown key "defualt" in toolset "users"/);
  });
});
