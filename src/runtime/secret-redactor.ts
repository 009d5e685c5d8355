// The one place that knows the live secrets: the API token and private key from the configuration, and every
// access or refresh token as it is minted or loaded. Everything the server emits — tool results, error
// messages, log lines, audit records — passes through redactText/redactValue at its output boundary, so a
// secret that reaches a message by any path (an HTTP stack quoting a header, a hostile org echoing the
// Authorization header in its errorSummary, a bug) is replaced before anyone reads it.
// Besides the known values, anything after an Authorization scheme (SSWS, Bearer, DPoP) and anything shaped
// like a JWT (DPoP proofs, client assertions, ID tokens) is redacted: those are credentials whoever minted them.

import { emptyRecord } from "./safe-object.js";

export const REDACTED = "[REDACTED]";

/** Shorter strings are not treated as secrets: they would redact ordinary words. */
const MIN_SECRET_LENGTH = 8;
/** Tokens are renewed for as long as the process runs; the newest are kept (older ones have expired). */
const MAX_TOKENS = 64;

const configured = new Set<string>();
const tokens = new Set<string>();
let pattern: RegExp | undefined;
let detector: RegExp;

// 16+ characters: Okta's API tokens are 42, access tokens are JWTs; shorter words after "Bearer" are prose.
// The gap may be whitespace or, inside JSON text, an escaped one (a backslash and n, r or t).
const SCHEME_CREDENTIAL = /\b(SSWS|Bearer|DPoP)((?:\s|\\[nrt])+)[A-Za-z0-9._~+/=-]{16,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// What redactValue looks for in a value's JSON text before it walks the value: a superset of what redactText
// replaces in any one string, as it appears once serialized. Known secrets also in their JSON-escaped form;
// JWTs and scheme credentials without the word boundary (in JSON text an escape such as `\n` may precede
// them), with the gaps JSON text writes for whitespace: the character itself, a short or \u escape, or an
// escaped backslash before n, r or t. Case is ignored throughout (a superset again).
const JWT_IN_JSON = String.raw`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.`;
const SCHEME_IN_JSON = String.raw`(?:SSWS|Bearer|DPoP)(?:\s|\\[bfnrt]|\\u[0-9a-fA-F]{4}|\\\\[nrt])+[A-Za-z0-9._~+/=-]{16,}`;

function buildDetector(secrets: string[]): RegExp {
  const forms = new Set<string>();
  for (const secret of secrets) forms.add(escape(secret)).add(escape(JSON.stringify(secret).slice(1, -1)));
  return new RegExp([...forms, JWT_IN_JSON, SCHEME_IN_JSON].join("|"), "i");
}

detector = buildDetector([]);

function rebuild(): void {
  // Longest first, so a secret that contains another is replaced whole.
  const all = [...configured, ...tokens].sort((a, b) => b.length - a.length);
  pattern = all.length ? new RegExp(all.map(escape).join("|"), "g") : undefined;
  detector = buildDetector(all);
}

/** A configured credential (API token, client secret): never expires from the list. */
export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < MIN_SECRET_LENGTH || configured.has(secret)) return;
  configured.add(secret);
  // Also as it would appear inside JSON text (a quote or backslash escaped).
  const json = JSON.stringify(secret).slice(1, -1);
  if (json !== secret) configured.add(json);
  rebuild();
}

/** A minted token (access, refresh): kept among the newest MAX_TOKENS. */
export function registerToken(token: string | undefined): void {
  if (!token || token.length < MIN_SECRET_LENGTH || tokens.has(token)) return;
  tokens.add(token);
  while (tokens.size > MAX_TOKENS) tokens.delete(tokens.values().next().value as string);
  rebuild();
}

/**
 * OKTA_PRIVATE_KEY as given (PEM text, JWK JSON or a file path): the text itself, each base64 line of a PEM
 * body, and a JWK's private members. The key is never sent anywhere, so it can only leak through our own bug.
 */
export function registerPrivateKey(input: string | undefined): void {
  if (!input) return;
  const text = input.replace(/\\n/g, "\n");
  if (text.includes("-----BEGIN")) {
    registerSecret(text.trim());
    for (const line of text.split(/\r?\n/)) if (/^[A-Za-z0-9+/=]{16,}$/.test(line.trim())) registerSecret(line.trim());
    return;
  }
  if (text.trim().startsWith("{")) {
    try {
      const jwk = JSON.parse(text) as Record<string, unknown>;
      for (const member of ["d", "p", "q", "dp", "dq", "qi", "k"]) if (typeof jwk[member] === "string") registerSecret(jwk[member] as string);
    } catch {
      // Not JSON after all: the key reader reports it.
    }
    registerSecret(text.trim());
  }
}

/** The text with every known secret, scheme credential and JWT replaced by [REDACTED]. */
export function redactText(text: string): string {
  let out = pattern ? text.replace(pattern, REDACTED) : text;
  if (out.includes("eyJ")) out = out.replace(JWT, REDACTED);
  return out.replace(SCHEME_CREDENTIAL, (_m, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
}

function redactDeep(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value && typeof value === "object") {
    const out = emptyRecord();
    for (const [key, v] of Object.entries(value)) out[redactText(key)] = redactDeep(v);
    return out;
  }
  return value;
}

/**
 * A JSON value with every string (and key) redacted. What leaves the server is the value's JSON text, so that
 * text is scanned once first: when nothing in it can be a secret (nearly always), the value is returned as it
 * is; otherwise a redacted copy, on objects without a prototype. One scan of one string costs far less than
 * running the patterns over every string and key of a page of records.
 */
export function redactValue<T>(value: T): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Not serializable as it is (a BigInt, a cycle): walked.
  }
  if (text !== undefined && !detector.test(text)) return value;
  return redactDeep(value) as T;
}

/** For tests: forget every registered secret. */
export function forgetSecrets(): void {
  configured.clear();
  tokens.clear();
  pattern = undefined;
  detector = buildDetector([]);
}
