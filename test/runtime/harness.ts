// In-memory client/server pair with a real MCP client, against msw-mocked Okta.
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { setupServer } from "msw/node";
import { type AuditLog, type AuditRecord } from "../../src/runtime/audit.js";
import { createServer, type RuntimeOptions, type ServerDeps } from "../../src/runtime/server.js";
import type { ToolCatalog } from "../../src/tool-spec.js";
import { fixtureCatalog } from "./fixtures/catalog.js";
import { FakeAuth } from "./fixtures/fake-auth.js";

export const ORG = "https://example.okta.com";
export const ALL_SCOPES = ["okta.users.read", "okta.users.manage", "okta.groups.read", "okta.groups.manage", "okta.logs.read"];

export const mswServer = setupServer();

export class MemoryAudit implements AuditLog {
  records: AuditRecord[] = [];
  write(record: AuditRecord) {
    this.records.push(JSON.parse(JSON.stringify(record)));
  }
  close() {}
}

export interface Harness {
  client: Client;
  auth: FakeAuth;
  audit: MemoryAudit;
  /** Approval page URLs the server asked to open in the human's browser (the test plays the human). */
  approvalPages: string[];
  close(): Promise<void>;
}

export async function connect(
  opts: {
    scopes?: string[];
    options?: Partial<RuntimeOptions>;
    elicitation?: boolean;
    catalog?: ToolCatalog;
    deps?: Partial<ServerDeps>;
  } = {},
): Promise<Harness> {
  const auth = new FakeAuth(ORG, opts.scopes ?? ALL_SCOPES);
  const audit = new MemoryAudit();
  const approvalPages: string[] = [];
  const { server, close } = createServer({
    catalog: opts.catalog ?? fixtureCatalog,
    loadValidators: async () => (await import("./fixtures/validators.js")).validators,
    auth,
    orgUrl: ORG,
    audit,
    options: { maxJitterMs: 0, ...opts.options },
    openApprovalPage: (url, done) => {
      approvalPages.push(url);
      done(true);
    },
    ...opts.deps,
  });
  const client = new Client({ name: "test-client", version: "1.0.0" }, { capabilities: opts.elicitation ? { elicitation: { form: {} } } : {} });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    auth,
    audit,
    approvalPages,
    async close() {
      await client.close();
      await close();
    },
  };
}

export function parseText(result: { content?: unknown }): unknown {
  const content = result.content as { type: string; text: string }[];
  return JSON.parse(content[0].text);
}

/** All text blocks of a result, joined: the JSON block and the notices after it. */
export const text = (result: { content?: unknown }) => (result.content as { text: string }[]).map((c) => c.text).join("\n");
