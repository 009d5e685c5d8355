// The spec cut down to the allowlisted operations and the components they reference (for openapi-typescript).
import type { HttpMethod } from "../../src/tool-spec.js";
import { isObj, type OpenApiDoc, type Obj } from "../spec-types.js";

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, into);
  else if (isObj(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") into.add(value);
      else if (key === "discriminator" && isObj(value) && isObj(value.mapping)) {
        // openapi-typescript follows mapping targets too.
        for (const target of Object.values(value.mapping)) if (typeof target === "string") into.add(target);
      }
      else if (key !== "examples" && key !== "example") collectRefs(value, into);
    }
  }
}

/** Drops `example(s)`: they carry `$ref`s of their own and only cost type-checking time. */
function withoutExamples(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutExamples);
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [key, value] of Object.entries(node)) if (key !== "examples" && key !== "example") out[key] = withoutExamples(value);
  return out;
}

export function pruneSpec(doc: OpenApiDoc, operations: Array<{ method: HttpMethod; path: string }>): OpenApiDoc {
  const paths: Record<string, Obj> = {};
  for (const { method, path } of operations) {
    const item = doc.paths[path];
    const target = (paths[path] ??= Array.isArray(item.parameters) ? { parameters: item.parameters } : {});
    target[method.toLowerCase()] = item[method.toLowerCase()];
  }
  const components: Record<string, Record<string, unknown>> = {};
  const pending = new Set<string>();
  collectRefs(paths, pending);
  const done = new Set<string>();
  while (pending.size) {
    const [ref] = pending;
    pending.delete(ref);
    if (done.has(ref)) continue;
    done.add(ref);
    const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
    if (!match) continue;
    const [, section, name] = match;
    const value = (doc.components as Record<string, Record<string, unknown>> | undefined)?.[section]?.[name];
    if (value === undefined) continue;
    (components[section] ??= {})[name] = value;
    collectRefs(value, pending);
  }
  const sortedComponents: Record<string, Record<string, unknown>> = {};
  for (const section of Object.keys(components).sort()) {
    sortedComponents[section] = Object.fromEntries(Object.entries(components[section]).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  if (doc.components?.securitySchemes) sortedComponents.securitySchemes = doc.components.securitySchemes as Record<string, unknown>;
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)));
  return withoutExamples({ openapi: doc.openapi, info: doc.info, paths: sortedPaths, components: sortedComponents }) as OpenApiDoc;
}
