// End to end through the built CLI over stdio with a real MCP client, against a loopback fake Okta org
// (test/e2e/auth-fake-org.ts): Private Key JWT (partial grant, DPoP demanded by Okta, --dpop/OKTA_DPOP, a key
// Okta does not know), the Device Authorization Grant (pending, approval, refresh, restart, DPoP, denial, browser)
// and an API token. Runs audit to stderr, mostly at debug level, and each run's whole stderr plus every tool
// result is searched for the secrets the fake org issued or saw and the keys and tokens the test configured.
import { chmodSync, existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeKey } from "../auth/helpers.js";
import { type CliSession, ensureBuilt, startCli, text } from "../runtime/e2e-helpers.js";
import { type FakeOktaOrg, startFakeOktaOrg } from "./auth-fake-org.js";

const SCOPES = "okta.users.read okta.groups.read";
/** Logs everything and audits to stderr, so the secrets check sees all the server writes. */
const VERBOSE = ["--audit-log", "-"];

let org: FakeOktaOrg;
beforeAll(async () => {
  ensureBuilt();
  org = await startFakeOktaOrg();
}, 180_000);
afterAll(async () => org?.close());

/** Waits for a condition the server reaches on its own (a poll, a notification); bounded, never a timing assertion. */
async function eventually<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The base64 lines of a PEM: any of them in the output would be (part of) the key. */
function pemBodyLines(pem: string): string[] {
  return pem.split("\n").filter((line) => line.length >= 40 && !line.startsWith("-----"));
}

function expectNoSecrets(output: string, secrets: Iterable<string>): void {
  let checked = 0;
  for (const secret of secrets) {
    checked++;
    if (output.includes(secret)) throw new Error(`a secret (${secret.slice(0, 6)}…, ${secret.length} chars) appears in the output`);
  }
  expect(checked).toBeGreaterThan(0);
}

function authStatus(result: { structuredContent?: unknown }): Record<string, unknown> {
  return result.structuredContent as Record<string, unknown>;
}

/** Everything the server returned to the client in this file: tool results must not carry secrets either. */
const results: string[] = [];
async function call(session: CliSession, name: string, args: Record<string, unknown> = {}) {
  const result = await session.client.callTool({ name, arguments: args });
  results.push(JSON.stringify(result));
  return result;
}

async function toolNames(session: CliSession): Promise<string[]> {
  return (await session.client.listTools()).tools.map((t) => t.name);
}

describe("private_key_jwt, partial grant", () => {
  const key = makeKey("rsa");
  let session: CliSession;
  beforeAll(async () => {
    org.as.addClient({ clientId: "svc-partial", publicKeys: { "kid-rsa": key.publicKey }, allowedScopes: ["okta.users.read"] });
    session = await startCli({
      args: VERBOSE,
      env: {
        OKTA_ORG_URL: org.url,
        OKTA_CLIENT_ID: "svc-partial",
        // As MCP client configs often carry it: one line with literal \n sequences.
        OKTA_PRIVATE_KEY: key.pkcs8Pem.replace(/\n/g, "\\n"),
        OKTA_KEY_ID: "kid-rsa",
        OKTA_SCOPES: SCOPES,
        OKTA_LOG_LEVEL: "debug",
      },
    });
  }, 60_000);
  afterAll(async () => session?.close());

  it("lists only the tools of the granted scopes", async () => {
    const names = await toolNames(session);
    expect(names).toContain("list_users");
    expect(names).toContain("get_auth_status");
    expect(names).not.toContain("list_groups");
    const issued = org.as.tokenRequestsOf("client_credentials").filter((r) => r.clientId === "svc-partial");
    expect(issued.map((r) => r.outcome)).toEqual(["issued"]);
    expect(issued[0].scope).toBe(SCOPES);
    expect(issued[0].assertionHeader).toMatchObject({ alg: "RS256", kid: "kid-rsa" });
    expect(issued[0].assertionClaims).toMatchObject({ iss: "svc-partial", sub: "svc-partial", aud: `${org.url}/oauth2/v1/token` });
  });

  it("a read tool reaches the API with the issued bearer token", async () => {
    const before = org.apiCalls.length;
    const result = await call(session, "list_users", { limit: 2 });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { items: unknown[] }).items.length).toBe(2);
    const calls = org.apiCalls.slice(before);
    expect(calls.map((c) => c.outcome)).toEqual(["forwarded"]);
    expect(calls[0].authorization).toMatch(/^Bearer at-/);
    expect(calls[0].dpop).toBeNull();
  });

  it("get_auth_status reports the method, granted and not-granted scopes, and incomplete toolsets", async () => {
    const status = authStatus(await call(session, "get_auth_status"));
    expect(status).toMatchObject({
      org: org.url,
      authMethod: "private_key_jwt",
      state: "ready",
      dpop: false,
      grantedScopes: ["okta.users.read"],
      notGrantedScopes: ["okta.groups.read"],
    });
    expect((status.incompleteToolsets as Record<string, string[]>).groups).toContain("okta.groups.read");
  });

  it("warns about the scopes Okta did not grant, and logs no secret", async () => {
    const stderr = session.stderr();
    expect(stderr).toMatch(/did not grant these configured scopes: okta\.groups\.read/);
    expect(stderr).toContain('"tool":"list_users"'); // the audit log did go to stderr
    expectNoSecrets(stderr + results.join("\n"), [...org.as.secrets, ...pemBodyLines(key.pkcs8Pem), key.pkcs8Pem.replace(/\n/g, "\\n")]);
  });
});

describe("private_key_jwt, DPoP required by Okta", () => {
  const key = makeKey("ec");
  let session: CliSession;
  beforeAll(async () => {
    org.as.addClient({ clientId: "svc-dpop", publicKeys: { "kid-ec": key.publicKey }, requireDpop: true });
    org.as.tokenNonce = "token-nonce-1";
    org.as.resourceNonce = "resource-nonce-1";
    session = await startCli({
      args: VERBOSE,
      env: {
        OKTA_ORG_URL: org.url,
        OKTA_CLIENT_ID: "svc-dpop",
        OKTA_PRIVATE_KEY: key.jwkJson,
        OKTA_KEY_ID: "kid-ec",
        OKTA_SCOPES: SCOPES,
        OKTA_LOG_LEVEL: "debug",
      },
    });
  }, 60_000);
  afterAll(async () => {
    org.as.tokenNonce = undefined;
    org.as.resourceNonce = undefined;
    await session?.close();
  });

  it("completes the token request with a DPoP proof and nonce", async () => {
    expect(await toolNames(session)).toContain("list_groups");
    const requests = org.as.tokenRequestsOf("client_credentials").filter((r) => r.clientId === "svc-dpop");
    expect(requests.at(-1)!.outcome).toBe("issued");
    expect(requests.at(-1)!.hadDpop).toBe(true);
    expect(requests.at(-1)!.assertionHeader).toMatchObject({ alg: "ES256", kid: "kid-ec" });
    // Okta's answers on the way: DPoP demanded, then a nonce.
    expect(requests.map((r) => r.outcome)).toContain("use_dpop_nonce");
  });

  it("calls the API with Authorization: DPoP and a valid proof, answering the resource nonce challenge", async () => {
    const before = org.apiCalls.length;
    const result = await call(session, "list_groups", { limit: 1 });
    expect(result.isError).toBeFalsy();
    const calls = org.apiCalls.slice(before);
    expect(calls.at(-1)!.outcome).toBe("forwarded");
    for (const call of calls) {
      expect(call.authorization).toMatch(/^DPoP at-/);
      expect(call.dpop).toBeTruthy();
    }
    expect(calls.map((c) => c.outcome)).toEqual(["use_dpop_nonce", "forwarded"]);
    // The nonce is remembered: the next call needs no challenge.
    const again = org.apiCalls.length;
    expect((await call(session, "list_users", { limit: 1 })).isError).toBeFalsy();
    expect(org.apiCalls.slice(again).map((c) => c.outcome)).toEqual(["forwarded"]);
  });

  it("get_auth_status says DPoP is on; no secret in the logs", async () => {
    const status = authStatus(await call(session, "get_auth_status"));
    expect(status).toMatchObject({ authMethod: "private_key_jwt", dpop: true, notGrantedScopes: [] });
    expectNoSecrets(session.stderr() + results.join("\n"), [...org.as.secrets, JSON.parse(key.jwkJson).d as string]);
  });
});

describe("private_key_jwt, DPoP mode from the flag and the environment", () => {
  const key = makeKey("rsa");
  const env = (clientId: string) => ({
    OKTA_ORG_URL: org.url,
    OKTA_CLIENT_ID: clientId,
    OKTA_PRIVATE_KEY: key.pkcs8Pem,
    OKTA_KEY_ID: "kid-1",
    OKTA_SCOPES: SCOPES,
    OKTA_LOG_LEVEL: "debug",
  });
  beforeAll(() => {
    org.as.addClient({ clientId: "svc-optional-dpop", publicKeys: { "kid-1": key.publicKey } });
    org.as.addClient({ clientId: "svc-must-dpop", publicKeys: { "kid-1": key.publicKey }, requireDpop: true });
  });

  it("--dpop always binds the token even when Okta does not ask", async () => {
    const session = await startCli({ args: ["--dpop", "always", ...VERBOSE], env: env("svc-optional-dpop") });
    try {
      expect((await call(session, "list_users", { limit: 1 })).isError).toBeFalsy();
      expect(org.apiCalls.at(-1)).toMatchObject({ outcome: "forwarded" });
      expect(org.apiCalls.at(-1)!.authorization).toMatch(/^DPoP at-/);
      const requests = org.as.tokenRequests.filter((r) => r.clientId === "svc-optional-dpop");
      expect(requests.map((r) => [r.hadDpop, r.outcome])).toEqual([[true, "issued"]]);
    } finally {
      await session.close();
    }
    expectNoSecrets(session.stderr() + results.join("\n"), org.as.secrets);
  });

  it("a short-lived token is renewed with a fresh client assertion (new jti, accepted by Okta)", async () => {
    org.as.addClient({ clientId: "svc-short-lived", publicKeys: { "kid-1": key.publicKey }, expiresIn: 30 });
    const session = await startCli({ args: VERBOSE, env: env("svc-short-lived") });
    try {
      // 30 s is inside the renewal window, so each call needs a new token.
      for (let i = 0; i < 2; i++) expect((await call(session, "list_users", { limit: 1 })).isError).toBeFalsy();
    } finally {
      await session.close();
    }
    const requests = org.as.tokenRequests.filter((r) => r.clientId === "svc-short-lived");
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.every((r) => r.outcome === "issued")).toBe(true);
    expect(new Set(requests.map((r) => r.assertionClaims!.jti)).size).toBe(requests.length);
    expectNoSecrets(session.stderr() + results.join("\n"), org.as.secrets);
  });

  it("OKTA_DPOP=never against an app that requires DPoP: a clear refusal naming the setting", async () => {
    const session = await startCli({ args: VERBOSE, env: { ...env("svc-must-dpop"), OKTA_DPOP: "never" } });
    try {
      const before = org.apiCalls.length;
      const result = await call(session, "list_users", { limit: 1 });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/invalid_dpop_proof.*set OKTA_DPOP=auto or always/);
      expect(org.apiCalls.length).toBe(before);
      expect(org.as.tokenRequests.filter((r) => r.clientId === "svc-must-dpop").every((r) => !r.hadDpop)).toBe(true);
    } finally {
      await session.close();
    }
  });
});

describe("device authorization grant", () => {
  const CLIENT = "device-app";
  const stateHome = mkdtempSync(join(tmpdir(), "okta-mcp-device-"));
  const bin = mkdtempSync(join(tmpdir(), "okta-mcp-bin-"));
  const browserMarker = join(bin, "browser-opened");
  const scopeChanges: number[] = [];
  const earlierStderr: string[] = [];
  let session: CliSession;
  const env = () => ({
    OKTA_ORG_URL: org.url,
    OKTA_CLIENT_ID: "device-app",
    OKTA_SCOPES: SCOPES,
    OKTA_LOG_LEVEL: "debug",
    XDG_STATE_HOME: stateHome,
    HOME: stateHome,
    // A stand-in for the desktop's opener: it leaves a marker if anything tries to open a browser.
    PATH: `${bin}:${process.env.PATH ?? ""}`,
  });
  beforeAll(async () => {
    for (const opener of ["xdg-open", "open"]) {
      writeFileSync(join(bin, opener), `#!/bin/sh\ntouch "${browserMarker}"\n`);
      chmodSync(join(bin, opener), 0o755);
    }
    // Okta grants users but not groups; tokens live 45 s, inside the renewal window, so every use refreshes.
    org.as.addClient({ clientId: "device-app", allowedScopes: ["okta.users.read", "offline_access"], expiresIn: 45 });
    session = await startCli({ args: ["--no-browser", ...VERBOSE], env: env() });
    session.client.setNotificationHandler("notifications/tools/list_changed", () => void scopeChanges.push(Date.now()));
  }, 60_000);
  afterAll(async () => session?.close());

  it("answers the handshake and tools/list while sign-in is pending", async () => {
    const names = await toolNames(session);
    expect(names).toContain("list_users");
    expect(names).toContain("list_groups"); // the configured scopes stand until Okta says otherwise
    await eventually("the device authorization request", () => org.as.pendingUserCodes(CLIENT).length === 1);
    const request = org.as.deviceRequests.find((r) => r.clientId === "device-app")!;
    expect(request.scope!.split(" ").sort()).toEqual([...SCOPES.split(" "), "offline_access"].sort());
  });

  it("a call before approval returns the verification URL and user code", async () => {
    const [userCode] = org.as.pendingUserCodes(CLIENT);
    const before = org.apiCalls.length;
    const result = await call(session, "list_users", {});
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(`${org.url}/activate?user_code=${userCode}`);
    expect(text(result)).toContain(userCode);
    expect(org.apiCalls.length).toBe(before);
    const status = authStatus(await call(session, "get_auth_status"));
    expect(status).toMatchObject({ authMethod: "device_authorization", state: "pending", signIn: { userCode } });
    expect(session.stderr()).toContain(`open ${org.url}/activate?user_code=${userCode} and enter code ${userCode}`);
  });

  it("after approval: tools/list_changed, the list narrows to the grant, and the call succeeds", async () => {
    org.as.settleDevice("approved", 0, CLIENT);
    await eventually("tools/list_changed after sign-in", () => scopeChanges.length > 0);
    const names = await toolNames(session);
    expect(names).toContain("list_users");
    expect(names).not.toContain("list_groups");
    const result = await call(session, "list_users", { limit: 1 });
    expect(result.isError).toBeFalsy();
    expect(org.apiCalls.at(-1)).toMatchObject({ outcome: "forwarded" });
    expect(org.apiCalls.at(-1)!.authorization).toMatch(/^Bearer at-/);
    const status = authStatus(await call(session, "get_auth_status"));
    expect(status).toMatchObject({ state: "ready", grantedScopes: ["okta.users.read"], notGrantedScopes: ["okta.groups.read"] });
    // The short-lived token was renewed with the refresh token (rotated each time by the fake, as Okta does).
    const refreshes = org.as.tokenRequestsOf("refresh_token").filter((r) => r.clientId === "device-app");
    expect(refreshes.length).toBeGreaterThan(0);
    expect(refreshes.every((r) => r.outcome === "issued")).toBe(true);
  });

  it("stores the session in XDG_STATE_HOME with mode 0600, and opens no browser with --no-browser", () => {
    const dir = join(stateHome, "okta-mcp-server");
    const files = readdirSync(dir).filter((f) => /^tokens-.*\.json$/.test(f));
    expect(files.length).toBe(1);
    expect(statSync(join(dir, files[0])).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0); // nobody else may even list it
    expect(existsSync(browserMarker)).toBe(false);
  });

  it("a restart (OKTA_MCP_NO_BROWSER=1) refreshes the stored session without a new sign-in", async () => {
    await session.close();
    earlierStderr.push(session.stderr());
    const deviceRequests = org.as.deviceRequests.length;
    const refreshes = org.as.tokenRequestsOf("refresh_token").length;
    session = await startCli({ args: VERBOSE, env: { ...env(), OKTA_MCP_NO_BROWSER: "1" } });
    expect(await toolNames(session)).not.toContain("list_groups");
    const result = await call(session, "list_users", { limit: 1 });
    expect(result.isError).toBeFalsy();
    expect(org.as.deviceRequests.length).toBe(deviceRequests);
    expect(org.as.tokenRequestsOf("refresh_token").length).toBeGreaterThan(refreshes);
    expect(session.stderr()).toContain("Reusing the stored Okta session");
    expect(existsSync(browserMarker)).toBe(false);
  });

  it("OKTA_SCOPES growing beyond the stored session starts a new sign-in instead of reusing it", async () => {
    const deviceRequests = org.as.deviceRequests.length;
    const wider = await startCli({ args: ["--no-browser", ...VERBOSE], env: { ...env(), OKTA_SCOPES: `${SCOPES} okta.apps.read` } });
    try {
      await eventually("a new device authorization", () => org.as.deviceRequests.length > deviceRequests);
      expect(org.as.deviceRequests.at(-1)!.scope).toContain("okta.apps.read");
      const result = await call(wider, "list_users", {});
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/Sign-in to Okta is pending/);
    } finally {
      await wider.close();
    }
    earlierStderr.push(wider.stderr());
  });

  it("without --no-browser the verification URL goes to the system opener", async () => {
    org.as.addClient({ clientId: "device-browser" });
    const opened = await startCli({ args: ["--audit-log", "off"], env: { ...env(), OKTA_CLIENT_ID: "device-browser" } });
    try {
      await eventually("the opener to run", () => existsSync(browserMarker));
    } finally {
      await opened.close();
    }
    earlierStderr.push(opened.stderr());
  });

  it("logs no secret (access, refresh and device codes) in any run", () => {
    expectNoSecrets([...earlierStderr, session.stderr(), ...results].join("\n"), org.as.secrets);
  });
});

describe("device authorization grant: DPoP required, then a denied sign-in", () => {
  const stateHome = mkdtempSync(join(tmpdir(), "okta-mcp-device-dpop-"));
  let session: CliSession;
  const start = (clientId: string, logLevel = "debug") =>
    startCli({
      args: ["--no-browser", ...VERBOSE],
      env: { OKTA_ORG_URL: org.url, OKTA_CLIENT_ID: clientId, OKTA_SCOPES: SCOPES, OKTA_LOG_LEVEL: logLevel, XDG_STATE_HOME: stateHome, HOME: stateHome },
    });
  afterAll(async () => session?.close());

  it("DPoP demanded at the token endpoint: the poll switches to DPoP and API calls carry proofs", async () => {
    org.as.addClient({ clientId: "device-dpop", requireDpop: true });
    session = await start("device-dpop");
    await eventually("the device authorization request", () => org.as.deviceRequests.some((r) => r.clientId === "device-dpop"));
    // Approve only once the poll has switched to DPoP (Okta refuses the proof-less poll first).
    await eventually("a DPoP poll", () => org.as.tokenRequests.some((r) => r.clientId === "device-dpop" && r.hadDpop));
    org.as.settleDevice("approved", 0, "device-dpop");
    const status = await eventually("sign-in", async () => {
      const s = authStatus(await call(session, "get_auth_status"));
      return s.state === "ready" && s;
    });
    expect(status).toMatchObject({ authMethod: "device_authorization", dpop: true });
    const result = await call(session, "list_users", { limit: 1 });
    expect(result.isError).toBeFalsy();
    expect(org.apiCalls.at(-1)).toMatchObject({ outcome: "forwarded" });
    expect(org.apiCalls.at(-1)!.authorization).toMatch(/^DPoP at-/);
    expect(org.apiCalls.at(-1)!.dpop).toBeTruthy();
    const secrets = [...org.as.secrets];
    await session.close();
    expectNoSecrets(session.stderr() + results.join("\n"), secrets);
  });

  it("a denied sign-in is reported, and the next call starts a new sign-in", async () => {
    org.as.addClient({ clientId: "device-denied" });
    session = await start("device-denied", "warn");
    await eventually("the device authorization request", () => org.as.deviceRequests.some((r) => r.clientId === "device-denied"));
    const [firstCode] = org.as.pendingUserCodes("device-denied");
    // The sign-in prompt is for the human: it shows at OKTA_LOG_LEVEL=warn as well.
    await eventually("the sign-in prompt on stderr", () => session.stderr().includes(`enter code ${firstCode}`));
    org.as.settleDevice("denied", 0, "device-denied");
    await eventually("the denial", async () => authStatus(await call(session, "get_auth_status")).state === "failed");
    const denied = await call(session, "list_users", {});
    expect(denied.isError).toBe(true);
    expect(text(denied)).toMatch(/access_denied.*retry to start a new sign-in/);
    // Still reported as failed (not "pending") until a new sign-in has started.
    const after = authStatus(await call(session, "get_auth_status"));
    expect(after).toMatchObject({ state: "failed", error: expect.stringMatching(/access_denied/) });
    const retry = await call(session, "list_users", {});
    expect(retry.isError).toBe(true);
    const [secondCode] = org.as.pendingUserCodes("device-denied");
    expect(secondCode).toBeTruthy();
    expect(secondCode).not.toBe(firstCode);
    expect(text(retry)).toContain(secondCode);
  });
});

describe("private_key_jwt with a key Okta does not know", () => {
  const registered = makeKey("rsa");
  const used = makeKey("rsa");
  let session: CliSession;
  beforeAll(async () => {
    org.as.addClient({ clientId: "svc-wrong-key", publicKeys: { "kid-1": registered.publicKey } });
    session = await startCli({
      args: VERBOSE,
      env: { OKTA_ORG_URL: org.url, OKTA_CLIENT_ID: "svc-wrong-key", OKTA_PRIVATE_KEY: used.pkcs1Pem, OKTA_KEY_ID: "kid-1", OKTA_SCOPES: SCOPES, OKTA_LOG_LEVEL: "debug" },
    });
  }, 60_000);
  afterAll(async () => session?.close());

  it("still serves the handshake; calls and get_auth_status explain the refusal", async () => {
    expect(await toolNames(session)).toContain("list_users");
    const before = org.apiCalls.length;
    const result = await call(session, "list_users", { limit: 1 });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/refused the client assertion: invalid_client.*check OKTA_CLIENT_ID, OKTA_KEY_ID/);
    expect(org.apiCalls.length).toBe(before);
    const status = authStatus(await call(session, "get_auth_status"));
    expect(status).toMatchObject({ authMethod: "private_key_jwt", state: "failed" });
    expect(String(status.error)).toMatch(/invalid_client/);
    const assertions = org.as.tokenRequests.filter((r) => r.clientId === "svc-wrong-key");
    expect(assertions.length).toBeGreaterThan(0);
    expect(assertions.every((r) => r.outcome === "invalid_client")).toBe(true);
    expectNoSecrets(session.stderr() + results.join("\n"), [...org.as.secrets, ...pemBodyLines(used.pkcs1Pem)]);
  });
});

describe("API token (SSWS)", () => {
  const apiToken = "00" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab";
  let session: CliSession;
  beforeAll(async () => {
    org.acceptApiToken(apiToken);
    session = await startCli({
      args: VERBOSE,
      env: { OKTA_ORG_URL: org.url, OKTA_API_TOKEN: apiToken, OKTA_SCOPES: "okta.users.read", OKTA_LOG_LEVEL: "debug" },
    });
  }, 60_000);
  afterAll(async () => session?.close());

  it("works, scoped by OKTA_SCOPES, with a start-up warning and no token in the logs", async () => {
    const names = await toolNames(session);
    expect(names).toContain("list_users");
    expect(names).not.toContain("list_groups");
    const result = await call(session, "list_users", { limit: 1 });
    expect(result.isError).toBeFalsy();
    expect(org.apiCalls.at(-1)).toMatchObject({ authorization: `SSWS ${apiToken}`, outcome: "forwarded" });
    const stderr = session.stderr();
    expect(stderr).toMatch(/API token: it carries the full rights of the admin who created it/);
    expectNoSecrets(stderr + results.join("\n"), [apiToken]);
  });
});
