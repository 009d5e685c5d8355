// Issue 12 item 2: Okta's answers are read under a cap, on the wire and after decoding, decoded as a stream,
// and their JSON shape bounded before parsing. A bomb, an endless body, a huge or dense or deep page is a
// clear ERR_RESPONSE_TOO_LARGE, never a heap full of it. (Peak memory is measured by bench/hostile.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/runtime/config.js";
import { BodyTooLargeError, createNodeFetch } from "../../src/runtime/node-fetch.js";
import { connectToOrg, errorCode, text } from "./helpers.js";
import { compressionBomb, json, startHostileOrg, streamHugeUserArray, type HostileOrg } from "./hostile-org.js";

const MiB = 1024 * 1024;
let org: HostileOrg;
beforeAll(async () => {
  org = await startHostileOrg();
});
afterAll(() => org.close());

async function callWith(handler: Parameters<HostileOrg["handle"]>[0], options: { maxResponseBytes?: number } = {}, tool = "get_user", args: Record<string, unknown> = { id: "00u1" }) {
  org.handle(handler);
  const h = await connectToOrg(org, { options });
  try {
    const result = await h.client.callTool({ name: tool, arguments: args });
    await h.client.ping(); // still answering
    return { result, audit: h.audit.records };
  } finally {
    await h.close();
  }
}

describe("compression bombs", () => {
  it("a brotli body that decodes past the cap is refused as a bomb, not decoded", async () => {
    const bomb = await compressionBomb(256 * MiB, "br");
    expect(bomb.length).toBeLessThan(4096);
    const { result, audit } = await callWith((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "br" });
      res.end(bomb);
    });
    expect(errorCode(result)).toBe("ERR_RESPONSE_TOO_LARGE");
    expect(text(result)).toMatch(/decoded to more than 16,777,216 bytes/);
    expect(text(result)).toMatch(/--max-response-bytes/);
    expect(audit.at(-1)).toMatchObject({ tool: "get_user", errorCode: "ERR_RESPONSE_TOO_LARGE" });
  });

  it("a gzip bomb too, under a smaller configured cap", async () => {
    const bomb = await compressionBomb(8 * MiB, "gzip");
    const { result } = await callWith(
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        res.end(bomb);
      },
      { maxResponseBytes: 1 * MiB },
    );
    expect(errorCode(result)).toBe("ERR_RESPONSE_TOO_LARGE");
    expect(text(result)).toMatch(/decoded to more than 1,048,576 bytes/);
  });

  it("node-fetch stops decoding at its cap and says at which stage", async () => {
    const bomb = await compressionBomb(64 * MiB, "br");
    org.handle((_req, res) => {
      res.writeHead(200, { "content-encoding": "br" });
      res.end(bomb);
    });
    const fetch = createNodeFetch({ maxBodyBytes: 2 * MiB });
    const err = await fetch(`${org.url}/x`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect((err as BodyTooLargeError).stage).toBe("decoded");
  });
});

describe("huge bodies", () => {
  it("an endless JSON page is cut off at the cap on the wire", async () => {
    const { result } = await callWith((_req, res) => streamHugeUserArray(res, 200 * MiB), {}, "list_users", { limit: 200 });
    expect(errorCode(result)).toBe("ERR_RESPONSE_TOO_LARGE");
    expect(text(result)).toMatch(/larger than 16,777,216 bytes, the cap on one answer \(--max-response-bytes\); nothing of it was kept/);
  });

  it("a declared Content-Length over the cap is refused before the body is read", async () => {
    const { result } = await callWith(
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": String(64 * MiB) });
        res.write("[");
        // Never sends the rest: the cap must not wait for it.
      },
      { maxResponseBytes: 1 * MiB },
    );
    expect(errorCode(result)).toBe("ERR_RESPONSE_TOO_LARGE");
  });

  it("the cap is configurable: the same 2 MiB page passes at 4 MiB and is refused at 1 MiB", async () => {
    const page = JSON.stringify(Array.from({ length: 7000 }, (_, i) => ({ id: `00u${i}`, profile: { login: `u${i}@example.com`, title: "x".repeat(250) } })));
    expect(page.length).toBeGreaterThan(2 * MiB);
    const serve = (_req: unknown, res: import("node:http").ServerResponse) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(page);
    };
    expect((await callWith(serve, { maxResponseBytes: 4 * MiB }, "list_users", {})).result.isError).toBeFalsy();
    expect(errorCode((await callWith(serve, { maxResponseBytes: 1 * MiB }, "list_users", {})).result)).toBe("ERR_RESPONSE_TOO_LARGE");
  });

  it("--max-response-bytes and OKTA_MCP_MAX_RESPONSE_BYTES set the cap (default 16 MiB)", () => {
    expect(loadConfig({}, { sandbox: true }).maxResponseBytes).toBe(16 * MiB);
    expect(loadConfig({ OKTA_MCP_MAX_RESPONSE_BYTES: "1048576" }, { sandbox: true }).maxResponseBytes).toBe(MiB);
    expect(loadConfig({ OKTA_MCP_MAX_RESPONSE_BYTES: "1048576" }, { sandbox: true, maxResponseBytes: "2097152" }).maxResponseBytes).toBe(2 * MiB);
    expect(() => loadConfig({}, { sandbox: true, maxResponseBytes: "lots" })).toThrow(/--max-response-bytes must be a positive integer/);
  });
});

describe("bodies that would cost too much to parse", () => {
  it("15 MiB of empty objects (under the byte cap, millions of values) is refused unparsed", async () => {
    const body = `[${"{},".repeat(5 * MiB)}{}]`;
    const { result } = await callWith(
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(body);
      },
      {},
      "list_users",
      {},
    );
    expect(errorCode(result)).toBe("ERR_RESPONSE_TOO_LARGE");
    expect(text(result)).toMatch(/refused unparsed: it holds more than 524,288 values/);
  });

  it("a body nested a million levels deep is refused unparsed, with no stack trace", async () => {
    const depth = 1_000_000;
    const body = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    const { result } = await callWith((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    expect(errorCode(result)).toBe("ERR_RESPONSE_TOO_LARGE");
    expect(text(result)).toMatch(/nests deeper than 64 levels/);
  });

  it("error bodies are bounded too (openapi-fetch never parses an unchecked one)", async () => {
    const body = JSON.stringify({ errorCode: "E0000001", errorSummary: "x", errorCauses: Array.from({ length: 400_000 }, () => ({})) });
    const { result } = await callWith(
      (_req, res) => {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(body);
      },
      { maxResponseBytes: 4 * MiB },
    );
    expect(errorCode(result)).toBe("ERR_RESPONSE_TOO_LARGE");
  });

  it("a real-sized page (200 users with full profiles and _links) passes untouched", async () => {
    const user = (i: number) => ({
      id: `00u${i}`,
      status: "ACTIVE",
      created: "2024-01-01T00:00:00.000Z",
      profile: { login: `user${i}@example.com`, email: `user${i}@example.com`, firstName: "Ann", lastName: "Lee", ...Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`custom${k}`, `value ${k}`])) },
      credentials: { provider: { type: "OKTA", name: "OKTA" } },
      _links: { self: { href: `https://example.okta.com/api/v1/users/00u${i}` }, deactivate: { href: "x", method: "POST" } },
    });
    const { result } = await callWith((_req, res) => json(res, 200, Array.from({ length: 200 }, (_, i) => user(i))), {}, "list_users", { limit: 200 });
    expect(result.isError).toBeFalsy();
  });
});
