// The admin's browser session for the approval pages: established only by that admin's own Okta sign-in through
// this server (front.ts), carried by a cookie that scripts cannot read (HttpOnly), sent only over TLS when the public
// URL is https (Secure, and the __Host- prefix: no Domain, Path=/), and not on cross-site subrequests or posts
// (SameSite=Lax). The cookie holds a random 256-bit id; the store keeps its SHA-256 only, so a copy of the store
// yields no live session. An MCP bearer token is never a session: the model holds that token.
import { createHash, randomBytes } from "node:crypto";
import type { StateStore } from "../state/store.js";

export interface BrowserSession {
  /** The admin's stable id (Okta user id, the ID token's sub). */
  subject: string;
  login: string;
  /** Anti-CSRF token of the session's own forms (sign-out). */
  csrf: string;
  createdAt: number;
}

export interface BrowserSessionOptions {
  store: StateStore;
  /** The public URL is https: Secure cookie with the __Host- prefix. */
  secure: boolean;
  ttlMs?: number;
  now?: () => number;
}

/** A session lasts a working day; the approvals themselves last minutes. */
export const BROWSER_SESSION_TTL_MS = 8 * 3600_000;
const ID = /^[A-Za-z0-9_-]{43}$/;

export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

export class BrowserSessions {
  readonly cookieName: string;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: BrowserSessionOptions) {
    this.cookieName = options.secure ? "__Host-okta-mcp-approvals" : "okta-mcp-approvals";
    this.ttlMs = options.ttlMs ?? BROWSER_SESSION_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  private key(id: string) {
    return `browser-session:${createHash("sha256").update(id).digest("base64url")}`;
  }

  private cookie(value: string, maxAgeS: number) {
    return `${this.cookieName}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${this.options.secure ? "; Secure" : ""}`;
  }

  /** Starts a session after the admin's Okta sign-in; returns the Set-Cookie header. */
  async create(subject: string, login: string): Promise<string> {
    const id = randomBytes(32).toString("base64url");
    const session: BrowserSession = { subject, login, csrf: randomBytes(32).toString("base64url"), createdAt: this.now() };
    await this.options.store.set(this.key(id), JSON.stringify(session), this.ttlMs);
    return this.cookie(id, Math.floor(this.ttlMs / 1000));
  }

  /** The session named by the request's cookie, unless it expired or the admin signed out after it began. */
  async of(cookieHeader: string | null | undefined): Promise<BrowserSession | undefined> {
    const id = cookieValue(cookieHeader, this.cookieName);
    if (!id || !ID.test(id)) return undefined;
    const raw = await this.options.store.get(this.key(id));
    if (!raw) return undefined;
    let session: BrowserSession;
    try {
      session = JSON.parse(raw) as BrowserSession;
    } catch {
      return undefined;
    }
    if (typeof session.subject !== "string" || typeof session.csrf !== "string") return undefined;
    // POST /oauth/signout ends every session of the admin that began before it.
    const signedOutAt = Number((await this.options.store.get(`signout:${session.subject}`)) ?? 0);
    if (session.createdAt <= signedOutAt) return undefined;
    return session;
  }

  /** Ends the request's session; returns the Set-Cookie header that clears the cookie. */
  async end(cookieHeader: string | null | undefined): Promise<string> {
    const id = cookieValue(cookieHeader, this.cookieName);
    if (id && ID.test(id)) await this.options.store.del(this.key(id));
    return this.cookie("", 0);
  }
}
