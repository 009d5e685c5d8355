// Issue 12 item 7: credentials with line breaks are refused at start-up, and no live credential (API token,
// access or refresh token, DPoP proof, private key) appears in anything the server emits: results, errors,
// logs, audit — even when a hostile org echoes the Authorization header back.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "../../src/runtime/auth/index.js";
import { createLogger } from "../../src/runtime/logger.js";
import { FakeOktaAs } from "../auth/fake-okta-as.js";
import { makeKey } from "../auth/helpers.js";
import { CLI, ensureBuilt, runCliExpectingExit } from "../runtime/e2e-helpers.js";
import { connectToOrg, text } from "./helpers.js";
import { json, startHostileOrg, type HostileOrg } from "./hostile-org.js";
import { RawSession } from "./raw-stdio.js";

const API_TOKEN = "00hostileEchoTestToken0000000000000000000AB";

/** An org that quotes the Authorization header everywhere it can: error summaries and causes, and record fields. */
const echoing = (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, url: URL) => {
  const auth = String(req.headers.authorization ?? "");
  const proof = String(req.headers.dpop ?? "");
  if (url.pathname.endsWith("/fail")) {
    return json(res, 400, { errorCode: "E0000001", errorSummary: `Api validation failed: ${auth}`, errorCauses: [{ errorSummary: `token: ${auth.split(" ")[1]} proof: ${proof}` }] });
  }
  json(res, 200, { id: "00u1", profile: { login: "a@example.com", nickName: auth, title: auth.split(" ")[1], note: proof }, [auth]: "as a key" });
};

describe("credentials are one line of printable text, checked at start-up", () => {
  beforeAll(() => ensureBuilt(), 180_000);

  for (const [name, env] of [
    ["OKTA_API_TOKEN", { OKTA_API_TOKEN: `${API_TOKEN}\r\nX-Injected: 1` }],
    ["OKTA_API_TOKEN", { OKTA_API_TOKEN: `${API_TOKEN}\u0007` }],
    ["OKTA_CLIENT_ID", { OKTA_CLIENT_ID: "0oa1\nX: 1" }],
    ["OKTA_KEY_ID", { OKTA_CLIENT_ID: "0oa1", OKTA_KEY_ID: "k\r\nid", OKTA_PRIVATE_KEY: makeKey("ec").pkcs8Pem }],
  ] as const) {
    it(`${name} with a line break or control character: exit 2, one line, the value never shown`, () => {
      const result = runCliExpectingExit([], { OKTA_ORG_URL: "https://example.okta.com", OKTA_SCOPES: "okta.users.read", ...env });
      expect(result.status).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^okta-mcp-server: ${name} contains a line break, space, control or non-ASCII character`));
      expect(result.stderr).not.toContain(API_TOKEN);
      expect(result.stderr).not.toContain("X-Injected");
    });
  }
});

describe("the built CLI with an API token, against an org that echoes it", () => {
  let org: HostileOrg;
  beforeAll(async () => {
    ensureBuilt();
    org = await startHostileOrg(echoing);
  });
  afterAll(() => org.close());

  it("never shows the token: not in results, error messages, debug logs or the audit file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "okta-secrets-"));
    const auditPath = join(dir, "audit.jsonl");
    const session = await RawSession.open(CLI, ["--audit-log", auditPath], {
      OKTA_ORG_URL: org.url,
      OKTA_API_TOKEN: API_TOKEN,
      OKTA_SCOPES: "okta.users.read",
      OKTA_LOG_LEVEL: "debug",
    });
    try {
      const ok = await session.call("get_user", { id: "00u1", fields: ["*"] }, 20_000);
      const failed = await session.call("get_user", { id: "fail" }, 20_000);
      expect(org.requests.every((r) => r.authorization === `SSWS ${API_TOKEN}`)).toBe(true);
      const everything = [JSON.stringify(ok.message), JSON.stringify(failed.message), session.stderr, readFileSync(auditPath, "utf8")].join("\n");
      expect(everything).toContain("SSWS [REDACTED]"); // the echo happened, and was redacted
      expect(everything).not.toContain(API_TOKEN);
      expect(failed.message.result.structuredContent.error.code).toBe("ERR_OKTA_API");
    } finally {
      await session.close();
    }
  });
});

describe("minted tokens: private_key_jwt (with and without DPoP) against an org that echoes them", () => {
  const ORG = "https://echo.okta.example";
  const fake = new FakeOktaAs(ORG);
  const rsa = makeKey("rsa");
  const ec = makeKey("ec");
  fake.addClient({ clientId: "svc", publicKeys: { k1: rsa.publicKey }, allowedScopes: ["okta.users.read"] });
  fake.addClient({ clientId: "svc-dpop", publicKeys: { k2: ec.publicKey }, requireDpop: true, allowedScopes: ["okta.users.read"] });
  const msw = setupServer(
    ...fake.handlers(),
    http.get(`${ORG}/api/v1/users/:id`, ({ request, params }) => {
      const auth = request.headers.get("authorization") ?? "";
      const proof = request.headers.get("dpop") ?? "";
      const body =
        params.id === "fail"
          ? { errorCode: "E0000001", errorSummary: `bad ${auth}`, errorCauses: [{ errorSummary: `${auth.split(" ")[1]} ${proof}` }] }
          : { id: "00u1", profile: { nickName: auth, title: auth.split(" ")[1], note: proof } };
      return HttpResponse.json(body, { status: params.id === "fail" ? 400 : 200 });
    }),
  );
  beforeAll(() => msw.listen({ onUnhandledRequest: "error" }));
  afterAll(() => msw.close());

  for (const [label, clientId, keyId, privateKey] of [
    ["bearer", "svc", "k1", rsa.pkcs8Pem],
    ["DPoP", "svc-dpop", "k2", ec.jwkJson],
  ] as const) {
    it(`${label}: the access token and proofs never reach a result, an error, a log line or an audit record`, async () => {
      const lines: string[] = [];
      const log = createLogger("debug", (line) => void lines.push(line));
      const auth = createAuth({ orgUrl: ORG, clientId, keyId, privateKey, scopes: ["okta.users.read"], dpop: "auto", log });
      const h = await connectToOrg({ url: ORG } as HostileOrg, { scopes: ["okta.users.read"], deps: { auth, log } });
      const ok = await h.client.callTool({ name: "get_user", arguments: { id: "00u1", fields: ["*"] } });
      const failed = await h.client.callTool({ name: "get_user", arguments: { id: "fail" } });
      const everything = [JSON.stringify(ok), JSON.stringify(failed), lines.join(""), JSON.stringify(h.audit.records)].join("\n");
      const minted = [...fake.secrets];
      expect(minted.length).toBeGreaterThan(1);
      // The org echoed the header and the proof; both came back redacted.
      expect(text(ok)).toContain(label === "DPoP" ? '"nickName":"DPoP [REDACTED]"' : '"nickName":"Bearer [REDACTED]"');
      if (label === "DPoP") expect(text(ok)).toContain('"note":"[REDACTED]"');
      expect(minted.filter((secret) => everything.includes(secret))).toEqual([]);
      expect(everything).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
      await h.close();
    });
  }
});
