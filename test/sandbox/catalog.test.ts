import { describe, expect, it } from "vitest";
import { newClient, q } from "./helpers.js";

describe("sandbox zones, trusted origins, hooks, auth servers, brands: writes", () => {
  it("creates, deactivates and deletes a network zone (only once inactive), logging each step", async () => {
    const c = newClient();
    const created = await c.json("POST", "/api/v1/zones", { type: "IP", name: "Branch office", gateways: [{ type: "CIDR", value: "198.51.100.0/28" }] });
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^nzo/), status: "ACTIVE", name: "Branch office", gateways: [{ type: "CIDR", value: "198.51.100.0/28" }] });
    const id = created.body.id;
    expect((await c.json("DELETE", `/api/v1/zones/${id}`)).status).toBe(400);
    expect((await c.json("POST", `/api/v1/zones/${id}/lifecycle/deactivate`)).body.status).toBe("INACTIVE");
    expect((await c.call("DELETE", `/api/v1/zones/${id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/zones/${id}`)).body.errorSummary).toBe(`Not found: Resource not found: ${id} (Zone)`);
    const { body: events } = await c.json("GET", `/api/v1/logs?filter=${q(`target.id eq "${id}"`)}`);
    expect(events.map((e: any) => e.eventType)).toEqual(["zone.create", "zone.deactivate", "zone.delete"]);
  });

  it("keeps Okta-owned objects: system zones, the default brand and the default authorization server", async () => {
    const c = newClient();
    const { body: [legacy] } = await c.json("GET", "/api/v1/zones?q=LegacyIpZone");
    expect((await c.json("POST", `/api/v1/zones/${legacy.id}/lifecycle/deactivate`)).status).toBe(403);
    const { body: [brand] } = await c.json("GET", "/api/v1/brands");
    expect((await c.json("DELETE", `/api/v1/brands/${brand.id}`)).body.errorCode).toBe("E0000006");
    expect((await c.json("POST", "/api/v1/authorizationServers/default/lifecycle/deactivate")).status).toBe(403);
    expect((await c.json("GET", "/api/v1/authorizationServers/default")).body.status).toBe("ACTIVE");
  });

  it("replaces an event hook keeping server-owned fields, and validates names on create", async () => {
    const c = newClient();
    const { body: [hook] } = await c.json("GET", "/api/v1/eventHooks");
    const replaced = await c.json("PUT", `/api/v1/eventHooks/${hook.id}`, { ...hook, name: "SIEM v2", id: "ignored", created: "1999-01-01T00:00:00.000Z" });
    expect(replaced.body).toMatchObject({ id: hook.id, name: "SIEM v2", created: hook.created, status: hook.status });
    expect((await c.json("POST", "/api/v1/trustedOrigins", { scopes: [{ type: "CORS" }] })).body.errorCode).toBe("E0000001");
    const origin = await c.json("POST", "/api/v1/trustedOrigins", { name: "Docs", origin: "https://docs.example.com", scopes: [{ type: "CORS" }] });
    expect(origin.body).toMatchObject({ status: "ACTIVE", origin: "https://docs.example.com" });
  });
});
