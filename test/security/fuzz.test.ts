// Fuzz and soak, bounded and on loopback only: hostile ids and paths, hostile Link headers, hostile answers
// (bombs, huge, deep, __proto__ keys, wrong statuses and encodings), hostile arguments, and out-of-scope calls,
// all against the real default table through the real pipeline. What must hold: no request escapes its path
// template or the org's host, out-of-scope calls send nothing, no call ends in ERR_INTERNAL or a stack trace,
// no prototype is touched, and the server keeps answering.
import type { ServerResponse } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { MAX_PAGES } from "../../src/runtime/execute-tool.js";
import type { ToolSpec } from "../../src/tool-spec.js";
import { connectToOrg, errorCode, type OrgHarness } from "./helpers.js";
import { compressionBomb, json, startHostileOrg, type HostileOrg } from "./hostile-org.js";

let org: HostileOrg;
beforeAll(async () => {
  org = await startHostileOrg();
});
afterAll(() => org.close());
beforeEach(() => {
  org.requests.length = 0;
  org.handle((_req, res) => json(res, 404, { errorCode: "E0000007", errorSummary: "Not found" }));
});

const prototypeIsClean = () => expect(Object.keys(Object.prototype)).toEqual([]);

/** A tool's path template as a pattern: each placeholder is exactly one non-empty segment. */
function templateOf(spec: ToolSpec): RegExp {
  const escaped = spec.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/?#]+");
  return new RegExp(`^${escaped}(\\?[^#]*)?$`);
}

/** Every answer a call may end with; ERR_INTERNAL (a bug reached the model) is never one of them. */
const EXPECTED_CODES = new Set([
  undefined,
  "ERR_INVALID_ARGUMENTS",
  "ERR_OKTA_API",
  "ERR_RESPONSE_TOO_LARGE",
  "ERR_TIMEOUT",
  "ERR_NETWORK",
  "ERR_TOOL_NOT_EXPOSED",
  "ERR_SCOPE_DENIED",
  "ERR_CONFIRMATION_REQUIRED",
]);

/** Text with an unpaired UTF-16 surrogate somewhere (fast-check's "binary" unit never makes one). */
const loneSurrogate = fc
  .tuple(fc.string({ maxLength: 6 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 6 }))
  .map(([a, code, b]) => `${a}${String.fromCharCode(code)}${b}`);

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  loneSurrogate,
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("..", ".", "../admin", "%2e%2e", "%2E", ".%2e", "/", "?x=1", "#frag", "a/../b", "\\..\\", "%2f", "..;", " ", "%", "@evil.example", "//evil.example/x", "http://127.0.0.2/", "\r\nX: 1", "{id}", "${id}", "__proto__", "constructor"),
  fc.array(fc.constantFrom(".", "/", "%", "2", "e", "f", "?", "#", "\\", "a", "@", ":"), { maxLength: 8 }).map((a) => a.join("")),
);

const pathTools = catalog.tools.filter((t) => t.args.some((a) => a.in === "path"));

describe("hostile ids and paths", () => {
  it("no request escapes its tool's path template or the org's host", { timeout: 120_000 }, async () => {
    const h = await connectToOrg(org, { options: { confirm: false } });
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pathTools), fc.array(hostileText, { minLength: 4, maxLength: 4 }), async (spec, values) => {
        const args = Object.fromEntries(spec.args.filter((a) => a.in === "path").map((a, i) => [a.name, values[i % values.length]]));
        const before = org.requests.length;
        const result = await h.client.callTool({ name: spec.name, arguments: args });
        expect(EXPECTED_CODES.has(errorCode(result)), `${spec.name} ${JSON.stringify(args)} → ${errorCode(result)}`).toBe(true);
        for (const request of org.requests.slice(before)) {
          sent++;
          expect(request.url, spec.name).toMatch(templateOf(spec));
          expect(request.host).toBe(new URL(org.url).host);
        }
      }),
      { numRuns: 1500 },
    );
    expect(sent).toBeGreaterThan(500); // the property really reached the org
    expect(h.fetched.every((url) => url.startsWith(`${org.url}/`))).toBe(true);
    prototypeIsClean();
    await h.close();
  });
});

describe("hostile Link headers", () => {
  const link = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc
      .record({
        host: fc.constantFrom("http://127.0.0.2", "https://evil.example", "//evil.example", "", "javascript:", "file://"),
        after: fc.string({ maxLength: 30 }),
        rel: fc.constantFrom("next", "NEXT", "next self", "prev", '"next"', "next; x"),
        extra: fc.string({ maxLength: 30 }),
      })
      .map(({ host, after, rel, extra }) => `<${host}/api/v1/users?after=${encodeURIComponent(after)}&limit=1${extra}>; rel="${rel}", <${host}/x>; rel=next`),
  );

  it("fetchAll takes only the cursor: every request goes to the org, to the list's own path, at most the page cap", { timeout: 120_000 }, async () => {
    const h = await connectToOrg(org);
    const template = templateOf(catalog.tools.find((t) => t.name === "list_users")!);
    await fc.assert(
      fc.asyncProperty(link, async (header) => {
        org.handle((_req, res) => {
          try {
            json(res, 200, [{ id: "00u1" }], { link: header });
          } catch {
            json(res, 200, [{ id: "00u1" }]); // a header node:http itself refuses to send
          }
        });
        const before = org.requests.length;
        const result = await h.client.callTool({ name: "list_users", arguments: { fetchAll: true, limit: 1 } });
        expect(EXPECTED_CODES.has(errorCode(result))).toBe(true);
        const mine = org.requests.slice(before);
        expect(mine.length).toBeLessThanOrEqual(MAX_PAGES);
        for (const request of mine) expect(request.url).toMatch(template);
      }),
      { numRuns: 150 },
    );
    expect(h.fetched.every((url) => url.startsWith(`${org.url}/api/v1/users?`))).toBe(true);
    await h.close();
  });
});

/** A record whose raw JSON carries "__proto__" and "constructor" keys around an arbitrary JSON value. */
const hostileJson = fc.jsonValue({ maxDepth: 6 }).map((value) => {
  const v = JSON.stringify(value);
  return `{"id":"00u1","profile":${v},"__proto__":${v},"constructor":{"prototype":{"polluted":true}},"nested":{"__proto__":{"polluted":true}}}`;
});

type Answer = (res: ServerResponse) => void | Promise<void>;
const answers: fc.Arbitrary<Answer> = fc.oneof(
  hostileJson.map((body): Answer => (res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  }),
  fc.constantFrom<Answer>(
    (res) => json(res, 200, []),
    (res) => json(res, 204, {}),
    (res) => json(res, 302, {}, { location: "http://127.0.0.2/steal" }),
    (res) => json(res, 401, { errorCode: "E0000011" }),
    (res) => json(res, 403, { errorCode: "E0000006" }, { "www-authenticate": 'Bearer error="insufficient_scope"' }),
    (res) => json(res, 429, { errorCode: "E0000047" }, { "x-rate-limit-reset": "99999999999" }),
    (res) => json(res, 500, "not an object"),
    (res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>maintenance</html>");
    },
    (res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end("not gzip at all");
    },
    (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`${"[".repeat(5000)}${"]".repeat(5000)}`);
    },
    (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"truncated": ');
    },
    async (res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "br" });
      res.end(await compressionBomb(64 * 1024 * 1024, "br"));
    },
    (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`[${'{"id":"x"},'.repeat(200_000)}{}]`); // 2.2 MB: over the test's 1 MiB cap
    },
    (res) => void res.destroy(),
  ),
);

describe("hostile answers", () => {
  it("every answer ends in a result or a clear error; nothing reaches a prototype; the server keeps answering", { timeout: 120_000 }, async () => {
    const h = await connectToOrg(org, { options: { maxResponseBytes: 1024 * 1024, timeoutMs: 2000 } });
    await fc.assert(
      fc.asyncProperty(answers, fc.constantFrom("get_user", "list_users", "list_groups", "get_logs"), fc.boolean(), async (answer, tool, full) => {
        org.handle((_req, res) => void answer(res));
        const args: Record<string, unknown> = tool === "get_user" ? { id: "00u1" } : {};
        if (full) args.fields = ["*"];
        const result = await h.client.callTool({ name: tool, arguments: args });
        expect(EXPECTED_CODES.has(errorCode(result)), `${tool} → ${errorCode(result)}: ${JSON.stringify(result).slice(0, 300)}`).toBe(true);
        prototypeIsClean();
      }),
      { numRuns: 300 },
    );
    await h.client.ping();
    expect(h.audit.records.some((r) => r.errorCode === "ERR_INTERNAL")).toBe(false);
    await h.close();
  });
});

/** Values no schema expects: any JSON, hostile text, __proto__ objects, nesting past the bound, long text. */
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  hostileText,
  fc.constant(JSON.parse('{"__proto__":{"polluted":1}}')),
  fc.constant(JSON.parse(`${'{"a":'.repeat(40)}1${"}".repeat(40)}`)),
  fc.constant("x".repeat(70_000)),
  fc.constant({ "]=1&after=http://127.0.0.2&x[": 1 }),
);
const argumentNames = (spec: ToolSpec) => [...Object.keys(spec.inputSchema.properties), "fields", "limit", "after", "fetchAll", "confirmationToken", "__proto__"];
/** A tool and arguments named like its own (and the runtime's), with hostile values. */
const toolAndArgs = fc
  .constantFrom(...catalog.tools)
  .chain((spec) => fc.tuple(fc.constant(spec), fc.dictionary(fc.constantFrom(...argumentNames(spec)), hostileValue, { maxKeys: 4 })));
/** Arbitrary keys too, for the out-of-scope calls. */
const hostileArgs = fc.dictionary(fc.oneof(fc.constantFrom("id", "limit", "__proto__", "constructor"), fc.string({ maxLength: 10 })), hostileValue, { maxKeys: 5 });

describe("hostile arguments", () => {
  it("never an internal error, never a stack trace, never a request outside the tool's template", { timeout: 120_000 }, async () => {
    const h = await connectToOrg(org, { options: { confirm: false } });
    await fc.assert(
      fc.asyncProperty(toolAndArgs, async ([spec, args]) => {
        const before = org.requests.length;
        const result = await h.client.callTool({ name: spec.name, arguments: args });
        expect(EXPECTED_CODES.has(errorCode(result)), `${spec.name} ${JSON.stringify(args).slice(0, 300)} → ${errorCode(result)}`).toBe(true);
        expect(JSON.stringify(result)).not.toMatch(/\\n\s+at /);
        for (const request of org.requests.slice(before)) expect(request.url).toMatch(templateOf(spec));
        prototypeIsClean();
      }),
      { numRuns: 1500 },
    );
    await h.close();
  });
});

describe("out-of-scope calls", () => {
  it("every tool needing a scope that was not granted is refused and sends nothing, whatever the arguments", { timeout: 60_000 }, async () => {
    const granted = ["okta.users.read"];
    const h = await connectToOrg(org, { scopes: granted });
    const outOfScope = catalog.tools.filter((t) => t.scopes.some((s) => !granted.includes(s)));
    expect(outOfScope.length).toBeGreaterThan(100);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...outOfScope), hostileArgs, async (spec, args) => {
        const result = await h.client.callTool({ name: spec.name, arguments: args });
        expect(["ERR_SCOPE_DENIED", "ERR_TOOL_NOT_EXPOSED", "ERR_INVALID_ARGUMENTS"]).toContain(errorCode(result));
      }),
      { numRuns: 600 },
    );
    expect(org.requests).toEqual([]);
    await h.close();
  });
});

describe("soak", () => {
  it("400 concurrent calls against a chaotic org all end, with expected codes and bounded requests", { timeout: 120_000 }, async () => {
    let n = 0;
    org.handle((_req, res, url) => {
      const kind = n++ % 7;
      const later = (f: () => void) => void setTimeout(f, (n * 7) % 40);
      if (kind === 0) return later(() => json(res, 200, [{ id: `00u${n}` }], { link: `<${org.url}${url.pathname}?after=${n}>; rel="next"` }));
      if (kind === 1) return later(() => json(res, 429, { errorCode: "E0000047" }, { "x-rate-limit-reset": String(Math.ceil(Date.now() / 1000) + 1) }));
      if (kind === 2) return later(() => json(res, 503, { errorCode: "E0000010" }));
      if (kind === 3) return; // stalls
      if (kind === 4) return later(() => res.destroy());
      if (kind === 5) return void compressionBomb(64 * 1024 * 1024, "br").then((bomb) => later(() => res.writeHead(200, { "content-encoding": "br" }).end(bomb)));
      later(() => json(res, 200, { id: `00u${n}`, profile: JSON.parse('{"__proto__":{"x":1}}') }));
    });
    const h: OrgHarness = await connectToOrg(org, { options: { timeoutMs: 1500, maxResponseBytes: 1024 * 1024 } });
    const calls = Array.from({ length: 400 }, (_, i) =>
      h.client.callTool({ name: i % 2 ? "get_user" : "list_users", arguments: i % 2 ? { id: `00u${i}` } : { fetchAll: i % 4 === 0, limit: 1 } }),
    );
    const results = await Promise.all(calls);
    const codes = results.map(errorCode);
    expect(codes.filter((c) => !EXPECTED_CODES.has(c))).toEqual([]);
    expect(codes.filter((c) => c === undefined).length).toBeGreaterThan(0);
    expect(org.requests.length).toBeLessThan(400 * 4);
    expect(h.fetched.every((url) => url.startsWith(`${org.url}/`))).toBe(true);
    await h.client.ping();
    prototypeIsClean();
    await h.close();
  });
});
