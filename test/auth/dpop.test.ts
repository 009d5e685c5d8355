import { decodeJwt, decodeProtectedHeader } from "jose";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type AuthConfig } from "../../src/runtime/auth/index.js";
import { FakeOktaAs } from "./fake-okta-as.js";
import { LogCollector, makeKey } from "./helpers.js";

const ORG = "https://dpop.okta.example";
const fake = new FakeOktaAs(ORG);
const server = setupServer(...fake.handlers());
const rsa = makeKey("rsa");
fake.addClient({ clientId: "svc-dpop", publicKeys: { k1: rsa.publicKey }, requireDpop: true });
fake.addClient({ clientId: "svc-plain", publicKeys: { k1: rsa.publicKey } });
fake.tokenNonce = "token-nonce-1";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

function config(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return { orgUrl: ORG, clientId: "svc-dpop", keyId: "k1", privateKey: rsa.pkcs8Pem, scopes: ["okta.users.read"], ...overrides };
}
const target = { method: "GET", url: `${ORG}/api/v1/users/me?limit=1#frag` };

function send(headers: Record<string, string>): Promise<Response> {
  return fetch(fake.resourceUrl + "?limit=1", { headers });
}

describe("DPoP", () => {
  it("auto: the token endpoint demands DPoP, then a nonce, then issues a DPoP-bound token", async () => {
    const logs = new LogCollector();
    const auth = createAuth(config({ log: logs.log }));
    const before = fake.tokenRequests.length;
    const headers = await auth.authorize(target);
    const outcomes = fake.tokenRequests.slice(before).map((r) => [r.hadDpop, r.outcome]);
    expect(outcomes).toEqual([
      [false, "invalid_dpop_proof"],
      [true, "use_dpop_nonce"],
      [true, "issued"],
    ]);
    expect(headers.Authorization).toMatch(/^DPoP at-/);
    expect(decodeProtectedHeader(headers.DPoP)).toMatchObject({ typ: "dpop+jwt", alg: "ES256" });
    const claims = decodeJwt(headers.DPoP);
    expect(claims).toMatchObject({ htm: "GET", htu: fake.resourceUrl });
    expect(typeof claims.ath).toBe("string");
    expect(auth.status().dpop).toBe(true);
    expect(logs.at("info").join()).toMatch(/requires DPoP/);

    const response = await send(headers);
    expect(response.status).toBe(200);
    expect(fake.resourceRequests.at(-1)!.outcome).toBe("ok");
  });

  it("a proof is not reusable for another method", async () => {
    const auth = createAuth(config());
    const headers = await auth.authorize({ method: "DELETE", url: fake.resourceUrl });
    expect((await send(headers)).status).toBe(401);
    expect(fake.resourceRequests.at(-1)!.outcome).toMatch(/htm DELETE != GET/);
  });

  it("handles a resource-server DPoP-Nonce challenge: remember the nonce, retry succeeds", async () => {
    const auth = createAuth(config());
    fake.resourceNonce = "rs-nonce-7";
    try {
      const first = await send(await auth.authorize(target));
      expect(first.status).toBe(401);
      expect(first.headers.get("www-authenticate")).toMatch(/use_dpop_nonce/);
      expect(await auth.handleUnauthorized(target, first)).toBe(true);
      const retryHeaders = await auth.authorize(target);
      expect(decodeJwt(retryHeaders.DPoP).nonce).toBe("rs-nonce-7");
      expect((await send(retryHeaders)).status).toBe(200);
    } finally {
      fake.resourceNonce = undefined;
    }
  });

  it("always: sends proofs even when the app does not demand them", async () => {
    const auth = createAuth(config({ clientId: "svc-plain", dpop: "always" }));
    const before = fake.tokenRequests.length;
    const headers = await auth.authorize(target);
    expect(fake.tokenRequests.slice(before).every((r) => r.hadDpop)).toBe(true);
    expect(headers.Authorization).toMatch(/^DPoP /);
    expect((await send(headers)).status).toBe(200);
  });

  it("auto: a plain app keeps Bearer tokens without proofs", async () => {
    const auth = createAuth(config({ clientId: "svc-plain" }));
    const headers = await auth.authorize(target);
    expect(headers.DPoP).toBeUndefined();
    expect(auth.status().dpop).toBe(false);
  });

  it("never: a DPoP-only app gives a clear error", async () => {
    const auth = createAuth(config({ dpop: "never" }));
    await expect(auth.authorize(target)).rejects.toThrow(/invalid_dpop_proof.*\(the app requires DPoP; set OKTA_DPOP=auto or always\)/);
  });
});
