// Generated data files keep a schema that repeats (Okta's HAL link object is inlined hundreds of times in the
// schema resources) once, under `shared`, and point at it with `{"$shared": "<name>"}`. codegen writes that
// form (codegen/json-data.ts); the generated modules expand it when they load, so the runtime sees plain schemas.

/** The one key of a pointer object. No schema has an object whose only key is this. */
export const SHARED_POINTER = "$shared";

export interface SharedDocument {
  /** Repeated subschemas by name. */
  shared: Record<string, unknown>;
  /** The data, with pointers in place of the repeated subschemas. */
  value: unknown;
}

function pointerName(node: Record<string, unknown>): string | undefined {
  const keys = Object.keys(node);
  return keys.length === 1 && keys[0] === SHARED_POINTER && typeof node[SHARED_POINTER] === "string" ? (node[SHARED_POINTER] as string) : undefined;
}

/**
 * The data with every pointer replaced by its subschema (in place: the parsed file is ours). A subschema used
 * in several places is one object, shared: the runtime only reads and serializes these schemas.
 */
export function expandShared(document: SharedDocument): unknown {
  const expanded = new Map<string, unknown>();
  const resolve = (name: string): unknown => {
    if (!expanded.has(name)) {
      if (!Object.hasOwn(document.shared, name)) throw new Error(`generated data points at a missing shared schema "${name}"`);
      expanded.set(name, null);
      expanded.set(name, expand(document.shared[name]));
    }
    const value = expanded.get(name);
    if (value === null) throw new Error(`shared schema "${name}" points at itself`);
    return value;
  };
  const expand = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = expand(node[i]);
      return node;
    }
    if (node === null || typeof node !== "object") return node;
    const object = node as Record<string, unknown>;
    const name = pointerName(object);
    if (name !== undefined) return resolve(name);
    for (const key of Object.keys(object)) object[key] = expand(object[key]);
    return object;
  };
  return expand(document.value);
}
