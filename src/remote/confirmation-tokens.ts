// Confirmation tokens kept in the shared state store, so a token issued by one instance is redeemed by any
// other (and survives the issuing instance's death). Same contract as the in-process tokens: an HMAC over the
// subject (the admin), the tool and its canonical arguments; single use (taken atomically); five minutes.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { canonicalJson, type ConfirmationTokens, parseConfirmationToken } from "../runtime/confirm.js";
import type { StateStore } from "./state/store.js";

export function createStoreConfirmationTokens(store: StateStore, key: Buffer | undefined, ttlMs = 5 * 60_000, now: () => number = Date.now): ConfirmationTokens {
  // Without a configured key (one instance, memory store) a per-process key is enough.
  const secret = key ? createHmac("sha256", key).update("okta-mcp confirmation tokens").digest() : randomBytes(32);
  const mac = (subject: string, tool: string, args: Record<string, unknown>, nonce: string, expiry: number) =>
    createHmac("sha256", secret).update(`${subject}\n${tool}\n${canonicalJson(args)}\n${nonce}\n${expiry}`).digest("base64url");
  return {
    async issue(tool, args, subject = "") {
      const nonce = randomBytes(12).toString("base64url");
      const expiry = now() + ttlMs;
      await store.set(`confirm:${nonce}`, String(expiry), ttlMs);
      return `${nonce}.${expiry}.${mac(subject, tool, args, nonce, expiry)}`;
    },
    async redeem(tool, args, token, subject = "") {
      // The same strict shape as the in-process tokens (no "e0", "0x", "+", leading zeros or spaces).
      const parsed = parseConfirmationToken(token);
      if (!parsed || parsed.expiry <= now()) return false;
      const { nonce, expiry, signature } = parsed;
      const expected = Buffer.from(mac(subject, tool, args, nonce, expiry));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
      // Checked before it is spent: a token for other arguments or another admin does not burn the real one.
      return (await store.take(`confirm:${nonce}`)) === String(expiry);
    },
  };
}
