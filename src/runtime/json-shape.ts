// A byte cap alone does not bound memory: 16 MiB of `{},{},...` parses into 5.6 million objects (~540 MiB).
// Before a body is parsed, one pass over its bytes counts its values and its nesting; a body with more values
// or deeper nesting than any real Okta page is refused instead of parsed. Structural characters are ASCII,
// and UTF-8 never uses bytes below 0x80 inside a multi-byte character, so the bytes can be scanned as they are.

export interface JsonShapeLimits {
  /** Values (objects, arrays, members and elements) in the whole body. */
  maxValues: number;
  maxDepth: number;
}

/** Okta's records nest under 10 levels; our own recursive walks (shaping, redaction) stay far from the stack limit at this depth. */
export const MAX_RESPONSE_DEPTH = 64;
/**
 * Real Okta pages spend 30+ bytes per value (10,000 groups ≈ 10 MB for ≈ 280,000 values; 1,000 System Log
 * events ≈ 100,000 values); one value per 32 bytes of the byte cap (524,288 at 16 MiB) leaves them room and
 * bounds a parsed answer to about 30 MiB at the default cap.
 */
export const BYTES_PER_VALUE = 32;

export function shapeLimitsFor(maxBytes: number): JsonShapeLimits {
  return { maxValues: Math.max(1024, Math.floor(maxBytes / BYTES_PER_VALUE)), maxDepth: MAX_RESPONSE_DEPTH };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** Why this JSON body would cost too much to parse, or undefined. Not a validator: JSON.parse still judges syntax. */
export function jsonShapeProblem(bytes: Uint8Array, limits: JsonShapeLimits): string | undefined {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    switch (b) {
      case QUOTE:
        inString = true;
        break;
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (++depth > limits.maxDepth) return `it nests deeper than ${limits.maxDepth} levels`;
        if (++values > limits.maxValues) return `it holds more than ${limits.maxValues.toLocaleString("en-US")} values`;
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        depth--;
        break;
      case COMMA:
        if (++values > limits.maxValues) return `it holds more than ${limits.maxValues.toLocaleString("en-US")} values`;
        break;
    }
  }
  return undefined;
}
