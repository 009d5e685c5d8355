// The runtime's own identity in remote mode: none. Every call carries the signed-in admin's credentials; a call
// that somehow arrives without them is refused, never sent with some shared credential.
import { AuthError } from "../runtime/errors.js";
import type { OktaAuth } from "../runtime/auth/types.js";

export function noIdentityAuth(orgUrl: string): OktaAuth {
  const refuse = () => new AuthError("This server has no Okta identity of its own: sign in through the MCP client (OAuth) and retry.");
  return {
    method: "authorization_code",
    start() {},
    async authorize() {
      throw refuse();
    },
    async handleUnauthorized() {
      return false;
    },
    async grantedScopes() {
      return [];
    },
    status: () => ({ method: "authorization_code", orgUrl, state: "failed", dpop: false, error: "not signed in" }),
    onChange() {},
  };
}
