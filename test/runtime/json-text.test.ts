// A free-form object argument is served as JSON text (ToolArg.encoding "json") and sent to Okta as the object.
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ToolSpec } from "../../src/tool-spec.js";
import { decodeJsonText } from "../../src/runtime/json-text.js";
import { buildRequest } from "../../src/runtime/request-builder.js";
import { fixtureCatalog } from "./fixtures/catalog.js";
import { connect, mswServer, ORG, text } from "./harness.js";

const assign: ToolSpec = {
  name: "assign_user_to_application",
  toolset: "apps",
  operationId: "assignUserToApplication",
  title: "Assign a user to an app",
  description: "Assigns a user to an app.",
  method: "POST",
  path: "/api/v1/apps/{appId}/users",
  args: [
    { name: "appId", in: "path", wire: "appId", required: true },
    { name: "id", in: "body", wire: "id", required: true },
    { name: "profile", in: "body", wire: "profile", required: false, encoding: "json" },
  ],
  bodyContentType: "application/json",
  inputSchema: {
    type: "object",
    properties: { appId: { type: "string" }, id: { type: "string" }, profile: { type: "string", description: "JSON text of an object: App profile." } },
    required: ["appId", "id"],
  },
  scopes: ["okta.apps.manage"],
  effect: "write",
  annotations: { title: "Assign a user to an app", readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  pagination: "none",
  tags: ["ApplicationUsers"],
  responseBody: true,
};

describe("decodeJsonText", () => {
  it("parses objects and arrays, passes non-strings through, drops __proto__ keys", () => {
    expect(decodeJsonText("p", '{"a":1}')).toEqual({ a: 1 });
    expect(decodeJsonText("p", '[{"a":1}]')).toEqual([{ a: 1 }]);
    expect(decodeJsonText("p", { a: 1 })).toEqual({ a: 1 });
    const parsed = decodeJsonText("p", '{"__proto__":{"polluted":true},"b":2}') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["b"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses text that is not JSON, or not an object or array, with the way to fix it", () => {
    expect(() => decodeJsonText("profile", "{a:1}")).toThrow(/"profile" must be a JSON object written as text, e\.g\. "\{\\"key\\":\\"value\\"\}"; this is not valid JSON\./);
    expect(() => decodeJsonText("profile", '"text"')).toThrow(/not of a string/);
    expect(() => decodeJsonText("profile", "null")).toThrow(/not of null/);
  });

  it("what the text decodes to is bounded like any argument: depth and lone surrogates", () => {
    expect(() => decodeJsonText("profile", "[".repeat(100) + "]".repeat(100))).toThrow(/nests deeper than/);
    expect(() => decodeJsonText("profile", '{"a":"\\ud800"}')).toThrow(/surrogate/);
  });

  it("buildRequest sends the parsed object in the body", () => {
    const request = buildRequest(assign, { appId: "0oa1", id: "00u1", profile: '{"role":"admin"}' });
    expect(request.body).toEqual({ id: "00u1", profile: { role: "admin" } });
  });
});

describe("through the server", () => {
  beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
  afterEach(() => mswServer.resetHandlers());
  afterAll(() => mswServer.close());

  it("the JSON text becomes the object on the wire; bad text is refused before any request", async () => {
    const bodies: unknown[] = [];
    mswServer.use(
      http.post(`${ORG}/api/v1/apps/0oa1/users`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ id: "00u1" });
      }),
    );
    const h = await connect({ catalog: { ...fixtureCatalog, tools: [...fixtureCatalog.tools, assign] }, scopes: ["okta.apps.manage"] });
    const ok = await h.client.callTool({ name: "assign_user_to_application", arguments: { appId: "0oa1", id: "00u1", profile: '{"role":"admin"}' } });
    expect(ok.isError).toBeFalsy();
    expect(bodies).toEqual([{ id: "00u1", profile: { role: "admin" } }]);
    const bad = await h.client.callTool({ name: "assign_user_to_application", arguments: { appId: "0oa1", id: "00u1", profile: "role=admin" } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('"profile" must be a JSON object written as text');
    expect(bodies).toHaveLength(1);
    await h.close();
  });
});
