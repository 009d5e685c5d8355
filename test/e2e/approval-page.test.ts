// The confirmation checkpoint as a client without elicitation meets it (Claude Desktop, claude.ai today): the built CLI
// over stdio, a real MCP client, and the test as the human at the approval page. OKTA_MCP_BROWSER points the server
// at a small script that writes the page's URL to a file: the human's browser, which the model never sees.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { decide, rawRequest } from "../runtime/approval-human.js";
import { type CliSession, ensureBuilt, type RecordedOrg, startCli, startRecordedOrg, text } from "../runtime/e2e-helpers.js";

type Structured = Record<string, any>;

/** A "browser" that records the URLs it is asked to open. */
function fakeBrowser(): { command: string; urls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), "okta-mcp-browser-"));
  const file = join(dir, "opened.txt");
  const command = join(dir, "open-url");
  writeFileSync(command, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${file}'\n`);
  chmodSync(command, 0o700);
  return { command, urls: () => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []) };
}

async function pageNumber(urls: () => string[], n: number): Promise<string> {
  for (let i = 0; i < 500 && urls().length < n; i++) await new Promise((r) => setTimeout(r, 20));
  const url = urls()[n - 1];
  if (!url) throw new Error(`approval page ${n} was not opened`);
  return url;
}

async function userWith(session: CliSession, status: string): Promise<string> {
  const listed = await session.client.callTool({ name: "list_users", arguments: { search: `status eq "${status}"`, limit: 1 } });
  return ((listed.structuredContent as Structured).items as Structured[])[0].id as string;
}

const statusOf = async (session: CliSession, id: string) => ((await session.client.callTool({ name: "get_user", arguments: { id } })).structuredContent as Structured).status;

describe("approval page over stdio, a client without elicitation", () => {
  let session: CliSession;
  const browser = fakeBrowser();

  beforeAll(async () => {
    ensureBuilt();
    // --toolsets all: the role tools are outside the default toolsets.
    session = await startCli({ args: ["--sandbox", "--audit-log", "off", "--toolsets", "all"], env: { OKTA_MCP_BROWSER: browser.command } });
  });
  afterAll(async () => session?.close());

  it("the human approves on the page the server opened; the change happens; the URL is nowhere the model can see", async () => {
    const id = await userWith(session, "ACTIVE");
    const call = session.client.callTool({ name: "suspend_user", arguments: { id } });
    const url = await pageNumber(browser.urls, 1);
    const page = await rawRequest(url);
    expect(page.body).toContain(`/api/v1/users/${id}/lifecycle/suspend`);
    expect(page.body).toContain("Now: status is ACTIVE.");
    expect(page.body).toContain("It can be undone with unsuspend_user.");
    expect(await statusOf(session, id)).toBe("ACTIVE");
    expect((await decide(url, "approve")).status).toBe(200);
    const result = await call;
    expect(result.isError, text(result)).toBeFalsy();
    expect(await statusOf(session, id)).toBe("SUSPENDED");
    const secret = url.split("/").pop()!;
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(session.stderr()).not.toContain(secret);
  });

  it("a privilege-raising write (SUPER_ADMIN to a user) waits for the human, quoting exactly what changes; Deny changes nothing", async () => {
    const id = await userWith(session, "ACTIVE");
    const rolesBefore = text(await session.client.callTool({ name: "list_user_roles", arguments: { userId: id } }));
    const opened = browser.urls().length;
    const call = session.client.callTool({ name: "assign_role_to_user", arguments: { userId: id, type: "SUPER_ADMIN" } });
    const url = await pageNumber(browser.urls, opened + 1);
    const page = await rawRequest(url);
    expect(page.body).toContain("raises privilege or weakens security (role and admin assignments)");
    expect(page.body).toContain("&quot;type&quot;: &quot;SUPER_ADMIN&quot;");
    expect((await decide(url, "deny")).status).toBe(200);
    const result = await call;
    expect(text(result)).toContain("ERR_CONFIRMATION_DECLINED");
    expect(text(await session.client.callTool({ name: "list_user_roles", arguments: { userId: id } }))).toBe(rolesBefore);
  });

  it("update_user asks only when it sets credentials, and then shows the keys with the secret redacted", async () => {
    const id = await userWith(session, "ACTIVE");
    const opened = browser.urls().length;
    const plain = await session.client.callTool({ name: "update_user", arguments: { id, profile: { title: "Analyst" } } });
    expect(plain.isError, text(plain)).toBeFalsy();
    expect(browser.urls().length).toBe(opened);
    const call = session.client.callTool({ name: "update_user", arguments: { id, credentials: { password: { value: "Tr0ub4dor&3-new" } } } });
    const url = await pageNumber(browser.urls, opened + 1);
    const page = await rawRequest(url);
    expect(page.body).toContain("&quot;password&quot;: {");
    expect(page.body).toContain("[REDACTED]");
    expect(page.body).not.toContain("Tr0ub4dor");
    await decide(url, "deny");
    expect(text(await call)).toContain("ERR_CONFIRMATION_DECLINED");
  });

  it("suspend_user on a PROVISIONED user: the server says it cannot succeed, before opening any page", async () => {
    const id = await userWith(session, "PROVISIONED");
    const opened = browser.urls().length;
    const result = await session.client.callTool({ name: "suspend_user", arguments: { id } });
    expect(text(result)).toContain("ERR_PRECONDITION_FAILED");
    expect(text(result)).toContain("status is PROVISIONED");
    expect(browser.urls().length).toBe(opened);
    expect(await statusOf(session, id)).toBe("PROVISIONED");
  });
});

describe("the model alone cannot pass the checkpoint", () => {
  let org: RecordedOrg;
  beforeAll(async () => {
    ensureBuilt();
    org = await startRecordedOrg();
  });
  afterAll(async () => org?.close());

  it("every tool the default table confirms: calling, re-calling, guessing and replaying tokens never reaches the org", async () => {
    const browser = fakeBrowser();
    const scopes = [...new Set(catalog.tools.flatMap((t) => t.scopes))].join(" ");
    const session = await startCli({
      args: ["--audit-log", "off", "--approval-timeout", "1", "--toolsets", "all"],
      env: { OKTA_ORG_URL: org.url, OKTA_API_TOKEN: org.org.token, OKTA_SCOPES: scopes, OKTA_MCP_BROWSER: browser.command },
    });
    const { tools } = await session.client.listTools();
    const confirmed = catalog.tools.filter((t) => t.confirm && !t.confirm.when);
    expect(confirmed.length).toBeGreaterThanOrEqual(56);
    // Minimal arguments the schema accepts, so each call gets as far as the checkpoint.
    const fill = (schema: Structured): unknown => {
      if (schema.enum) return schema.enum[0];
      if (schema.type === "integer" || schema.type === "number") return 1;
      if (schema.type === "boolean") return false;
      if (schema.type === "array") return [];
      if (schema.type === "object") return Object.fromEntries(((schema.required ?? []) as string[]).map((k) => [k, fill(schema.properties?.[k] ?? { type: "string" })]));
      return "00u1model";
    };
    const changesBefore = org.requests.filter((r) => r.method !== "GET").length;
    const outcomes = await Promise.all(
      confirmed.map(async (spec) => {
        const tool = tools.find((t) => t.name === spec.name)!;
        const args = fill(tool.inputSchema) as Record<string, unknown>;
        const tries = [
          args,
          args,
          { ...args, confirmationToken: "guess" },
          { ...args, confirmationToken: `${"A".repeat(16)}.${Date.now() + 60_000}.${"B".repeat(43)}` },
        ];
        const results = [];
        for (const attempt of tries) {
          const result = await session.client.callTool({ name: spec.name, arguments: attempt });
          results.push(result);
          // Whatever token a refusal hands out is used as a model would, twice (the second is a replay).
          const issued = (result.structuredContent as Structured | undefined)?.error?.confirmationToken;
          if (issued) for (let i = 0; i < 2; i++) results.push(await session.client.callTool({ name: spec.name, arguments: { ...args, confirmationToken: issued } }));
        }
        return { name: spec.name, results };
      }),
    );
    const changes = org.requests.filter((r) => r.method !== "GET").length - changesBefore;
    expect(changes).toBe(0);
    for (const { name, results } of outcomes) for (const result of results) expect(result.isError, `${name}: ${text(result)}`).toBe(true);
    // The model's side of the conversation never carried a page URL.
    expect(JSON.stringify(outcomes)).not.toMatch(/127\.0\.0\.1:\d+\/approval\//);
    await session.close();
  });
});
