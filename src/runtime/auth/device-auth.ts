// Device Authorization Grant for a human admin: never blocks. start() reuses or refreshes a stored session,
// or begins a sign-in whose URL and code go to stderr; calls made meanwhile fail fast with ERR_AUTH_PENDING.
import {
  genericGrantRequest,
  initiateDeviceAuthorization,
  None,
  refreshTokenGrant,
  ResponseBodyError,
  type Configuration,
  type DeviceAuthorizationResponse,
} from "openid-client";
import { AuthError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { AuthConfig } from "./auth-config.js";
import { toAuthError } from "./auth-errors.js";
import { authorizationHeaders } from "./authorization-headers.js";
import { DpopPolicy } from "./dpop.js";
import { buildOAuthConfig } from "./okta-oauth-config.js";
import { openBrowser } from "./open-browser.js";
import { ScopeTracker } from "./scope-tracker.js";
import { hasAllScopes } from "../scopes.js";
import { TokenCache } from "./token-cache.js";
import type { TokenStore } from "./token-store.js";
import { toTokenSet, type TokenSet } from "./token-set.js";
import type { AuthStatus, OktaAuth, RequestTarget } from "./types.js";

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
export const DEVICE_FLOW = "device_authorization";

export interface DeviceAuthOptions {
  config: AuthConfig & { clientId: string };
  store: TokenStore;
  log: Logger;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface PendingSignIn {
  verificationUri: string;
  verificationUriComplete?: string;
  userCode: string;
}

type Phase = "idle" | "starting" | "pending" | "ready" | "failed";

export class DeviceAuthorizationAuth implements OktaAuth {
  readonly method = "device_authorization" as const;
  private readonly scopes: ScopeTracker;
  private readonly cache: TokenCache;
  private readonly dpop: DpopPolicy;
  private readonly oauth: Configuration;
  /** Configured scopes plus offline_access, so the session survives restarts through its refresh token. */
  private readonly requestedScopes: string[];
  private phase: Phase = "idle";
  private starting: Promise<void> | undefined;
  private pending: PendingSignIn | undefined;
  private failure: AuthError | undefined;
  /** Bumped by every new sign-in so a superseded poll loop stops. */
  private attempt = 0;

  constructor(private readonly options: DeviceAuthOptions) {
    const { config, log, now } = options;
    this.requestedScopes = [...new Set([...config.scopes, "offline_access"])];
    this.scopes = new ScopeTracker(config.scopes, log);
    this.dpop = new DpopPolicy(config.dpop ?? "auto", now, log);
    this.oauth = buildOAuthConfig(config.orgUrl, config.clientId, None(), config.fetch);
    this.cache = new TokenCache(
      (previous) => this.renew(previous),
      now,
      (err) => log.warn(`Refreshing the Okta session failed; the current token is still valid: ${(err as Error).message}`),
    );
  }

  start(): void {
    if (this.phase !== "idle" && this.phase !== "failed") return;
    this.phase = "starting";
    this.failure = undefined;
    this.starting = this.resumeOrSignIn().finally(() => {
      this.starting = undefined;
    });
  }

  async authorize(target: RequestTarget): Promise<Record<string, string>> {
    await this.settled();
    if (this.phase === "pending") throw this.pendingError();
    if (this.phase === "failed") {
      // The next call starts a fresh sign-in instead of repeating this failure forever; until it does,
      // status() keeps reporting the failure (start() clears it).
      this.phase = "idle";
      throw this.failure!;
    }
    const token = await this.cache.get();
    return authorizationHeaders(token, target, await this.dpop.current());
  }

  async handleUnauthorized(target: RequestTarget, response: Response): Promise<boolean> {
    if (await this.dpop.answerNonceChallenge(target.url, response)) return true;
    const token = this.cache.peek();
    if (!token?.refreshToken) return false;
    // Revoked or expired early: refresh now so the retry carries a new token.
    try {
      await this.cache.renew();
      return true;
    } catch {
      return false;
    }
  }

  async grantedScopes(): Promise<string[]> {
    await this.settled();
    return this.scopes.grantedOrConfigured();
  }

  status(): AuthStatus {
    const narrowing = this.phase === "ready" ? this.scopes.current() : undefined;
    const failed = this.phase === "failed" || (this.phase === "idle" && this.failure !== undefined);
    return {
      method: this.method,
      orgUrl: this.options.config.orgUrl,
      state: this.phase === "ready" ? "ready" : failed ? "failed" : "pending",
      grantedScopes: narrowing?.granted,
      notGranted: narrowing?.notGranted,
      dpop: this.dpop.active,
      ...(this.phase === "pending" && this.pending ? this.pending : {}),
      ...(failed && this.failure ? { error: this.failure.message } : {}),
    };
  }

  onChange(listener: () => void): void {
    this.scopes.onChange(listener);
  }

  /** Starts if nobody did, and waits for the short startup step (never for the human). */
  private async settled(): Promise<void> {
    if (this.phase === "idle") this.start();
    await this.starting;
  }

  private async resumeOrSignIn(): Promise<void> {
    const stored = this.options.store.load();
    if (stored && !hasAllScopes(this.requestedScopes, stored.requestedScopes)) {
      this.options.log.info("OKTA_SCOPES grew beyond the stored Okta session: signing in again");
    } else if (stored) {
      const token: TokenSet = {
        accessToken: stored.accessToken,
        tokenType: stored.tokenType,
        expiresAt: stored.expiresAt,
        refreshToken: stored.refreshToken,
        granted: stored.granted,
      };
      this.cache.set(token);
      try {
        const current = await this.cache.get(); // refreshes when the stored token is due
        this.becomeReady(current);
        this.options.log.info("Reusing the stored Okta session");
        return;
      } catch (err) {
        this.options.log.info(`The stored Okta session cannot be refreshed (${(err as Error).message}): signing in again`);
        this.cache.invalidate();
      }
    }
    await this.beginSignIn();
  }

  private async renew(previous: TokenSet | undefined): Promise<TokenSet> {
    if (!previous?.refreshToken) throw new AuthError("The Okta session expired and has no refresh token: sign in again");
    const refreshToken = previous.refreshToken;
    try {
      const response = await this.dpop.run(this.oauth, (dpopOptions) =>
        refreshTokenGrant(this.oauth, refreshToken, undefined, dpopOptions),
      );
      const token = toTokenSet(response, this.options.now());
      token.refreshToken ??= refreshToken; // Okta may not rotate it
      token.granted ??= previous.granted;
      this.persist(token);
      if (this.phase === "ready") this.scopes.update(token.granted);
      this.options.log.debug("Okta session refreshed");
      return token;
    } catch (err) {
      const authError = toAuthError(err, "refresh", this.options.config.orgUrl);
      if (this.phase === "ready") {
        // The refresh token is gone for good: fall back to an interactive sign-in, without blocking this call.
        this.options.log.info(`${authError.message}: starting a new Okta sign-in`);
        this.phase = "starting";
        this.starting = this.beginSignIn().finally(() => {
          this.starting = undefined;
        });
        await this.starting;
        if ((this.phase as Phase) === "pending") throw this.pendingError();
      }
      throw authError;
    }
  }

  private async beginSignIn(): Promise<void> {
    const attempt = ++this.attempt;
    let authorization: DeviceAuthorizationResponse;
    try {
      authorization = await initiateDeviceAuthorization(this.oauth, { scope: this.requestedScopes.join(" ") });
    } catch (err) {
      this.fail(toAuthError(err, "device_authorize", this.options.config.orgUrl));
      return;
    }
    this.pending = {
      verificationUri: authorization.verification_uri,
      verificationUriComplete: authorization.verification_uri_complete,
      userCode: authorization.user_code,
    };
    this.phase = "pending";
    const url = authorization.verification_uri_complete ?? authorization.verification_uri;
    // warn, not info: the human must act on it, so it shows at the usual OKTA_LOG_LEVEL=warn too.
    this.options.log.warn(`To sign in to Okta, open ${url} and enter code ${authorization.user_code}`);
    if (this.options.config.openBrowser !== false) openBrowser(url);
    void this.poll(authorization, attempt);
  }

  private async poll(authorization: DeviceAuthorizationResponse, attempt: number): Promise<void> {
    let intervalS = authorization.interval ?? 5;
    const expiresAt = this.options.now() + authorization.expires_in * 1000;
    for (;;) {
      await this.options.sleep(intervalS * 1000);
      if (attempt !== this.attempt) return;
      if (this.options.now() >= expiresAt) {
        this.fail(new AuthError("Okta device sign-in did not complete: expired_token (the user code expired before sign-in completed; retry to start a new sign-in)"));
        return;
      }
      try {
        const response = await this.dpop.run(this.oauth, (dpopOptions) =>
          genericGrantRequest(this.oauth, DEVICE_CODE_GRANT, { device_code: authorization.device_code }, dpopOptions),
        );
        if (attempt !== this.attempt) return;
        const token = toTokenSet(response, this.options.now());
        this.cache.set(token);
        this.persist(token);
        // The server re-lists tools after a sign-in even when the grant matches what was configured.
        if (!this.becomeReady(token)) this.scopes.emit();
        this.options.log.info("Signed in to Okta");
        return;
      } catch (err) {
        if (err instanceof ResponseBodyError && err.error === "authorization_pending") continue;
        if (err instanceof ResponseBodyError && err.error === "slow_down") {
          intervalS += 5; // RFC 8628 §3.5
          continue;
        }
        if (attempt !== this.attempt) return;
        this.fail(toAuthError(err, "device_poll", this.options.config.orgUrl));
        return;
      }
    }
  }

  /** Returns whether scope listeners were notified. */
  private becomeReady(token: TokenSet): boolean {
    this.pending = undefined;
    this.phase = "ready";
    return this.scopes.update(token.granted);
  }

  private fail(error: AuthError): void {
    this.pending = undefined;
    this.failure = error;
    this.phase = "failed";
    this.options.log.error(error.message);
  }

  private persist(token: TokenSet): void {
    // A DPoP-bound token is useless without this process's key, which is never written to disk.
    if (token.tokenType === "dpop") return;
    this.options.store.save({
      requestedScopes: this.requestedScopes,
      accessToken: token.accessToken,
      tokenType: token.tokenType,
      expiresAt: token.expiresAt,
      refreshToken: token.refreshToken,
      granted: token.granted,
    });
  }

  private pendingError(): AuthError {
    const pending = this.pending!;
    const url = pending.verificationUriComplete ?? pending.verificationUri;
    return new AuthError(`Sign-in to Okta is pending: open ${url} and enter code ${pending.userCode}, then retry`, {
      code: "ERR_AUTH_PENDING",
    });
  }
}
