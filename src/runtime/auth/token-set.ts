import { decodeJwt } from "jose";
import type { TokenEndpointResponse } from "openid-client";
import { splitList } from "../scopes.js";
import { registerToken } from "../secret-redactor.js";

/** What we keep from a token response. Secret fields never leave this module family. */
export interface TokenSet {
  accessToken: string;
  tokenType: "bearer" | "dpop";
  /** Epoch ms; undefined when Okta gave no expires_in. */
  expiresAt?: number;
  refreshToken?: string;
  /** Scopes Okta granted (undefined when Okta did not say). */
  granted?: string[];
}

export function toTokenSet(response: TokenEndpointResponse, now: number): TokenSet {
  // Minted here: redacted from all output from this moment.
  registerToken(response.access_token);
  registerToken(response.refresh_token);
  return {
    accessToken: response.access_token,
    tokenType: response.token_type === "dpop" ? "dpop" : "bearer",
    expiresAt: typeof response.expires_in === "number" ? now + response.expires_in * 1000 : undefined,
    refreshToken: response.refresh_token,
    granted: scopesFromTokenResponse(response.scope, response.access_token),
  };
}

/** Scopes Okta granted, from the token response `scope`, else the JWT access token's `scp` claim. */
export function scopesFromTokenResponse(scope: string | undefined, accessToken: string): string[] | undefined {
  if (typeof scope === "string") return splitList(scope);
  // Fallback only: the token is not verified here, which is fine because it only narrows what we attempt.
  try {
    const scp = decodeJwt(accessToken).scp;
    if (typeof scp === "string") return splitList(scp);
    if (Array.isArray(scp)) return scp.filter((s): s is string => typeof s === "string");
  } catch {
    // Opaque token: nothing to learn from it.
  }
  return undefined;
}
