// Bounds on what a caller sends, checked before any work is done on it: a tool name is looked up, compared
// and echoed only when it is short; arguments are walked (iteratively, stopping at the first problem) before
// they are copied, redacted, validated or sent. A refused input is answered with a short message that never
// repeats it.

/** Tool names here are at most 64 characters; MCP allows 128. Anything longer is not a name of ours. */
export const MAX_TOOL_NAME_LENGTH = 128;
/** Largest arguments object (its JSON size, roughly): far above any Okta request body (an app with its certificates is tens of KB). */
export const MAX_ARGUMENT_BYTES = 1024 * 1024;
/** Okta's deepest request bodies (policy rules) nest about 8 levels. */
export const MAX_ARGUMENT_DEPTH = 32;

/** A caller-supplied text for a message: JSON-quoted, control characters escaped, cut to `max` characters. */
export function shown(text: string, max = 64): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut) + (text.length > max ? ` (${text.length.toLocaleString("en-US")} characters)` : "");
}

/** Why a tool name cannot be one of ours, before it is looked up; undefined when it may be. */
export function toolNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || name.length === 0) return "The tool name must be a non-empty string. Call tools/list for the tools this server offers.";
  if (name.length > MAX_TOOL_NAME_LENGTH) {
    return `Unknown tool ${shown(name)}: tool names have at most ${MAX_TOOL_NAME_LENGTH} characters. Call tools/list for the tools this server offers.`;
  }
  return undefined;
}

/** An unpaired UTF-16 surrogate cannot be encoded as UTF-8 (in a URL or a JSON body): it is not text. */
export function isWellFormedText(text: string): boolean {
  // String.prototype.isWellFormed is in Node 20 (V8 11.3); the regex is for runtimes without it.
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

export interface ArgumentLimits {
  maxBytes: number;
  maxDepth: number;
}

const DEFAULT_LIMITS: ArgumentLimits = { maxBytes: MAX_ARGUMENT_BYTES, maxDepth: MAX_ARGUMENT_DEPTH };

/**
 * Why these arguments cannot be used, or undefined: too large, nested too deep, a "__proto__" key (Okta
 * refuses the name, and copied with `=` it replaces an object's prototype), or text that is not well-formed
 * UTF-16 (a lone surrogate cannot go on the wire). One iterative walk that stops at the first problem, so its
 * cost is bounded by the limits, not by the input.
 */
export function argumentsProblem(args: unknown, limits: ArgumentLimits = DEFAULT_LIMITS): string | undefined {
  if (args === null || typeof args !== "object" || Array.isArray(args)) return "Arguments must be a JSON object.";
  // Paths are built only for the message, from parent links: the walk itself allocates one small entry per value.
  interface Entry {
    value: unknown;
    depth: number;
    parent?: Entry;
    key?: string | number;
  }
  const pathOf = (entry: Entry | undefined): string => {
    const parts: string[] = [];
    for (let e = entry; e?.parent; e = e.parent) parts.unshift(typeof e.key === "number" ? `[${e.key}]` : `.${e.key}`);
    return parts.join("").replace(/^\./, "");
  };
  const where = (entry: Entry | undefined) => {
    const path = pathOf(entry);
    return path ? `argument ${shown(path, 80)}` : "the arguments";
  };
  const tooLarge = () => `The arguments are larger than ${limits.maxBytes.toLocaleString("en-US")} bytes. Send less: page through lists, or split the change.`;
  const stack: Entry[] = [{ value: args, depth: 1 }];
  let bytes = 0;
  while (stack.length) {
    const entry = stack.pop()!;
    const { value, depth } = entry;
    if (typeof value === "string") {
      bytes += value.length + 2;
      if (bytes > limits.maxBytes) return tooLarge();
      if (!isWellFormedText(value)) return `The text in ${where(entry)} contains an unpaired UTF-16 surrogate, which cannot be sent to Okta. Send well-formed text.`;
      continue;
    }
    if (value === null || typeof value !== "object") {
      bytes += 4;
      if (bytes > limits.maxBytes) return tooLarge();
      continue;
    }
    if (depth > limits.maxDepth) return `${where(entry)} nests deeper than ${limits.maxDepth} levels; Okta's requests are far flatter. Send the object the tool's schema describes.`;
    if (Array.isArray(value)) {
      // Each element costs at least its comma: counted before anything is pushed.
      bytes += 2 + value.length;
      if (bytes > limits.maxBytes) return tooLarge();
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, parent: entry, key: i });
      continue;
    }
    const keys = Object.keys(value);
    bytes += 2 + keys.length;
    if (bytes > limits.maxBytes) return tooLarge();
    for (const key of keys) {
      const child: Entry = { value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: entry, key };
      if (key === "__proto__") return `${where(child)}: the key "__proto__" is not allowed (Okta refuses it, and it is never a property of an Okta object).`;
      if (!isWellFormedText(key)) return `A key in ${where(entry)} contains an unpaired UTF-16 surrogate, which cannot be sent to Okta.`;
      bytes += key.length + 3;
      if (bytes > limits.maxBytes) return tooLarge();
      stack.push(child);
    }
  }
  return undefined;
}
