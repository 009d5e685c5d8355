// In-process server (real MCP client over an in-memory transport) against a hostile org on loopback, with the
// runtime's own node:http fetch, wrapped to record every URL the server tried to reach.
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { catalog as defaultCatalog } from "../../src/generated/catalog.js";
import { allCatalogScopes } from "../../src/runtime/inventory.js";
import { createNodeFetch } from "../../src/runtime/node-fetch.js";
import { createServer, type RuntimeOptions, type ServerDeps } from "../../src/runtime/server.js";
import type { ToolCatalog } from "../../src/tool-spec.js";
import { FakeAuth } from "../runtime/fixtures/fake-auth.js";
import { MemoryAudit } from "../runtime/harness.js";
import type { HostileOrg } from "./hostile-org.js";

export interface OrgHarness {
  client: Client;
  audit: MemoryAudit;
  auth: FakeAuth;
  /** Every URL the server's fetch was asked for (any host): proof that nothing left for elsewhere. */
  fetched: string[];
  close(): Promise<void>;
}

export async function connectToOrg(
  org: HostileOrg,
  opts: { catalog?: ToolCatalog; scopes?: string[]; options?: Partial<RuntimeOptions>; deps?: Partial<ServerDeps>; elicitation?: boolean } = {},
): Promise<OrgHarness> {
  const catalog = opts.catalog ?? defaultCatalog;
  const auth = new FakeAuth(org.url, opts.scopes ?? allCatalogScopes(catalog));
  const audit = new MemoryAudit();
  const fetched: string[] = [];
  const base = createNodeFetch({ maxBodyBytes: opts.options?.maxResponseBytes });
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    fetched.push(input instanceof Request ? input.url : String(input));
    return base(input, init);
  }) as typeof globalThis.fetch;
  const { server, close } = createServer({
    catalog,
    loadValidators: async () =>
      catalog === defaultCatalog
        ? (await import("../../src/generated/validators.js")).validators
        : (await import("../runtime/fixtures/validators.js")).validators,
    auth,
    orgUrl: org.url,
    audit,
    fetch,
    // Every toolset: the hostile cases cover the whole table, not only the default exposure.
    options: { maxJitterMs: 0, toolsets: ["all"], ...opts.options },
    ...opts.deps,
  });
  const client = new Client({ name: "security-test", version: "1.0.0" }, { capabilities: opts.elicitation ? { elicitation: { form: {} } } : {} });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    audit,
    auth,
    fetched,
    async close() {
      await client.close();
      await close();
    },
  };
}

/** The text blocks of a result, joined. */
export const text = (result: { content?: unknown }) => ((result.content as { text: string }[] | undefined) ?? []).map((c) => c.text).join("\n");

export const errorCode = (result: { structuredContent?: unknown }) =>
  ((result.structuredContent as { error?: { code?: string } } | undefined)?.error?.code ?? undefined);
