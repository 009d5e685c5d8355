// One security rule, one negative test: no secret ever reaches a log line, an error message or status().
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuth, type AuthConfig, type OktaAuth } from "../../src/runtime/auth/index.js";
import { FakeOktaAs } from "./fake-okta-as.js";
import { LogCollector, makeKey, ManualClock, tempDir, writeTemp } from "./helpers.js";

const ORG = "https://secrets.okta.example";
const fake = new FakeOktaAs(ORG);
const rsa = makeKey("rsa");
const ec = makeKey("ec");
fake.addClient({ clientId: "svc", publicKeys: { k1: rsa.publicKey }, allowedScopes: ["okta.users.read"] });
fake.addClient({ clientId: "svc-dpop", publicKeys: { k2: ec.publicKey }, requireDpop: true });
fake.addClient({ clientId: "native" });
fake.tokenNonce = "n-token";
const server = setupServer(...fake.handlers());
const API_TOKEN = "00SSWS-api-token-that-must-not-leak-1234567890";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const target = { method: "GET", url: fake.resourceUrl };
const logs = new LogCollector();
const texts: string[] = [];

function record(auth: OktaAuth): void {
  texts.push(JSON.stringify(auth.status()));
}

function errorText(err: unknown): string {
  const parts: string[] = [];
  for (let e = err as { message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 6; e = e.cause as typeof e, depth++) {
    if (typeof e === "object") parts.push(String(e.message));
  }
  return parts.join(" | ");
}

async function capture(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (err) {
    texts.push(errorText(err));
  }
}

function keyMaterial(): string[] {
  const pieces: string[] = [];
  for (const key of [rsa, ec]) {
    pieces.push(...key.pkcs8Pem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----")));
    pieces.push(...key.pkcs1Pem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----")));
    const jwk = JSON.parse(key.jwkJson) as Record<string, string>;
    for (const field of ["d", "p", "q", "dp", "dq", "qi"]) if (jwk[field]) pieces.push(jwk[field].slice(0, 24));
  }
  return pieces;
}

describe("secrets", () => {
  it("never appear in logs (debug level), error messages or status()", async () => {
    const base = { log: logs.log, scopes: ["okta.users.read", "okta.groups.read"] } satisfies Partial<AuthConfig>;

    // private_key_jwt: success (partial grant), a 401, then a refused assertion.
    const pk = createAuth({ ...base, orgUrl: ORG, clientId: "svc", keyId: "k1", privateKey: rsa.pkcs1Pem.replace(/\n/g, "\\n") });
    pk.start();
    await pk.grantedScopes();
    await pk.handleUnauthorized(target, new Response(null, { status: 401 }));
    await pk.authorize(target);
    record(pk);
    const wrong = createAuth({ ...base, orgUrl: ORG, clientId: "svc", keyId: "k1", privateKey: writeTemp("k.pem", makeKey("rsa").pkcs8Pem) });
    await capture(wrong.authorize(target));
    record(wrong);

    // DPoP with nonces at the token endpoint and the resource server.
    const dp = createAuth({ ...base, orgUrl: ORG, clientId: "svc-dpop", keyId: "k2", privateKey: ec.jwkJson });
    fake.resourceNonce = "n-resource";
    const first = await fetch(fake.resourceUrl, { headers: await dp.authorize(target) });
    await dp.handleUnauthorized(target, first);
    await fetch(fake.resourceUrl, { headers: await dp.authorize(target) });
    fake.resourceNonce = undefined;
    record(dp);

    // Configuration errors that see the key.
    for (const privateKey of [rsa.publicPem, rsa.encryptedPem, rsa.pkcs8Pem.slice(0, 200), ec.publicJwkJson]) {
      try {
        createAuth({ ...base, orgUrl: ORG, clientId: "svc", keyId: "k1", privateKey });
      } catch (err) {
        texts.push(errorText(err));
      }
    }

    // API token.
    const api = createAuth({ ...base, orgUrl: ORG, apiToken: API_TOKEN });
    await api.authorize(target);
    record(api);

    // Device flow: pending, approved, refresh, refresh failure, denied.
    const clock = new ManualClock();
    const stateDir = tempDir();
    const device = () =>
      createAuth({ ...base, orgUrl: ORG, clientId: "native", stateDir, openBrowser: false, now: clock.now, sleep: () => new Promise((r) => setTimeout(r, 2)) });
    const dv = device();
    await capture(dv.authorize(target));
    record(dv);
    fake.settleDevice("approved");
    await vi.waitFor(() => expect(dv.status().state).toBe("ready"), { timeout: 10_000, interval: 5 });
    record(dv);
    clock.advance(3600);
    const refreshed = device();
    await refreshed.authorize(target);
    record(refreshed);
    fake.revokeAllRefreshTokens();
    clock.advance(3600);
    const again = device();
    await capture(again.authorize(target));
    record(again);
    fake.settleDevice("denied");
    await vi.waitFor(() => expect(again.status().state).toBe("failed"), { timeout: 10_000, interval: 5 });
    record(again);
    await capture(again.authorize(target));

    const haystack = [logs.text(), ...texts].join("\n");
    // The run really exercised the flows (otherwise the search proves nothing).
    expect(logs.at("debug").length).toBeGreaterThan(0);
    expect(haystack).toMatch(/Sign-in to Okta is pending/);
    expect(haystack).toMatch(/invalid_client/);
    expect(haystack).toMatch(/access_denied/);
    const secrets = [...fake.secrets, API_TOKEN, ...keyMaterial()];
    expect(secrets.filter((s) => s.startsWith("rt-")).length).toBeGreaterThan(1);
    expect(secrets.filter((s) => s.split(".").length === 3).length).toBeGreaterThan(3); // assertions and proofs
    const leaked = secrets.filter((secret) => haystack.includes(secret));
    expect(leaked).toEqual([]);
    // No JWT of any kind (assertion, proof, access token) and no private JWK member.
    expect(haystack).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
    expect(haystack).not.toMatch(/"d"\s*:/);
  });
});
