import type { DpopSession } from "./dpop.js";
import type { TokenSet } from "./token-set.js";
import type { RequestTarget } from "./types.js";

export async function authorizationHeaders(
  token: TokenSet,
  target: RequestTarget,
  dpop: DpopSession | undefined,
): Promise<Record<string, string>> {
  if (token.tokenType === "dpop" && dpop) {
    return { Authorization: `DPoP ${token.accessToken}`, DPoP: await dpop.proofFor(target, token.accessToken) };
  }
  return { Authorization: `Bearer ${token.accessToken}` };
}
