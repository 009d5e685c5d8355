// Device-flow tokens at rest: one file per org + client id + flow, mode 0600 in a 0700 directory,
// so two orgs (or two apps) never overwrite each other's session.
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../logger.js";

export interface StoredSession {
  version: 1;
  orgUrl: string;
  clientId: string;
  flow: string;
  /** Scopes asked for at sign-in; a session is reused only if these cover what is configured now. */
  requestedScopes: string[];
  accessToken: string;
  tokenType: "bearer" | "dpop";
  expiresAt?: number;
  refreshToken?: string;
  granted?: string[];
}

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.length > 0 ? env.XDG_STATE_HOME : join(homedir(), ".local", "state");
  return join(base, "okta-mcp-server");
}

export class TokenStore {
  readonly path: string;

  constructor(
    private readonly dir: string,
    private readonly orgUrl: string,
    private readonly clientId: string,
    private readonly flow: string,
    private readonly log: Logger,
  ) {
    const id = createHash("sha256").update(`${orgUrl}|${clientId}|${flow}`).digest("hex").slice(0, 16);
    this.path = join(dir, `tokens-${id}.json`);
  }

  load(): StoredSession | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
        this.log.warn(`Cannot read the stored Okta session at ${this.path} (${(err as NodeJS.ErrnoException).code}); signing in again`);
      }
      return undefined;
    }
    try {
      const session = JSON.parse(text) as StoredSession;
      const matches =
        session.version === 1 &&
        session.orgUrl === this.orgUrl &&
        session.clientId === this.clientId &&
        session.flow === this.flow &&
        typeof session.accessToken === "string" &&
        Array.isArray(session.requestedScopes);
      if (matches) return session;
    } catch {
      // fall through
    }
    this.log.warn(`The stored Okta session at ${this.path} is not usable; signing in again`);
    return undefined;
  }

  save(session: Omit<StoredSession, "version" | "orgUrl" | "clientId" | "flow">): void {
    const full: StoredSession = { version: 1, orgUrl: this.orgUrl, clientId: this.clientId, flow: this.flow, ...session };
    // Write a fresh file (mode applies at creation) and rename it over the old one: never a readable or torn file.
    const temp = `${this.path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(temp, JSON.stringify(full), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, this.path);
    } catch (err) {
      removeQuietly(temp);
      this.log.warn(`Cannot store the Okta session at ${this.path} (${(err as NodeJS.ErrnoException).code ?? "error"}); you will sign in again next time`);
    }
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was written there.
  }
}
