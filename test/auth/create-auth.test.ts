import { describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { createAuth, createStaticAuth, type AuthConfig } from "../../src/runtime/auth/index.js";
import { ConfigError } from "../../src/runtime/errors.js";
import { LogCollector, makeKey, writeTemp } from "./helpers.js";

const ORG = "https://config.okta.example";
const rsa = makeKey("rsa");
const base: AuthConfig = { orgUrl: ORG, scopes: ["okta.users.read"] };

function configError(config: AuthConfig): ConfigError {
  try {
    createAuth(config);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as ConfigError).message;
    expect(message).not.toContain("\n");
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

/** Key material in a PEM or JSON value: long lines or long JSON strings. */
function keyLines(value: string): string[] {
  return value.split(/[\n"]/).filter((l) => l.length > 20 && !l.startsWith("-----"));
}

describe("createAuth configuration errors", () => {
  it("no credentials at all names the env vars to set", () => {
    const err = configError(base);
    expect(err.code).toBe("ERR_CONFIG");
    expect(err.message).toMatch(/OKTA_CLIENT_ID/);
    expect(err.message).toMatch(/OKTA_PRIVATE_KEY/);
    expect(err.message).toMatch(/OKTA_API_TOKEN/);
  });

  it("a private key without a client id", () => {
    expect(configError({ ...base, privateKey: rsa.pkcs8Pem, keyId: "k" }).message).toMatch(/OKTA_CLIENT_ID is missing/);
  });

  it("a private key without a key id", () => {
    expect(configError({ ...base, privateKey: rsa.pkcs8Pem, clientId: "c" }).message).toBe(
      "OKTA_PRIVATE_KEY is set but OKTA_KEY_ID is missing (set it to the key's kid from the app's Public Keys)",
    );
  });

  const cases: Array<[string, () => string, RegExp]> = [
    ["a public PEM key", () => rsa.publicPem, /public key or certificate, not the private key/],
    ["a public JWK", () => rsa.publicJwkJson, /public JWK \(no "d"\), not the private key/],
    ["an encrypted key", () => rsa.encryptedPem, /encrypted private key/],
    ["a missing file", () => "/nonexistent/dir/key.pem", /file \/nonexistent\/dir\/key\.pem was not found/],
    ["a file without a key", () => writeTemp("notes.txt", "hello"), /contains neither a PEM private key nor a JWK/],
    ["garbage PEM", () => "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", /not a readable PEM private key/],
    ["broken JSON", () => "{ not json", /does not parse as a JWK/],
    ["an Ed25519 key", () => makeEd25519(), /ed25519 key; Okta private_key_jwt here needs an RSA \(RS256\) or EC P-256 \(ES256\) key/],
  ];
  it.each(cases)("an unreadable key: %s", (_name, privateKey, expected) => {
    const value = privateKey();
    const err = configError({ ...base, privateKey: value, clientId: "c", keyId: "k" });
    expect(err.message).toMatch(expected);
    expect(err.message).toMatch(/^OKTA_PRIVATE_KEY /);
    if (value.includes("-----BEGIN") || value.startsWith("{")) {
      for (const line of keyLines(value)) expect(err.message).not.toContain(line);
    }
  });

  it("a mangled key that is not a file name is not echoed", () => {
    const mangled = keyLines(rsa.pkcs8Pem).join("");
    const err = configError({ ...base, privateKey: mangled, clientId: "c", keyId: "k" });
    expect(err.message).not.toContain(mangled.slice(0, 20));
  });

  it("client id alone selects device authorization", () => {
    expect(createAuth({ ...base, clientId: "native", stateDir: "/nonexistent-not-used", openBrowser: false }).method).toBe(
      "device_authorization",
    );
  });

  it("the private key wins over an API token", () => {
    expect(createAuth({ ...base, privateKey: rsa.pkcs8Pem, clientId: "c", keyId: "k", apiToken: "t" }).method).toBe("private_key_jwt");
  });
});

describe("API token", () => {
  it("sends SSWS, grants the configured scopes and warns once at creation", async () => {
    const logs = new LogCollector();
    const token = "00api-token-secret-value";
    const auth = createAuth({ ...base, scopes: ["okta.users.read", "okta.groups.manage"], apiToken: token, log: logs.log });
    expect(auth.method).toBe("api_token");
    expect(await auth.authorize({ method: "GET", url: `${ORG}/api/v1/users` })).toEqual({ Authorization: `SSWS ${token}` });
    expect(await auth.grantedScopes()).toEqual(["okta.users.read", "okta.groups.manage"]);
    expect(await auth.handleUnauthorized({ method: "GET", url: `${ORG}/api/v1/users` }, new Response(null, { status: 401 }))).toBe(false);
    expect(logs.at("warn")).toHaveLength(1);
    expect(logs.at("warn")[0]).toMatch(/full rights of the admin.*OKTA_SCOPES/);
    expect(logs.text()).not.toContain(token);
    expect(JSON.stringify(auth.status())).not.toContain(token);
    expect(auth.status()).toMatchObject({ method: "api_token", state: "ready", dpop: false });
  });
});

describe("createStaticAuth", () => {
  it("sends Bearer with the given scopes", async () => {
    const auth = createStaticAuth(ORG, "sandbox-token", ["okta.users.read"]);
    expect(auth.method).toBe("sandbox");
    expect(await auth.authorize({ method: "GET", url: `${ORG}/api/v1/users` })).toEqual({ Authorization: "Bearer sandbox-token" });
    expect(await auth.grantedScopes()).toEqual(["okta.users.read"]);
  });
});

function makeEd25519(): string {

  return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }) as string;
}
