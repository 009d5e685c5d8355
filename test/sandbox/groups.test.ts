import { describe, expect, it } from "vitest";
import { newClient, q } from "./helpers.js";

describe("sandbox groups", () => {
  it("seeds Everyone (BUILT_IN) and OKTA_GROUPs with members; Everyone holds every user", async () => {
    const c = newClient();
    const { body: groups } = await c.json("GET", "/api/v1/groups");
    expect(groups.length).toBeGreaterThanOrEqual(8);
    const everyone = groups.find((g: any) => g.profile.name === "Everyone");
    expect(everyone).toMatchObject({ type: "BUILT_IN", id: expect.stringMatching(/^00g[0-9A-Za-z]{17}$/) });
    const { items: everyoneMembers } = await c.collect(`/api/v1/groups/${everyone.id}/users?limit=9`);
    const { body: allUsers } = await c.json("GET", `/api/v1/users?search=${q("status pr")}`);
    expect(everyoneMembers.map((u) => u.id).sort()).toEqual(allUsers.map((u: any) => u.id).sort());
    const engineering = groups.find((g: any) => g.profile.name === "Engineering");
    const { body: engineers } = await c.json("GET", `/api/v1/groups/${engineering.id}/users`);
    expect(engineers.length).toBeGreaterThan(0);
    expect(engineers.every((u: any) => u.profile.department === "Engineering")).toBe(true);
  });

  it("lists with q prefix, filter on type and search on profile.name", async () => {
    const c = newClient();
    expect((await c.json("GET", "/api/v1/groups?q=eng")).body.map((g: any) => g.profile.name)).toEqual(["Engineering"]);
    const builtIn = await c.json("GET", `/api/v1/groups?filter=${q('type eq "BUILT_IN"')}`);
    expect(builtIn.body.map((g: any) => g.profile.name)).toEqual(["Everyone"]);
    const search = await c.json("GET", `/api/v1/groups?search=${q('profile.name co "user"')}`);
    expect(search.body.map((g: any) => g.profile.name)).toEqual(["VPN Users"]);
  });

  it("creates, renames, fills, empties and deletes a group, logging each step", async () => {
    const c = newClient();
    const created = await c.json("POST", "/api/v1/groups", { profile: { name: "Pilot", description: "Pilot users" } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ type: "OKTA_GROUP", profile: { name: "Pilot", description: "Pilot users" } });
    const id = created.body.id;
    const dup = await c.json("POST", "/api/v1/groups", { profile: { name: "pilot" } });
    expect(dup.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: name" });
    expect((await c.json("PUT", `/api/v1/groups/${id}`, { profile: { name: "Pilot 2" } })).body.profile.name).toBe("Pilot 2");
    const { body: [user] } = await c.json("GET", "/api/v1/users?limit=1");
    expect((await c.call("PUT", `/api/v1/groups/${id}/users/${user.id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/groups/${id}/users`)).body.map((u: any) => u.id)).toEqual([user.id]);
    expect((await c.json("GET", `/api/v1/users/${user.id}/groups`)).body.map((g: any) => g.id)).toContain(id);
    expect((await c.call("DELETE", `/api/v1/groups/${id}/users/${user.id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/groups/${id}/users`)).body).toEqual([]);
    expect((await c.call("DELETE", `/api/v1/groups/${id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/groups/${id}`)).body.errorSummary).toBe(`Not found: Resource not found: ${id} (UserGroup)`);
    const { body: events } = await c.json("GET", `/api/v1/logs?filter=${q(`target.id eq "${id}"`)}`);
    expect(events.map((e: any) => e.eventType)).toEqual([
      "group.lifecycle.create",
      "group.profile.update",
      "group.user_membership.add",
      "group.user_membership.remove",
      "group.lifecycle.delete",
    ]);
  });

  it("refuses to change the BUILT_IN Everyone group with 403 E0000006", async () => {
    const c = newClient();
    const { body: [everyone] } = await c.json("GET", "/api/v1/groups?q=Everyone");
    const { body: [user] } = await c.json("GET", "/api/v1/users?limit=1");
    for (const [method, path] of [["DELETE", `/api/v1/groups/${everyone.id}`], ["DELETE", `/api/v1/groups/${everyone.id}/users/${user.id}`]]) {
      const response = await c.json(method, path);
      expect(response.status).toBe(403);
      expect(response.body.errorCode).toBe("E0000006");
    }
  });

  it("lists the apps assigned to a group", async () => {
    const c = newClient();
    const { body: [engineering] } = await c.json("GET", "/api/v1/groups?q=Engineering");
    const { body: apps } = await c.json("GET", `/api/v1/groups/${engineering.id}/apps`);
    expect(apps.map((a: any) => a.label)).toEqual(["Engineering Wiki"]);
  });

  it("group rules: create INACTIVE, activate, refuse update while ACTIVE, deactivate, delete", async () => {
    const c = newClient();
    const { body: seeded } = await c.json("GET", "/api/v1/groups/rules");
    expect(seeded.length).toBe(2);
    const { body: [sales] } = await c.json("GET", "/api/v1/groups?q=Sales");
    const body = { type: "group_rule", name: "Sales titles", conditions: { expression: { value: 'user.title=="Account Executive"', type: "urn:okta:expression:1.0" } }, actions: { assignUserToGroups: { groupIds: [sales.id] } } };
    const created = await c.json("POST", "/api/v1/groups/rules", body);
    expect(created.body).toMatchObject({ status: "INACTIVE", name: "Sales titles", id: expect.stringMatching(/^0pr/) });
    const id = created.body.id;
    expect((await c.call("POST", `/api/v1/groups/rules/${id}/lifecycle/activate`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/groups/rules/${id}`)).body.status).toBe("ACTIVE");
    expect((await c.json("PUT", `/api/v1/groups/rules/${id}`, { ...body, name: "Renamed" })).status).toBe(400);
    await c.call("POST", `/api/v1/groups/rules/${id}/lifecycle/deactivate`);
    expect((await c.json("PUT", `/api/v1/groups/rules/${id}`, { ...body, name: "Renamed" })).body.name).toBe("Renamed");
    expect((await c.call("DELETE", `/api/v1/groups/rules/${id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/groups/rules/${id}`)).status).toBe(404);
  });

  it("an activated group rule adds matching users to its groups, now and on later profile changes", async () => {
    const c = newClient();
    const { body: pilots } = await c.json("POST", "/api/v1/groups", { profile: { name: "Pilots" } });
    const rule = await c.json("POST", "/api/v1/groups/rules", {
      type: "group_rule",
      name: "Sales managers are pilots",
      conditions: { expression: { value: 'user.department=="Sales" && user.title=="Sales Manager"', type: "urn:okta:expression:1.0" } },
      actions: { assignUserToGroups: { groupIds: [pilots.id] } },
    });
    expect((await c.json("GET", `/api/v1/groups/${pilots.id}/users`)).body).toEqual([]);
    await c.call("POST", `/api/v1/groups/rules/${rule.body.id}/lifecycle/activate`);
    const { body: sales } = await c.json("GET", `/api/v1/users?search=${q('profile.department eq "Sales" and profile.title eq "Sales Manager" and status ne "DEPROVISIONED"')}`);
    const { body: members } = await c.json("GET", `/api/v1/groups/${pilots.id}/users`);
    expect(sales.length).toBeGreaterThan(0);
    expect(members.map((u: any) => u.id).sort()).toEqual(sales.map((u: any) => u.id).sort());

    const { body: [engineer] } = await c.json("GET", `/api/v1/users?search=${q('profile.department eq "Engineering" and status eq "ACTIVE"')}`);
    await c.json("POST", `/api/v1/users/${engineer.id}`, { profile: { department: "Sales", title: "Sales Manager" } });
    expect((await c.json("GET", `/api/v1/groups/${pilots.id}/users`)).body.map((u: any) => u.id)).toContain(engineer.id);
  });
});
