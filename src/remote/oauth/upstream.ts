// The admin's sign-in to the Okta org authorization server: authorization code + PKCE (the org's sign-on
// policy and MFA apply), with openid-client. The server is a confidential client (an OIDC Web app in Okta);
// it keeps the tokens, refreshes them, and revokes them at sign-out.
import * as oidc from "openid-client";
import { AuthError } from "../../runtime/errors.js";
import { scopesFromTokenResponse } from "../../runtime/auth/token-set.js";
import { narrowScopes } from "../../runtime/scopes.js";
import type { OktaSession } from "./token-vault.js";

export interface UpstreamOptions {
  orgUrl: string;
  clientId: string;
  clientSecret: string;
  /** The most this server asks Okta for (OKTA_SCOPES). */
  scopes: readonly string[];
  redirectUri: string;
  fetch?: typeof fetch;
}

export interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
}

export class OktaUpstream {
  private config: Promise<oidc.Configuration> | undefined;

  constructor(private readonly options: UpstreamOptions) {}

  /** Discovery runs on first use (and again after a failure), never at start-up. */
  private configuration(): Promise<oidc.Configuration> {
    this.config ??= (async () => {
      const url = new URL(this.options.orgUrl);
      const execute = url.protocol === "http:" ? [oidc.allowInsecureRequests] : [];
      const config = await oidc.discovery(url, this.options.clientId, undefined, oidc.ClientSecretBasic(this.options.clientSecret), { execute });
      if (this.options.fetch) {
        const f = this.options.fetch;
        config[oidc.customFetch] = (input, init) => f(input, init as RequestInit);
      }
      return config;
    })().catch((err: unknown) => {
      this.config = undefined;
      throw new AuthError(`Cannot reach the Okta org's authorization server at ${this.options.orgUrl} (${(err as Error).message})`);
    });
    return this.config;
  }

  /** The Okta scopes to ask for: what the MCP client asked (within OKTA_SCOPES), or all of OKTA_SCOPES. */
  scopesFor(requested: readonly string[]): string[] {
    const wanted = requested.filter((s) => this.options.scopes.includes(s));
    return wanted.length ? wanted : [...this.options.scopes];
  }

  /**
   * `oktaScopes` empty with `identityOnly`: a sign-in that proves who the admin is and grants nothing else (the
   * browser session of the approval pages): `openid profile`, no API scope, no refresh token.
   */
  async authorizationUrl(oktaScopes: readonly string[], loginHint: string | undefined, options: { identityOnly?: boolean } = {}): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.configuration();
    const verifier = oidc.randomPKCECodeVerifier();
    const pending = { verifier, state: oidc.randomState(), nonce: oidc.randomNonce() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      response_type: "code",
      scope: (options.identityOnly ? ["openid", "profile"] : ["openid", "profile", "offline_access", ...oktaScopes]).join(" "),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
      ...(loginHint ? { login_hint: loginHint } : {}),
    });
    return { url, pending };
  }

  /** Redeems the code from Okta's redirect; returns the admin's id and session (tokens stay on the server). */
  async complete(callbackUrl: URL, pending: PendingSignIn): Promise<{ subject: string; session: OktaSession }> {
    const config = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims?.sub) throw new AuthError("Okta returned no ID token subject");
    const login = typeof claims.preferred_username === "string" ? claims.preferred_username : claims.sub;
    return { subject: claims.sub, session: this.sessionOf(tokens, login, undefined) };
  }

  async refresh(session: OktaSession): Promise<OktaSession> {
    if (!session.refreshToken) throw new AuthError("The Okta session expired and has no refresh token: sign in again through the MCP client");
    const config = await this.configuration();
    const tokens = await oidc.refreshTokenGrant(config, session.refreshToken);
    return this.sessionOf(tokens, session.login, session);
  }

  /** Best effort: the session is dropped on our side whatever Okta answers. */
  async revoke(session: OktaSession): Promise<void> {
    const config = await this.configuration();
    if (session.refreshToken) await oidc.tokenRevocation(config, session.refreshToken, { token_type_hint: "refresh_token" }).catch(() => {});
    await oidc.tokenRevocation(config, session.accessToken, { token_type_hint: "access_token" }).catch(() => {});
  }

  private sessionOf(tokens: oidc.TokenEndpointResponse, login: string, previous: OktaSession | undefined): OktaSession {
    const grantedByOkta = scopesFromTokenResponse(tokens.scope, tokens.access_token) ?? previous?.granted;
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? previous?.refreshToken,
      expiresAt: Date.now() + (typeof tokens.expires_in === "number" ? tokens.expires_in : 3600) * 1000,
      granted: narrowScopes(this.options.scopes, grantedByOkta).granted,
      login,
    };
  }
}
