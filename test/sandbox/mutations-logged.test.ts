import { describe, expect, it } from "vitest";
import { newClient, q } from "./helpers.js";

// Every successful mutation leaves at least one System Log event whose transaction id is the response's request id.
describe("sandbox: every mutation is logged", () => {
  it("logs each successful write under its request id, and no event for refused writes", async () => {
    const c = newClient();
    const first = async (path: string) => (await c.json("GET", path)).body[0];
    const user = await first(`/api/v1/users?filter=${q('status eq "ACTIVE"')}&limit=1`);
    const group = await first("/api/v1/groups?q=Support");
    const app = await first("/api/v1/apps?q=HR");
    const policy = await first("/api/v1/policies?type=OKTA_SIGN_ON");
    const rule = await first(`/api/v1/policies/${policy.id}/rules`);
    const groupRule = await first("/api/v1/groups/rules");
    const factor = await first(`/api/v1/users/${user.id}/factors`);
    const newUser = { profile: { firstName: "A", lastName: "B", email: "a.b@example.com", login: "a.b@example.com" } };

    const writes: Array<[string, string, unknown?]> = [
      ["POST", "/api/v1/users?activate=false", newUser],
      ["POST", `/api/v1/users/${user.id}`, { profile: { title: "Changed" } }],
      ["PUT", `/api/v1/users/${user.id}`, { profile: { ...user.profile, title: "Replaced" } }],
      ["POST", `/api/v1/users/${user.id}/lifecycle/suspend`],
      ["POST", `/api/v1/users/${user.id}/lifecycle/unsuspend`],
      ["POST", `/api/v1/users/${user.id}/lifecycle/expire_password`],
      ["POST", `/api/v1/users/${user.id}/lifecycle/reset_password`],
      ["DELETE", `/api/v1/users/${user.id}/factors/${factor.id}`],
      ["POST", `/api/v1/users/${user.id}/lifecycle/reset_factors`],
      ["DELETE", `/api/v1/users/${user.id}/sessions`],
      ["POST", `/api/v1/users/${user.id}/roles`, { type: "HELP_DESK_ADMIN" }],
      ["POST", "/api/v1/groups", { profile: { name: "Logged" } }],
      ["PUT", `/api/v1/groups/${group.id}`, { profile: { name: "Support 2" } }],
      ["PUT", `/api/v1/groups/${group.id}/users/${user.id}`],
      ["DELETE", `/api/v1/groups/${group.id}/users/${user.id}`],
      ["POST", `/api/v1/groups/rules/${groupRule.id}/lifecycle/deactivate`],
      ["POST", "/api/v1/apps", { label: "Logged App", signOnMode: "BOOKMARK", settings: { app: { url: "https://logged.example.com" } } }],
      ["PUT", `/api/v1/apps/${app.id}`, { label: "HR Portal 2", signOnMode: "SAML_2_0", settings: { signOn: { ssoAcsUrl: "https://hr.example.com/saml/acs", audience: "https://hr.example.com" } } }],
      ["POST", `/api/v1/apps/${app.id}/users`, { id: user.id }],
      ["DELETE", `/api/v1/apps/${app.id}/users/${user.id}`],
      ["PUT", `/api/v1/apps/${app.id}/groups/${group.id}`, {}],
      ["DELETE", `/api/v1/apps/${app.id}/groups/${group.id}`],
      ["POST", `/api/v1/apps/${app.id}/lifecycle/deactivate`],
      ["POST", `/api/v1/apps/${app.id}/lifecycle/activate`],
      ["PUT", `/api/v1/policies/${policy.id}`, { name: "Renamed policy" }],
      ["POST", `/api/v1/policies/${policy.id}/lifecycle/deactivate`],
      ["POST", `/api/v1/policies/${policy.id}/rules`, { name: "New rule" }],
      ["PUT", `/api/v1/policies/${policy.id}/rules/${rule.id}`, { name: "Renamed rule" }],
      ["POST", `/api/v1/policies/${policy.id}/rules/${rule.id}/lifecycle/deactivate`],
      ["DELETE", `/api/v1/users/${user.id}`],
      ["DELETE", `/api/v1/users/${user.id}`],
    ];
    for (const [method, path, body] of writes) {
      const response = await c.call(method, path, body);
      expect(response.status, `${method} ${path}`).toBeLessThan(300);
      const requestId = response.headers.get("x-okta-request-id");
      const { body: events } = await c.json("GET", "/api/v1/logs?sortOrder=DESCENDING&limit=5");
      expect(events[0].transaction.id, `${method} ${path} was not logged`).toBe(requestId);
    }

    const refused: Array<[string, string, unknown?]> = [
      ["POST", "/api/v1/users", newUser],
      ["DELETE", `/api/v1/apps/${(await first("/api/v1/apps?q=Status")).id}`],
      ["DELETE", `/api/v1/groups/${(await first("/api/v1/groups?q=Everyone")).id}`],
      ["POST", `/api/v1/users/${user.id}/lifecycle/suspend`],
    ];
    for (const [method, path, body] of refused) {
      const { body: [before] } = await c.json("GET", "/api/v1/logs?sortOrder=DESCENDING&limit=1");
      const response = await c.call(method, path, body);
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      const { body: [after] } = await c.json("GET", "/api/v1/logs?sortOrder=DESCENDING&limit=1");
      expect(after.uuid).toBe(before.uuid);
    }
  });

  it("logs the credential as actor: the API token's admin for SSWS, the OAuth client app for access tokens", async () => {
    const c = newClient();
    const lastActor = async () => (await c.json("GET", "/api/v1/logs?sortOrder=DESCENDING&limit=1")).body[0].actor;
    await c.call("POST", "/api/v1/groups", { profile: { name: "By API token" } });
    const admin = await lastActor();
    expect(admin).toMatchObject({ type: "User" });
    const roles = (await c.json("GET", `/api/v1/users/${admin.id}/roles`)).body as { type: string }[];
    expect(roles.map((r) => r.type)).toContain("SUPER_ADMIN");

    await c.call("POST", "/api/v1/groups", { profile: { name: "By access token" } }, { Authorization: `Bearer ${c.org.token}` });
    const client = await lastActor();
    expect(client).toMatchObject({ type: "PublicClientApp", displayName: "okta-mcp-server" });
    expect((await c.json("GET", `/api/v1/apps/${client.id}`)).body).toMatchObject({ label: "okta-mcp-server", credentials: { oauthClient: { client_id: client.id } } });
  });

  it("answers 404 to deactivate or update a DEPROVISIONED user, as Okta does", async () => {
    const c = newClient();
    const { body: [gone] } = await c.json("GET", `/api/v1/users?filter=${q('status eq "DEPROVISIONED"')}&limit=1`);
    const deactivate = await c.json("POST", `/api/v1/users/${gone.id}/lifecycle/deactivate`);
    expect(deactivate.status).toBe(404);
    expect(deactivate.body.errorSummary).toBe(`Not found: Resource not found: ${gone.id} (User)`);
    expect((await c.json("POST", `/api/v1/users/${gone.id}`, { profile: { title: "x" } })).status).toBe(404);
  });
});
