// Remote mode end to end: the built CLI with a public URL fronts OAuth for MCP clients, and admins sign in to a
// fake Okta org (the sandbox org with its authorization code + PKCE sign-in, served by this test). Real SDK v2
// clients complete the whole flow headlessly, then list and call tools as themselves.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/client";
import { catalog } from "../../src/generated/catalog.js";
import { allCatalogScopes } from "../../src/runtime/inventory.js";
import { createSandboxOrg } from "../../src/sandbox/index.js";
import { listenOnLoopback } from "../../src/sandbox/listen.js";
import { createSandboxSignIn, type SandboxSignIn, withSignIn } from "../../src/sandbox/sign-in.js";
import { freeLoopbackPort } from "../../bench/lib/free-port.js";
import { connectWithOAuth, HeadlessBrowser, HeadlessOAuthClient, type HttpCli, startHttpCli } from "./remote-helpers.js";

const SUPER = "super.admin@sandbox.example";
const READER = "read.only@sandbox.example";
let signIn: SandboxSignIn;
let closeOrg: () => Promise<void>;
let cli: HttpCli;
let base: string;
let orgApi: string;
let auditPath: string;
const clients: Client[] = [];

beforeAll(async () => {
  const org = createSandboxOrg();
  signIn = await createSandboxSignIn(allCatalogScopes(catalog));
  let orgUrl = "";
  const listening = await listenOnLoopback(withSignIn(org, signIn, () => orgUrl));
  orgUrl = listening.url;
  orgApi = orgUrl;
  closeOrg = listening.close;
  const port = await freeLoopbackPort();
  base = `http://127.0.0.1:${port}`;
  cli = await startHttpCli(["--port", String(port)], {
    OKTA_ORG_URL: orgUrl,
    OKTA_CLIENT_ID: signIn.clientId,
    OKTA_CLIENT_SECRET: signIn.clientSecret,
    OKTA_SCOPES: allCatalogScopes(catalog).join(" "),
    OKTA_MCP_PUBLIC_URL: base,
  });
  auditPath = join(cli.stateDir, "okta-mcp-server", "audit.jsonl");
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  if (process.env.SHOW_STDERR) console.log(cli?.stderr());
  await cli?.stop();
  await closeOrg?.();
});

async function signedIn(login: string, path = "/mcp") {
  const provider = new HeadlessOAuthClient(login);
  const client = await connectWithOAuth(`${base}${path}`, provider);
  clients.push(client);
  return { client, provider };
}
const audit = () => readFileSync(auditPath, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
const toolNames = async (c: Client) => (await c.listTools()).tools.map((t) => t.name);

describe("remote mode: OAuth front and per-admin Okta sign-in", () => {
  it("answers an unauthenticated MCP request with 401 and the RFC 9728 metadata URL", async () => {
    const res = await fetch(`${base}/mcp`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
    const prm = (await (await fetch(`${base}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<string, unknown>;
    expect(prm).toMatchObject({ resource: `${base}/mcp`, authorization_servers: [base] });
    const as = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(as).toMatchObject({ issuer: base, code_challenge_methods_supported: ["S256"], authorization_response_iss_parameter_supported: true });
    expect(as.registration_endpoint).toBe(`${base}/oauth/register`);
    expect(as.client_id_metadata_document_supported).toBe(true);
  });

  it("signs an admin in through Okta (code + PKCE), then lists and calls tools as that admin", async () => {
    const { client, provider } = await signedIn(SUPER);
    expect(provider.iss).toBe(base); // RFC 9207
    const tools = await toolNames(client);
    expect(tools).toContain("deactivate_user");
    const result = await client.callTool({ name: "list_users", arguments: { limit: 3 } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { items: unknown[] }).items).toHaveLength(3);
    const status = await client.callTool({ name: "get_auth_status", arguments: {} });
    expect(status.structuredContent).toMatchObject({ authMethod: "authorization_code", state: "ready" });
    // The call reached Okta with the admin's own Okta token.
    const superId = signIn.admins.find((a) => a.login === SUPER)!.id;
    expect(signIn.apiCalls.some((c) => c.adminId === superId && c.path.startsWith("/api/v1/users"))).toBe(true);
    // The audit record names the admin.
    expect(audit().some((r) => r.tool === "list_users" && r.principal === SUPER && r.decision === "allowed")).toBe(true);
    // No passthrough: the MCP client's token is this server's, not an Okta token, and Okta refuses it.
    const mcpToken = provider.accessToken()!;
    expect(signIn.adminOfToken(mcpToken)).toBeUndefined();
    const direct = await fetch(`${orgApi}/api/v1/users?limit=1`, { headers: { authorization: `Bearer ${mcpToken}` } });
    expect(direct.status).toBe(401);
  });

  it("shows two admins different tools, and one admin's token never serves the other", async () => {
    const superAdmin = await signedIn(SUPER);
    const reader = await signedIn(READER);
    const superTools = await toolNames(superAdmin.client);
    const readerTools = await toolNames(reader.client);
    expect(superTools).toContain("create_user");
    expect(readerTools).toContain("list_users");
    expect(readerTools).not.toContain("create_user");
    expect(readerTools.length).toBeLessThan(superTools.length);

    const readerId = signIn.admins.find((a) => a.login === READER)!.id;
    const superId = signIn.admins.find((a) => a.login === SUPER)!.id;
    const before = signIn.apiCalls.length;
    await reader.client.callTool({ name: "list_groups", arguments: { limit: 1 } });
    await superAdmin.client.callTool({ name: "list_applications", arguments: { limit: 1 } });
    const calls = signIn.apiCalls.slice(before);
    expect(calls.find((c) => c.path.startsWith("/api/v1/groups"))?.adminId).toBe(readerId);
    expect(calls.find((c) => c.path.startsWith("/api/v1/apps"))?.adminId).toBe(superId);

    // A tool beyond the reader's grant: 403 insufficient_scope naming its scopes (the client's step-up cannot get them).
    const raw = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${reader.provider.accessToken()}`, "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "create_user", arguments: { profile: {} } } }),
    });
    expect(raw.status).toBe(403);
    expect(raw.headers.get("www-authenticate")).toMatch(/error="insufficient_scope".*scope="[^"]*okta\.users\.manage/);

    // One admin's approval never confirms the other's call, even with the same tool and arguments.
    // A real user: for one that does not exist, the precondition read refuses the call before anyone is asked.
    const active = await superAdmin.client.callTool({ name: "list_users", arguments: { search: 'status eq "ACTIVE"', limit: 1 } });
    const victim = ((active.structuredContent as { items: { id: string }[] }).items[0]).id;
    const first = await superAdmin.client.callTool({ name: "deactivate_user", arguments: { id: victim } });
    const approval = (first.structuredContent as { error: { code: string; approval: { url: string } } }).error;
    expect(approval.code).toBe("ERR_APPROVAL_PENDING");
    await new HeadlessBrowser(SUPER).decide(approval.approval.url, "approve");
    const helpDesk = await signedIn("help.desk@sandbox.example");
    const other = await helpDesk.client.callTool({ name: "deactivate_user", arguments: { id: victim } });
    const theirs = (other.structuredContent as { error: { code: string; approval: { url: string } } }).error;
    expect(theirs.code).toBe("ERR_APPROVAL_PENDING");
    expect(theirs.approval.url).not.toBe(approval.approval.url);
    const mine = await superAdmin.client.callTool({ name: "deactivate_user", arguments: { id: victim } });
    expect(mine.isError, JSON.stringify(mine.content)).toBeFalsy();
  });

  it("signs out: the Okta tokens are revoked upstream and the MCP token stops working", async () => {
    const { client, provider } = await signedIn(READER);
    expect(await toolNames(client)).toContain("list_users");
    const readerId = signIn.admins.find((a) => a.login === READER)!.id;
    const res = await fetch(`${base}/oauth/signout`, { method: "POST", headers: { authorization: `Bearer ${provider.accessToken()}` } });
    expect(res.status).toBe(200);
    expect(signIn.revocations).toContain(readerId);
    const after = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${provider.accessToken()}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(after.status).toBe(401);
  });

  it("revokes an MCP token through the RFC 7009 endpoint", async () => {
    const { provider } = await signedIn(SUPER);
    const info = provider.clientInformation() as { client_id: string };
    const res = await fetch(`${base}/oauth/revoke`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: provider.accessToken()!, client_id: info.client_id }) });
    expect(res.status).toBe(200);
    const after = await fetch(`${base}/mcp`, { method: "POST", headers: { authorization: `Bearer ${provider.accessToken()}`, "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });
    expect(after.status).toBe(401);
  });
});
