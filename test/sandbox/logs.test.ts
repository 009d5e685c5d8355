import { describe, expect, it } from "vitest";
import { createSandboxOrg } from "../../src/sandbox/index.js";
import { DAY, HOUR, MINUTE } from "../../src/sandbox/clock.js";
import { newClient, q } from "./helpers.js";

describe("sandbox system log", () => {
  it("seeds about sixty LogEvents of the last week in Okta's shape", async () => {
    const c = newClient();
    const { body } = await c.json("GET", "/api/v1/logs?limit=1000");
    expect(body.length).toBeGreaterThanOrEqual(50);
    const types = new Set(body.map((e: any) => e.eventType));
    for (const t of ["user.session.start", "user.authentication.auth_via_mfa", "group.user_membership.add", "application.user_membership.add", "policy.lifecycle.update"]) {
      expect(types).toContain(t);
    }
    const event = body[0];
    expect(Object.keys(event)).toEqual(expect.arrayContaining(["uuid", "published", "eventType", "displayMessage", "severity", "actor", "client", "outcome", "target", "transaction", "debugContext", "authenticationContext", "securityContext"]));
    expect(event.client).toMatchObject({ ipAddress: expect.any(String), userAgent: { rawUserAgent: expect.any(String) }, geographicalContext: expect.any(Object) });
    const published = body.map((e: any) => e.published);
    expect(published).toEqual([...published].sort());
    expect(body.some((e: any) => e.eventType === "user.session.start" && e.outcome.result === "FAILURE")).toBe(true);
  });

  it("filters by eventType and outcome, by target.id, and by q keywords", async () => {
    const c = newClient();
    const { body: all } = await c.json("GET", "/api/v1/logs?limit=1000");
    const { body: failures } = await c.json("GET", `/api/v1/logs?filter=${q('eventType eq "user.session.start" and outcome.result eq "FAILURE"')}`);
    const expected = all.filter((e: any) => e.eventType === "user.session.start" && e.outcome.result === "FAILURE");
    expect(failures.map((e: any) => e.uuid)).toEqual(expected.map((e: any) => e.uuid));
    expect(failures.length).toBeGreaterThan(0);

    const withTarget = all.find((e: any) => e.target.length > 1);
    const { body: byTarget } = await c.json("GET", `/api/v1/logs?filter=${q(`target.id eq "${withTarget.target[1].id}"`)}`);
    expect(byTarget.map((e: any) => e.uuid)).toContain(withTarget.uuid);
    expect(byTarget.every((e: any) => e.target.some((t: any) => t.id === withTarget.target[1].id))).toBe(true);

    const { body: keyword } = await c.json("GET", `/api/v1/logs?q=${q("Suspend")}`);
    expect(keyword.length).toBeGreaterThan(0);
    expect(keyword.every((e: any) => JSON.stringify(e).toLowerCase().includes("suspend"))).toBe(true);
  });

  it("honours since/until and sortOrder, and rejects a bad date with E0000030", async () => {
    const c = newClient();
    const { body: all } = await c.json("GET", "/api/v1/logs?limit=1000");
    const middle = all[Math.floor(all.length / 2)].published;
    const { body: after } = await c.json("GET", `/api/v1/logs?since=${q(middle)}&limit=1000`);
    expect(after.every((e: any) => e.published >= middle)).toBe(true);
    const { body: before } = await c.json("GET", `/api/v1/logs?until=${q(middle)}&limit=1000`);
    expect(before.every((e: any) => e.published <= middle)).toBe(true);
    const { body: desc } = await c.json("GET", "/api/v1/logs?sortOrder=DESCENDING&limit=1000");
    expect(desc.map((e: any) => e.uuid)).toEqual([...all].reverse().map((e: any) => e.uuid));
    const bad = await c.json("GET", "/api/v1/logs?since=yesterday");
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe("E0000030");
  });

  it("pages in both directions without gaps or duplicates", async () => {
    const c = newClient();
    const { body: all } = await c.json("GET", "/api/v1/logs?limit=1000");
    const asc = await c.collect("/api/v1/logs?limit=9");
    expect(asc.items.map((e) => e.uuid)).toEqual(all.map((e: any) => e.uuid));
    expect(asc.pages).toBe(Math.ceil(all.length / 9));
    const desc = await c.collect("/api/v1/logs?limit=9&sortOrder=DESCENDING");
    expect(desc.items.map((e) => e.uuid)).toEqual([...all].reverse().map((e: any) => e.uuid));
  });

  it("records every user mutation with the admin as actor and the user as target", async () => {
    const c = newClient();
    const before = (await c.json("GET", "/api/v1/logs?limit=1000")).body.length;
    const profile = { firstName: "Log", lastName: "Me", email: "log.me@example.com", login: "log.me@example.com" };
    const { body: user } = await c.json("POST", "/api/v1/users?activate=false", { profile });
    await c.json("POST", `/api/v1/users/${user.id}`, { profile: { title: "Tester" } });
    await c.json("POST", `/api/v1/users/${user.id}/lifecycle/activate`);
    await c.json("POST", `/api/v1/users/${user.id}/lifecycle/deactivate`);
    await c.call("DELETE", `/api/v1/users/${user.id}`);
    const { body: mine } = await c.json("GET", `/api/v1/logs?filter=${q(`target.id eq "${user.id}"`)}`);
    expect(mine.map((e: any) => e.eventType)).toEqual([
      "user.lifecycle.create",
      "user.account.update_profile",
      "user.lifecycle.activate",
      "user.lifecycle.deactivate",
      "user.lifecycle.delete.initiated",
      "user.lifecycle.delete.completed",
    ]);
    const { body: [admin] } = await c.json("GET", "/api/v1/users?limit=1");
    expect(mine.every((e: any) => e.actor.id === admin.id && e.outcome.result === "SUCCESS")).toBe(true);
    expect(mine[0].debugContext.debugData.requestUri).toBe("/api/v1/users?activate=false");
    expect((await c.json("GET", "/api/v1/logs?limit=1000")).body.length).toBe(before + 6);
    // A refused change is not a mutation and leaves no event.
    await c.json("POST", `/api/v1/users/${admin.id}/lifecycle/activate`);
    expect((await c.json("GET", "/api/v1/logs?limit=1000")).body.length).toBe(before + 6);
  });

  it("filters by actor.id", async () => {
    const c = newClient();
    const { body: all } = await c.json("GET", "/api/v1/logs?limit=1000");
    const actorId = all[all.length - 1].actor.id;
    const { body } = await c.json("GET", `/api/v1/logs?filter=${q(`actor.id eq "${actorId}"`)}&limit=1000`);
    expect(body.length).toBe(all.filter((e: any) => e.actor.id === actorId).length);
  });
});

describe("sandbox clock", () => {
  const ago = (ms: number, now: number) => encodeURIComponent(new Date(now - ms).toISOString());

  it("lives in the present: the last hour and the last 24 h have events, and new events follow the wall clock", async () => {
    let wall = Date.parse("2031-03-04T05:06:07.000Z");
    const org = createSandboxOrg({ now: () => wall });
    const get = async (path: string) => (await org.fetch(`https://o.test${path}`, { headers: { Authorization: `SSWS ${org.token}` } })).json();
    const lastHour = await get(`/api/v1/logs?since=${ago(HOUR, wall)}`);
    expect(lastHour.length).toBeGreaterThan(0);
    const failures = await get(`/api/v1/logs?since=${ago(DAY, wall)}&filter=${q('eventType eq "user.session.start" and outcome.result eq "FAILURE"')}`);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((e: any) => Date.parse(e.published) <= wall && Date.parse(e.published) > wall - DAY)).toBe(true);

    // Two hours later, a change is logged at the new "now".
    wall += 2 * HOUR;
    const [user] = await get(`/api/v1/users?limit=1&search=${q('status eq "ACTIVE"')}`);
    await org.fetch(`https://o.test/api/v1/users/${user.id}/lifecycle/suspend`, { method: "POST", headers: { Authorization: `SSWS ${org.token}` } });
    const recent = await get(`/api/v1/logs?since=${ago(MINUTE, wall)}`);
    expect(recent.map((e: any) => e.eventType)).toContain("user.lifecycle.suspend");
  });

  it("is deterministic with a frozen clock: same seed and calls, same bytes", async () => {
    const run = async () => {
      const c = newClient(3);
      await c.json("POST", "/api/v1/groups", { profile: { name: "Clock test" } });
      return (await c.call("GET", "/api/v1/logs?limit=1000")).text();
    };
    expect(await run()).toBe(await run());
  });
});
