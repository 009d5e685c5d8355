// Auth configuration errors through the built CLI: exit 2, one line on stderr naming the fix, nothing on stdout,
// and never the key itself. (Missing org URL, non-https org and a key without key id are in test/runtime/e2e-stdio.test.ts.)
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeKey, tempDir, writeTemp } from "../auth/helpers.js";
import { ensureBuilt, runCliExpectingExit } from "../runtime/e2e-helpers.js";

const ORG = { OKTA_ORG_URL: "https://example.okta.com", OKTA_SCOPES: "okta.users.read" };
const key = makeKey("rsa");
const keyBody = (pem: string) => pem.split("\n").filter((l) => l.length >= 40 && !l.startsWith("-----"));
const GARBAGE_PEM = "-----BEGIN PRIVATE KEY-----\\nZ2FyYmFnZS1rZXktbWF0ZXJpYWwtdGhhdC1tdXN0LW5vdC1iZS1lY2hvZWQ=\\n-----END PRIVATE KEY-----";

describe("stdio: auth configuration errors", () => {
  beforeAll(() => ensureBuilt(), 180_000);

  const cases: [string, Record<string, string>, RegExp][] = [
    ["private key without client id", { ...ORG, OKTA_PRIVATE_KEY: key.pkcs8Pem, OKTA_KEY_ID: "kid" }, /OKTA_PRIVATE_KEY is set but OKTA_CLIENT_ID is missing/],
    [
      "private key file that does not exist",
      { ...ORG, OKTA_CLIENT_ID: "c", OKTA_KEY_ID: "kid", OKTA_PRIVATE_KEY: join(tempDir(), "missing.pem") },
      /OKTA_PRIVATE_KEY .*file .*missing\.pem was not found/,
    ],
    ["private key that is not a PEM key", { ...ORG, OKTA_CLIENT_ID: "c", OKTA_KEY_ID: "kid", OKTA_PRIVATE_KEY: GARBAGE_PEM }, /OKTA_PRIVATE_KEY is not a readable PEM private key/],
    ["public key instead of the private key", { ...ORG, OKTA_CLIENT_ID: "c", OKTA_KEY_ID: "kid", OKTA_PRIVATE_KEY: key.publicPem }, /holds a public key/],
    ["encrypted private key", { ...ORG, OKTA_CLIENT_ID: "c", OKTA_KEY_ID: "kid", OKTA_PRIVATE_KEY: writeTemp("enc.pem", key.encryptedPem) }, /encrypted private key/],
    ["non-https org with a private key", { ...ORG, OKTA_ORG_URL: "http://example.okta.com", OKTA_CLIENT_ID: "c", OKTA_KEY_ID: "kid", OKTA_PRIVATE_KEY: key.pkcs8Pem }, /OKTA_ORG_URL must use https/],
    ["no credentials at all", { ...ORG }, /No Okta credentials configured/],
    ["unknown DPoP mode", { ...ORG, OKTA_API_TOKEN: "t", OKTA_DPOP: "sometimes" }, /OKTA_DPOP must be auto, always or never/],
  ];
  for (const [name, env, message] of cases) {
    it(`${name}: one line, exit 2, no key material`, () => {
      const result = runCliExpectingExit([], env);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^okta-mcp-server: /);
      expect(lines[0]).toMatch(message);
      for (const line of [...keyBody(key.pkcs8Pem), ...keyBody(key.encryptedPem), "Z2FyYmFnZS1rZXktbWF0ZXJpYWw"]) {
        expect(result.stderr).not.toContain(line);
      }
    });
  }
});
