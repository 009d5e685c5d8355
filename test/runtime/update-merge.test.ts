// Merge updates through the whole pipeline (real MCP client, msw-mocked Okta): read, merge, strip read-only fields,
// If-Match, the changed fields in the result and the audit, replace=true, the type read from the current object,
// and hostile answers (prototype keys, deep nesting).
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ToolCatalog, ToolSpec } from "../../src/tool-spec.js";
import { connect, mswServer, ORG, text } from "./harness.js";

beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

const ann = { title: "Update an app", readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true };

const updateApp: ToolSpec = {
  name: "update_app",
  toolset: "apps",
  operationId: "replaceApplication",
  title: "Update an app",
  description: "Updates an app: only the fields given change.",
  method: "PUT",
  path: "/api/v1/apps/{appId}",
  args: [
    { name: "appId", in: "path", wire: "appId", required: true },
    { name: "label", in: "body", wire: "label", required: false },
    { name: "signOnMode", in: "body", wire: "signOnMode", required: false },
    { name: "settings", in: "body", wire: "settings", required: false },
    { name: "name", in: "body", wire: "name", required: false },
  ],
  bodyContentType: "application/json",
  inputSchema: {
    type: "object",
    properties: {
      appId: { type: "string" },
      label: { type: "string" },
      signOnMode: { type: "string", enum: ["BOOKMARK", "OPENID_CONNECT", "SAML_2_0"] },
      settings: { type: "object", description: "Per type." },
      name: { type: "string" },
      replace: { type: "boolean" },
    },
    required: ["appId"],
  },
  scopes: ["okta.apps.manage"],
  effect: "write",
  annotations: ann,
  pagination: "none",
  tags: ["Application"],
  requestSchema: "Application",
  bodyVariants: { arg: "signOnMode", values: { BOOKMARK: "BookmarkApplication", OPENID_CONNECT: "OpenIdConnectApplication", SAML_2_0: "SamlApplication" } },
  update: {
    readOperationId: "getApplication",
    readPath: "/api/v1/apps/{appId}",
    readScopes: ["okta.apps.manage"],
    replaceArg: "replace",
    readOnly: ["id", "created", "lastUpdated", "credentials.signing.lastRotated"],
    readOnlyByType: { SAML_2_0: ["name"] },
  },
};

const updateZone: ToolSpec = {
  ...updateApp,
  name: "update_zone",
  operationId: "replaceNetworkZone",
  path: "/api/v1/zones/{zoneId}",
  args: [
    { name: "zoneId", in: "path", wire: "zoneId", required: true },
    { name: "label", in: "body", wire: "label", required: false },
  ],
  inputSchema: { type: "object", properties: { zoneId: { type: "string" }, label: { type: "string" }, replace: { type: "boolean" } }, required: ["zoneId"] },
  scopes: ["okta.networkZones.manage"],
  bodyVariants: undefined,
  update: { readOperationId: "getNetworkZone", readPath: "/api/v1/zones/{zoneId}", readScopes: ["okta.networkZones.read"], replaceArg: "replace", readOnly: ["id"] },
};

// A body that is a union without a discriminator (the generator emits z.union): errors come from the closest member.
const setCredential: ToolSpec = {
  ...updateApp,
  name: "set_credential",
  operationId: "updateApplicationUser",
  method: "POST",
  path: "/api/v1/apps/{appId}/users/{userId}",
  args: [
    { name: "appId", in: "path", wire: "appId", required: true },
    { name: "userId", in: "path", wire: "userId", required: true },
    { name: "credentials", in: "body", wire: "credentials", required: false },
    { name: "profile", in: "body", wire: "profile", required: false },
  ],
  inputSchema: { type: "object", properties: { appId: { type: "string" }, userId: { type: "string" }, credentials: { type: "object", description: "x" }, profile: { type: "object", description: "x" } }, required: ["appId", "userId"] },
  bodyVariants: undefined,
  update: undefined,
};

const catalog: ToolCatalog = { specRelease: "fixture", toolsets: [{ name: "apps", default: true }], tools: [updateApp, updateZone, setCredential] };

// Validators as the generator emits them: exact per subtype, the type optional in the merge form.
const common = { appId: z.string(), label: z.string().optional(), name: z.string().optional(), replace: z.boolean().optional() };
const oidcSettings = z.looseObject({ oauthClient: z.looseObject({ redirect_uris: z.array(z.string()).optional(), grant_types: z.array(z.string()).optional() }).optional() });
const bookmarkSettings = z.looseObject({ app: z.looseObject({ url: z.string() }) });
const validators = {
  update_app: () =>
    z.discriminatedUnion("signOnMode", [
      z.looseObject({ ...common, signOnMode: z.literal("OPENID_CONNECT"), settings: oidcSettings.optional() }),
      z.looseObject({ ...common, signOnMode: z.literal("BOOKMARK"), settings: bookmarkSettings.optional() }),
      z.looseObject({ ...common, signOnMode: z.literal("SAML_2_0"), settings: z.looseObject({}).optional() }),
      z.looseObject({ ...common, signOnMode: z.undefined().optional(), settings: z.looseObject({}).optional() }),
    ]),
  "update_app#replace": () =>
    z.discriminatedUnion("signOnMode", [
      z.looseObject({ ...common, label: z.string(), name: z.literal("oidc_client"), signOnMode: z.literal("OPENID_CONNECT"), settings: oidcSettings }),
      z.looseObject({ ...common, label: z.string(), name: z.literal("bookmark"), signOnMode: z.literal("BOOKMARK"), settings: bookmarkSettings }),
    ]),
  set_credential: () =>
    z.union([
      z.looseObject({ appId: z.string(), userId: z.string(), credentials: z.looseObject({ userName: z.string() }) }),
      z.looseObject({ appId: z.string(), userId: z.string(), profile: z.looseObject({}) }),
    ]),
  update_zone: () => z.looseObject({ zoneId: z.string(), label: z.string().optional(), replace: z.boolean().optional() }),
  "update_zone#replace": () => z.looseObject({ zoneId: z.string(), label: z.string(), replace: z.boolean().optional() }),
};

const SCOPES = ["okta.apps.manage", "okta.networkZones.manage"];
const open = () => connect({ catalog, scopes: SCOPES, deps: { loadValidators: async () => validators } });

function oidcApp(): Record<string, unknown> {
  return {
    id: "0oa1",
    name: "oidc_client",
    label: "Expense Tracker",
    status: "ACTIVE",
    created: "2024-01-01T00:00:00.000Z",
    lastUpdated: "2024-01-01T00:00:00.000Z",
    signOnMode: "OPENID_CONNECT",
    credentials: { signing: { kid: "kid-1", lastRotated: "2024-01-01T00:00:00.000Z" }, oauthClient: { client_id: "0oa1", token_endpoint_auth_method: "client_secret_basic" } },
    settings: { app: {}, oauthClient: { redirect_uris: ["https://expenses.example.com/callback"], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] } },
    _links: { self: { href: `${ORG}/api/v1/apps/0oa1` } },
  };
}

/** Okta answering the read with `current` (and an ETag), recording each write. */
function oktaWith(current: unknown, putStatus = 200) {
  const writes: { body: unknown; ifMatch: string | null }[] = [];
  let reads = 0;
  mswServer.use(
    http.get(`${ORG}/api/v1/apps/0oa1`, () => {
      reads++;
      return HttpResponse.json(current as Record<string, unknown>, { headers: { ETag: 'W/"7"' } });
    }),
    http.put(`${ORG}/api/v1/apps/0oa1`, async ({ request }) => {
      const body = await request.json();
      writes.push({ body, ifMatch: request.headers.get("if-match") });
      if (putStatus !== 200) return HttpResponse.json({ errorCode: "E0000001", errorSummary: "Precondition failed", errorCauses: [] }, { status: putStatus });
      return HttpResponse.json({ ...(current as object), ...(body as object), id: "0oa1" });
    }),
  );
  return { writes, reads: () => reads };
}

describe("merge updates", () => {
  it("a rename keeps everything else: read, merge, read-only fields dropped, If-Match, the change reported and audited", async () => {
    const okta = oktaWith(oidcApp());
    const h = await open();
    const result = await h.client.callTool({ name: "update_app", arguments: { appId: "0oa1", label: "Expenses" } });
    expect(result.isError, text(result)).toBeFalsy();
    expect(okta.writes).toHaveLength(1);
    const { body, ifMatch } = okta.writes[0];
    expect(ifMatch).toBe('W/"7"');
    const expected = oidcApp();
    for (const key of ["id", "created", "lastUpdated", "_links"]) delete expected[key];
    delete (expected.credentials as { signing: Record<string, unknown> }).signing.lastRotated;
    expect(body).toEqual({ ...expected, label: "Expenses" });
    expect(text(result)).toContain('Changed 1 field (before → after): label: "Expense Tracker" → "Expenses".');
    // The intent record (written before the write leaves) has the read, the changed fields and the body sent.
    const intent = h.audit.records.find((r) => r.tool === "update_app" && r.phase === "intent")!;
    expect(intent).toMatchObject({ read: { method: "GET", path: "/api/v1/apps/0oa1", status: 200 }, changedFields: ["label"], request: { body: { label: "Expenses" } } });
    expect(h.audit.records.at(-1)).toMatchObject({ tool: "update_app", phase: "outcome", decision: "allowed", status: 200 });
    await h.close();
  });

  it("objects merge and lists replace; the diff names each changed leaf", async () => {
    const okta = oktaWith(oidcApp());
    const h = await open();
    const result = await h.client.callTool({
      name: "update_app",
      arguments: { appId: "0oa1", settings: { oauthClient: { redirect_uris: ["https://expenses.example.com/cb2"] } } },
    });
    expect(result.isError, text(result)).toBeFalsy();
    const sent = okta.writes[0].body as { settings: { oauthClient: Record<string, unknown> } };
    expect(sent.settings.oauthClient).toEqual({ redirect_uris: ["https://expenses.example.com/cb2"], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] });
    expect(text(result)).toContain('settings.oauthClient.redirect_uris: ["https://expenses.example.com/callback"] → ["https://expenses.example.com/cb2"]');
    await h.close();
  });

  it("without the type, the fields are checked against the current object's type, naming the path; nothing is written", async () => {
    const okta = oktaWith(oidcApp());
    const h = await open();
    const result = await h.client.callTool({ name: "update_app", arguments: { appId: "0oa1", settings: { oauthClient: { redirect_uris: "https://x" } } } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/ERR_INVALID_ARGUMENTS/);
    expect(text(result)).toMatch(/settings\.oauthClient\.redirect_uris: Invalid input: expected array/);
    expect(okta.writes).toHaveLength(0);
    expect(h.audit.records.at(-1)).toMatchObject({ decision: "refused", read: { status: 200 } });
    await h.close();
  });

  it("the type cannot change; a merge that changes nothing sends nothing", async () => {
    const okta = oktaWith(oidcApp());
    const h = await open();
    const changed = await h.client.callTool({ name: "update_app", arguments: { appId: "0oa1", signOnMode: "BOOKMARK", settings: { app: { url: "https://x" } } } });
    expect(changed.isError).toBe(true);
    expect(text(changed)).toMatch(/signOnMode cannot change \(the object is "OPENID_CONNECT", the call says "BOOKMARK"\)/);
    const same = await h.client.callTool({ name: "update_app", arguments: { appId: "0oa1", label: "Expense Tracker" } });
    expect(same.isError, text(same)).toBeFalsy();
    expect(text(same)).toContain("Nothing to change");
    expect(okta.writes).toHaveLength(0);
    await h.close();
  });

  it("replace=true sends the arguments as the whole object, without a read, checked as a whole object", async () => {
    const okta = oktaWith(oidcApp());
    const h = await open();
    const partial = await h.client.callTool({ name: "update_app", arguments: { appId: "0oa1", replace: true, signOnMode: "BOOKMARK", label: "Status" } });
    expect(partial.isError).toBe(true);
    expect(text(partial)).toMatch(/Invalid arguments for update_app: name: .*; settings: /);
    const whole = { appId: "0oa1", replace: true, signOnMode: "BOOKMARK", label: "Status", name: "bookmark", settings: { app: { url: "https://status.example.com" } } };
    const result = await h.client.callTool({ name: "update_app", arguments: whole });
    expect(result.isError, text(result)).toBeFalsy();
    expect(okta.reads()).toBe(0);
    expect(okta.writes).toEqual([{ body: { signOnMode: "BOOKMARK", label: "Status", name: "bookmark", settings: { app: { url: "https://status.example.com" } } }, ifMatch: null }]);
    await h.close();
  });

  it("a write refused by Okta (412: changed since the read) is reported, with the read audited", async () => {
    oktaWith(oidcApp(), 412);
    const h = await open();
    const result = await h.client.callTool({ name: "update_app", arguments: { appId: "0oa1", label: "Expenses" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/412|Precondition/);
    expect(h.audit.records.find((r) => r.phase === "intent")).toMatchObject({ read: { status: 200 }, changedFields: ["label"] });
    expect(h.audit.records.at(-1)).toMatchObject({ decision: "allowed", status: 412 });
    await h.close();
  });

  it("the read's own scopes are checked exactly: none granted, nothing is sent", async () => {
    let requests = 0;
    mswServer.use(http.all(`${ORG}/*`, () => (requests++, HttpResponse.json({}))));
    const h = await open();
    const result = await h.client.callTool({ name: "update_zone", arguments: { zoneId: "nzo1", label: "x" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/ERR_SCOPE_DENIED/);
    expect(text(result)).toMatch(/needs scope\(s\) okta\.networkZones\.read.*replace=true/);
    expect(requests).toBe(0);
    expect(h.audit.records.at(-1)).toMatchObject({ decision: "denied" });
    await h.close();
  });

  it("a failed read stops the update", async () => {
    const writes: unknown[] = [];
    mswServer.use(
      http.get(`${ORG}/api/v1/apps/0oa1`, () => HttpResponse.json({ errorCode: "E0000007", errorSummary: "Not found: Resource not found: 0oa1 (AppInstance)", errorCauses: [] }, { status: 404 })),
      http.put(`${ORG}/api/v1/apps/0oa1`, () => (writes.push(1), HttpResponse.json({}))),
    );
    const h = await open();
    const result = await h.client.callTool({ name: "update_app", arguments: { appId: "0oa1", label: "x" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/E0000007/);
    expect(writes).toHaveLength(0);
    await h.close();
  });
});

describe("validation messages", () => {
  it("a union no member fits reports the closest member's issues, with their paths", async () => {
    const h = await open();
    const result = await h.client.callTool({ name: "set_credential", arguments: { appId: "0oa1", userId: "00u1", credentials: { userName: 7 } } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/Invalid arguments for set_credential: credentials\.userName: Invalid input: expected string, received number\./);
    await h.close();
  });
});

describe("hostile answers", () => {
  it("prototype keys from Okta or the caller never reach an object prototype or the wire", async () => {
    const current = JSON.parse(
      '{"id":"0oa1","signOnMode":"OPENID_CONNECT","label":"A","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"settings":{"__proto__":{"polluted":"yes"},"oauthClient":{"redirect_uris":["https://a"]}}}',
    );
    const okta = oktaWith(current);
    const h = await open();
    // A caller's `__proto__` is refused at the door (harden-12); `constructor`/`prototype` keys are dropped here.
    const args = JSON.parse('{"appId":"0oa1","label":"B","settings":{"constructor":{"polluted":"yes"},"oauthClient":{"prototype":1}}}');
    const result = await h.client.callTool({ name: "update_app", arguments: args });
    expect(result.isError, text(result)).toBeFalsy();
    const sent = JSON.stringify(okta.writes[0].body);
    expect(sent).not.toMatch(/__proto__|constructor|prototype|polluted/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(okta.writes[0].body).toEqual({ signOnMode: "OPENID_CONNECT", label: "B", settings: { oauthClient: { redirect_uris: ["https://a"] } } });
    await h.close();
  });

  it("an object nested deeper than the bound is refused before anything is written", async () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 200; i++) deep = { d: deep };
    const okta = oktaWith({ ...oidcApp(), settings: deep });
    const h = await open();
    const result = await h.client.callTool({ name: "update_app", arguments: { appId: "0oa1", label: "x" } });
    expect(result.isError).toBe(true);
    // Refused by the bounded answer reader, or by the merge's own bound: either way nothing is written.
    expect(text(result)).toMatch(/nested deeper than 64 levels|ERR_RESPONSE_TOO_LARGE/);
    expect(okta.writes).toHaveLength(0);
    await h.close();
  });
});
