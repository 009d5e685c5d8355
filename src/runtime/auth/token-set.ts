import type { TokenEndpointResponse } from "openid-client";
import { registerToken } from "../secret-redactor.js";
import { scopesFromTokenResponse } from "./scopes.js";

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
