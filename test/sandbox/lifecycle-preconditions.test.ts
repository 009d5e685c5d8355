// The allowlist's lifecycle preconditions (which user statuses let a call succeed, from Okta's docs) and the sandbox's
// status machine agree: from an allowed status the sandbox performs the call, from any other it refuses, as Okta does.
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { newClient } from "./helpers.js";

const STATUSES = ["STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED", "DEPROVISIONED"];

// Where the sandbox cannot follow the allowlist, and why.
const DIFFERENT: Record<string, Record<string, string>> = {
  // Okta unlocks an ACTIVE user only when unknown devices are blocked, which the sandbox does not model.
  unlock_user: { ACTIVE: "refused" },
  // Okta's two-step delete: on a user not yet deactivated, the DELETE deactivates instead (hence the precondition).
  delete_deactivated_user: Object.fromEntries(STATUSES.filter((s) => s !== "DEPROVISIONED").map((s) => [s, "done"])),
};

const userTools = catalog.tools.filter((t) => t.confirm?.precondition?.tool === "get_user" && t.confirm.precondition.field === "status");

describe("lifecycle preconditions of the allowlist match the sandbox's status machine", () => {
  it("covers the user lifecycle tools", () => {
    expect(userTools.map((t) => t.name).sort()).toEqual(["deactivate_user", "delete_deactivated_user", "suspend_user", "unlock_user"]);
  });

  for (const tool of userTools) {
    it(tool.name, async () => {
      const client = newClient();
      const { items: users } = await client.collect<{ id: string; status: string }>("/api/v1/users?search=id%20pr&limit=200");
      for (const status of STATUSES) {
        const user = users.find((u) => u.status === status);
        expect(user, `a seeded ${status} user`).toBeDefined();
        const response = await client.call(tool.method, tool.path.replace(/\{[^}]+\}/, user!.id));
        const expected = DIFFERENT[tool.name]?.[status] ?? (tool.confirm!.precondition!.allowed.includes(status) ? "done" : "refused");
        expect(response.status < 300 ? "done" : "refused", `${tool.name} on a ${status} user (HTTP ${response.status})`).toBe(expected);
        if (response.status >= 300) expect(((await response.json()) as { errorCode: string }).errorCode).toMatch(/^E0000\d{3}$/);
      }
    });
  }
});
