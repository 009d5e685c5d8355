import { afterEach, describe, expect, it } from "vitest";
import { createSandboxOrg, DEFAULT_SANDBOX_ORG_URL } from "../../src/sandbox/index.js";
import { newClient, nextLink, ORG } from "./helpers.js";

describe("sandbox HTTP semantics", () => {
  it("rejects a missing or wrong token with 401 E0000011, and accepts SSWS, Bearer and DPoP", async () => {
    const org = createSandboxOrg({ token: "right" });
    for (const authorization of [undefined, "SSWS wrong", "Basic right", "Bearer"]) {
      const response = await org.fetch(`${ORG}/api/v1/users`, { headers: authorization ? { Authorization: authorization } : {} });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ errorCode: "E0000011", errorSummary: "Invalid token provided" });
    }
    for (const scheme of ["SSWS", "Bearer", "DPoP"]) {
      expect((await org.fetch(`${ORG}/api/v1/users?limit=1`, { headers: { Authorization: `${scheme} right` } })).status).toBe(200);
    }
  });

  it("sets Okta's headers on every response, with unique request ids", async () => {
    const c = newClient();
    const responses = [await c.call("GET", "/api/v1/users?limit=2"), await c.call("GET", "/api/v1/users/nobody"), await c.call("DELETE", "/api/v1/users/nobody")];
    const ids = new Set<string>();
    for (const response of responses) {
      expect(response.headers.get("content-type")).toBe("application/json");
      ids.add(response.headers.get("x-okta-request-id")!);
      expect(Number(response.headers.get("x-rate-limit-limit"))).toBeGreaterThan(0);
      expect(Number(response.headers.get("x-rate-limit-remaining"))).toBeGreaterThan(0);
      expect(Number(response.headers.get("x-rate-limit-reset"))).toBeGreaterThan(Date.now() / 1000 - 1);
    }
    expect(ids.size).toBe(3);
    expect(responses[0].headers.get("link")).toMatch(/^<https:\/\/sandbox\.okta\.test\/api\/v1\/users\?limit=2>; rel="self", <[^>]+after=[^>]+>; rel="next"$/);
  });

  it("answers unknown paths with 404 E0000007 and wrong methods with 405 E0000022", async () => {
    const c = newClient();
    const unknown = await c.json("GET", "/api/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.errorCode).toBe("E0000007");
    const wrong = await c.json("PATCH", "/api/v1/users");
    expect(wrong.status).toBe(405);
    expect(wrong.body.errorCode).toBe("E0000022");
  });

  it("fetch resolves relative paths against the default in-process org URL", async () => {
    const org = createSandboxOrg();
    const response = await org.fetch("/api/v1/users?limit=1", { headers: { Authorization: `SSWS ${org.token}` } });
    const [user] = await response.json();
    expect(user._links.self.href).toBe(`${DEFAULT_SANDBOX_ORG_URL}/api/v1/users/${user.id}`);
  });

  it("ignores unknown query parameters", async () => {
    const c = newClient();
    const plain = await c.json("GET", "/api/v1/users?limit=3");
    const extra = await c.json("GET", "/api/v1/users?limit=3&expand=whatever&foo=bar");
    expect(extra.body.map((u: any) => u.id)).toEqual(plain.body.map((u: any) => u.id));
  });

  it("injected 429 carries X-Rate-Limit-Reset and E0000047, then the call succeeds", async () => {
    const c = newClient();
    c.org.injectFaults([{ status: 429, count: 1, resetInSeconds: 3, path: "/api/v1/users" }]);
    const groups = await c.call("GET", "/api/v1/logs?limit=1");
    expect(groups.status).toBe(200);
    const limited = await c.call("GET", "/api/v1/users?limit=1");
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ errorCode: "E0000047" });
    expect(limited.headers.get("x-rate-limit-remaining")).toBe("0");
    const reset = Number(limited.headers.get("x-rate-limit-reset"));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    expect((await c.call("GET", "/api/v1/users?limit=1")).status).toBe(200);
  });

  it("injected 503s fail the given number of calls, then stop; reset clears faults and state", async () => {
    const c = newClient();
    c.org.injectFaults([{ status: 503, count: 2 }]);
    expect((await c.call("GET", "/api/v1/users")).status).toBe(503);
    expect((await c.call("GET", "/api/v1/users")).status).toBe(503);
    expect((await c.call("GET", "/api/v1/users")).status).toBe(200);
    const { body: [user] } = await c.json("GET", "/api/v1/users?limit=1");
    await c.json("POST", `/api/v1/users/${user.id}/lifecycle/suspend`);
    c.org.injectFaults([{ status: 500, count: 5 }]);
    c.org.reset();
    const after = await c.json("GET", `/api/v1/users/${user.id}`);
    expect(after.status).toBe(200);
    expect(after.body.status).toBe("ACTIVE");
  });

  it("two orgs from the same seed give identical data; another seed gives different data", async () => {
    const a = newClient(42);
    const b = newClient(42);
    const other = newClient(43);
    for (const path of ["/api/v1/users", "/api/v1/logs?limit=1000"]) {
      const left = await (await a.call("GET", path)).text();
      expect(await (await b.call("GET", path)).text()).toBe(left);
      expect(await (await other.call("GET", path)).text()).not.toBe(left);
    }
  });
});

describe("sandbox over loopback HTTP", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("serves real fetch on 127.0.0.1 with links on the listening origin, and HTTP sandbox controls", async () => {
    const org = createSandboxOrg({ pageSizeDefault: 10 });
    const server = await org.listen({ port: 0 });
    close = server.close;
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const auth = { Authorization: `SSWS ${org.token}` };

    const first = await fetch(`${server.url}/api/v1/users`, { headers: auth });
    expect(first.status).toBe(200);
    expect((await first.json()).length).toBe(10);
    const next = nextLink(first.headers.get("link"));
    expect(next?.startsWith(`${server.url}/api/v1/users?`)).toBe(true);
    expect((await fetch(next!, { headers: auth })).status).toBe(200);

    const created = await fetch(`${server.url}/api/v1/users?activate=false`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ profile: { firstName: "Wire", lastName: "User", email: "wire@example.com", login: "wire@example.com" } }),
    });
    const user = await created.json();
    expect(user.status).toBe("STAGED");
    expect(user._links.self.href).toBe(`${server.url}/api/v1/users/${user.id}`);

    const fault = await fetch(`${server.url}/__sandbox/faults`, { method: "POST", body: JSON.stringify([{ status: 429, count: 1, path: "/api/v1/groups", resetInSeconds: 2 }]) });
    expect(fault.status).toBe(204);
    expect((await fetch(`${server.url}/api/v1/users/${user.id}`, { headers: auth })).status).toBe(200);
    const limited = await fetch(`${server.url}/api/v1/groups`, { headers: auth });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-rate-limit-reset")).toMatch(/^\d+$/);

    expect((await fetch(`${server.url}/__sandbox/reset`, { method: "POST" })).status).toBe(204);
    expect((await fetch(`${server.url}/api/v1/users/${user.id}`, { headers: auth })).status).toBe(404);

    const deleted = await fetch(`${server.url}/api/v1/users/nobody`, { method: "DELETE", headers: auth });
    expect(deleted.status).toBe(404);
    expect((await deleted.json()).errorCode).toBe("E0000007");
  });
});
