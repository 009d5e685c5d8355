// Confirmation of destructive tools. With elicitation the human confirms in the client; without it we
// fail closed and hand out a single-use token bound to the exact tool and arguments (HMAC, expires).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** JSON with sorted keys, so the same arguments always give the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export interface ConfirmationTokens {
  /** `subject` (remote mode: the admin) binds the token to one caller: no one else can redeem it. */
  issue(tool: string, args: Record<string, unknown>, subject?: string): string | Promise<string>;
  /** True exactly once for a token issued for this tool, these arguments and this subject, before it expires. */
  redeem(tool: string, args: Record<string, unknown>, token: string, subject?: string): boolean | Promise<boolean>;
}

export interface TokenOptions {
  ttlMs?: number;
  /** Outstanding tokens kept; the oldest is forgotten (and so refused) beyond this. */
  maxOutstanding?: number;
  now?: () => number;
}

/** The in-process tokens answer at once (a shared store, in remote mode, answers asynchronously). */
export interface LocalConfirmationTokens extends ConfirmationTokens {
  issue(tool: string, args: Record<string, unknown>, subject?: string): string;
  redeem(tool: string, args: Record<string, unknown>, token: string, subject?: string): boolean;
}

export function createConfirmationTokens(options: TokenOptions = {}): LocalConfirmationTokens {
  const secret = randomBytes(32);
  const ttl = options.ttlMs ?? 5 * 60_000;
  const max = options.maxOutstanding ?? 1000;
  const now = options.now ?? Date.now;
  // nonce → expiry. A token is valid only while its nonce is here; redeeming deletes it (single use).
  const outstanding = new Map<string, number>();
  const mac = (tool: string, args: Record<string, unknown>, nonce: string, expiry: number, subject = "") =>
    createHmac("sha256", secret).update(`${subject}\n${tool}\n${canonicalJson(args)}\n${nonce}\n${expiry}`).digest("base64url");
  const prune = () => {
    const t = now();
    for (const [nonce, expiry] of outstanding) if (expiry <= t) outstanding.delete(nonce);
    while (outstanding.size >= max) outstanding.delete(outstanding.keys().next().value as string);
  };
  return {
    issue(tool, args, subject) {
      prune();
      const nonce = randomBytes(12).toString("base64url");
      const expiry = now() + ttl;
      outstanding.set(nonce, expiry);
      return `${nonce}.${expiry}.${mac(tool, args, nonce, expiry, subject)}`;
    },
    redeem(tool, args, token, subject) {
      const [nonce, expiryText, signature, extra] = token.split(".");
      if (!nonce || !expiryText || !signature || extra !== undefined) return false;
      const expiry = Number(expiryText);
      if (!Number.isSafeInteger(expiry) || expiry <= now()) return false;
      if (outstanding.get(nonce) !== expiry) return false;
      const expected = Buffer.from(mac(tool, args, nonce, expiry, subject));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
      outstanding.delete(nonce);
      return true;
    },
  };
}

/** What the human is asked to confirm: the exact operation and its target. */
export function describeOperation(
  tool: { name: string; title: string; method: string },
  url: string,
  args: Record<string, unknown>,
): string {
  const shown = Object.entries(args)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`.slice(0, 200))
    .join(", ");
  return `Confirm destructive operation "${tool.title}" (${tool.name}): ${tool.method} ${url}` + (shown ? ` with ${shown}` : "") + ". This cannot be undone.";
}
