// private_key_jwt: client_credentials at {org}/oauth2/v1/token with a signed client assertion.
import { clientCredentialsGrant, modifyAssertion, PrivateKeyJwt, type Configuration } from "openid-client";
import type { Logger } from "../logger.js";
import type { AuthConfig } from "./auth-config.js";
import { toAuthError } from "./auth-errors.js";
import { authorizationHeaders } from "./authorization-headers.js";
import { DpopPolicy } from "./dpop.js";
import { buildOAuthConfig, oktaEndpoints } from "./okta-oauth-config.js";
import { importSigningKey, type PrivateKeyMaterial } from "./private-key.js";
import { ScopeTracker } from "./scope-tracker.js";
import { TokenCache } from "./token-cache.js";
import { toTokenSet, type TokenSet } from "./token-set.js";
import type { AuthStatus, OktaAuth, RequestTarget } from "./types.js";

/** exp - iat: long enough to absorb modest clock skew, short enough that a leaked assertion soon expires. */
const ASSERTION_LIFETIME_S = 300;

export interface PrivateKeyJwtOptions {
  config: AuthConfig & { clientId: string; keyId: string };
  key: PrivateKeyMaterial;
  log: Logger;
  now: () => number;
}

export class PrivateKeyJwtAuth implements OktaAuth {
  readonly method = "private_key_jwt" as const;
  private readonly scopes: ScopeTracker;
  private readonly cache: TokenCache;
  private readonly dpop: DpopPolicy;
  private oauth: Promise<Configuration> | undefined;
  private lastError: string | undefined;

  constructor(private readonly options: PrivateKeyJwtOptions) {
    this.dpop = new DpopPolicy(options.config.dpop ?? "auto", options.now, options.log);
    this.scopes = new ScopeTracker(options.config.scopes, options.log);
    this.cache = new TokenCache(
      () => this.requestToken(),
      options.now,
      (err) => options.log.warn(`Renewing the Okta access token failed; the current token is still valid: ${(err as Error).message}`),
    );
  }

  start(): void {
    this.cache.get().catch(() => {
      // Recorded in lastError; authorize() reports it to the caller.
    });
  }

  async authorize(target: RequestTarget): Promise<Record<string, string>> {
    const token = await this.cache.get();
    return authorizationHeaders(token, target, await this.dpop.current());
  }

  async handleUnauthorized(target: RequestTarget, response: Response): Promise<boolean> {
    if (await this.dpop.answerNonceChallenge(target.url, response)) return true;
    // Otherwise the token may have been revoked or expired early: drop it so the retry gets a fresh one.
    return this.cache.invalidate();
  }

  async grantedScopes(): Promise<string[]> {
    try {
      await this.cache.get();
    } catch {
      // No token yet: list the configured tools; each call will report the auth error.
    }
    return this.scopes.grantedOrConfigured();
  }

  status(): AuthStatus {
    const narrowing = this.scopes.current();
    return {
      method: this.method,
      orgUrl: this.options.config.orgUrl,
      state: this.lastError ? "failed" : "ready",
      grantedScopes: narrowing?.granted,
      notGranted: narrowing?.notGranted,
      dpop: this.dpop.active,
      ...(this.lastError ? { error: this.lastError } : {}),
    };
  }

  onChange(listener: () => void): void {
    this.scopes.onChange(listener);
  }

  private async requestToken(): Promise<TokenSet> {
    try {
      const token = await this.clientCredentials();
      this.lastError = undefined;
      this.scopes.update(token.granted);
      this.options.log.debug(`Okta access token obtained (${token.tokenType}, expires in ${expiresInText(token, this.options.now())})`);
      return token;
    } catch (err) {
      const authError = toAuthError(err, "client_credentials", this.options.config.orgUrl);
      this.lastError = authError.message;
      this.options.log.error(authError.message);
      throw authError;
    }
  }

  private async clientCredentials(): Promise<TokenSet> {
    const oauth = await this.oauthConfig();
    const response = await this.dpop.run(oauth, (dpopOptions) =>
      clientCredentialsGrant(oauth, { scope: this.options.config.scopes.join(" ") }, dpopOptions),
    );
    return toTokenSet(response, this.options.now());
  }

  private oauthConfig(): Promise<Configuration> {
    this.oauth ??= (async () => {
      const { config, key } = this.options;
      const signingKey = await importSigningKey(key);
      const { tokenEndpoint } = oktaEndpoints(config.orgUrl);
      const clientAuth = PrivateKeyJwt(
        { key: signingKey, kid: config.keyId },
        {
          // openid-client would use the issuer as aud; Okta documents the token endpoint URL.
          [modifyAssertion]: (_header, payload) => {
            payload.aud = tokenEndpoint;
            payload.exp = (payload.iat as number) + ASSERTION_LIFETIME_S;
          },
        },
      );
      return buildOAuthConfig(config.orgUrl, config.clientId, clientAuth, config.fetch);
    })();
    return this.oauth;
  }
}

function expiresInText(token: TokenSet, now: number): string {
  return token.expiresAt === undefined ? "unknown time" : `${Math.round((token.expiresAt - now) / 1000)} s`;
}
