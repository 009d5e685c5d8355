// Full-replace PUTs become merge updates (src/runtime/update-merge.ts does the work at run time): the generator
// pairs each one with the read that returns the current object and lists the read-only fields to drop before
// the object goes back. Per-tool facts live here or in the allowlist (`merge: false`, `read: operationId`).
import type { UpdateSpec } from "../../src/tool-spec.js";
import { CodegenError } from "../errors.js";
import { specScopes, type OperationEntry } from "../load.js";
import { isObj, type OpenApiDoc, type Obj, type SpecOperation } from "../spec-types.js";
import { componentName, deref, discriminatorOf, resolvePointer } from "./json-schema.js";

const JSON_TYPES = ["application/json", "application/merge-patch+json"];

export type UpdateFacts = Omit<UpdateSpec, "replaceArg">;

function readOnlyFields(sets: ReadOnlySets): Pick<UpdateSpec, "readOnly" | "readOnlyByType"> {
  return { readOnly: sets.common, ...(sets.byType ? { readOnlyByType: sets.byType } : {}) };
}

/** The GET operation on `path`, if the spec has one. */
function getOn(doc: OpenApiDoc, path: string): SpecOperation | undefined {
  const item = doc.paths[path];
  const op = isObj(item) ? item.get : undefined;
  if (!isObj(op) || typeof op.operationId !== "string") return undefined;
  return { operationId: op.operationId, method: "GET", path, op, pathParameters: Array.isArray(item.parameters) ? item.parameters : [] };
}

function findOperation(doc: OpenApiDoc, operationId: string): SpecOperation | undefined {
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObj(item)) continue;
    for (const method of ["get", "put", "post", "patch", "delete"]) {
      const op = item[method];
      if (isObj(op) && op.operationId === operationId) {
        return { operationId, method: method.toUpperCase() as SpecOperation["method"], path, op, pathParameters: Array.isArray(item.parameters) ? item.parameters : [] };
      }
    }
  }
  return undefined;
}

/** The JSON schema of the first 2xx response, when it is an object (a list or a union cannot be merged into). */
function objectResponse(doc: OpenApiDoc, op: Obj): unknown {
  const responses = isObj(op.responses) ? op.responses : {};
  for (const status of Object.keys(responses).sort()) {
    if (!/^2/.test(status)) continue;
    const response = deref<Obj>(doc, responses[status]);
    const content = isObj(response.content) ? response.content : {};
    const media = content["application/json"] as Obj | undefined;
    if (!isObj(media?.schema)) return undefined;
    const target = deref<Obj>(doc, media.schema);
    const objectLike = target.type === "object" || isObj(target.properties) || Array.isArray(target.allOf) || discriminatorOf(target) !== undefined;
    return objectLike && target.type !== "array" && !Array.isArray(target.oneOf) ? media.schema : undefined;
  }
  return undefined;
}

const pathParams = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

/**
 * Okta's manage scopes include read: `okta.<x>.read` needed by the read is covered by the write's `okta.<x>.manage`.
 * Anything else the read needs is listed and checked exactly at run time.
 */
export function readScopesFor(readScopes: string[], writeScopes: string[]): string[] {
  return [...new Set(readScopes.map((scope) => {
    const manage = scope.replace(/\.read$/, ".manage");
    return scope.endsWith(".read") && writeScopes.includes(manage) ? manage : scope;
  }))];
}

/**
 * Merge facts for a PUT whose JSON body is an object with per-field arguments, or undefined when the tool stays a
 * plain replacement (not a PUT, `merge: false`, no GET on the path, or a GET that does not answer one object).
 */
export function deriveUpdate(doc: OpenApiDoc, operation: SpecOperation, entry: OperationEntry, bodySchema: unknown, writeScopes: string[]): UpdateFacts | undefined {
  const where = `${entry.pos.file}:${entry.pos.line}:${entry.pos.col}`;
  if (operation.method !== "PUT" || entry.merge === false) {
    if (entry.read !== undefined) throw new CodegenError(`${where}: \`read:\` on ${operation.operationId}, which is not a merge update`, "remove `read:` (only PUTs without `merge: false` read first)");
    return undefined;
  }
  const read = entry.read !== undefined ? findOperation(doc, entry.read) : getOn(doc, operation.path);
  if (entry.read !== undefined) {
    if (!read || read.method !== "GET") throw new CodegenError(`${where}: \`read: ${entry.read}\` is not a GET operation of the spec`, "name the GET that returns the object this PUT replaces");
    const missing = pathParams(read.path).filter((p) => !pathParams(operation.path).includes(p));
    if (missing.length) throw new CodegenError(`${where}: the read ${entry.read} needs path parameters ${missing.join(", ")} that ${operation.operationId} does not have`, "pick a GET whose path parameters the PUT has");
  }
  if (!read) return undefined;
  const responseSchema = objectResponse(doc, read.op);
  if (responseSchema === undefined) {
    if (entry.read !== undefined) throw new CodegenError(`${where}: the read ${entry.read} does not answer a single JSON object`, "pick a GET that returns the object, or write `merge: false`");
    return undefined;
  }
  return {
    readOperationId: read.operationId,
    readPath: read.path,
    readScopes: readScopesFor(specScopes(doc, read), writeScopes),
    ...readOnlyFields(readOnlyPaths(doc, bodySchema, responseSchema)),
  };
}

// ---- read-only fields ------------------------------------------------------------------------------------------

interface Fields {
  readOnly: Set<string>;
  writable: Set<string>;
}

const MAX_DEPTH = 12;

function isReadOnly(doc: OpenApiDoc, schema: unknown): boolean {
  if (!isObj(schema)) return false;
  if (schema.readOnly === true) return true;
  if (typeof schema.$ref === "string") return isReadOnly(doc, resolvePointer(doc, schema.$ref));
  return Array.isArray(schema.allOf) && schema.allOf.some((part) => isReadOnly(doc, part));
}

function walk(doc: OpenApiDoc, schema: unknown, path: string, fields: Fields, stack: string[], depth: number, dispatch = true): void {
  if (!isObj(schema) || depth > MAX_DEPTH) return;
  if (schema.__noDispatch === true) {
    // The top-level object of one subtype: its own base's discriminator is not followed into the other subtypes.
    for (const part of schema.allOf as unknown[]) walk(doc, part, path, fields, stack, depth + 1, false);
    return;
  }
  if (typeof schema.$ref === "string") {
    const name = componentName(schema.$ref);
    if (name && stack.includes(name)) return;
    walk(doc, resolvePointer(doc, schema.$ref), path, fields, name ? [...stack, name] : stack, depth + 1, dispatch);
    return;
  }
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    if (Array.isArray(schema[key])) for (const part of schema[key] as unknown[]) walk(doc, part, path, fields, stack, depth + 1, dispatch);
  }
  // Each subtype adds its own fields (and its own read-only ones); nested unions always, the top one when asked.
  const discriminator = dispatch || path !== "" ? discriminatorOf(schema) : undefined;
  if (discriminator) {
    for (const name of new Set(Object.values(discriminator.mapping))) walk(doc, { $ref: `#/components/schemas/${name}` }, path, fields, stack, depth + 1);
  }
  if (isObj(schema.items)) walk(doc, schema.items, `${path}[]`, fields, stack, depth + 1);
  if (isObj(schema.properties)) {
    for (const [key, value] of Object.entries(schema.properties)) {
      const at = path ? `${path}.${key}` : key;
      if (isReadOnly(doc, value)) fields.readOnly.add(at);
      else {
        fields.writable.add(at);
        walk(doc, value, at, fields, stack, depth + 1);
      }
    }
  }
}

interface ReadOnlySets {
  /** Read-only whatever the type. */
  common: string[];
  /** Read-only only for some discriminator values (a field a subtype marks readOnly that another one writes). */
  byType?: Record<string, string[]>;
}

function fieldsOf(doc: OpenApiDoc, schema: unknown): Fields {
  const fields: Fields = { readOnly: new Set(), writable: new Set() };
  walk(doc, schema, "", fields, [], 0);
  return fields;
}

/**
 * Read-only paths of the object: marked readOnly in the request body schema, or in the read's response schema
 * unless the request schema lists them as writable. HAL `_links`/`_embedded` go anyway (the runtime drops them).
 */
function readOnlyOf(request: Fields, response: Fields): Set<string> {
  const out = new Set(request.readOnly);
  for (const path of response.readOnly) if (!request.writable.has(path)) out.add(path);
  return out;
}

function tidy(paths: Iterable<string>): string[] {
  // A path under one already dropped adds nothing.
  const sorted = [...paths].filter((p) => !/(^|\.)_(links|embedded)(\.|\[|$)/.test(p)).sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && (p.startsWith(`${q}.`) || p.startsWith(`${q}[]`))));
}

/** The component a schema points at (following `$ref`s), with its name. */
function component(doc: OpenApiDoc, schema: unknown): { name?: string; target: unknown } {
  let node = schema;
  let name: string | undefined;
  for (let hops = 0; isObj(node) && typeof node.$ref === "string" && hops < 20; hops++) {
    name = componentName(node.$ref) ?? name;
    node = resolvePointer(doc, node.$ref);
  }
  return { name, target: node };
}

/**
 * Read-only paths, per discriminator value when the body is a discriminated union (Application's `name` is
 * read-only for SAML apps and required for bookmark apps): each value's subtype (request and response) is walked
 * on its own, what all share is `common`, the rest goes to `byType`.
 */
export function readOnlyPaths(doc: OpenApiDoc, bodySchema: unknown, responseSchema: unknown): ReadOnlySets {
  const body = component(doc, bodySchema);
  const bodyDiscriminator = discriminatorOf(body.target);
  if (!bodyDiscriminator || !body.name) return { common: tidy(readOnlyOf(fieldsOf(doc, bodySchema), fieldsOf(doc, responseSchema))) };
  const response = component(doc, responseSchema);
  const responseDiscriminator = discriminatorOf(response.target);
  const sameKey = responseDiscriminator?.propertyName === bodyDiscriminator.propertyName;
  const baseOnly = (name: string, target: unknown) => {
    const { discriminator: _d, ...rest } = target as Obj;
    return rest.allOf || rest.properties ? rest : { $ref: `#/components/schemas/${name}` };
  };
  const values = new Set([...Object.keys(bodyDiscriminator.mapping), ...enumOf(doc, body.target, bodyDiscriminator.propertyName)]);
  const perValue = new Map<string, Set<string>>();
  for (const value of values) {
    const requestSubtype = bodyDiscriminator.mapping[value];
    const requestSchema = requestSubtype && requestSubtype !== body.name ? { $ref: `#/components/schemas/${requestSubtype}` } : baseOnly(body.name, body.target);
    const responseSubtype = sameKey ? responseDiscriminator?.mapping[value] : undefined;
    const responseSchemaOf = responseSubtype ? { $ref: `#/components/schemas/${responseSubtype}` } : response.name && responseDiscriminator ? baseOnly(response.name, response.target) : responseSchema;
    // Walk the subtype without letting its base expand into every subtype again.
    perValue.set(value, readOnlyOf(fieldsOf(doc, withoutDispatch(doc, requestSchema)), fieldsOf(doc, withoutDispatch(doc, responseSchemaOf))));
  }
  const all = [...perValue.values()];
  const common = [...(all[0] ?? [])].filter((p) => all.every((set) => set.has(p)));
  const byType: Record<string, string[]> = {};
  for (const [value, set] of perValue) {
    const extra = tidy([...set].filter((p) => !common.includes(p)));
    if (extra.length) byType[value] = extra;
  }
  return { common: tidy(common), ...(Object.keys(byType).length ? { byType } : {}) };
}

function enumOf(doc: OpenApiDoc, base: unknown, key: string): string[] {
  const prop = isObj(base) && isObj(base.properties) ? base.properties[key] : undefined;
  const target = component(doc, prop).target;
  return isObj(target) && Array.isArray(target.enum) ? (target.enum as unknown[]).filter((v): v is string => typeof v === "string") : [];
}

/** Marks the top-level base's discriminator as already expanded (the walk follows each subtype on its own). */
function withoutDispatch(doc: OpenApiDoc, schema: unknown): unknown {
  return { __noDispatch: true, allOf: [schema] };
}

export const isJsonBody = (contentType: string | undefined) => contentType !== undefined && JSON_TYPES.includes(contentType);
