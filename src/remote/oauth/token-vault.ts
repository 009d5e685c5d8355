// The admins' Okta tokens, encrypted at rest (AES-256-GCM, a fresh 96-bit IV per write, the admin's id as
// additional data so an entry cannot be moved to another admin). They never leave the server: the MCP client
// only ever holds a token for this server.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { StateStore } from "../state/store.js";

export interface OktaSession {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Okta scopes granted to this admin (configured ∩ what Okta granted). */
  granted: string[];
  /** The admin's Okta login (preferred_username), for the audit trail. */
  login: string;
}

export const SESSION_TTL_MS = 30 * 86_400_000;

export class TokenVault {
  constructor(
    private readonly store: StateStore,
    private readonly key: Buffer,
  ) {}

  private keyOf(subject: string) {
    return `okta-session:${subject}`;
  }

  async save(subject: string, session: OktaSession): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(subject));
    const data = Buffer.concat([cipher.update(JSON.stringify(session), "utf8"), cipher.final()]);
    const sealed = `v1.${iv.toString("base64url")}.${data.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}`;
    await this.store.set(this.keyOf(subject), sealed, SESSION_TTL_MS);
  }

  /** The session, or undefined when absent, signed out, or not decryptable (another key, tampered). */
  async load(subject: string): Promise<OktaSession | undefined> {
    const sealed = await this.store.get(this.keyOf(subject));
    if (!sealed) return undefined;
    const [version, iv, data, tag] = sealed.split(".");
    if (version !== "v1" || !iv || !data || !tag) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(subject));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      const text = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
      return JSON.parse(text) as OktaSession;
    } catch {
      return undefined;
    }
  }

  async remove(subject: string): Promise<void> {
    await this.store.del(this.keyOf(subject));
  }
}
