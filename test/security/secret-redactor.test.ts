// The output redactor (secret-redactor.ts) on its own: what it replaces, and what it leaves alone.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/runtime/logger.js";
import { redactText, redactValue, registerPrivateKey, registerSecret, registerToken } from "../../src/runtime/secret-redactor.js";
import { makeKey } from "../auth/helpers.js";

describe("the redactor", () => {
  it("replaces registered secrets (raw and JSON-escaped), scheme credentials and JWTs", () => {
    registerSecret('0123456789"quoted\\secret');
    registerToken("at-0123456789abcdef");
    const text = redactText(`a 0123456789"quoted\\secret b ${JSON.stringify('0123456789"quoted\\secret')} c at-0123456789abcdef d Bearer\\nabcdefghijklmnopqrstu e eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln`);
    expect(text).not.toMatch(/quoted|at-0123|abcdefghijklmnop|eyJ/);
  });

  it("leaves ordinary prose alone", () => {
    expect(redactText("Bearer tokens expire; use SSWS auth only for legacy apps.")).toBe("Bearer tokens expire; use SSWS auth only for legacy apps.");
  });

  it("knows every line of a PEM private key and the private members of a JWK", () => {
    const key = makeKey("rsa");
    registerPrivateKey(key.pkcs8Pem);
    registerPrivateKey(key.jwkJson);
    const lines = key.pkcs8Pem.split("\n").filter((l) => l.length > 40 && !l.startsWith("-----"));
    const jwk = JSON.parse(key.jwkJson) as Record<string, string>;
    const leaked = redactText([...lines, jwk.d, jwk.p].join(" "));
    for (const piece of [...lines, jwk.d, jwk.p]) expect(leaked).not.toContain(piece);
  });

  it("redacts values and keys of nested JSON, on copies without a prototype", () => {
    registerToken("tok-secret-value-123");
    const out = redactValue({ a: ["x tok-secret-value-123"], ["tok-secret-value-123"]: { b: "SSWS 00abcdefghijklmnopqrstuvwxyz" } });
    expect(JSON.stringify(out)).toBe('{"a":["x [REDACTED]"],"[REDACTED]":{"b":"SSWS [REDACTED]"}}');
  });

  it("redactValue finds whatever redactText replaces, however JSON text escapes it (its one-scan shortcut misses nothing)", () => {
    registerSecret('sec"ret\\value-0001');
    registerToken("tok-fuzz-0123456789");
    const pieces = ["SSWS", "bearer", "DPoP", "eyJhbGciOi", ".", "eyJzdWIiOi", "0123456789abcdefghij", 'sec"ret\\value-0001', "tok-fuzz-0123456789"];
    const gaps = [" ", "\n", "\t", "\r", "\f", "\v", "\u00a0", "\u2028", "\\n", "\\t", "x", "\"", "é"];
    const piece = fc.constantFrom(...pieces, ...gaps);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((parts) => parts.join("")), (text) => {
        const value = { text, nested: [{ [text]: 1 }] };
        const redacted = JSON.stringify(redactValue(value));
        expect(redacted.includes(JSON.stringify(redactText(text)).slice(1, -1))).toBe(true);
        if (redactText(text) !== text) expect(redacted).not.toBe(JSON.stringify(value));
      }),
      { numRuns: 3000 },
    );
  });

  it("the logger redacts every line it writes", () => {
    registerToken("logged-token-value-456");
    const lines: string[] = [];
    createLogger("debug", (line) => void lines.push(line)).error("failed with logged-token-value-456");
    expect(lines.join("")).toBe("okta-mcp-server error: failed with [REDACTED]\n");
  });
});
