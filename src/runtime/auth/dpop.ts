// DPoP (RFC 9449): one ES256 key per process. openid-client's handle signs the token-endpoint proofs and
// tracks that endpoint's nonce; proofs for the management API are signed here with jose (the runtime
// sends those requests itself) and carry ath plus the resource server's nonce.
import type { Logger } from "../logger.js";
import { getDPoPHandle, randomDPoPKeyPair, ResponseBodyError, type Configuration, type DPoPHandle } from "openid-client";
import { base64url, exportJWK, SignJWT, type JWK } from "jose";
import { createHash, randomUUID } from "node:crypto";
import type { RequestTarget } from "./types.js";

export class DpopSession {
  private readonly resourceNonces = new Map<string, string>();

  private constructor(
    private readonly keyPair: CryptoKeyPair,
    private readonly publicJwk: JWK,
    readonly handle: DPoPHandle,
    private readonly nowSeconds: () => number,
  ) {}

  static async create(config: Configuration, now: () => number): Promise<DpopSession> {
    const keyPair = await randomDPoPKeyPair("ES256");
    const { kty, crv, x, y } = await exportJWK(keyPair.publicKey);
    return new DpopSession(keyPair, { kty, crv, x, y }, getDPoPHandle(config, keyPair), () => Math.floor(now() / 1000));
  }

  /** Proof for one management API request. */
  async proofFor(target: RequestTarget, accessToken: string): Promise<string> {
    const url = new URL(target.url);
    const nonce = this.resourceNonces.get(url.origin);
    return new SignJWT({
      htm: target.method.toUpperCase(),
      htu: `${url.origin}${url.pathname}`,
      ath: base64url.encode(createHash("sha256").update(accessToken).digest()),
      jti: randomUUID(),
      ...(nonce ? { nonce } : {}),
    })
      .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: this.publicJwk })
      .setIssuedAt(this.nowSeconds())
      .sign(this.keyPair.privateKey);
  }

  rememberResourceNonce(url: string, nonce: string): void {
    this.resourceNonces.set(new URL(url).origin, nonce);
  }
}

/** A 401 from the resource server asking for a (new) DPoP nonce. */
function dpopNonceChallenge(response: Response): string | undefined {
  const challenge = response.headers.get("www-authenticate") ?? "";
  const nonce = response.headers.get("dpop-nonce");
  if (!nonce) return undefined;
  return /(^|,)\s*dpop\b[^]*error\s*=\s*"?use_dpop_nonce/i.test(challenge) ? nonce : undefined;
}

/**
 * Whether token requests carry DPoP proofs. In "auto" the first refusal that demands DPoP
 * (invalid_dpop_proof / use_dpop_nonce) switches this process to DPoP for good.
 */
export class DpopPolicy {
  private session: Promise<DpopSession> | undefined;

  constructor(
    private readonly mode: "auto" | "always" | "never",
    private readonly now: () => number,
    private readonly log: Pick<Logger, "info">,
  ) {}

  get active(): boolean {
    return this.session !== undefined;
  }

  current(): Promise<DpopSession> | undefined {
    return this.session;
  }

  /** A resource server's 401 asking for a DPoP nonce: remember it for that URL; true when a retry will carry it. */
  async answerNonceChallenge(url: string, response: Response): Promise<boolean> {
    const nonce = dpopNonceChallenge(response);
    if (!nonce || !this.session) return false;
    (await this.session).rememberResourceNonce(url, nonce);
    return true;
  }

  /** Runs one token-endpoint request, with a proof when DPoP is on, switching to DPoP once if the server demands it. */
  async run<T>(config: Configuration, request: (options: { DPoP: DPoPHandle } | undefined) => Promise<T>): Promise<T> {
    if (this.mode === "always") this.session ??= DpopSession.create(config, this.now);
    try {
      return await request(await this.options());
    } catch (err) {
      if (this.mode !== "auto" || this.session || !demandsDpop(err)) throw err;
      this.log.info("Okta requires DPoP for this app: switching to DPoP-bound tokens");
      this.session = DpopSession.create(config, this.now);
      return request(await this.options());
    }
  }

  private async options(): Promise<{ DPoP: DPoPHandle } | undefined> {
    return this.session ? { DPoP: (await this.session).handle } : undefined;
  }
}

function demandsDpop(err: unknown): boolean {
  return err instanceof ResponseBodyError && (err.error === "invalid_dpop_proof" || err.error === "use_dpop_nonce");
}
