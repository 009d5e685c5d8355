// The approval pages' sign-in: the admin's own Okta sign-in (the same upstream web app, authorization code + PKCE
// with openid-client, the org's sign-on policy and MFA), asking only who they are (`openid profile`: no API scope, no
// refresh token; the tokens are revoked at once and never stored). Its result is a browser session (cookie) for
// that admin. It shares the web app's one redirect URI with the MCP sign-in: the state record says which flow it is,
// and a cookie of this flow's own binds Okta's redirect to the browser that started it.
import { randomBytes } from "node:crypto";
import { messagePage, pageHeaders } from "../../runtime/approval/approval-page.js";
import type { Logger } from "../../runtime/logger.js";
import type { OktaUpstream, PendingSignIn } from "../oauth/upstream.js";
import type { StateStore } from "../state/store.js";
import type { BrowserSessions } from "./browser-session.js";

export const BROWSER_SIGN_IN_COOKIE = "okta_mcp_approvals_signin";
const SIGN_IN_TTL_MS = 10 * 60_000;
/** Where a sign-in may return to: the approval pages only (no open redirect). */
const NEXT = /^\/approvals(\/[A-Za-z0-9_-]{22})?$/;

export interface BrowserSignInState {
  kind: "browser";
  pending: PendingSignIn;
  next: string;
}

export interface BrowserSignInOptions {
  upstream: OktaUpstream;
  store: StateStore;
  sessions: BrowserSessions;
  secure: boolean;
  log: Logger;
}

const noStore = { "Cache-Control": "no-store" };

function failed(clearCookie: string): Response {
  const nonce = randomBytes(16).toString("base64url");
  const headers = new Headers(pageHeaders(nonce));
  headers.append("Set-Cookie", clearCookie);
  return new Response(messagePage("Sign-in failed", "The Okta sign-in for the approval pages did not complete. Open the approvals link again to retry.", nonce), { status: 403, headers });
}

export function createBrowserSignIn(options: BrowserSignInOptions) {
  const { upstream, store, sessions, log } = options;
  const cookie = (value: string, maxAgeS: number) =>
    `${BROWSER_SIGN_IN_COOKIE}=${value}; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${options.secure ? "; Secure" : ""}`;

  return {
    /** Sends the browser to Okta; it comes back to /oauth/okta/callback, then to `next`. */
    async start(next: string): Promise<Response> {
      const { url, pending } = await upstream.authorizationUrl([], undefined, { identityOnly: true });
      const state: BrowserSignInState = { kind: "browser", pending, next: NEXT.test(next) ? next : "/approvals" };
      await store.set(`signin:${pending.state}`, JSON.stringify(state), SIGN_IN_TTL_MS);
      return new Response(null, { status: 303, headers: { Location: url.href, ...noStore, "Set-Cookie": cookie(pending.state, SIGN_IN_TTL_MS / 1000) } });
    },

    /** Okta's redirect back (the state already matched this flow's cookie): a session for the admin who signed in. */
    async complete(callbackUrl: URL, state: BrowserSignInState): Promise<Response> {
      const clear = cookie("", 0);
      if (callbackUrl.searchParams.has("error")) return failed(clear);
      let signedIn;
      try {
        signedIn = await upstream.complete(callbackUrl, state.pending);
      } catch (err) {
        log.warn(`approval pages: Okta sign-in failed: ${(err as Error).message}`);
        return failed(clear);
      }
      // Only the identity was needed: the tokens (openid profile) are dropped here, revoked best effort.
      await upstream.revoke(signedIn.session).catch(() => {});
      const session = await sessions.create(signedIn.subject, signedIn.session.login);
      log.info(`admin ${signedIn.session.login} signed in to the approval pages`);
      const headers = new Headers({ Location: NEXT.test(state.next) ? state.next : "/approvals", ...noStore });
      headers.append("Set-Cookie", clear);
      headers.append("Set-Cookie", session);
      return new Response(null, { status: 303, headers });
    },
  };
}

export type BrowserSignIn = ReturnType<typeof createBrowserSignIn>;
