// The runtime's HTTP client over node:http, against a real loopback server: what the retry loop relies on
// (bodies both ways, headers, compressed answers, empty answers, no redirects, abort).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOktaHttp } from "../../src/runtime/http.js";
import { silentLogger } from "../../src/runtime/logger.js";
import { createNodeFetch } from "../../src/runtime/node-fetch.js";
import { FakeAuth } from "./fixtures/fake-auth.js";

let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === "/gzip") {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "x-okta-request-id": "req-1" });
        res.end(gzipSync(JSON.stringify({ ok: true, n: 42 })));
      } else if (req.url === "/empty") {
        res.writeHead(204);
        res.end();
      } else if (req.url === "/redirect") {
        res.writeHead(302, { location: "http://evil.example/steal" });
        res.end();
      } else if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 2_000);
      } else {
        res.writeHead(200, { "content-type": "application/json", link: '<http://x/?after=abc>; rel="next"' });
        res.end(JSON.stringify({ echo: body }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("createNodeFetch", () => {
  const fetch = createNodeFetch();

  it("sends the method, headers and body of a Request, and returns status, headers and body", async () => {
    const response = await fetch(new Request(`${base}/echo?limit=2`, { method: "POST", headers: { authorization: "SSWS t", "content-type": "application/json" }, body: '{"a":1}' }));
    expect(response.status).toBe(200);
    expect(response.headers.get("link")).toContain('rel="next"');
    expect(await response.json()).toEqual({ echo: '{"a":1}' });
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/echo?limit=2", body: '{"a":1}' });
    expect(seen.at(-1)!.headers).toMatchObject({ authorization: "SSWS t", "content-type": "application/json", "content-length": "7" });
  });

  it("decodes a gzip answer and drops the encoding headers that no longer apply", async () => {
    const response = await fetch(`${base}/gzip`);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("x-okta-request-id")).toBe("req-1");
    expect(await response.json()).toEqual({ ok: true, n: 42 });
  });

  it("gives an empty body for 204", async () => {
    const response = await fetch(`${base}/empty`, { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("never follows a redirect", async () => {
    const before = seen.length;
    const response = await fetch(`${base}/redirect`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://evil.example/steal");
    expect(seen.length).toBe(before + 1);
  });

  it("stops when the signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(fetch(`${base}/slow`, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it("fails on a closed port with an error, not a hang", async () => {
    await expect(fetch("http://127.0.0.1:9/")).rejects.toThrow();
  });
});

// The runtime's own path (no fetch given): http.ts hands plain requests to node:http.
describe("createOktaHttp over node:http", () => {
  const auth = () => new FakeAuth(base, []);
  const client = (a = auth()) => createOktaHttp({ orgUrl: base, auth: a, userAgent: "okta-mcp-server/test", timeoutMs: 5_000, log: silentLogger, maxJitterMs: 0 });

  it("sends the encoded path and query with our headers and the call's auth, and parses the JSON answer", async () => {
    const a = auth();
    const answer = await client(a).send({ method: "POST", path: "/echo", query: { q: "a b&c=d", limit: 2 }, headers: { "X-Custom": "v" }, body: { a: 1 }, contentType: "application/json" });
    expect(answer).toMatchObject({ status: 200, body: { echo: '{"a":1}' }, attempts: 1 });
    expect(answer.headers.get("link")).toContain('rel="next"');
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/echo?q=a%20b%26c%3Dd&limit=2", body: '{"a":1}' });
    expect(seen.at(-1)!.headers).toMatchObject({ "user-agent": "okta-mcp-server/test", accept: "application/json", authorization: "Bearer test-token", "x-custom": "v", "content-type": "application/json" });
    expect(a.authorizeCalls.at(-1)).toEqual({ method: "POST", url: `${base}/echo?q=a%20b%26c%3Dd&limit=2` });
  });

  it("returns a redirect as it is, without following it", async () => {
    const before = seen.length;
    const answer = await client().send({ method: "GET", path: "/redirect", query: {}, headers: {} });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("http://evil.example/steal");
    expect(seen.length).toBe(before + 1);
  });

  it("decodes a compressed answer and counts its decoded bytes; an empty answer has no body", async () => {
    const gz = await client().send({ method: "GET", path: "/gzip", query: {}, headers: {} });
    expect(gz).toMatchObject({ status: 200, body: { ok: true, n: 42 }, requestId: "req-1", bytes: JSON.stringify({ ok: true, n: 42 }).length });
    const empty = await client().send({ method: "DELETE", path: "/empty", query: {}, headers: {} });
    expect(empty).toMatchObject({ status: 204, body: undefined, bytes: 0 });
  });

  it("refuses an answer larger than the cap", async () => {
    const small = createOktaHttp({ orgUrl: base, auth: auth(), userAgent: "t", timeoutMs: 5_000, log: silentLogger, maxResponseBytes: 10 });
    await expect(small.send({ method: "GET", path: "/echo", query: {}, headers: {} })).rejects.toThrow(/larger than 10 bytes/);
  });

  it("never sends a request to another origin, whatever the path holds", async () => {
    const before = seen.length;
    await expect(client().send({ method: "GET", path: "@evil.example/x", query: {}, headers: {} })).rejects.toThrow(/Refused a request to/);
    expect(seen.length).toBe(before);
  });
});
