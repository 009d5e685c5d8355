// Two instances behind a round-robin proxy, sharing one real Redis: a client authorized through one is served by
// the other; killing one mid-run loses no audit record and no confirmed call.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { allCatalogScopes } from "../../src/runtime/inventory.js";
import { createSandboxOrg, type SandboxOrg } from "../../src/sandbox/index.js";
import { listenOnLoopback } from "../../src/sandbox/listen.js";
import { createSandboxSignIn, type SandboxSignIn, withSignIn } from "../../src/sandbox/sign-in.js";
import { freeLoopbackPort } from "../../bench/lib/free-port.js";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { connectWithOAuth, HeadlessBrowser, HeadlessOAuthClient, type HttpCli, type RoundRobinProxy, startHttpCli, startRoundRobinProxy } from "./remote-helpers.js";

let org: SandboxOrg;
let signIn: SandboxSignIn;
let closeOrg: () => Promise<void>;
let proxy: RoundRobinProxy;
const instances: HttpCli[] = [];
let live: string[] = [];

// "" when redis-server is not installed (outside CI): test/setup/redis.ts says so and this file is skipped.
const redisUrl = inject("redisUrl");

beforeAll(async () => {
  if (!redisUrl) return;
  org = createSandboxOrg();
  signIn = await createSandboxSignIn(allCatalogScopes(catalog));
  let orgUrl = "";
  const listening = await listenOnLoopback(withSignIn(org, signIn, () => orgUrl));
  orgUrl = listening.url;
  closeOrg = listening.close;
  proxy = await startRoundRobinProxy(() => live);
  const env = {
    OKTA_ORG_URL: orgUrl,
    OKTA_CLIENT_ID: signIn.clientId,
    OKTA_CLIENT_SECRET: signIn.clientSecret,
    OKTA_SCOPES: allCatalogScopes(catalog).join(" "),
    OKTA_MCP_PUBLIC_URL: proxy.url,
    OKTA_MCP_REDIS_URL: redisUrl,
    OKTA_MCP_REDIS_PREFIX: `scale${Date.now()}:`,
    OKTA_MCP_SECRET: "a-shared-secret-of-at-least-thirty-two-bytes!!",
  };
  for (let i = 0; i < 2; i++) instances.push(await startHttpCli(["--port", String(await freeLoopbackPort())], env));
  live = instances.map((i) => i.url);
});
afterAll(async () => {
  for (const i of instances) await i.stop();
  await proxy?.close();
  await closeOrg?.();
});

const auditOf = (cli: HttpCli) => {
  const path = join(cli.stateDir, "okta-mcp-server", "audit.jsonl");
  return existsSync(path) ? readFileSync(path, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>) : [];
};

const SUPER = "super.admin@sandbox.example";
const api = async (path: string) => (await org.fetch(path, { headers: { authorization: `SSWS ${org.token}` } })).json() as Promise<unknown>;

describe.skipIf(!redisUrl)("two instances on one Redis", () => {
  it("an approval decided through one instance releases the call waiting on the other", async () => {
    const provider = new HeadlessOAuthClient(SUPER);
    await (await connectWithOAuth(`${proxy.url}/mcp`, provider)).close();
    // The MCP client talks to instance A only; the admin's browser to instance B only (after signing in).
    const onA = new Client({ name: "on-a", version: "1.0.0" });
    await onA.connect(new StreamableHTTPClientTransport(new URL(`${instances[0].url}/mcp`), { authProvider: provider }));
    const victim = ((await api(`/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}&limit=5`)) as { id: string }[])[4];
    const first = await onA.callTool({ name: "suspend_user", arguments: { id: victim.id } });
    const approval = (first.structuredContent as { error: { code: string; approval: { url: string } } }).error;
    expect(approval.code).toBe("ERR_APPROVAL_PENDING");
    const waiting = onA.callTool({ name: "suspend_user", arguments: { id: victim.id } });

    const onB = approval.approval.url.replace(proxy.url, instances[1].url);
    const browser = new HeadlessBrowser(SUPER);
    const page = await browser.request(onB); // signs in (through the public URL), lands on the page
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1];
    const decided = await browser.post(onB, { csrf, decision: "approve" }, { origin: proxy.url });
    expect(decided.status).toBe(200);
    expect(decided.url).toBe(onB);

    const result = await waiting;
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(((await api(`/api/v1/users/${victim.id}`)) as { status: string }).status).toBe("SUSPENDED");
    const id = approval.approval.url.split("/").pop();
    expect(auditOf(instances[1]).some((r) => r.phase === "approval" && r.confirmation?.approvalId === id && r.confirmation.outcome === "approved")).toBe(true);
    expect(auditOf(instances[0]).some((r) => r.phase === "intent" && r.tool === "suspend_user" && r.confirmation?.approvalId === id)).toBe(true);
    await onA.close();
  });

  it("serves a client authorized through one instance from the other, then survives losing one", async () => {
    const since = new Date().toISOString();
    const provider = new HeadlessOAuthClient("super.admin@sandbox.example");
    const client = await connectWithOAuth(`${proxy.url}/mcp`, provider);
    // The sign-in itself crossed instances (round robin): both served part of it.
    expect(proxy.served[0]).toBeGreaterThan(0);
    expect(proxy.served[1]).toBeGreaterThan(0);

    let calls = 0;
    const before = [...proxy.served];
    for (let i = 0; i < 6; i++) {
      const result = await client.callTool({ name: "list_users", arguments: { limit: 1 } });
      calls++;
      expect(result.isError).toBeFalsy();
    }
    expect(proxy.served[0] - before[0]).toBeGreaterThan(0);
    expect(proxy.served[1] - before[1]).toBeGreaterThan(0);

    // A destructive call: answered "approval pending"; the approval lives in Redis, and the admin approves it in
    // the browser (sign-in and page through the round robin, so both instances serve part of it).
    const victim = ((await api(`/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}&limit=1`)) as { id: string }[])[0];
    const refused = await client.callTool({ name: "deactivate_user", arguments: { id: victim.id } });
    calls++;
    const approval = (refused.structuredContent as { error: { code: string; approval: { url: string } } }).error;
    expect(approval.code).toBe("ERR_APPROVAL_PENDING");
    expect((await new HeadlessBrowser(SUPER).decide(approval.approval.url, "approve")).status).toBe(200);

    // One instance dies (SIGKILL: no shutdown at all); the proxy skips it from now on. The approved call is not lost.
    await instances[0].stop("SIGKILL");
    const confirmed = await client.callTool({ name: "deactivate_user", arguments: { id: victim.id } });
    calls++;
    expect(confirmed.isError).toBeFalsy();
    expect(((await api(`/api/v1/users/${victim.id}`)) as { status: string }).status).toBe("DEPROVISIONED");
    // The read-back of the changed user ran with the same admin's token too.
    const superId = signIn.admins.find((a) => a.login === "super.admin@sandbox.example")!.id;
    expect(signIn.apiCalls.filter((c) => c.path === `/api/v1/users/${victim.id}`).map((c) => [c.method, c.adminId])).toContainEqual(["GET", superId]);
    expect(JSON.stringify(confirmed.structuredContent)).toContain("DEPROVISIONED");
    for (let i = 0; i < 3; i++) {
      expect((await client.callTool({ name: "list_groups", arguments: { limit: 1 } })).isError).toBeFalsy();
      calls++;
    }

    // Every answered call has its record, in one instance's audit file or the other's.
    const records = [...auditOf(instances[0]), ...auditOf(instances[1])].filter((r) => (r.time as string) >= since);
    // One record per call, two (intent and outcome, one callId) for the change that reached Okta; the admin's
    // decision on the page has its own record (phase approval).
    expect(new Set(records.filter((r) => r.principal === SUPER && r.phase !== "approval").map((r) => r.callId)).size).toBe(calls);
    expect(records.filter((r) => r.phase === "approval" && r.principal === SUPER).length).toBeGreaterThanOrEqual(1);
    expect(records.some((r) => r.tool === "deactivate_user" && r.decision === "allowed" && r.status === 200)).toBe(true);
    await client.close();
  });
});
