// Configuration of the HTTP (remote) mode, from flags and OKTA_MCP_* environment variables (flags win).
// Two shapes: local HTTP (no public URL: one identity, the process's own Okta credentials, loopback only) and
// remote (a public URL: every admin signs in to Okta through this server's OAuth front).
import { ConfigError } from "../runtime/errors.js";

export interface RemoteFlags {
  http?: boolean;
  port?: string;
  host?: string;
  publicUrl?: string;
  redisUrl?: string;
}

export interface RemoteConfig {
  port: number;
  host: string;
  /** Base URL clients use (https:// outside loopback); undefined = local HTTP mode. */
  publicUrl?: URL;
  allowedHosts: string[];
  allowedOrigins: string[];
  maxBodyBytes: number;
  rateLimitPerMinute: number;
  redisUrl?: string;
  /** Key material for encryption at rest, signing and cookies (remote mode). */
  secret?: Buffer;
  /** Okta web app credentials for the admins' sign-in (remote mode). */
  clientSecret?: string;
  /** Okta access token lifetime is Okta's; this is the MCP client's token lifetime (seconds). */
  accessTokenTtlS: number;
  drainMs: number;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;

function int(raw: string | undefined, what: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new ConfigError(`${what} must be an integer from 0 to ${max}, got "${raw}"`);
  return n;
}

const list = (raw: string | undefined) => (raw ? raw.split(/[\s,]+/).filter(Boolean) : []);

/** A secret of at least 32 bytes: base64/base64url/hex text, or any text of 32+ characters. */
export function parseSecret(raw: string, what: string): Buffer {
  const text = raw.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 && text.length >= 64) bytes = Buffer.from(text, "hex");
  else if (/^[A-Za-z0-9+/_-]+=*$/.test(text) && text.length >= 43) bytes = Buffer.from(text, "base64");
  else bytes = Buffer.from(text, "utf8");
  if (bytes.length < 32) throw new ConfigError(`${what} must hold at least 32 bytes of key material (e.g. openssl rand -base64 48)`);
  return bytes;
}

export function loadRemoteConfig(env: NodeJS.ProcessEnv, flags: RemoteFlags, readFile: (path: string) => string): RemoteConfig {
  const host = flags.host ?? env.OKTA_MCP_HOST ?? "127.0.0.1";
  const port = int(flags.port ?? env.OKTA_MCP_PORT ?? env.PORT, "--port", 8080, 65535);
  const rawPublic = flags.publicUrl ?? env.OKTA_MCP_PUBLIC_URL;
  let publicUrl: URL | undefined;
  if (rawPublic) {
    try {
      publicUrl = new URL(rawPublic);
    } catch {
      throw new ConfigError(`OKTA_MCP_PUBLIC_URL "${rawPublic}" is not a URL (use the base URL clients reach, e.g. https://mcp.example.com)`);
    }
    if (publicUrl.pathname !== "/" || publicUrl.search || publicUrl.hash || publicUrl.username) {
      throw new ConfigError(`OKTA_MCP_PUBLIC_URL must be a base URL without a path (use ${publicUrl.origin})`);
    }
    if (publicUrl.protocol !== "https:" && !(publicUrl.protocol === "http:" && LOOPBACK.test(publicUrl.hostname))) {
      throw new ConfigError(`OKTA_MCP_PUBLIC_URL must use https:// (http:// only for localhost tests); TLS ends at your ingress`);
    }
  } else if (!LOOPBACK.test(host)) {
    // Without the OAuth front, whoever reaches the port acts with the server's own Okta credentials.
    throw new ConfigError(
      `--http without OKTA_MCP_PUBLIC_URL serves one identity and binds only to loopback (got --host ${host}); set OKTA_MCP_PUBLIC_URL to turn on per-admin sign-in`,
    );
  }

  const loopbackNames = LOOPBACK.test(host) || (publicUrl && LOOPBACK.test(publicUrl.hostname)) ? ["localhost", "127.0.0.1", "[::1]"] : [];
  const publicName = publicUrl ? [publicUrl.hostname.includes(":") ? `[${publicUrl.hostname}]` : publicUrl.hostname] : [];
  const allowedHosts = [...new Set([...publicName, ...loopbackNames, ...list(env.OKTA_MCP_ALLOWED_HOSTS)])];
  const allowedOrigins = [...new Set([...publicName, ...loopbackNames, ...list(env.OKTA_MCP_ALLOWED_ORIGINS)])];

  let secret: Buffer | undefined;
  const secretFile = env.OKTA_MCP_SECRET_FILE;
  if (env.OKTA_MCP_SECRET) secret = parseSecret(env.OKTA_MCP_SECRET, "OKTA_MCP_SECRET");
  else if (secretFile) {
    let text: string;
    try {
      text = readFile(secretFile);
    } catch (err) {
      throw new ConfigError(`cannot read OKTA_MCP_SECRET_FILE (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    secret = parseSecret(text, "OKTA_MCP_SECRET_FILE");
  }
  const redisUrl = flags.redisUrl ?? env.OKTA_MCP_REDIS_URL ?? undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError(`OKTA_MCP_REDIS_URL must start with redis:// or rediss://`);
  if (redisUrl && publicUrl && !secret) {
    throw new ConfigError("OKTA_MCP_REDIS_URL is set but OKTA_MCP_SECRET is not: every instance must share the same key (set OKTA_MCP_SECRET or OKTA_MCP_SECRET_FILE)");
  }

  return {
    port,
    host,
    publicUrl,
    allowedHosts,
    allowedOrigins,
    maxBodyBytes: int(env.OKTA_MCP_MAX_BODY_BYTES, "OKTA_MCP_MAX_BODY_BYTES", 1_048_576) || 1_048_576,
    rateLimitPerMinute: int(env.OKTA_MCP_RATE_LIMIT, "OKTA_MCP_RATE_LIMIT", 600) || 600,
    redisUrl,
    secret,
    clientSecret: env.OKTA_CLIENT_SECRET || undefined,
    accessTokenTtlS: int(env.OKTA_MCP_TOKEN_TTL, "OKTA_MCP_TOKEN_TTL", 3600, 86_400) || 3600,
    drainMs: int(env.OKTA_MCP_DRAIN_MS, "OKTA_MCP_DRAIN_MS", 25_000, 600_000),
  };
}
