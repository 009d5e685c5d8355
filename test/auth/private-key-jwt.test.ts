import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type AuthConfig } from "../../src/runtime/auth/index.js";
import { AuthError } from "../../src/runtime/errors.js";
import { FakeOktaAs } from "./fake-okta-as.js";
import { LogCollector, makeKey, ManualClock, writeTemp } from "./helpers.js";

const ORG = "https://pkjwt.okta.example";
const fake = new FakeOktaAs(ORG);
const server = setupServer(...fake.handlers());
const rsa = makeKey("rsa");
const ec = makeKey("ec");
const SCOPES = ["okta.users.read", "okta.groups.read"];

fake.addClient({ clientId: "svc-rsa", publicKeys: { "kid-rsa": rsa.publicKey } });
fake.addClient({ clientId: "svc-ec", publicKeys: { "kid-ec": ec.publicKey } });
fake.addClient({ clientId: "svc-short", publicKeys: { "kid-rsa": rsa.publicKey }, expiresIn: 300 });
fake.addClient({ clientId: "svc-partial", publicKeys: { "kid-rsa": rsa.publicKey }, allowedScopes: ["okta.users.read"] });
fake.addClient({ clientId: "svc-scp", publicKeys: { "kid-rsa": rsa.publicKey }, omitScope: true, allowedScopes: ["okta.groups.read"] });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function rsaConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return { orgUrl: ORG, clientId: "svc-rsa", keyId: "kid-rsa", privateKey: rsa.pkcs8Pem, scopes: SCOPES, ...overrides };
}

const target = { method: "GET", url: `${ORG}/api/v1/users/me?expand=x` };

async function callResource(headers: Record<string, string>): Promise<Response> {
  return fetch(fake.resourceUrl, { headers });
}

describe("private_key_jwt", () => {
  it("signs an RS256 assertion Okta accepts: aud = token endpoint, kid, iss = sub = client id", async () => {
    const auth = createAuth(rsaConfig());
    expect(auth.method).toBe("private_key_jwt");
    const headers = await auth.authorize(target);
    expect(headers.Authorization).toMatch(/^Bearer at-/);
    expect((await callResource(headers)).status).toBe(200);

    const request = fake.tokenRequestsOf("client_credentials").find((r) => r.clientId === "svc-rsa")!;
    expect(request.outcome).toBe("issued");
    expect(request.scope).toBe(SCOPES.join(" "));
    expect(request.assertionHeader).toMatchObject({ alg: "RS256", kid: "kid-rsa" });
    expect(request.assertionClaims).toMatchObject({ iss: "svc-rsa", sub: "svc-rsa", aud: fake.tokenEndpoint });
    const { exp, iat } = request.assertionClaims as { exp: number; iat: number };
    expect(exp - iat).toBeLessThanOrEqual(300);
    expect(exp).toBeGreaterThan(iat);
  });

  it("signs ES256 for an EC key", async () => {
    const auth = createAuth({ orgUrl: ORG, clientId: "svc-ec", keyId: "kid-ec", privateKey: ec.pkcs8Pem, scopes: SCOPES });
    await auth.authorize(target);
    const request = fake.tokenRequestsOf("client_credentials").find((r) => r.clientId === "svc-ec")!;
    expect(request.outcome).toBe("issued");
    expect(request.assertionHeader).toMatchObject({ alg: "ES256", kid: "kid-ec" });
  });

  it.each([
    ["PKCS#1 PEM with literal \\n sequences", () => rsa.pkcs1Pem.replace(/\n/g, "\\n")],
    ["a path to a PKCS#8 PEM file", () => writeTemp("key.pem", rsa.pkcs8Pem)],
    ["JWK JSON", () => rsa.jwkJson],
  ])("reads the key from %s", async (_name, privateKey) => {
    const auth = createAuth(rsaConfig({ privateKey: privateKey() }));
    const headers = await auth.authorize(target);
    expect((await callResource(headers)).status).toBe(200);
  });

  it("uses a fresh jti on every assertion", async () => {
    const before = fake.tokenRequests.length;
    for (let i = 0; i < 3; i++) await createAuth(rsaConfig()).authorize(target);
    const jtis = fake.tokenRequests.slice(before).map((r) => r.assertionClaims?.jti);
    expect(new Set(jtis).size).toBe(3);
    expect(fake.tokenRequests.slice(before).every((r) => r.outcome === "issued")).toBe(true);
  });

  it("caches the token, and concurrent calls share one token request", async () => {
    const auth = createAuth(rsaConfig());
    const before = fake.tokenRequests.length;
    const all = await Promise.all(Array.from({ length: 10 }, () => auth.authorize(target)));
    await auth.authorize(target);
    expect(fake.tokenRequests.length - before).toBe(1);
    expect(new Set(all.map((h) => h.Authorization)).size).toBe(1);
  });

  it("renews 60 s before expiry, not earlier", async () => {
    const clock = new ManualClock();
    const auth = createAuth(rsaConfig({ clientId: "svc-short", now: clock.now }));
    const first = await auth.authorize(target);
    const before = fake.tokenRequests.length;
    clock.advance(300 - 61);
    expect((await auth.authorize(target)).Authorization).toBe(first.Authorization);
    expect(fake.tokenRequests.length).toBe(before);
    clock.advance(2);
    const renewed = await auth.authorize(target);
    expect(renewed.Authorization).not.toBe(first.Authorization);
    expect(fake.tokenRequests.length).toBe(before + 1);
  });

  it("keeps serving a still-valid token when renewal inside the 60 s window fails", async () => {
    const clock = new ManualClock();
    const logs = new LogCollector();
    const auth = createAuth(rsaConfig({ clientId: "svc-short", now: clock.now, log: logs.log }));
    const first = await auth.authorize(target);
    clock.advance(300 - 30);
    server.use(http.post(fake.tokenEndpoint, () => HttpResponse.json({ error: "server_error" }, { status: 500 })));
    expect((await auth.authorize(target)).Authorization).toBe(first.Authorization);
    expect(logs.at("warn").join()).toMatch(/current token is still valid/);
    clock.advance(31);
    await expect(auth.authorize(target)).rejects.toBeInstanceOf(AuthError);
  });

  it("narrows granted scopes to what Okta granted and warns about the rest", async () => {
    const logs = new LogCollector();
    const auth = createAuth(rsaConfig({ clientId: "svc-partial", log: logs.log }));
    let changes = 0;
    auth.onChange(() => changes++);
    expect(await auth.grantedScopes()).toEqual(["okta.users.read"]);
    expect(auth.status()).toMatchObject({ state: "ready", grantedScopes: ["okta.users.read"], notGranted: ["okta.groups.read"] });
    expect(logs.at("warn").join("\n")).toContain("okta.groups.read");
    expect(changes).toBe(1);
  });

  it("falls back to the access token's scp claim when the response has no scope", async () => {
    const auth = createAuth(rsaConfig({ clientId: "svc-scp" }));
    expect(await auth.grantedScopes()).toEqual(["okta.groups.read"]);
    expect(auth.status().notGranted).toEqual(["okta.users.read"]);
  });

  it("works against an http loopback org", async () => {
    const loopback = new FakeOktaAs("http://127.0.0.1:9");
    loopback.addClient({ clientId: "svc-rsa", publicKeys: { "kid-rsa": rsa.publicKey } });
    server.use(...loopback.handlers());
    const auth = createAuth(rsaConfig({ orgUrl: loopback.orgUrl }));
    expect((await auth.authorize(target)).Authorization).toMatch(/^Bearer /);
  });

  it("uses an injected fetch", async () => {
    const seen: string[] = [];
    const auth = createAuth(
      rsaConfig({
        fetch: (input, init) => {
          seen.push(String(input));
          return fetch(input, init);
        },
      }),
    );
    await auth.authorize(target);
    expect(seen).toEqual([fake.tokenEndpoint]);
  });

  it("reports a refused assertion as one clear AuthError and status failed", async () => {
    const other = makeKey("rsa");
    const auth = createAuth(rsaConfig({ privateKey: other.pkcs8Pem }));
    const err = await auth.authorize(target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe("ERR_AUTH");
    expect((err as AuthError).message).toMatch(
      /^Okta token endpoint refused the client assertion: invalid_client.*\(check OKTA_CLIENT_ID, OKTA_KEY_ID and that the public key is registered on the app\)$/,
    );
    expect((err as AuthError).cause).toBeDefined();
    expect(auth.status()).toMatchObject({ state: "failed" });
    expect(auth.status().error).toContain("invalid_client");
  });

  it("an unknown kid is refused", async () => {
    const auth = createAuth(rsaConfig({ keyId: "not-registered" }));
    await expect(auth.authorize(target)).rejects.toThrow(/invalid_client/);
  });

  it("start() never throws and fetches the first token in the background", async () => {
    const auth = createAuth(rsaConfig({ privateKey: makeKey("rsa").pkcs8Pem }));
    expect(() => auth.start()).not.toThrow();
    await expect(auth.grantedScopes()).resolves.toEqual(SCOPES);
    expect(auth.status().state).toBe("failed");
  });

  it("a 401 from the API drops the token so the retry gets a new one", async () => {
    const auth = createAuth(rsaConfig());
    const first = await auth.authorize(target);
    const response = new Response(null, { status: 401 });
    expect(await auth.handleUnauthorized(target, response)).toBe(true);
    expect((await auth.authorize(target)).Authorization).not.toBe(first.Authorization);
  });
});
