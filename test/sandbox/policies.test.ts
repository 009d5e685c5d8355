import { describe, expect, it } from "vitest";
import { newClient } from "./helpers.js";

describe("sandbox policies", () => {
  it("requires the type parameter (E0000001) and lists policies of a type by priority", async () => {
    const c = newClient();
    const missing = await c.json("GET", "/api/v1/policies");
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: type" });
    for (const type of ["OKTA_SIGN_ON", "PASSWORD", "ACCESS_POLICY", "MFA_ENROLL"]) {
      const { body } = await c.json("GET", `/api/v1/policies?type=${type}`);
      expect(body.length).toBeGreaterThan(0);
      expect(body.every((p: any) => p.type === type)).toBe(true);
      expect(body.map((p: any) => p.priority)).toEqual([...body.map((p: any) => p.priority)].sort((a, b) => a - b));
      const { body: rules } = await c.json("GET", `/api/v1/policies/${body[0].id}/rules`);
      expect(rules.length).toBeGreaterThan(0);
    }
  });

  it("creates, updates, deactivates and deletes a policy and its rules, logging each", async () => {
    const c = newClient();
    const created = await c.json("POST", "/api/v1/policies", { type: "PASSWORD", name: "Strict", description: "Strict passwords", settings: { password: { complexity: { minLength: 14 } } } });
    expect(created.body).toMatchObject({ type: "PASSWORD", status: "ACTIVE", system: false, name: "Strict", id: expect.stringMatching(/^00p/) });
    const id = created.body.id;
    const rule = await c.json("POST", `/api/v1/policies/${id}/rules`, { name: "Everyone", actions: { passwordChange: { access: "ALLOW" } } });
    expect(rule.body).toMatchObject({ type: "PASSWORD", status: "ACTIVE", name: "Everyone" });
    const ruleId = rule.body.id;
    expect((await c.json("PUT", `/api/v1/policies/${id}/rules/${ruleId}`, { name: "Everyone 2", actions: { passwordChange: { access: "DENY" } } })).body.actions.passwordChange.access).toBe("DENY");
    expect((await c.call("POST", `/api/v1/policies/${id}/rules/${ruleId}/lifecycle/deactivate`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/policies/${id}/rules/${ruleId}`)).body.status).toBe("INACTIVE");
    expect((await c.call("DELETE", `/api/v1/policies/${id}/rules/${ruleId}`)).status).toBe(204);
    expect((await c.json("PUT", `/api/v1/policies/${id}`, { name: "Stricter" })).body.name).toBe("Stricter");
    expect((await c.call("POST", `/api/v1/policies/${id}/lifecycle/deactivate`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/policies/${id}`)).body.status).toBe("INACTIVE");
    expect((await c.call("DELETE", `/api/v1/policies/${id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/policies/${id}`)).body.errorCode).toBe("E0000007");
    const { body: events } = await c.json("GET", "/api/v1/logs?sortOrder=DESCENDING&limit=8");
    expect(events.map((e: any) => e.eventType).reverse()).toEqual([
      "policy.lifecycle.create",
      "policy.rule.add",
      "policy.rule.update",
      "policy.rule.deactivate",
      "policy.rule.delete",
      "policy.lifecycle.update",
      "policy.lifecycle.deactivate",
      "policy.lifecycle.delete",
    ]);
  });

  it("filters policies by q name prefix and status, and sorts by name", async () => {
    const c = newClient();
    expect((await c.json("GET", "/api/v1/policies?type=ACCESS_POLICY&q=okta")).body.map((p: any) => p.name)).toEqual(["Okta Admin Console"]);
    const byName = (await c.json("GET", "/api/v1/policies?type=ACCESS_POLICY&sortBy=name")).body.map((p: any) => p.name);
    expect(byName).toEqual(["Any two factors", "Default Policy", "Okta Admin Console"]);
    expect((await c.json("GET", "/api/v1/policies?type=ACCESS_POLICY&status=INACTIVE")).body).toEqual([]);
    expect((await c.json("GET", "/api/v1/policies?type=NOT_A_TYPE")).body.errorCode).toBe("E0000001");
  });

  it("refuses to delete or deactivate a system (default) policy", async () => {
    const c = newClient();
    const { body } = await c.json("GET", "/api/v1/policies?type=PASSWORD");
    const system = body.find((p: any) => p.system);
    expect((await c.json("DELETE", `/api/v1/policies/${system.id}`)).status).toBe(403);
    expect((await c.json("POST", `/api/v1/policies/${system.id}/lifecycle/deactivate`)).status).toBe(403);
    expect((await c.json("GET", `/api/v1/policies/${system.id}`)).body.status).toBe("ACTIVE");
  });
});

describe("sandbox read-mostly resources", () => {
  it.each(["zones", "trustedOrigins", "authorizationServers", "idps", "eventHooks", "brands", "device-assurances"])("lists and gets %s", async (path) => {
    const c = newClient();
    const list = await c.json("GET", `/api/v1/${path}`);
    expect(list.status).toBe(200);
    expect(list.response.headers.get("link")).toContain('rel="self"');
    expect(list.body.length).toBeGreaterThan(0);
    const one = await c.json("GET", `/api/v1/${path}/${list.body[0].id}`);
    expect(one.body).toEqual(list.body[0]);
    expect((await c.json("GET", `/api/v1/${path}/nope`)).status).toBe(404);
  });

  it("serves the default authorization server with an issuer on the org URL", async () => {
    const c = newClient();
    const { body } = await c.json("GET", "/api/v1/authorizationServers/default");
    expect(body).toMatchObject({ id: "default", issuer: "https://sandbox.okta.test/oauth2/default", audiences: ["api://default"] });
  });
});
