import { describe, expect, it } from "vitest";
import { newClient, q } from "./helpers.js";

describe("sandbox users: list, search, filter, q", () => {
  it("pages through all visible users with Link cursors, without gaps or duplicates", async () => {
    const c = newClient();
    const { body: all } = await c.json("GET", "/api/v1/users");
    const { items, pages } = await c.collect("/api/v1/users?limit=7");
    expect(pages).toBe(Math.ceil(all.length / 7));
    expect(items.map((u) => u.id)).toEqual(all.map((u: any) => u.id));
    expect(new Set(items.map((u) => u.id)).size).toBe(items.length);
  });

  it("omits DEPROVISIONED users unless search or filter is given", async () => {
    const c = newClient();
    const { body: listed } = await c.json("GET", "/api/v1/users");
    expect(listed.length).toBeGreaterThanOrEqual(30);
    expect(listed.some((u: any) => u.status === "DEPROVISIONED")).toBe(false);
    const { body: deprovisioned } = await c.json("GET", `/api/v1/users?filter=${q('status eq "DEPROVISIONED"')}`);
    expect(deprovisioned.length).toBeGreaterThan(0);
    expect(deprovisioned.every((u: any) => u.status === "DEPROVISIONED")).toBe(true);
  });

  it("seeds every lifecycle status with full Okta user JSON", async () => {
    const c = newClient();
    const { body } = await c.json("GET", `/api/v1/users?search=${q("status pr")}`);
    const statuses = new Set(body.map((u: any) => u.status));
    for (const s of ["ACTIVE", "STAGED", "PROVISIONED", "SUSPENDED", "LOCKED_OUT", "PASSWORD_EXPIRED", "RECOVERY", "DEPROVISIONED"]) {
      expect(statuses).toContain(s);
    }
    const user = body[0];
    expect(user.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
    expect(Object.keys(user)).toEqual(expect.arrayContaining(["status", "created", "activated", "statusChanged", "lastLogin", "lastUpdated", "passwordChanged", "type", "profile", "credentials", "_links"]));
    expect(user.profile).toMatchObject({ login: expect.stringContaining("@"), email: expect.any(String), firstName: expect.any(String), department: expect.any(String) });
    expect(user._links.self.href).toBe(`https://sandbox.okta.test/api/v1/users/${user.id}`);
  });

  it("search supports sw/co/gt, and/or with parentheses, and sortBy/sortOrder", async () => {
    const c = newClient();
    const { body: all } = await c.json("GET", `/api/v1/users?search=${q("status pr")}`);
    const { body: eng } = await c.json("GET", `/api/v1/users?search=${q('profile.department eq "Engineering" and (status eq "ACTIVE" or status eq "SUSPENDED")')}`);
    const expected = all.filter((u: any) => u.profile.department === "Engineering" && ["ACTIVE", "SUSPENDED"].includes(u.status));
    expect(eng.map((u: any) => u.id)).toEqual(expected.map((u: any) => u.id));
    expect(eng.length).toBeGreaterThan(0);

    const first = all[0].profile.firstName as string;
    const { body: sw } = await c.json("GET", `/api/v1/users?search=${q(`profile.firstName sw "${first.slice(0, 2).toLowerCase()}"`)}`);
    expect(sw.length).toBeGreaterThan(0);
    expect(sw.every((u: any) => u.profile.firstName.toLowerCase().startsWith(first.slice(0, 2).toLowerCase()))).toBe(true);

    const { body: recent } = await c.json("GET", `/api/v1/users?search=${q('lastUpdated gt "2026-01-01T00:00:00.000Z"')}`);
    expect(recent.every((u: any) => u.lastUpdated > "2026-01-01T00:00:00.000Z")).toBe(true);
    expect(recent.length).toBeLessThan(all.length);

    const { body: sorted } = await c.json("GET", `/api/v1/users?search=${q("status pr")}&sortBy=profile.lastName&sortOrder=desc`);
    const names = sorted.map((u: any) => u.profile.lastName.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
  });

  it("sorted search pages cover every match exactly once", async () => {
    const c = newClient();
    const { body: all } = await c.json("GET", `/api/v1/users?search=${q("status pr")}&sortBy=profile.firstName`);
    const { items } = await c.collect(`/api/v1/users?search=${q("status pr")}&sortBy=profile.firstName&limit=5`);
    expect(items.map((u) => u.id)).toEqual(all.map((u: any) => u.id));
  });

  it("q matches a prefix of firstName, lastName or email", async () => {
    const c = newClient();
    const { body: all } = await c.json("GET", "/api/v1/users");
    const target = all[3];
    const { body } = await c.json("GET", `/api/v1/users?q=${q(target.profile.lastName.slice(0, 3))}`);
    expect(body.map((u: any) => u.id)).toContain(target.id);
    for (const u of body) {
      const prefix = target.profile.lastName.slice(0, 3).toLowerCase();
      expect([u.profile.firstName, u.profile.lastName, u.profile.email].some((v: string) => v.toLowerCase().startsWith(prefix))).toBe(true);
    }
  });

  it("filter rejects attributes Okta does not filter on, and malformed expressions, with E0000031", async () => {
    const c = newClient();
    const bad = await c.json("GET", `/api/v1/users?filter=${q('profile.department eq "Sales"')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe("E0000031");
    const malformed = await c.json("GET", `/api/v1/users?search=${q('status eq "ACTIVE" and (')}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errorCode).toBe("E0000031");
  });

  it("gets a user by id or by login, and answers E0000007 for an unknown one", async () => {
    const c = newClient();
    const { body: [user] } = await c.json("GET", "/api/v1/users?limit=1");
    expect((await c.json("GET", `/api/v1/users/${user.id}`)).body.id).toBe(user.id);
    expect((await c.json("GET", `/api/v1/users/${encodeURIComponent(user.profile.login)}`)).body.id).toBe(user.id);
    const missing = await c.json("GET", "/api/v1/users/00uDoesNotExist00000");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errorCode: "E0000007", errorSummary: "Not found: Resource not found: 00uDoesNotExist00000 (User)", errorLink: "E0000007", errorCauses: [] });
    expect(missing.body.errorId).toMatch(/^oae/);
  });
});

describe("sandbox users: create, update, replace", () => {
  const profile = { firstName: "Test", lastName: "Person", email: "test.person@example.com", login: "test.person@example.com" };

  it("creates ACTIVE with a password, PROVISIONED without, STAGED with activate=false", async () => {
    const c = newClient();
    const active = await c.json("POST", "/api/v1/users?activate=true", { profile, credentials: { password: { value: "Sandb0x!Pass" } } });
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ status: "ACTIVE", profile: { login: profile.login }, credentials: { password: {} } });
    expect(JSON.stringify(active.body)).not.toContain("Sandb0x!Pass");
    const provisioned = await c.json("POST", "/api/v1/users", { profile: { ...profile, login: "p2@example.com", email: "p2@example.com" } });
    expect(provisioned.body.status).toBe("PROVISIONED");
    const staged = await c.json("POST", "/api/v1/users?activate=false", { profile: { ...profile, login: "p3@example.com", email: "p3@example.com" } });
    expect(staged.body).toMatchObject({ status: "STAGED", activated: null });
    expect((await c.json("GET", `/api/v1/users/${staged.body.id}`)).body.status).toBe("STAGED");
  });

  it("rejects a duplicate login with E0000001 and changes nothing", async () => {
    const c = newClient();
    const { body: [existing] } = await c.json("GET", "/api/v1/users?limit=1");
    const before = (await c.json("GET", "/api/v1/users")).body.length;
    const dup = await c.json("POST", "/api/v1/users", { profile: { ...profile, login: existing.profile.login.toUpperCase() } });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({
      errorCode: "E0000001",
      errorSummary: "Api validation failed: login",
      errorCauses: [{ errorSummary: "login: An object with this field already exists in the current organization" }],
    });
    expect((await c.json("GET", "/api/v1/users")).body.length).toBe(before);
  });

  it("rejects missing required fields, weak passwords and malformed JSON", async () => {
    const c = newClient();
    const missing = await c.json("POST", "/api/v1/users", { profile: { login: "x@example.com", email: "x@example.com", firstName: "X" } });
    expect(missing.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: lastName" });
    const weak = await c.json("POST", "/api/v1/users", { profile, credentials: { password: { value: "short" } } });
    expect(weak.body.errorCauses[0].errorSummary).toMatch(/^password: Password requirements were not met/);
    const notJson = await c.json("POST", "/api/v1/users", "{not json");
    expect(notJson.status).toBe(400);
    expect(notJson.body.errorCode).toBe("E0000003");
  });

  it("POST updates part of the profile; PUT replaces it", async () => {
    const c = newClient();
    const { body: user } = await c.json("POST", "/api/v1/users", { profile: { ...profile, department: "Sales", title: "AE" } });
    const partial = await c.json("POST", `/api/v1/users/${user.id}`, { profile: { title: "Sales Manager" } });
    expect(partial.body.profile).toMatchObject({ title: "Sales Manager", department: "Sales", login: profile.login });
    expect(partial.body.lastUpdated > user.lastUpdated).toBe(true);
    const replaced = await c.json("PUT", `/api/v1/users/${user.id}`, { profile: { ...profile, title: "VP" } });
    expect(replaced.body.profile.title).toBe("VP");
    expect(replaced.body.profile.department).toBeUndefined();
    const incomplete = await c.json("PUT", `/api/v1/users/${user.id}`, { profile: { title: "VP" } });
    expect(incomplete.status).toBe(400);
  });
});

describe("sandbox users: lifecycle", () => {
  async function userWithStatus(c: ReturnType<typeof newClient>, status: string) {
    const { body } = await c.json("GET", `/api/v1/users?filter=${q(`status eq "${status}"`)}&limit=1`);
    return body[0];
  }

  it("suspend → unsuspend → deactivate → activate walks Okta's statuses", async () => {
    const c = newClient();
    const user = await userWithStatus(c, "ACTIVE");
    const lifecycle = (action: string) => c.json("POST", `/api/v1/users/${user.id}/lifecycle/${action}`);
    expect((await lifecycle("suspend")).status).toBe(200);
    expect((await c.json("GET", `/api/v1/users/${user.id}`)).body.status).toBe("SUSPENDED");
    await lifecycle("unsuspend");
    expect((await c.json("GET", `/api/v1/users/${user.id}`)).body.status).toBe("ACTIVE");
    await lifecycle("deactivate");
    expect((await c.json("GET", `/api/v1/users/${user.id}`)).body.status).toBe("DEPROVISIONED");
    const activated = await c.json("POST", `/api/v1/users/${user.id}/lifecycle/activate?sendEmail=false`);
    expect(activated.body.activationToken).toEqual(expect.any(String));
    expect(activated.body.activationUrl).toContain("https://sandbox.okta.test/welcome/");
    expect((await c.json("GET", `/api/v1/users/${user.id}`)).body.status).toBe("ACTIVE");
  });

  it("refuses invalid moves with Okta's errors and leaves the status unchanged", async () => {
    const c = newClient();
    const active = await userWithStatus(c, "ACTIVE");
    const again = await c.json("POST", `/api/v1/users/${active.id}/lifecycle/activate`);
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ errorCode: "E0000016", errorSummary: "Activation failed because the user is already active" });
    const unsuspend = await c.json("POST", `/api/v1/users/${active.id}/lifecycle/unsuspend`);
    expect(unsuspend.status).toBe(400);
    expect(unsuspend.body.errorCode).toBe("E0000001");
    const unlock = await c.json("POST", `/api/v1/users/${active.id}/lifecycle/unlock`);
    expect(unlock.body.errorCode).toBe("E0000032");
    const staged = await userWithStatus(c, "STAGED");
    const suspend = await c.json("POST", `/api/v1/users/${staged.id}/lifecycle/suspend`);
    expect(suspend.body.errorCauses).toEqual([{ errorSummary: "Cannot suspend a user that is not active" }]);
    const reset = await c.json("POST", `/api/v1/users/${staged.id}/lifecycle/reset_password`);
    expect(reset.body.errorCode).toBe("E0000038");
    expect((await c.json("GET", `/api/v1/users/${active.id}`)).body.status).toBe("ACTIVE");
    expect((await c.json("GET", `/api/v1/users/${staged.id}`)).body.status).toBe("STAGED");
  });

  it("unlock, expire_password and reset_password move to ACTIVE, PASSWORD_EXPIRED and RECOVERY", async () => {
    const c = newClient();
    const locked = await userWithStatus(c, "LOCKED_OUT");
    await c.json("POST", `/api/v1/users/${locked.id}/lifecycle/unlock`);
    expect((await c.json("GET", `/api/v1/users/${locked.id}`)).body.status).toBe("ACTIVE");
    const expired = await c.json("POST", `/api/v1/users/${locked.id}/lifecycle/expire_password`);
    expect(expired.body.status).toBe("PASSWORD_EXPIRED");
    const reset = await c.json("POST", `/api/v1/users/${locked.id}/lifecycle/reset_password?sendEmail=false`);
    expect(reset.body.resetPasswordUrl).toContain("/reset_password/");
    expect((await c.json("GET", `/api/v1/users/${locked.id}`)).body.status).toBe("RECOVERY");
  });

  it("DELETE deactivates first, deletes on the second call, then the user is gone", async () => {
    const c = newClient();
    const user = await userWithStatus(c, "ACTIVE");
    expect((await c.call("DELETE", `/api/v1/users/${user.id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/users/${user.id}`)).body.status).toBe("DEPROVISIONED");
    expect((await c.call("DELETE", `/api/v1/users/${user.id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/users/${user.id}`)).status).toBe(404);
    expect((await c.json("GET", `/api/v1/users/${user.id}/groups`)).status).toBe(404);
  });
});

describe("sandbox users: groups, app links, factors, roles, sessions", () => {
  it("lists a user's groups (always Everyone), app links, factors and roles", async () => {
    const c = newClient();
    const { body: [admin] } = await c.json("GET", "/api/v1/users?limit=1");
    const { body: groups } = await c.json("GET", `/api/v1/users/${admin.id}/groups`);
    expect(groups.map((g: any) => g.profile.name)).toContain("Everyone");
    const { body: links } = await c.json("GET", `/api/v1/users/${admin.id}/appLinks`);
    expect(links.length).toBeGreaterThan(0);
    expect(links[0]).toMatchObject({ appInstanceId: expect.stringMatching(/^0oa/), label: expect.any(String) });
    const { body: roles } = await c.json("GET", `/api/v1/users/${admin.id}/roles`);
    expect(roles[0]).toMatchObject({ type: "SUPER_ADMIN", status: "ACTIVE" });
    const { body: factors } = await c.json("GET", `/api/v1/users/${admin.id}/factors`);
    expect(factors.length).toBeGreaterThan(0);
    expect(factors[0]).toMatchObject({ factorType: expect.any(String), status: "ACTIVE" });
  });

  it("deletes a factor, resets all factors, and clears sessions", async () => {
    const c = newClient();
    const { body: [admin] } = await c.json("GET", "/api/v1/users?limit=1");
    const { body: factors } = await c.json("GET", `/api/v1/users/${admin.id}/factors`);
    expect((await c.call("DELETE", `/api/v1/users/${admin.id}/factors/${factors[0].id}`)).status).toBe(204);
    expect((await c.json("GET", `/api/v1/users/${admin.id}/factors`)).body.length).toBe(factors.length - 1);
    expect((await c.json("DELETE", `/api/v1/users/${admin.id}/factors/${factors[0].id}`)).body.errorSummary).toContain("(UserFactor)");
    await c.json("POST", `/api/v1/users/${admin.id}/lifecycle/reset_factors`);
    expect((await c.json("GET", `/api/v1/users/${admin.id}/factors`)).body).toEqual([]);
    expect((await c.call("DELETE", `/api/v1/users/${admin.id}/sessions`)).status).toBe(204);
  });
});
