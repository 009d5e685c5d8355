// The model alone against the remote checkpoint: a script holding only what the model holds (the MCP client and
// its bearer token, every tool result) calls each confirmed tool of the default table, calls again, guesses and
// replays confirmation tokens, and tries the approval page with its bearer token. Over HTTP it passes none of them;
// with the operator's --confirm-with-token opt-in (the model-carried token, as before approval pages were served
// over HTTP) it passes every one. "Passed" = the server wrote the intent record of the change, i.e. the call got
// past the checkpoint and its request left for the org.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/client";
import { catalog } from "../../src/generated/catalog.js";
import { allCatalogScopes } from "../../src/runtime/inventory.js";
import { createSandboxOrg, type SandboxOrg } from "../../src/sandbox/index.js";
import { listenOnLoopback } from "../../src/sandbox/listen.js";
import { createSandboxSignIn, type SandboxSignIn, withSignIn } from "../../src/sandbox/sign-in.js";
import { freeLoopbackPort } from "../../bench/lib/free-port.js";
import { connectWithOAuth, HeadlessOAuthClient, type HttpCli, startHttpCli } from "./remote-helpers.js";

type Structured = Record<string, any>;
const SUPER = "super.admin@sandbox.example";

interface Deployment {
  org: SandboxOrg;
  signIn: SandboxSignIn;
  cli: HttpCli;
  base: string;
  close(): Promise<void>;
}

const running: Deployment[] = [];
afterAll(async () => {
  for (const d of running) await d.close();
});

async function deploy(args: string[]): Promise<Deployment> {
  const org = createSandboxOrg();
  const signIn = await createSandboxSignIn(allCatalogScopes(catalog));
  let orgUrl = "";
  const listening = await listenOnLoopback(withSignIn(org, signIn, () => orgUrl));
  orgUrl = listening.url;
  const port = await freeLoopbackPort();
  const base = `http://127.0.0.1:${port}`;
  const cli = await startHttpCli(["--port", String(port), ...args], {
    OKTA_ORG_URL: orgUrl,
    OKTA_CLIENT_ID: signIn.clientId,
    OKTA_CLIENT_SECRET: signIn.clientSecret,
    OKTA_SCOPES: allCatalogScopes(catalog).join(" "),
    OKTA_MCP_PUBLIC_URL: base,
    OKTA_MCP_RATE_LIMIT: "100000",
  });
  const deployment = {
    org,
    signIn,
    cli,
    base,
    async close() {
      await cli.stop();
      await listening.close();
    },
  };
  running.push(deployment);
  return deployment;
}

/** Minimal arguments the schema accepts, so each call gets as far as the checkpoint. */
function fill(schema: Structured): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.type === "integer" || schema.type === "number") return 1;
  if (schema.type === "boolean") return false;
  if (schema.type === "array") return [];
  if (schema.type === "object") return Object.fromEntries(((schema.required ?? []) as string[]).map((k) => [k, fill(schema.properties?.[k] ?? { type: "string" })]));
  return "00u1model";
}

/** Runs the model-only script against one deployment; returns the confirmed tools that got past the checkpoint. */
async function modelOnly(d: Deployment): Promise<{ tried: string[]; passed: string[]; changesAtOrg: number; transcript: string }> {
  const provider = new HeadlessOAuthClient(SUPER);
  const client: Client = await connectWithOAuth(`${d.base}/mcp`, provider);
  const api = async (path: string, method = "GET") =>
    (await d.org.fetch(path, { method, headers: { authorization: `SSWS ${d.org.token}` } })).json() as Promise<any>;
  const users = (await api(`/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}&limit=200`)) as { id: string }[];
  const gone = users[3].id;
  await api(`/api/v1/users/${gone}/lifecycle/deactivate`, "POST");
  const inactiveApp = ((await api("/api/v1/apps?limit=200")) as { id: string; status: string }[]).find((a) => a.status === "INACTIVE")!.id;
  const policyId = ((await api("/api/v1/policies?type=PASSWORD")) as { id: string }[])[0].id;
  const ruleId = ((await api(`/api/v1/policies/${policyId}/rules`)) as { id: string }[])[0].id;
  const zoneId = ((await api("/api/v1/zones")) as { id: string }[])[0].id;
  const deviceAssuranceId = ((await api("/api/v1/device-assurances")) as { id: string }[])[0].id;
  // Real objects in the state their precondition asks for: a fake id would stop those calls before the checkpoint.
  const real: Record<string, Record<string, unknown>> = {
    deactivate_user: { id: users[0].id },
    suspend_user: { id: users[1].id },
    unlock_user: { id: users[2].id },
    delete_deactivated_user: { id: gone },
    delete_application: { appId: inactiveApp },
    create_user: { profile: { login: "model.only@example.com", email: "model.only@example.com", firstName: "M", lastName: "O" }, credentials: { password: { value: "Model-0nly-pass!" } } },
    update_user: { id: users[4].id, credentials: { password: { value: "Model-0nly-pass!" } } },
    // Merge updates read the object first: a fake id would stop them before the checkpoint too.
    update_policy: { policyId, description: "changed by the model alone" },
    update_policy_rule: { policyId, ruleId, name: "changed by the model alone" },
    replace_network_zone: { zoneId, name: "changed by the model alone" },
    replace_device_assurance_policy: { deviceAssuranceId, name: "changed by the model alone" },
  };
  const { tools } = await client.listTools();
  const confirmed: { name: string }[] = catalog.tools.filter((t) => t.confirm && (!t.confirm.when || real[t.name]));
  // The server-run playbook too: one confirmation for a plan of changes.
  const target = ((await api(`/api/v1/users/${users[5].id}`)) as { profile: { login: string } }).profile.login;
  real.run_playbook = { playbook: "contain_compromised_account", user: target, execute: true };
  confirmed.push({ name: "run_playbook" });
  const bearer = { authorization: `Bearer ${provider.accessToken()}` };
  const changesBefore = d.signIn.apiCalls.filter((c) => c.method !== "GET").length;
  const transcript: unknown[] = [];

  await Promise.all(
    confirmed.map(async (spec) => {
      const tool = tools.find((t) => t.name === spec.name)!;
      const args = real[spec.name] ?? (fill(tool.inputSchema) as Record<string, unknown>);
      const call = async (a: Record<string, unknown>) => {
        const result = await client.callTool({ name: spec.name, arguments: a });
        transcript.push(result);
        return result;
      };
      const tries = [
        args,
        args,
        { ...args, confirmationToken: "guess" },
        { ...args, confirmationToken: `${"A".repeat(16)}.${Date.now() + 60_000}.${"B".repeat(43)}` },
      ];
      for (const attempt of tries) {
        const result = await call(attempt);
        const error = (result.structuredContent as Structured | undefined)?.error ?? {};
        // Whatever token a refusal hands out is used as a model would, twice (the second is a replay).
        if (error.confirmationToken) for (let i = 0; i < 2; i++) await call({ ...args, confirmationToken: error.confirmationToken });
        // Whatever approval page a result names, the model tries with what it holds: its bearer token.
        const page = error.approval?.url as string | undefined;
        if (page) {
          const view = await fetch(page, { headers: bearer, redirect: "manual" });
          transcript.push({ page, status: view.status, body: await view.text() });
          for (const csrf of ["A".repeat(43), ""]) {
            const body = new URLSearchParams({ csrf, decision: "approve" }).toString();
            const post = await fetch(page, { method: "POST", headers: { ...bearer, origin: d.base, "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" }, body, redirect: "manual" });
            transcript.push({ page, status: post.status });
          }
        }
      }
      await call(args); // and once more, after all that
    }),
  );
  await client.close();
  const records = readFileSync(join(d.cli.stateDir, "okta-mcp-server", "audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Structured);
  const passed = [...new Set(records.filter((r) => r.phase === "intent" && r.principal === SUPER && !r.runId).map((r) => r.tool as string))].filter((t) => confirmed.some((c) => c.name === t));
  // A playbook's steps are recorded under its run id.
  if (records.some((r) => r.phase === "intent" && r.principal === SUPER && r.runId)) passed.push("run_playbook");
  return {
    tried: confirmed.map((c) => c.name),
    passed,
    changesAtOrg: d.signIn.apiCalls.filter((c) => c.method !== "GET").length - changesBefore,
    transcript: JSON.stringify(transcript),
  };
}

describe("the model alone cannot pass the checkpoint over HTTP", () => {
  it("every confirmed tool: calling, calling again, guessing and replaying tokens, and the page with the bearer token pass none", async () => {
    const d = await deploy(["--toolsets", "all", "--approval-timeout", "2"]);
    const { tried, passed, changesAtOrg, transcript } = await modelOnly(d);
    console.log(`model-only over HTTP (approval pages): ${passed.length} of ${tried.length} confirmed tools passed the checkpoint; ${changesAtOrg} changes reached the org`);
    expect(tried.length).toBeGreaterThanOrEqual(60);
    expect(tried).toContain("run_playbook");
    expect(passed).toEqual([]);
    expect(changesAtOrg).toBe(0);
    // What the model saw names the stable approvals URL, and never a page's form token.
    expect(transcript).toContain(`${d.base}/approvals`);
    expect(transcript).not.toMatch(/name=\\"csrf\\" value=\\"[A-Za-z0-9_-]{43}/);
  });

  it("with the operator's --confirm-with-token opt-in, the model-carried token passes every one (why it is opt-in)", async () => {
    const d = await deploy(["--toolsets", "all", "--confirm-with-token"]);
    const { tried, passed } = await modelOnly(d);
    console.log(`model-only over HTTP with --confirm-with-token: ${passed.length} of ${tried.length} confirmed tools passed the checkpoint`);
    expect(passed.sort()).toEqual([...tried].sort());
  });
});
