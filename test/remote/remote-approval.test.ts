// The human checkpoint in remote mode: destructive and privilege-raising calls wait for the signed-in admin's
// decision on an approval page served under the public URL, which opens only in a browser session established by
// that admin's own Okta sign-in. The built CLI, real SDK v2 clients over HTTP (2025 revisions and 2026-07-28 with
// URL elicitation), the fake Okta org's sign-in, and a headless browser holding the session cookie.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { catalog } from "../../src/generated/catalog.js";
import { allCatalogScopes } from "../../src/runtime/inventory.js";
import { createSandboxOrg, type SandboxOrg } from "../../src/sandbox/index.js";
import { listenOnLoopback } from "../../src/sandbox/listen.js";
import { createSandboxSignIn, type SandboxSignIn, withSignIn } from "../../src/sandbox/sign-in.js";
import { freeLoopbackPort } from "../../bench/lib/free-port.js";
import { rawRequest } from "../runtime/approval-human.js";
import { connectWithOAuth, HeadlessBrowser, HeadlessOAuthClient, type HttpCli, startHttpCli } from "./remote-helpers.js";

type Structured = Record<string, any>;
const SUPER = "super.admin@sandbox.example";
const HELP = "help.desk@sandbox.example";
/** Short, so that the expiry test does not wait long; long enough for a human (the test) to click. */
const APPROVAL_TIMEOUT_S = 6;

let org: SandboxOrg;
let signIn: SandboxSignIn;
let closeOrg: () => Promise<void>;
let cli: HttpCli;
let base: string;
const clients: Client[] = [];

beforeAll(async () => {
  org = createSandboxOrg();
  signIn = await createSandboxSignIn(allCatalogScopes(catalog));
  let orgUrl = "";
  const listening = await listenOnLoopback(withSignIn(org, signIn, () => orgUrl));
  orgUrl = listening.url;
  closeOrg = listening.close;
  const port = await freeLoopbackPort();
  base = `http://127.0.0.1:${port}`;
  cli = await startHttpCli(["--port", String(port), "--approval-timeout", String(APPROVAL_TIMEOUT_S)], {
    OKTA_ORG_URL: orgUrl,
    OKTA_CLIENT_ID: signIn.clientId,
    OKTA_CLIENT_SECRET: signIn.clientSecret,
    OKTA_SCOPES: allCatalogScopes(catalog).join(" "),
    OKTA_MCP_PUBLIC_URL: base,
    OKTA_MCP_RATE_LIMIT: "100000",
  });
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  if (process.env.SHOW_STDERR) console.log(cli?.stderr());
  await cli?.stop();
  await closeOrg?.();
});

async function signedIn(login: string) {
  const provider = new HeadlessOAuthClient(login);
  const client = await connectWithOAuth(`${base}/mcp`, provider);
  clients.push(client);
  return { client, provider };
}

const api = async (path: string, init: RequestInit = {}) =>
  (await org.fetch(path, { ...init, headers: { authorization: `SSWS ${org.token}`, "content-type": "application/json", ...(init.headers ?? {}) } })).json() as Promise<any>;
const userWith = async (status: string) => ((await api(`/api/v1/users?search=${encodeURIComponent(`status eq "${status}"`)}&limit=200`)) as { id: string }[]);
let nextUser = 0;
const freshActiveUser = async () => (await userWith("ACTIVE"))[nextUser++].id;
const statusOf = async (id: string) => ((await api(`/api/v1/users/${id}`)) as { status: string }).status;
const text = (result: { content?: unknown }) => ((result.content ?? []) as { text?: string }[]).map((c) => c.text ?? "").join("\n");
const errorOf = (result: { structuredContent?: unknown }) => (result.structuredContent as Structured | undefined)?.error ?? {};
const audit = () => readFileSync(join(cli.stateDir, "okta-mcp-server", "audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Structured);

describe("remote approval page (clients on 2025 revisions: answered pending, a call again waits)", () => {
  it("the admin approves in their own signed-in browser; the waiting call again goes through; the audit names who, how, what", async () => {
    const { client } = await signedIn(SUPER);
    const id = await freshActiveUser();
    const first = await client.callTool({ name: "suspend_user", arguments: { id } });
    expect(errorOf(first).code, text(first)).toBe("ERR_APPROVAL_PENDING");
    const approval = errorOf(first).approval as { url: string; approvalsUrl: string; expiresAt: string };
    // Secret-free URLs under the public origin: the model may pass them on.
    expect(approval.approvalsUrl).toBe(`${base}/approvals`);
    expect(approval.url).toMatch(new RegExp(`^${base}/approvals/[A-Za-z0-9_-]{22}$`));
    expect(text(first)).toContain(`${base}/approvals`);
    expect(await statusOf(id)).toBe("ACTIVE");

    // The model calls again at once: that call waits for the human.
    const again = client.callTool({ name: "suspend_user", arguments: { id } });
    const browser = new HeadlessBrowser(SUPER);
    const list = await browser.request(approval.approvalsUrl);
    // The browser went through the admin's own Okta sign-in and holds an HttpOnly, SameSite session cookie.
    expect(list.status).toBe(200);
    expect(list.url).toBe(`${base}/approvals`);
    expect(list.body).toContain(`href="${approval.url}"`);
    expect(list.body).toContain(`Signed in to Okta as ${SUPER}`);
    const page = await browser.request(approval.url);
    expect(page.body).toContain(`/api/v1/users/${id}/lifecycle/suspend`);
    expect(page.body).toContain("Now: status is ACTIVE.");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect((await browser.decide(approval.url, "approve")).body).toContain("was approved");
    const result = await again;
    expect(result.isError, text(result)).toBeFalsy();
    expect(await statusOf(id)).toBe("SUSPENDED");
    // Used once: calling again asks again.
    const third = await client.callTool({ name: "suspend_user", arguments: { id } });
    expect(errorOf(third).code).not.toBe(undefined);

    const approvalId = approval.url.split("/").pop();
    const records = audit().filter((r) => r.confirmation?.approvalId === approvalId);
    expect(records.map((r) => [r.phase, r.confirmation.outcome, r.principal])).toEqual([
      ["call", "pending", SUPER],
      ["approval", "approved", SUPER],
      ["intent", "approved", SUPER],
    ]);
    expect(records[2].confirmation.via).toBe("approval-page");
  });

  it("the session cookie is HttpOnly, SameSite=Lax, host-only; the page decides once, from its own origin only", async () => {
    const { client } = await signedIn(SUPER);
    const id = await freshActiveUser();
    const approval = errorOf(await client.callTool({ name: "suspend_user", arguments: { id } })).approval as { url: string };
    const res = await fetch(approval.url, { redirect: "manual" });
    expect(res.status).toBe(303); // no session: to the Okta sign-in
    const browser = new HeadlessBrowser(SUPER);
    const page = await browser.request(approval.url);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1];
    // The cookie the sign-in set.
    const signInRes = await fetch(`${base}/approvals`, { redirect: "manual" });
    expect(signInRes.headers.getSetCookie().join(" ")).toMatch(/okta_mcp_approvals_signin=[^;]+; Path=\/oauth; HttpOnly; SameSite=Lax/);
    expect([...browser.cookies("127.0.0.1").keys()]).toContain("okta-mcp-approvals");
    // The session cookie: random, HttpOnly, SameSite=Lax, host-only (no Domain), for 8 hours; not Secure on http://.
    expect(browser.setCookies.find((c) => c.startsWith("okta-mcp-approvals="))).toMatch(/^okta-mcp-approvals=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);

    // Another origin, a cross-site fetch, no token, another form type: refused, nothing decided.
    expect((await browser.post(approval.url, { csrf, decision: "approve" }, { origin: "http://evil.example" })).status).toBe(403);
    expect((await browser.post(approval.url, { csrf, decision: "approve" }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await browser.post(approval.url, { csrf: "x".repeat(43), decision: "approve" })).status).toBe(403);
    expect((await browser.request(approval.url, { method: "POST", headers: { origin: base, "content-type": "application/json" }, body: "{}" })).status).toBe(415);
    // Another Host (DNS rebinding) is refused before any page logic, session or not.
    const rebound = await rawRequest(approval.url, { headers: { host: "evil.example", cookie: browser.cookieHeader(new URL(approval.url)) } });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain(csrf);
    expect((await browser.request(approval.url)).status).toBe(200); // still undecided
    expect((await browser.post(approval.url, { csrf, decision: "deny" })).status).toBe(200);
    expect((await browser.post(approval.url, { csrf, decision: "approve" })).status).toBe(410); // once
    const denied = await client.callTool({ name: "suspend_user", arguments: { id } });
    expect(errorOf(denied).code, text(denied)).toBe("ERR_CONFIRMATION_DECLINED");
    expect(await statusOf(id)).toBe("ACTIVE");
  });

  it("deny: nothing changes, and the next call asks anew", async () => {
    const { client } = await signedIn(SUPER);
    const id = await freshActiveUser();
    const approval = errorOf(await client.callTool({ name: "deactivate_user", arguments: { id } })).approval as { url: string };
    const browser = new HeadlessBrowser(SUPER);
    expect((await browser.decide(approval.url, "deny")).body).toContain("was denied");
    const result = await client.callTool({ name: "deactivate_user", arguments: { id } });
    expect(errorOf(result).code, text(result)).toBe("ERR_CONFIRMATION_DECLINED");
    expect(text(result)).toContain("denied");
    expect(await statusOf(id)).toBe("ACTIVE");
    const anew = await client.callTool({ name: "deactivate_user", arguments: { id } });
    expect(errorOf(anew).code).toBe("ERR_APPROVAL_PENDING");
    expect(errorOf(anew).approval.url).not.toBe(approval.url);
  });

  it("timeout: nobody decides, the waiting call ends expired, and a late click changes nothing", async () => {
    const { client } = await signedIn(SUPER);
    const id = await freshActiveUser();
    const approval = errorOf(await client.callTool({ name: "suspend_user", arguments: { id } })).approval as { url: string };
    const browser = new HeadlessBrowser(SUPER);
    const page = await browser.request(approval.url);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1];
    const started = Date.now();
    const result = await client.callTool({ name: "suspend_user", arguments: { id } });
    expect(errorOf(result).code, text(result)).toBe("ERR_CONFIRMATION_DECLINED");
    expect(text(result)).toContain(`within ${APPROVAL_TIMEOUT_S} s`);
    expect(Date.now() - started).toBeLessThan(APPROVAL_TIMEOUT_S * 1000 + 3_000);
    expect((await browser.post(approval.url, { csrf, decision: "approve" })).status).toBe(410);
    expect(await statusOf(id)).toBe("ACTIVE");
  });

  it("cancel: the client's cancellation of the waiting call withdraws the approval", async () => {
    const { client } = await signedIn(SUPER);
    const id = await freshActiveUser();
    const approval = errorOf(await client.callTool({ name: "suspend_user", arguments: { id } })).approval as { url: string };
    const browser = new HeadlessBrowser(SUPER);
    const page = await browser.request(approval.url);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1];
    const controller = new AbortController();
    const waiting = client.callTool({ name: "suspend_user", arguments: { id } }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 500));
    controller.abort();
    await expect(waiting).rejects.toThrow();
    // The server sees it (the cancellation is another HTTP request): the approval is withdrawn, a click runs nothing.
    let page2 = await browser.request(approval.url);
    for (let i = 0; i < 50 && page2.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      page2 = await browser.request(approval.url);
    }
    expect(page2.status).toBe(410);
    expect(page2.body).toContain("cancelled");
    const answer = await browser.post(approval.url, { csrf, decision: "approve" });
    expect(answer.status).toBe(410);
    expect(await statusOf(id)).toBe("ACTIVE");
    const approvalId = approval.url.split("/").pop();
    await new Promise((r) => setTimeout(r, 200));
    expect(audit().some((r) => r.confirmation?.approvalId === approvalId && r.confirmation.outcome === "cancelled")).toBe(true);
  });

  it("another admin's session neither sees nor decides the approval; their list does not show it", async () => {
    const { client } = await signedIn(SUPER);
    const id = await freshActiveUser();
    const approval = errorOf(await client.callTool({ name: "suspend_user", arguments: { id } })).approval as { url: string };
    const owner = new HeadlessBrowser(SUPER);
    const csrf = /name="csrf" value="([^"]+)"/.exec((await owner.request(approval.url)).body)![1];
    const other = new HeadlessBrowser(HELP);
    const seen = await other.request(approval.url);
    expect(seen.status).toBe(403);
    expect(seen.body).not.toContain(id);
    expect((await other.request(`${base}/approvals`)).body).not.toContain(approval.url);
    expect((await other.post(approval.url, { csrf, decision: "approve" })).status).toBe(403);
    expect((await owner.request(approval.url)).status).toBe(200); // still undecided
    await owner.decide(approval.url, "deny");
  });

  it("the MCP bearer token alone neither views nor decides (the model holds it)", async () => {
    const { client, provider } = await signedIn(SUPER);
    const id = await freshActiveUser();
    const approval = errorOf(await client.callTool({ name: "suspend_user", arguments: { id } })).approval as { url: string };
    const bearer = { authorization: `Bearer ${provider.accessToken()}` };
    const view = await fetch(approval.url, { headers: bearer, redirect: "manual" });
    expect(view.status).toBe(303);
    expect(view.headers.get("location")).toContain("/oauth2/v1/authorize"); // the Okta sign-in, not the page
    expect(await view.text()).not.toContain("csrf");
    const list = await fetch(`${base}/approvals`, { headers: bearer, redirect: "manual" });
    expect(list.status).toBe(303);
    const form = new URLSearchParams({ csrf: "A".repeat(43), decision: "approve" }).toString();
    const post = await fetch(approval.url, { method: "POST", headers: { ...bearer, origin: base, "content-type": "application/x-www-form-urlencoded" }, body: form });
    expect(post.status).toBe(403);
    // A made-up session cookie is no session either.
    const forged = await fetch(approval.url, { method: "POST", headers: { ...bearer, cookie: `okta-mcp-approvals=${"A".repeat(43)}`, origin: base, "content-type": "application/x-www-form-urlencoded" }, body: form });
    expect(forged.status).toBe(403);
    const still = await client.callTool({ name: "suspend_user", arguments: { id } });
    expect(["ERR_APPROVAL_PENDING", "ERR_CONFIRMATION_DECLINED"]).toContain(errorOf(still).code);
    expect(await statusOf(id)).toBe("ACTIVE");
  });
});

describe("what the admin approved is exactly what is sent", () => {
  it("a merge update approved with its diff is not sent once the object changed: the admin is asked anew", async () => {
    const { client } = await signedIn(SUPER);
    const policies = (await api("/api/v1/policies?type=PASSWORD")) as { id: string; settings: { password: { complexity: { minLength: number } } } }[];
    const policy = policies[0];
    const from = policy.settings.password.complexity.minLength;
    const args = { policyId: policy.id, settings: { password: { complexity: { minLength: from + 2 } } } };
    const first = await client.callTool({ name: "update_policy", arguments: args });
    expect(errorOf(first).code, text(first)).toBe("ERR_APPROVAL_PENDING");
    const browser = new HeadlessBrowser(SUPER);
    const page = await browser.request(errorOf(first).approval.url);
    expect(page.body).toContain("settings.password.complexity.minLength");
    await browser.decide(errorOf(first).approval.url, "approve");
    // Someone else changes the policy meanwhile: the approved diff (from → from+2) no longer describes the request.
    const current = await api(`/api/v1/policies/${policy.id}`);
    current.settings.password.complexity.minLength = from + 1;
    await api(`/api/v1/policies/${policy.id}`, { method: "PUT", body: JSON.stringify(current) });
    const again = await client.callTool({ name: "update_policy", arguments: args });
    expect(errorOf(again).code, text(again)).toBe("ERR_APPROVAL_PENDING");
    expect(errorOf(again).approval.url).not.toBe(errorOf(first).approval.url);
    expect(((await api(`/api/v1/policies/${policy.id}`)) as typeof policy).settings.password.complexity.minLength).toBe(from + 1);
    await browser.decide(errorOf(again).approval.url, "approve");
    const done = await client.callTool({ name: "update_policy", arguments: args });
    expect(done.isError, text(done)).toBeFalsy();
    expect(((await api(`/api/v1/policies/${policy.id}`)) as typeof policy).settings.password.complexity.minLength).toBe(from + 2);
  });
});

describe("server-run playbooks in remote mode", () => {
  it("run_playbook waits for the admin's approval of the plan on the page, then runs it as that admin", async () => {
    const { client } = await signedIn(SUPER);
    const id = await freshActiveUser();
    const login = ((await api(`/api/v1/users/${id}`)) as { profile: { login: string } }).profile.login;
    const args = { playbook: "contain_compromised_account", user: login, execute: true };
    const first = await client.callTool({ name: "run_playbook", arguments: args });
    expect(errorOf(first).code, text(first)).toBe("ERR_APPROVAL_PENDING");
    const page = await new HeadlessBrowser(SUPER).request(errorOf(first).approval.url);
    expect(page.body).toContain(`Contain a compromised account for ${login}`);
    expect(await statusOf(id)).toBe("ACTIVE");
    await new HeadlessBrowser(SUPER).decide(errorOf(first).approval.url, "approve");
    const done = await client.callTool({ name: "run_playbook", arguments: args });
    expect(done.isError, text(done)).toBeFalsy();
    expect(await statusOf(id)).toBe("SUSPENDED");
    const superId = signIn.admins.find((a) => a.login === SUPER)!.id;
    expect(signIn.apiCalls.some((c) => c.adminId === superId && c.method === "POST" && c.path.startsWith(`/api/v1/users/${id}/lifecycle/suspend`))).toBe(true);
  });
});

describe("remote approval page over 2026-07-28 (URL elicitation in the multi-round-trip flow)", () => {
  async function modernClient(answer: (url: string) => Promise<"accept" | "decline" | "cancel">) {
    const provider = new HeadlessOAuthClient(SUPER);
    // Signs in (2025 connect), then connects again pinned to 2026-07-28 with the same token.
    await connectWithOAuth(`${base}/mcp`, provider).then((c) => c.close());
    const client = new Client({ name: "modern", version: "1.0.0" }, { capabilities: { elicitation: { url: {} } }, versionNegotiation: { mode: { pin: "2026-07-28" } } } as never);
    const opened: string[] = [];
    client.setRequestHandler("elicitation/create", async (request) => {
      const params = request.params as { mode?: string; url?: string };
      if (params.mode !== "url" || !params.url) return { action: "decline" };
      opened.push(params.url);
      return { action: await answer(params.url) };
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: provider }));
    clients.push(client);
    return { client, opened };
  }

  it("the client opens the page; the human approves there; the retried call runs", async () => {
    const browser = new HeadlessBrowser(SUPER);
    const { client, opened } = await modernClient(async (url) => {
      // The "browser" the client opened: the human decides a moment later, while the retried call waits.
      setTimeout(() => void browser.decide(url, "approve"), 300);
      return "accept";
    });
    const id = await freshActiveUser();
    const result = await client.callTool({ name: "suspend_user", arguments: { id } });
    expect(result.isError, text(result)).toBeFalsy();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(new RegExp(`^${base}/approvals/[A-Za-z0-9_-]{22}$`));
    expect(await statusOf(id)).toBe("SUSPENDED");
  });

  it("cancelling the waiting retry (the client closes its request's stream) withdraws the approval", async () => {
    const browser = new HeadlessBrowser(SUPER);
    let opened = "";
    const { client } = await modernClient(async (url) => {
      opened = url;
      return "accept";
    });
    const id = await freshActiveUser();
    const controller = new AbortController();
    const call = client.callTool({ name: "suspend_user", arguments: { id } }, { signal: controller.signal });
    for (let i = 0; i < 100 && !opened; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 500)); // the retry is waiting now
    controller.abort();
    await expect(call).rejects.toThrow();
    let page = await browser.request(opened);
    for (let i = 0; i < 50 && page.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      page = await browser.request(opened);
    }
    expect(page.status).toBe(410);
    expect(page.body).toContain("cancelled");
    expect(await statusOf(id)).toBe("ACTIVE");
  });

  it("declining to open the page withdraws the approval; a client's accept alone approves nothing", async () => {
    const { client: decliner } = await modernClient(async () => "decline");
    const id = await freshActiveUser();
    const declined = await decliner.callTool({ name: "suspend_user", arguments: { id } });
    expect(errorOf(declined).code, text(declined)).toBe("ERR_CONFIRMATION_DECLINED");
    // A client that "accepts" without any human deciding: the call waits, then the approval expires.
    const { client: accepter } = await modernClient(async () => "accept");
    const expired = await accepter.callTool({ name: "suspend_user", arguments: { id } });
    expect(errorOf(expired).code, text(expired)).toBe("ERR_CONFIRMATION_DECLINED");
    expect(await statusOf(id)).toBe("ACTIVE");
  });
});
