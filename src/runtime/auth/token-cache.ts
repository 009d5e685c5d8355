// Keeps one access token in memory and renews it shortly before expiry.
// Concurrent callers share a single in-flight renewal, so a burst of tool calls costs one token request.
import { registerToken } from "../secret-redactor.js";
import type { TokenSet } from "./token-set.js";

/** Every token that lands here is live: the output redactor learns it before anything can print it. */
function remember(token: TokenSet): TokenSet {
  registerToken(token.accessToken);
  registerToken(token.refreshToken);
  return token;
}

export const RENEW_BEFORE_MS = 60_000;

export class TokenCache {
  private current: TokenSet | undefined;
  private inflight: Promise<TokenSet> | undefined;

  constructor(
    private readonly obtain: (previous: TokenSet | undefined) => Promise<TokenSet>,
    private readonly now: () => number,
    private readonly onRenewFailedWhileValid: (err: unknown) => void = () => {},
  ) {}

  peek(): TokenSet | undefined {
    return this.current;
  }

  set(token: TokenSet): void {
    this.current = remember(token);
  }

  async get(): Promise<TokenSet> {
    const token = this.current;
    if (token && !this.isDue(token)) return token;
    try {
      return await this.renew();
    } catch (err) {
      // Inside the renewal window the old token still works: keep serving it and try again next call.
      if (token && !this.isExpired(token)) {
        this.onRenewFailedWhileValid(err);
        return token;
      }
      throw err;
    }
  }

  renew(): Promise<TokenSet> {
    this.inflight ??= this.obtain(this.current)
      .then((token) => {
        this.current = remember(token);
        return token;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  /** Drops the token if it is still the one given (a 401 may arrive after another caller already renewed). */
  invalidate(accessToken?: string): boolean {
    if (!this.current) return false;
    if (accessToken !== undefined && this.current.accessToken !== accessToken) return true;
    this.current = undefined;
    return true;
  }

  private isDue(token: TokenSet): boolean {
    return token.expiresAt !== undefined && this.now() >= token.expiresAt - RENEW_BEFORE_MS;
  }

  private isExpired(token: TokenSet): boolean {
    return token.expiresAt !== undefined && this.now() >= token.expiresAt;
  }
}
