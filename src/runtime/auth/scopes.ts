// Which of the configured scopes this session may use.
//
// Decision: scopes are compared exactly. `okta.X.manage` is NOT treated as covering `okta.X.read`:
// the spec declares the exact scopes each operation accepts (an operation that a manage scope may call
// lists it), and the runtime filters tools with exact matching. A hierarchy here would widen what the
// runtime thinks is granted beyond what Okta's own checks accept.
import { decodeJwt } from "jose";

/** Scopes Okta granted, from the token response `scope`, else the JWT access token's `scp` claim. */
export function scopesFromTokenResponse(scope: string | undefined, accessToken: string): string[] | undefined {
  if (typeof scope === "string") return splitScopes(scope);
  return scopesFromJwt(accessToken);
}

// Fallback only: the token is not verified here, which is fine because it only narrows what we attempt.
function scopesFromJwt(accessToken: string): string[] | undefined {
  try {
    const scp = decodeJwt(accessToken).scp;
    if (typeof scp === "string") return splitScopes(scp);
    if (Array.isArray(scp)) return scp.filter((s): s is string => typeof s === "string");
  } catch {
    // Opaque token: nothing to learn from it.
  }
  return undefined;
}

function splitScopes(scope: string): string[] {
  return scope.split(/\s+/).filter((s) => s.length > 0);
}

export interface ScopeNarrowing {
  granted: string[];
  notGranted: string[];
}

/** configured ∩ granted, keeping the configured order. Unknown grant (undefined) means the configured scopes stand. */
export function narrowScopes(configured: readonly string[], granted: readonly string[] | undefined): ScopeNarrowing {
  if (granted === undefined) return { granted: [...configured], notGranted: [] };
  const have = new Set(granted);
  return {
    granted: configured.filter((s) => have.has(s)),
    notGranted: configured.filter((s) => !have.has(s)),
  };
}

/** True when every scope in `wanted` is in `held`. */
export function coversScopes(held: readonly string[], wanted: readonly string[]): boolean {
  const have = new Set(held);
  return wanted.every((s) => have.has(s));
}
