// What the shipped allowlist classifies as needing a human, checked on the generated tables the runtime serves.
import { describe, expect, it } from "vitest";
import { catalog as all } from "../../src/generated-all/catalog.js";
import { catalog } from "../../src/generated/catalog.js";

const byName = new Map(catalog.tools.map((t) => [t.name, t]));

describe("confirmation classes of the shipped tables", () => {
  it("every destructive tool is confirmed and says whether it can be undone", () => {
    for (const tool of catalog.tools.filter((t) => t.effect === "destructive")) {
      expect(tool.confirm?.reason, tool.name).toBe("destructive");
      expect(tool.confirm!.irreversible === true || typeof tool.confirm!.undo === "string", tool.name).toBe(true);
    }
  });

  it("reversible lifecycle operations name the tool that undoes them", () => {
    expect(byName.get("suspend_user")!.confirm).toMatchObject({ undo: "unsuspend_user" });
    expect(byName.get("deactivate_user")!.confirm).toMatchObject({ undo: "activate_user" });
    expect(byName.get("unlock_user")!.confirm!.irreversible).toBeUndefined();
    expect(byName.get("delete_group")!.confirm).toMatchObject({ irreversible: true });
  });

  it("writes that raise privilege or weaken security are confirmed, saying what is at stake", () => {
    for (const name of [
      "assign_role_to_user",
      "assign_role_to_group",
      "create_trusted_origin",
      "create_network_zone",
      "replace_network_zone",
      "activate_network_zone",
      "create_policy",
      "update_policy",
      "activate_policy",
      "create_policy_rule",
      "update_policy_rule",
      "activate_policy_rule",
      "create_device_assurance_policy",
      "replace_device_assurance_policy",
    ]) {
      expect(byName.get(name)!.confirm, name).toMatchObject({ reason: "privilege" });
      expect(byName.get(name)!.confirm!.concern, name).toBeTruthy();
      expect(byName.get(name)!.confirm!.when, name).toBeUndefined();
    }
  });

  it("update_user and create_user are confirmed only when they set credentials", () => {
    expect(byName.get("update_user")!.confirm).toMatchObject({ reason: "privilege", when: ["credentials"] });
    expect(byName.get("create_user")!.confirm).toMatchObject({ reason: "privilege", when: ["credentials"] });
    expect(byName.get("add_user_to_group")!.confirm).toBeUndefined();
  });

  it("the all-operations table confirms the same calls, and more of the API's security surface", () => {
    const allByOperation = new Map(all.tools.map((t) => [t.operationId, t]));
    for (const tool of catalog.tools.filter((t) => t.confirm)) {
      expect(allByOperation.get(tool.operationId)?.confirm?.reason, tool.operationId).toBe(tool.confirm!.reason);
    }
    for (const operationId of ["changePassword", "upsertApiToken", "replaceAuthorizationServer", "createIdentityProvider", "enrollFactor", "createEventHook", "createLogStream"]) {
      expect(allByOperation.get(operationId)?.confirm, operationId).toBeDefined();
    }
    expect(allByOperation.get("suspendUser")!.confirm).toMatchObject({ undo: "unsuspend_user", precondition: { tool: "get_user", allowed: ["ACTIVE"] } });
  });
});
