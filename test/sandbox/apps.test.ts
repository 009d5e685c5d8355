import { describe, expect, it } from "vitest";
import { newClient, q } from "./helpers.js";

describe("sandbox apps", () => {
  it("seeds OIDC, SAML and bookmark apps, filterable by status and q", async () => {
    const c = newClient();
    const { body: apps } = await c.json("GET", "/api/v1/apps");
    expect(apps.length).toBeGreaterThanOrEqual(6);
    expect(new Set(apps.map((a: any) => a.signOnMode))).toEqual(new Set(["OPENID_CONNECT", "SAML_2_0", "BOOKMARK"]));
    const { body: inactive } = await c.json("GET", `/api/v1/apps?filter=${q('status eq "INACTIVE"')}`);
    expect(inactive.length).toBeGreaterThan(0);
    expect(inactive.every((a: any) => a.status === "INACTIVE")).toBe(true);
    expect((await c.json("GET", "/api/v1/apps?q=hr")).body.map((a: any) => a.label)).toEqual(["HR Portal"]);
  });

  it("lists app users from direct and group assignments, paged without gaps", async () => {
    const c = newClient();
    const { body: [wiki] } = await c.json("GET", "/api/v1/apps?q=Engineering");
    const { body: all } = await c.json("GET", `/api/v1/apps/${wiki.id}/users?limit=500`);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((u: any) => u.scope === "GROUP")).toBe(true);
    const { items } = await c.collect(`/api/v1/apps/${wiki.id}/users?limit=3`);
    expect(items.map((u) => u.id)).toEqual(all.map((u: any) => u.id));
    const { body: groups } = await c.json("GET", `/api/v1/apps/${wiki.id}/groups`);
    expect(groups.length).toBe(2);
  });

  it("assigns and removes a user and a group, logging each", async () => {
    const c = newClient();
    const { body: [hr] } = await c.json("GET", "/api/v1/apps?q=HR");
    const { body: users } = await c.json("GET", `/api/v1/users?filter=${q('status eq "ACTIVE"')}`);
    const user = users.find((u: any) => u.profile.department !== "HR");
    const assigned = await c.json("POST", `/api/v1/apps/${hr.id}/users`, { id: user.id, scope: "USER", credentials: { userName: user.profile.login } });
    expect(assigned.body).toMatchObject({ id: user.id, scope: "USER", credentials: { userName: user.profile.login } });
    expect((await c.json("GET", `/api/v1/apps/${hr.id}/users/${user.id}`)).status).toBe(200);
    expect((await c.json("GET", `/api/v1/users/${user.id}/appLinks`)).body.map((l: any) => l.appInstanceId)).toContain(hr.id);
    expect((await c.call("DELETE", `/api/v1/apps/${hr.id}/users/${user.id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/apps/${hr.id}/users/${user.id}`)).status).toBe(404);

    const { body: [support] } = await c.json("GET", "/api/v1/groups?q=Support");
    const group = await c.json("PUT", `/api/v1/apps/${hr.id}/groups/${support.id}`, { priority: 0 });
    expect(group.body).toMatchObject({ id: support.id, priority: 0 });
    const { body: members } = await c.json("GET", `/api/v1/groups/${support.id}/users`);
    const { body: appUsers } = await c.json("GET", `/api/v1/apps/${hr.id}/users?limit=500`);
    for (const member of members) expect(appUsers.map((u: any) => u.id)).toContain(member.id);
    expect((await c.call("DELETE", `/api/v1/apps/${hr.id}/groups/${support.id}`)).status).toBe(204);

    const { body: events } = await c.json("GET", `/api/v1/logs?filter=${q(`target.id eq "${hr.id}" and (eventType sw "application.user" or eventType sw "group.application")`)}`);
    expect(events.map((e: any) => e.eventType)).toEqual([
      "application.user_membership.add",
      "application.user_membership.remove",
      "group.application_assignment.add",
      "group.application_assignment.remove",
    ]);
  });

  it("creates an app, refuses to delete it while ACTIVE (E0000056), deletes it once INACTIVE", async () => {
    const c = newClient();
    const created = await c.json("POST", "/api/v1/apps", { label: "Docs", signOnMode: "BOOKMARK", settings: { app: { url: "https://docs.example.com", requestIntegration: false } } });
    expect(created.body).toMatchObject({ status: "ACTIVE", name: "bookmark", label: "Docs", id: expect.stringMatching(/^0oa/) });
    const id = created.body.id;
    const refused = await c.json("DELETE", `/api/v1/apps/${id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.errorCode).toBe("E0000056");
    expect((await c.json("GET", `/api/v1/apps/${id}`)).status).toBe(200);
    const replaced = await c.json("PUT", `/api/v1/apps/${id}`, { label: "Docs 2", signOnMode: "BOOKMARK", settings: { app: { url: "https://docs2.example.com" } } });
    expect(replaced.body).toMatchObject({ label: "Docs 2", name: "bookmark", status: "ACTIVE", settings: { app: { url: "https://docs2.example.com" } } });
    await c.json("POST", `/api/v1/apps/${id}/lifecycle/deactivate`);
    expect((await c.json("GET", `/api/v1/apps/${id}`)).body.status).toBe("INACTIVE");
    expect((await c.call("DELETE", `/api/v1/apps/${id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/apps/${id}`)).body.errorSummary).toBe(`Not found: Resource not found: ${id} (AppInstance)`);
  });

  it("validates label and signOnMode on create", async () => {
    const c = newClient();
    const noLabel = await c.json("POST", "/api/v1/apps", { signOnMode: "BOOKMARK" });
    expect(noLabel.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: label" });
    const badMode = await c.json("POST", "/api/v1/apps", { label: "X", signOnMode: "MAGIC" });
    expect(badMode.body.errorSummary).toBe("Api validation failed: signOnMode");
  });
});
