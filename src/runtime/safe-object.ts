// Keys that come from data (Okta's records, the caller's arguments) must never reach an object's prototype.
// `out[key] = value` with key "__proto__" replaces out's prototype, and a path walked through "__proto__",
// "constructor" or "prototype" lands on a shared prototype (Object.prototype), where one assignment changes
// every object in the process. Everything that copies keys from data builds on these helpers.

/** Path segments that lead from a plain value to a shared prototype. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key);
}

/** An object without a prototype: any key, "__proto__" included, is an ordinary own property. */
export function emptyRecord<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The value of an own property only: inherited members (constructor, __proto__, toString...) read as undefined. */
export function ownValue(value: unknown, key: string): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
