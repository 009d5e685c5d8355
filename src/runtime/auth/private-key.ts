// Reads OKTA_PRIVATE_KEY in any of the forms Okta hands out and turns it into a signing CryptoKey.
// Every failure is one line that says what is wrong with the input and never echoes the key.
import { createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfigError } from "../errors.js";
import { registerPrivateKey } from "../secret-redactor.js";

export type AssertionAlg = "RS256" | "ES256";

export interface PrivateKeyMaterial {
  alg: AssertionAlg;
  /** PKCS#8 DER; kept only until imported. */
  der: Buffer;
}

const SUBTLE_PARAMS: Record<AssertionAlg, RsaHashedImportParams | EcKeyImportParams> = {
  RS256: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  ES256: { name: "ECDSA", namedCurve: "P-256" },
};

/** Synchronous so that createAuth() can reject a bad key with a ConfigError before anything starts. */
export function readPrivateKey(input: string): PrivateKeyMaterial {
  registerPrivateKey(input);
  const keyObject = toKeyObject(input.trim());
  return { alg: algorithmFor(keyObject), der: keyObject.export({ type: "pkcs8", format: "der" }) };
}

/** Not extractable: nothing downstream can turn the key back into bytes. */
export function importSigningKey(material: PrivateKeyMaterial): Promise<CryptoKey> {
  return crypto.subtle.importKey("pkcs8", new Uint8Array(material.der), SUBTLE_PARAMS[material.alg], false, ["sign"]);
}

function toKeyObject(input: string): KeyObject {
  if (input.startsWith("{")) return fromJwk(input);
  if (input.includes("-----BEGIN")) return fromPem(input.replace(/\\n/g, "\n"));
  const fileText = readPemFile(input);
  registerPrivateKey(fileText);
  return fromPem(fileText);
}

function readPemFile(path: string): string {
  // The value may be a mangled key rather than a path: only name it when it clearly is a file name.
  const shown = /^[^\s]{1,300}\.(pem|key|p8|json|txt)$/i.test(path) ? ` ${path}` : "";
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "was not found" : code === "EACCES" ? "is not readable (permission denied)" : "cannot be read";
    throw new ConfigError(`OKTA_PRIVATE_KEY is neither PEM text nor JWK JSON, and as a file path the file${shown} ${reason}`);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.includes("-----BEGIN")) return trimmed;
  throw new ConfigError(`OKTA_PRIVATE_KEY file${shown} contains neither a PEM private key nor a JWK`);
}

function fromPem(pem: string): KeyObject {
  if (pem.trim().startsWith("{")) return fromJwk(pem);
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw new ConfigError("OKTA_PRIVATE_KEY is an encrypted private key (export it without a passphrase, e.g. openssl pkey -in key.pem -out plain.pem)");
  }
  if (/-----BEGIN (RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(pem)) {
    throw new ConfigError("OKTA_PRIVATE_KEY holds a public key or certificate, not the private key (register the public key on the app; give the server the private key)");
  }
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch (err) {
    throw new ConfigError("OKTA_PRIVATE_KEY is not a readable PEM private key (expected PKCS#1 or PKCS#8)", { cause: stripKey(err) });
  }
}

function fromJwk(json: string): KeyObject {
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw new ConfigError("OKTA_PRIVATE_KEY looks like JSON but does not parse as a JWK");
  }
  if (Array.isArray(jwk.keys)) {
    throw new ConfigError("OKTA_PRIVATE_KEY is a JWK Set; give a single private JWK");
  }
  if (jwk.d === undefined) {
    throw new ConfigError("OKTA_PRIVATE_KEY is a public JWK (no \"d\"), not the private key (give the server the private key)");
  }
  try {
    return createPrivateKey({ key: jwk as never, format: "jwk" });
  } catch (err) {
    throw new ConfigError("OKTA_PRIVATE_KEY is not a usable private JWK (expected an RSA or EC P-256 key)", { cause: stripKey(err) });
  }
}

function algorithmFor(keyObject: KeyObject): AssertionAlg {
  if (keyObject.asymmetricKeyType === "rsa") return "RS256";
  if (keyObject.asymmetricKeyType === "ec" && keyObject.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ES256";
  throw new ConfigError(
    `OKTA_PRIVATE_KEY is a ${keyObject.asymmetricKeyType ?? "unknown"} key; Okta private_key_jwt here needs an RSA (RS256) or EC P-256 (ES256) key`,
  );
}

// Node's key-parsing errors do not contain key bytes, but keep only the code to be sure nothing leaks via cause.
function stripKey(err: unknown): Error {
  const code = (err as { code?: string }).code ?? "ERR_KEY";
  return new Error(code);
}
