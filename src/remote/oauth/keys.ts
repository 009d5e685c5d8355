// Key material of the remote mode, all derived (HKDF-SHA256) from the one configured secret, so every instance
// derives the same keys: AES-256-GCM for the admins' Okta tokens at rest, the cookie signing keys of the
// authorization server, and its ES256 signing key. Without a secret (one instance), a random one per process.
import { createECDH, hkdfSync, randomBytes } from "node:crypto";
import type { JWK } from "jose";

export interface RemoteKeys {
  tokenKey: Buffer;
  cookieKeys: string[];
  signingJwk: JWK;
}

const derive = (secret: Buffer, info: string, length = 32) => Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), `okta-mcp-server ${info}`, length));

// P-256 order: a derived scalar is reduced into [1, n-1].
const P256_N = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

function es256FromSeed(seed: Buffer): JWK {
  const scalar = (BigInt(`0x${seed.toString("hex")}`) % (P256_N - 1n)) + 1n;
  const d = Buffer.from(scalar.toString(16).padStart(64, "0"), "hex");
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const pub = ecdh.getPublicKey(); // 0x04 || X || Y
  const kid = derive(seed, "kid", 9).toString("base64url");
  return { kty: "EC", crv: "P-256", d: d.toString("base64url"), x: pub.subarray(1, 33).toString("base64url"), y: pub.subarray(33, 65).toString("base64url"), alg: "ES256", use: "sig", kid };
}

export function deriveKeys(secret: Buffer | undefined): RemoteKeys {
  const root = secret ?? randomBytes(32);
  return {
    tokenKey: derive(root, "okta token encryption"),
    cookieKeys: [derive(root, "cookies").toString("base64url")],
    signingJwk: es256FromSeed(derive(root, "signing key", 48)),
  };
}
