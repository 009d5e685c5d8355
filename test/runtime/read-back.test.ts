// The read that follows a change (allowlist readBack) runs only with its own scope, and its failure never
// turns a change that happened into a failed call.
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { connect, mswServer, ORG, text } from "./harness.js";

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

const deps = { loadValidators: async () => (await import("../../src/generated/validators.js")).validators };

describe("readBack", () => {
  it("is declared for the lifecycle tools that answer with an empty body", () => {
    const withReadBack = catalog.tools.filter((t) => t.readBack).map((t) => t.name);
    expect(withReadBack).toEqual(expect.arrayContaining(["suspend_user", "unsuspend_user", "unlock_user", "activate_application", "deactivate_policy_rule"]));
    expect(catalog.tools.find((t) => t.name === "suspend_user")?.readBack).toMatchObject({ path: "/api/v1/users/{id}", scopes: ["okta.users.read"], as: "user" });
  });

  it("reads the new state with the call's own path values", async () => {
    const gets: string[] = [];
    mswServer.use(
      http.post(`${ORG}/api/v1/apps/:appId/lifecycle/activate`, () => HttpResponse.json({})),
      http.get(`${ORG}/api/v1/apps/:appId`, ({ params }) => {
        gets.push(String(params.appId));
        return HttpResponse.json({ id: params.appId, label: "Payroll", status: "ACTIVE", settings: { big: true } });
      }),
    );
    const h = await connect({ catalog, scopes: ["okta.apps.manage", "okta.apps.read"], deps });
    const result = await h.client.callTool({ name: "activate_application", arguments: { appId: "0oa1" } });
    expect(result.structuredContent).toEqual({ app: { id: "0oa1", label: "Payroll", status: "ACTIVE" } });
    expect(gets).toEqual(["0oa1"]);
    await h.close();
  });

  it("without the read scope, says so instead of reading", async () => {
    mswServer.use(http.post(`${ORG}/api/v1/apps/:appId/lifecycle/activate`, () => HttpResponse.json({})));
    const h = await connect({ catalog, scopes: ["okta.apps.manage"], deps });
    const result = await h.client.callTool({ name: "activate_application", arguments: { appId: "0oa1" } });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain("needs scope okta.apps.read");
    await h.close();
  });

  it("a failed read is a notice: the change already happened", async () => {
    mswServer.use(
      http.post(`${ORG}/api/v1/apps/:appId/lifecycle/deactivate`, () => HttpResponse.json({})),
      http.get(`${ORG}/api/v1/apps/:appId`, () => HttpResponse.json({ errorCode: "E0000007" }, { status: 404 })),
    );
    const h = await connect({ catalog, scopes: ["okta.apps.manage", "okta.apps.read"], deps, options: { confirm: false } });
    const result = await h.client.callTool({ name: "deactivate_application", arguments: { appId: "0oa1" } });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toMatch(/deactivate_application succeeded, but reading its resulting state got HTTP 404/);
    expect(h.audit.records.at(-1)?.readBack).toMatchObject({ status: 404 });
    await h.close();
  });
});
