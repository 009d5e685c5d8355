// The runtime's fetch over node:http, against a real loopback server: what openapi-fetch and the
// retry loop rely on (bodies both ways, headers, compressed answers, empty answers, no redirects, abort).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeFetch } from "../../src/runtime/node-fetch.js";

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
