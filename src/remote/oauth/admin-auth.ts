// One signed-in admin's Okta credentials as the runtime sees them (OktaAuth): headers from the admin's own
// token, read from the vault per call and refreshed a minute before expiry. Across instances, one refresh at a
// time per admin (a lock in the shared store); the others wait for it and read the new token.
import { AuthError } from "../../runtime/errors.js";
import { registerToken } from "../../runtime/secret-redactor.js";
import type { AuthStatus, OktaAuth, RequestTarget } from "../../runtime/auth/types.js";
import type { StateStore } from "../state/store.js";
import type { TokenVault, OktaSession } from "./token-vault.js";
import type { OktaUpstream } from "./upstream.js";

const RENEW_BEFORE_MS = 60_000;

export interface AdminAuthDeps {
  vault: TokenVault;
  upstream: OktaUpstream;
  store: StateStore;
  orgUrl: string;
  sleep?: (ms: number) => Promise<void>;
}

const signedOut = () => new AuthError("Your Okta session on this server has ended (signed out, revoked or expired): reconnect the MCP client to sign in again.");

export function createAdminAuth(subject: string, first: OktaSession, deps: AdminAuthDeps): OktaAuth {
  let known = first;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));

  async function current(force = false): Promise<OktaSession> {
    const session = await deps.vault.load(subject);
    if (!session) throw signedOut();
    known = session;
    if (!force && session.expiresAt - RENEW_BEFORE_MS > Date.now()) return session;
    const lock = `lock:refresh:${subject}`;
    if (await deps.store.setIfAbsent(lock, "1", 15_000)) {
      try {
        const fresh = await deps.upstream.refresh(session);
        await deps.vault.save(subject, fresh);
        known = fresh;
        return fresh;
      } catch (err) {
        if (session.expiresAt > Date.now() && !force) return session; // still valid: try again next call
        throw err instanceof AuthError ? err : new AuthError(`Refreshing your Okta session failed (${(err as Error).message}): reconnect to sign in again.`);
      } finally {
        await deps.store.del(lock);
      }
    }
    // Another instance is refreshing: wait for its token.
    for (let i = 0; i < 30; i++) {
      await sleep(100);
      const next = await deps.vault.load(subject);
      if (!next) throw signedOut();
      if (next.accessToken !== session.accessToken) return (known = next);
    }
    if (session.expiresAt > Date.now()) return session;
    throw new AuthError("Refreshing your Okta session timed out; retry.");
  }

  return {
    method: "authorization_code",
    start() {},
    async authorize(_target: RequestTarget) {
      const session = await current();
      // Live from here: redacted from every output (results, errors, logs, audit).
      registerToken(session.accessToken);
      return { Authorization: `Bearer ${session.accessToken}` };
    },
    async handleUnauthorized() {
      try {
        await current(true);
        return true;
      } catch {
        return false;
      }
    },
    async grantedScopes() {
      return (await current()).granted;
    },
    status(): AuthStatus {
      return { method: "authorization_code", orgUrl: deps.orgUrl, state: "ready", grantedScopes: known.granted, notGranted: [], dpop: false };
    },
    onChange() {},
  };
}
