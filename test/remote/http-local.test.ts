// okta-mcp-server --http in local mode (one identity, loopback): real SDK clients over Streamable HTTP against the
// built CLI and its sandbox org; narrowing by header and path; Host/Origin checks; health; body limit; shutdown.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/client";
import { decide } from "../runtime/approval-human.js";
import { connectHttp, type HttpCli, startHttpCli } from "./remote-helpers.js";

let cli: HttpCli;
const clients: Client[] = [];

beforeAll(async () => {
  cli = await startHttpCli(["--sandbox", "--port", "0", "--audit-log", "-"]);
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await cli?.stop();
});

async function client(path = "/mcp", headers: Record<string, string> = {}) {
  const c = await connectHttp(`${cli.url}${path}`, { headers });
  clients.push(c);
  return c;
}

const names = async (c: Client) => (await c.listTools()).tools.map((t) => t.name);

describe("local HTTP mode", () => {
  it("lists and calls tools over Streamable HTTP", async () => {
    const c = await client();
    const tools = await names(c);
    expect(tools).toContain("list_users");
    expect(tools).toContain("deactivate_user");
    const result = await c.callTool({ name: "list_users", arguments: { limit: 2 } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { items: unknown[] }).items).toHaveLength(2);
  });

  it("narrows by path and header, never widens", async () => {
    const all = await names(await client());
    const readonly = await names(await client("/mcp/readonly"));
    expect(readonly.length).toBeLessThan(all.length);
    expect(readonly).toContain("list_users");
    expect(readonly).not.toContain("deactivate_user");

    const groups = await names(await client("/mcp", { "X-MCP-Toolsets": "groups" }));
    expect(groups).toContain("list_groups");
    expect(groups).not.toContain("list_users");
    // Path and header intersect: groups ∩ users = nothing but the built-in status tool.
    expect(await names(await client("/mcp/x/users", { "X-MCP-Toolsets": "groups" }))).toEqual(["get_auth_status"]);
    // X-MCP-Readonly: false cannot lift /readonly.
    expect(await names(await client("/mcp/readonly", { "X-MCP-Readonly": "false" }))).toEqual(readonly);
    const usersRead = await names(await client("/mcp/x/users/readonly"));
    expect(usersRead).toContain("get_user");
    expect(usersRead).not.toContain("create_user");
    expect(await names(await client("/mcp", { "X-MCP-Tools": "list_users,get_group" }))).toEqual(["list_users", "get_group", "get_auth_status"]);
    // The playbook and report tools have toolsets and names of their own.
    expect(await names(await client("/mcp/x/reports"))).toEqual(["security_report", "get_auth_status"]);
    expect(await names(await client("/mcp", { "X-MCP-Toolsets": "playbooks,users", "X-MCP-Readonly": "true" }))).not.toContain("run_playbook");
    expect(await names(await client("/mcp", { "X-MCP-Tools": "run_playbook" }))).toEqual(["run_playbook", "get_auth_status"]);
  });

  it("refuses a call to a tool the request narrowed away, and audits it", async () => {
    const c = await client("/mcp/readonly");
    const result = await c.callTool({ name: "deactivate_user", arguments: { id: "00u1" } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain("ERR_TOOL_NOT_EXPOSED");
    expect(cli.stderr()).toMatch(/"tool":"deactivate_user"[^\n]*"decision":"denied"/);
  });

  it("answers unknown toolsets with 400 naming the known ones", async () => {
    const res = await fetch(`${cli.url}/mcp/x/nope`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Known toolsets");
  });

  it("validates Host and Origin (DNS rebinding)", async () => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const evilOrigin = await fetch(`${cli.url}/mcp`, { method: "POST", headers: { ...headers, origin: "https://evil.example" }, body });
    expect(evilOrigin.status).toBe(403);
    // fetch does not let us forge Host; node:http does.
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${cli.url}/mcp`, { method: "POST", headers: { ...headers, host: "evil.example:80" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(body);
    });
    expect(status).toBe(403);
  });

  it("limits the request body size", async () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_users", arguments: { q: "x".repeat(1_100_000) } } });
    const res = await fetch(`${cli.url}/mcp`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: big });
    expect(res.status).toBe(413);
  });

  it("serves /healthz and /readyz without authentication", async () => {
    expect((await fetch(`${cli.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${cli.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", store: "memory" });
  });
});

describe("shutdown", () => {
  it("finishes a call in flight on SIGTERM, then exits 0", async () => {
    const own = await startHttpCli(["--sandbox", "--port", "0", "--audit-log", "off"]);
    const c = await connectHttp(`${own.url}/mcp`);
    // A fetchAll walk over every user takes one request per page; SIGTERM lands once the first page's progress
    // notification arrived, so the call is provably in flight (a fixed sleep raced a busy machine).
    let pageSeen!: () => void;
    const firstPage = new Promise<void>((resolve) => (pageSeen = resolve));
    const call = c.callTool(
      { name: "list_users", arguments: { limit: 1, fetchAll: true } },
      { onprogress: () => pageSeen() } as never,
    );
    await firstPage;
    const exit = own.stop("SIGTERM");
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { items: unknown[] }).items.length).toBeGreaterThan(10);
    expect(await exit).toBe(0);
    await c.close().catch(() => {});
  });

  it("refuses a non-loopback bind without the OAuth front", async () => {
    const { runCliExpectingExit } = await import("../runtime/e2e-helpers.js");
    const result = runCliExpectingExit(["--http", "--sandbox", "--host", "0.0.0.0"], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("OKTA_MCP_PUBLIC_URL");
  });
});

describe("confirmation in local HTTP mode (one identity on loopback)", () => {
  it("opens the loopback approval page in this machine's browser, as over stdio; no token unless opted in", async () => {
    const dir = mkdtempSync(join(tmpdir(), "okta-mcp-browser-"));
    const opened = join(dir, "opened.txt");
    const browser = join(dir, "open-url");
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
    chmodSync(browser, 0o700);
    const own = await startHttpCli(["--sandbox", "--port", "0", "--audit-log", "off"], { OKTA_MCP_BROWSER: browser });
    const c = await connectHttp(`${own.url}/mcp`);
    expect(JSON.stringify((await c.listTools()).tools.find((t) => t.name === "suspend_user"))).not.toContain("confirmationToken");
    const listed = await c.callTool({ name: "list_users", arguments: { search: 'status eq "ACTIVE"', limit: 1 } });
    const id = ((listed.structuredContent as { items: { id: string }[] }).items[0]).id;
    const call = c.callTool({ name: "suspend_user", arguments: { id } });
    let url = "";
    for (let i = 0; i < 200 && !url; i++) {
      await new Promise((r) => setTimeout(r, 25));
      url = existsSync(opened) ? readFileSync(opened, "utf8").split("\n")[0] : "";
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/approval\/[A-Za-z0-9_-]{43}$/);
    expect((await decide(url, "approve")).status).toBe(200);
    const result = await call;
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(JSON.stringify(result)).not.toContain(url.split("/").pop());
    await c.close();
    await own.stop();
  });
});
