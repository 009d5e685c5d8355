import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createSandboxOrg, DEFAULT_SANDBOX_ORG_URL } from "../../src/sandbox/index.js";

// The runtime talks to Okta through openapi-fetch; the sandbox must satisfy it in-process, including empty bodies.
describe("sandbox with openapi-fetch", () => {
  it("reads lists, 204s and Okta errors through an injected fetch", async () => {
    const org = createSandboxOrg();
    const client = createClient<any>({ baseUrl: DEFAULT_SANDBOX_ORG_URL, fetch: org.fetch, headers: { Authorization: `SSWS ${org.token}` } });
    const list = await client.GET("/api/v1/users", { params: { query: { limit: 2 } } });
    expect(list.response.status).toBe(200);
    expect((list.data as any[]).length).toBe(2);
    const user = (list.data as any[])[0];
    const cleared = await client.DELETE("/api/v1/users/{id}/sessions", { params: { path: { id: user.id } } });
    expect(cleared.response.status).toBe(204);
    expect(cleared.error).toBeUndefined();
    const missing = await client.GET("/api/v1/users/{id}", { params: { path: { id: "00uMissing" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ errorCode: "E0000007" });
    const created = await client.POST("/api/v1/users", {
      params: { query: { activate: false } },
      body: { profile: { firstName: "Open", lastName: "Api", email: "open.api@example.com", login: "open.api@example.com" } },
    });
    expect(created.data).toMatchObject({ status: "STAGED" });
  });
});

describe("sandbox behind msw", () => {
  it("answers intercepted network requests when mounted as an msw handler", async () => {
    const { http } = await import("msw");
    const { setupServer } = await import("msw/node");
    const org = createSandboxOrg();
    const server = setupServer(http.all(`${DEFAULT_SANDBOX_ORG_URL}/*`, ({ request }) => org.handle(request)));
    server.listen({ onUnhandledRequest: "error" });
    try {
      const response = await fetch(`${DEFAULT_SANDBOX_ORG_URL}/api/v1/groups?limit=2`, { headers: { Authorization: `Bearer ${org.token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get("link")).toContain('rel="next"');
      expect(((await response.json()) as any[]).length).toBe(2);
    } finally {
      server.close();
    }
  });
});
