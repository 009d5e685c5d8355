// Issue 12 item 1: no key of caller or org data reaches an object's prototype.
// The reproduction on --sandbox alone: update_user with a raw `profile: {"__proto__": {...}}`, then get_user
// with fields ["profile.__proto__.polluted"]; afterwards the server answered nothing at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/runtime/audit.js";
import { project, shapeResult, stripLinks } from "../../src/runtime/results.js";
import { CLI, ensureBuilt } from "../runtime/e2e-helpers.js";
import { newClient } from "../sandbox/helpers.js";
import { connectToOrg, errorCode, text } from "./helpers.js";
import { startHostileOrg, type HostileOrg } from "./hostile-org.js";
import { RawSession } from "./raw-stdio.js";

const polluted = () => ({}) as Record<string, unknown>;
const prototypeIsClean = () => {
  expect(polluted().polluted).toBeUndefined();
  expect(polluted().isAdmin).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
};

describe("over stdio, on --sandbox (the reported hang)", () => {
  beforeAll(() => ensureBuilt());

  it("refuses __proto__ in arguments and in fields, and keeps answering ping, tools/list and tools/call", async () => {
    const session = await RawSession.open(CLI, ["--sandbox", "--audit-log", "off"], {});
    try {
      const list = await session.call("list_users", { limit: 1 }, 20_000);
      const id = list.message.result.structuredContent.items[0].id as string;
      // Raw JSON, as a hostile client sends it: an own "__proto__" key.
      const update = await session.call("update_user", { id, profile: JSON.parse('{"__proto__":{"polluted":"YES"}}') }, 20_000);
      expect(update.message.result.structuredContent.error.code).toBe("ERR_INVALID_ARGUMENTS");
      expect(update.message.result.content[0].text).toContain('"__proto__" is not allowed');
      const get = await session.call("get_user", { id, fields: ["profile.__proto__.polluted"] }, 20_000);
      expect(get.message.result.structuredContent.error.code).toBe("ERR_INVALID_ARGUMENTS");
      for (const field of ["constructor.prototype.x", "profile.constructor", "prototype"]) {
        const refused = await session.call("get_user", { id, fields: [field] }, 20_000);
        expect(refused.message.result.structuredContent.error.code, field).toBe("ERR_INVALID_ARGUMENTS");
      }
      // The server is alive and well afterwards.
      expect((await session.request("ping", {}, 10_000)).message?.result).toEqual({});
      expect((await session.request("tools/list", {}, 10_000)).message?.result?.tools?.length).toBeGreaterThan(60); // the default toolsets
      const again = await session.call("get_user", { id, fields: ["id", "profile.login"] }, 10_000);
      expect(again.message.result.structuredContent.id).toBe(id);
      expect(session.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await session.close();
    }
  });
});

describe("the sandbox refuses such keys as Okta does", () => {
  it("answers E0000001 to a body with a __proto__ key, and stores nothing", async () => {
    const client = newClient();
    const { body: users } = await client.json("GET", "/api/v1/users?limit=1");
    const id = users[0].id as string;
    const response = await client.call("POST", `/api/v1/users/${id}`, '{"profile":{"nickName":"x","__proto__":{"polluted":"YES"}}}');
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ errorCode: "E0000001", errorCauses: [{ errorSummary: expect.stringContaining("profile.__proto__") }] });
    const { body: after } = await client.json("GET", `/api/v1/users/${id}`);
    expect(after.profile.nickName).not.toBe("x");
    expect(JSON.stringify(after)).not.toContain("__proto__");
    prototypeIsClean();
  });
});

describe("shaping builds on objects without a prototype", () => {
  const record = () => JSON.parse('{"id":"00u1","profile":{"login":"a@example.com","__proto__":{"polluted":"YES"}},"__proto__":{"isAdmin":true},"_links":{"self":{}}}');

  it("project() never follows or writes through __proto__, constructor or prototype, even if asked", () => {
    const out = project(record(), ["profile.__proto__.polluted", "constructor.prototype.polluted", "__proto__.isAdmin", "profile.polluted", "isAdmin", "profile.login"]);
    prototypeIsClean();
    // Only own properties are read: the data's own "__proto__" objects are kept as data, nothing is inherited.
    expect(JSON.stringify(out)).toBe('{"profile":{"__proto__":{"polluted":"YES"},"login":"a@example.com"},"__proto__":{"isAdmin":true}}');
    expect((out as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it("stripLinks and the audit's redactSecrets keep a __proto__ key as data instead of making it the copy's prototype", () => {
    const stripped = stripLinks(record()) as Record<string, unknown>;
    expect(JSON.stringify(stripped)).toContain('"__proto__":{"isAdmin":true}');
    expect(stripped.isAdmin).toBeUndefined();
    const redacted = redactSecrets(JSON.parse('{"__proto__":{"password":"p"},"a":1}')) as Record<string, unknown>;
    expect(JSON.stringify(redacted)).toBe('{"__proto__":{"password":"[REDACTED]"},"a":1}');
    prototypeIsClean();
  });

  it("shapeResult of a hostile page keeps the keys as data", () => {
    const shaped = shapeResult([record(), record()], { maxBytes: 10_000, fields: ["id", "profile.login", "profile.polluted"] });
    expect(shaped.text).toBe('{"items":[{"id":"00u1","profile":{"login":"a@example.com"}},{"id":"00u1","profile":{"login":"a@example.com"}}]}');
    prototypeIsClean();
  });
});

describe("a hostile org's records with __proto__ keys, through the pipeline", () => {
  let org: HostileOrg;
  beforeAll(async () => {
    org = await startHostileOrg((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id":"00uproto","status":"ACTIVE","profile":{"login":"a@example.com","__proto__":{"polluted":"YES"}},"__proto__":{"isAdmin":true}}');
    });
  });
  afterAll(() => org.close());

  it("returns them as data, pollutes nothing, and the server keeps answering", async () => {
    const h = await connectToOrg(org);
    const whole = await h.client.callTool({ name: "get_user", arguments: { id: "00uproto" } });
    expect(whole.isError).toBeFalsy();
    expect(text(whole)).toContain('"__proto__":{"polluted":"YES"}');
    expect(text(whole)).toContain('"__proto__":{"isAdmin":true}');
    const projected = await h.client.callTool({ name: "get_user", arguments: { id: "00uproto", fields: ["id", "profile.polluted", "isAdmin"] } });
    expect(JSON.parse(text(projected).split("\n")[0])).toEqual({ id: "00uproto" });
    prototypeIsClean();
    expect(errorCode(await h.client.callTool({ name: "get_user", arguments: { id: "00uproto", fields: ["__proto__"] } }))).toBe("ERR_INVALID_ARGUMENTS");
    await h.client.ping();
    await h.close();
  });
});
