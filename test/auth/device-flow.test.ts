import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuth, type AuthConfig, type OktaAuth } from "../../src/runtime/auth/index.js";
import { AuthError } from "../../src/runtime/errors.js";
import { FakeOktaAs } from "./fake-okta-as.js";
import { LogCollector, ManualClock, tempDir } from "./helpers.js";

const ORG = "https://device.okta.example";
const fake = new FakeOktaAs(ORG);
fake.addClient({ clientId: "native-app" });
fake.addClient({ clientId: "native-partial", allowedScopes: ["okta.users.read", "offline_access"] });
fake.addClient({ clientId: "native-dpop", requireDpop: true });
const server = setupServer(...fake.handlers());
const SCOPES = ["okta.users.read", "okta.groups.read"];
const target = { method: "GET", url: fake.resourceUrl };

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Records requested waits and yields briefly instead of sleeping for real. */
function fastSleep(waits: number[]) {
  return (ms: number) => {
    waits.push(ms);
    return new Promise<void>((resolve) => setTimeout(resolve, 2));
  };
}

interface Harness {
  auth: OktaAuth;
  logs: LogCollector;
  waits: number[];
}

function device(overrides: Partial<AuthConfig> & { stateDir: string }): Harness {
  const logs = new LogCollector();
  const waits: number[] = [];
  const auth = createAuth({
    orgUrl: ORG,
    clientId: "native-app",
    scopes: SCOPES,
    openBrowser: false,
    log: logs.log,
    sleep: fastSleep(waits),
    ...overrides,
  });
  return { auth, logs, waits };
}

async function until(auth: OktaAuth, state: "pending" | "ready" | "failed"): Promise<void> {
  await vi.waitFor(
    () => {
      expect(auth.status().state).toBe(state);
      if (state === "pending") expect(auth.status().userCode).toBeDefined();
    },
    { timeout: 10_000, interval: 5 },
  );
}

describe("device authorization grant", () => {
  const stateDir = join(tempDir(), "state");
  const clock = new ManualClock();
  let firstAccess = "";

  it("pending → ERR_AUTH_PENDING with URL and code → approved (after slow_down) → tokens stored 0600", async () => {
    const { auth, logs, waits } = device({ stateDir, now: clock.now });
    let changes = 0;
    auth.onChange(() => changes++);
    auth.start();
    await until(auth, "pending");

    expect(fake.deviceRequests.at(-1)).toEqual({ clientId: "native-app", scope: "okta.users.read okta.groups.read offline_access" });
    const status = auth.status();
    expect(status.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(status.verificationUri).toBe(`${ORG}/activate`);
    expect(status.verificationUriComplete).toBe(`${ORG}/activate?user_code=${status.userCode}`);
    expect(logs.at("warn").join("\n")).toContain(`open ${status.verificationUriComplete} and enter code ${status.userCode}`);

    const err = await auth.authorize(target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe("ERR_AUTH_PENDING");
    expect((err as AuthError).message).toBe(
      `Sign-in to Okta is pending: open ${status.verificationUriComplete} and enter code ${status.userCode}, then retry`,
    );
    expect(await auth.grantedScopes()).toEqual(SCOPES);

    fake.settleDevice("approved", 1);
    await until(auth, "ready");
    expect(changes).toBe(1);
    expect(auth.status().userCode).toBeUndefined();

    // Polling follows the server's interval and backs off by 5 s after slow_down.
    expect(waits[0]).toBe(5000);
    const slowDownAt = fake.tokenRequestsOf("urn:ietf:params:oauth:grant-type:device_code").findIndex((r) => r.outcome === "slow_down");
    expect(slowDownAt).toBeGreaterThanOrEqual(0);
    expect(waits.at(-1)).toBe(10000);

    const headers = await auth.authorize(target);
    firstAccess = headers.Authorization;
    expect((await fetch(fake.resourceUrl, { headers })).status).toBe(200);
    expect(await auth.grantedScopes()).toEqual(SCOPES);

    const files = readdirSync(stateDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^tokens-[0-9a-f]{16}\.json$/);
    expect(statSync(join(stateDir, files[0])).mode & 0o777).toBe(0o600);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(join(stateDir, files[0]), "utf8"));
    expect(stored).toMatchObject({ orgUrl: ORG, clientId: "native-app", flow: "device_authorization" });
    expect(typeof stored.refreshToken).toBe("string");
  });

  it("a new instance reuses the stored session without a new sign-in", async () => {
    const before = fake.deviceRequests.length;
    const tokenRequests = fake.tokenRequests.length;
    const { auth, logs } = device({ stateDir, now: clock.now });
    const headers = await auth.authorize(target);
    expect(headers.Authorization).toBe(firstAccess);
    expect(fake.deviceRequests.length).toBe(before);
    expect(fake.tokenRequests.length).toBe(tokenRequests);
    expect(auth.status().state).toBe("ready");
    expect(logs.at("info").join()).toMatch(/Reusing the stored Okta session/);
  });

  it("refreshes silently when the stored token is due, and stores the rotated refresh token", async () => {
    clock.advance(3600);
    const before = fake.deviceRequests.length;
    const { auth } = device({ stateDir, now: clock.now });
    const headers = await auth.authorize(target);
    expect(headers.Authorization).not.toBe(firstAccess);
    expect(fake.tokenRequests.at(-1)).toMatchObject({ grantType: "refresh_token", outcome: "issued" });
    expect(fake.deviceRequests.length).toBe(before);
    expect((await fetch(fake.resourceUrl, { headers })).status).toBe(200);

    // Another process started after the rotation reuses the new token, not the old one.
    const again = device({ stateDir, now: clock.now });
    expect((await again.auth.authorize(target)).Authorization).toBe(headers.Authorization);
  });

  it("scopes growing beyond the stored session trigger a new sign-in", async () => {
    const before = fake.deviceRequests.length;
    const { auth, logs } = device({ stateDir, now: clock.now, scopes: [...SCOPES, "okta.apps.read"] });
    auth.start();
    await until(auth, "pending");
    expect(fake.deviceRequests.length).toBe(before + 1);
    expect(fake.deviceRequests.at(-1)!.scope).toContain("okta.apps.read");
    expect(logs.at("info").join()).toMatch(/OKTA_SCOPES grew/);
    fake.settleDevice("denied"); // leave no pending grant for later tests
    await until(auth, "failed");
  });

  it("a refresh token that no longer works starts a new sign-in", async () => {
    fake.revokeAllRefreshTokens();
    clock.advance(3600);
    const { auth, logs } = device({ stateDir, now: clock.now });
    await expect(auth.authorize(target)).rejects.toMatchObject({ code: "ERR_AUTH_PENDING" });
    expect(logs.at("info").join()).toMatch(/cannot be refreshed.*invalid_grant/);
    fake.settleDevice("denied");
    await until(auth, "failed");
  });
});

describe("device sign-in failures", () => {
  it.each([
    ["denied", /access_denied.*\(the sign-in was denied; retry to start a new sign-in\)/],
    ["expired", /expired_token.*\(the user code expired before sign-in completed; retry to start a new sign-in\)/],
  ] as const)("%s gives a clear error, and the next call starts a new sign-in", async (outcome, expected) => {
    const { auth } = device({ stateDir: tempDir() });
    auth.start();
    await until(auth, "pending");
    const firstCode = auth.status().userCode;
    fake.settleDevice(outcome);
    await until(auth, "failed");
    expect(auth.status().error).toMatch(expected);
    const err = await auth.authorize(target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe("ERR_AUTH");
    expect((err as AuthError).message).toMatch(expected);
    // Reported until the next call actually starts a new sign-in (get_auth_status must not say "pending").
    expect(auth.status()).toMatchObject({ state: "failed", error: expect.stringMatching(expected) });

    const retry = await auth.authorize(target).catch((e: unknown) => e);
    expect((retry as AuthError).code).toBe("ERR_AUTH_PENDING");
    expect(auth.status().userCode).not.toBe(firstCode);
    fake.settleDevice("denied");
    await until(auth, "failed");
  });

  it("a device code that outlives expires_in fails locally without waiting for Okta", async () => {
    const clock = new ManualClock();
    const { auth } = device({ stateDir: tempDir(), now: clock.now });
    auth.start();
    await until(auth, "pending");
    clock.advance(601);
    await until(auth, "failed");
    expect(auth.status().error).toMatch(/expired_token/);
    fake.settleDevice("denied");
  });

  it("a partial grant narrows grantedScopes once signed in", async () => {
    const { auth, logs } = device({ stateDir: tempDir(), clientId: "native-partial" });
    let changes = 0;
    auth.onChange(() => changes++);
    expect(await auth.grantedScopes()).toEqual(SCOPES); // pending: configured scopes
    fake.settleDevice("approved");
    await until(auth, "ready");
    expect(await auth.grantedScopes()).toEqual(["okta.users.read"]);
    expect(auth.status().notGranted).toEqual(["okta.groups.read"]);
    expect(logs.at("warn").join()).toContain("okta.groups.read");
    expect(changes).toBe(1);
  });

  it("two orgs in one state directory keep separate files", async () => {
    const other = new FakeOktaAs("https://other.okta.example");
    other.addClient({ clientId: "native-app" });
    server.use(...other.handlers());
    const stateDir = tempDir();
    const a = device({ stateDir });
    const b = device({ stateDir, orgUrl: other.orgUrl });
    a.auth.start();
    b.auth.start();
    await until(a.auth, "pending");
    await until(b.auth, "pending");
    fake.settleDevice("approved");
    other.settleDevice("approved");
    await until(a.auth, "ready");
    await until(b.auth, "ready");
    expect(readdirSync(stateDir).filter((f) => f.endsWith(".json"))).toHaveLength(2);
  });

  it("an app that requires DPoP gets DPoP-bound tokens, which are not written to disk", async () => {
    const stateDir = tempDir();
    const { auth } = device({ stateDir, clientId: "native-dpop" });
    auth.start();
    await until(auth, "pending");
    fake.settleDevice("approved");
    await until(auth, "ready");
    const headers = await auth.authorize(target);
    expect(headers.Authorization).toMatch(/^DPoP /);
    expect(auth.status().dpop).toBe(true);
    expect((await fetch(fake.resourceUrl, { headers })).status).toBe(200);
    expect(readdirSync(stateDir)).toEqual([]);
  });
});
