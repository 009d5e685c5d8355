// Validates an HTTP request (path, query, headers, body) against the spec's own parameter and request-body schemas.
// Written apart from the generator on purpose (a second reading of the spec, not codegen's): OpenAPI 3.0 schemas
// become draft-07 JSON Schema for ajv with request semantics:
// - readOnly properties must not be sent (and are not required);
// - `nullable`, boolean exclusive bounds are converted; formats are not checked (neither are they by the runtime);
// - a discriminator with a mapping dispatches: a $ref to the base checks the subtype its value names (if/then),
//   while a subtype's own `allOf` reference to the base means the base's fields only.
// - a `oneOf` without a discriminator is read as `anyOf`: the spec's oneOfs overlap (roleRef is a RoleType or a
//   RoleId, and every RoleType value is also a RoleId string; AppUserUpdateRequest's two payloads both accept {}),
//   so strict JSON Schema refuses values Okta documents. Requests that only this reading accepts are listed.
// - `required` names that the schema gives no property are ignored (ProfileMappingRequest requires expression
//   and pushStatus at its root; they belong to each mapped property), like the generator does; they are listed.
// Patterns JavaScript cannot compile (Java-style) are dropped and counted.
import { Ajv, type ValidateFunction } from "ajv";
import type { OpenApiDoc } from "../../codegen/spec-types.js";
import type { OktaRequest } from "../../src/runtime/request-builder.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const REF = "#/components/schemas/";

export interface SpecRequestChecker {
  /** Problems with the request, empty when the spec accepts it. */
  check(operationId: string, request: OktaRequest): string[];
  /** Patterns the spec writes in a syntax JavaScript cannot compile (left unchecked). */
  droppedPatterns: number;
  /** Operations with a request accepted only because overlapping oneOf members are read as anyOf. */
  oneOfOverlaps: Set<string>;
  /** `Schema: names` of required lists naming properties the schema does not define (ignored). */
  requiredWithoutProperty: Set<string>;
}

interface OperationInfo {
  method: string;
  path: string;
  params: Obj[];
  body?: { required: boolean; content: Obj };
}

export function specRequestChecker(doc: OpenApiDoc): SpecRequestChecker {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Obj>;
  let droppedPatterns = 0;
  const oneOfOverlaps = new Set<string>();
  const requiredWithoutProperty = new Set<string>();
  let strictOneOf = false;
  let converting = "";
  const resolve = (node: unknown): Obj => {
    let current = node;
    for (let hops = 0; isObj(current) && typeof current.$ref === "string" && hops < 20; hops++) {
      current = (current.$ref as string).slice(2).split("/").reduce<unknown>((o, k) => (isObj(o) ? o[decodeURIComponent(k)] : undefined), doc);
    }
    return (current ?? {}) as Obj;
  };
  const isReadOnly = (node: unknown): boolean => {
    if (!isObj(node)) return false;
    if (node.readOnly === true) return true;
    if (typeof node.$ref === "string") return isReadOnly(resolve(node));
    return Array.isArray(node.allOf) && node.allOf.some(isReadOnly);
  };

  /** draft-07 version of an OpenAPI schema node; `asBase`: a subtype's allOf reference to its base. */
  function convert(node: unknown, asBase = false): unknown {
    if (!isObj(node)) return node;
    if (typeof node.$ref === "string") {
      const name = node.$ref.startsWith(REF) ? node.$ref.slice(REF.length) : undefined;
      if (!name) return convert(resolve(node), asBase);
      // A base whose subtypes allOf it dispatches through its definition; a oneOf with a discriminator does by itself.
      const target = schemas[name];
      const dispatching = !asBase && isObj(target?.discriminator) && isObj((target.discriminator as Obj).mapping) && !Array.isArray(target.oneOf) && !Array.isArray(target.anyOf);
      return { $ref: `#/definitions/${dispatching ? name : `${name}__base`}` };
    }
    const out: Obj = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-") || ["example", "examples", "discriminator", "xml", "externalDocs", "readOnly", "writeOnly", "deprecated", "nullable", "format"].includes(key)) continue;
      if (key === "properties" && isObj(value)) {
        const props: Obj = {};
        for (const [name, schema] of Object.entries(value)) props[name] = isReadOnly(schema) ? false : convert(schema);
        out.properties = props;
      } else if (key === "required" && Array.isArray(value)) {
        const props = isObj(node.properties) ? node.properties : {};
        // In an allOf member (or next to one), a required name may be defined by another member: kept as is.
        const standalone = isObj(node.properties) && !asBase && !Array.isArray(node.allOf);
        const undefinedNames = standalone ? value.filter((name) => !(name as string in props)) : [];
        if (undefinedNames.length) requiredWithoutProperty.add(`${converting}: ${undefinedNames.join(", ")}`);
        out.required = value.filter((name) => !isReadOnly(props[name as string]) && !undefinedNames.includes(name));
      } else if (key === "allOf" && Array.isArray(value)) out.allOf = value.map((part) => convert(part, true));
      else if ((key === "oneOf" || key === "anyOf") && Array.isArray(value)) out[key === "oneOf" && !strictOneOf ? "anyOf" : key] = value.map((part) => convert(part));
      else if (key === "items" || key === "additionalProperties" || key === "not") out[key] = typeof value === "boolean" ? value : convert(value);
      else if (key === "pattern" && typeof value === "string") {
        try {
          new RegExp(value, "u");
          out.pattern = value;
        } catch {
          droppedPatterns++;
        }
      } else if ((key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof value === "boolean") {
        const bound = key === "exclusiveMinimum" ? "minimum" : "maximum";
        if (value && typeof node[bound] === "number") out[key] = node[bound];
      } else if (key === "enum" && Array.isArray(value)) {
        // The spec repeats some values; ajv refuses an enum with duplicates.
        out.enum = value.filter((v, i) => value.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) === i);
      } else out[key] = value;
    }
    if ((node.exclusiveMinimum === true && typeof node.minimum === "number")) delete out.minimum;
    if ((node.exclusiveMaximum === true && typeof node.maximum === "number")) delete out.maximum;
    if (node.nullable === true) {
      if (typeof out.type === "string") out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
    // oneOf/anyOf told apart by a discriminator mapping: dispatch on the value (a plain oneOf of open objects
    // would refuse a value two branches accept, which the discriminator exists to prevent).
    const discriminator = isObj(node.discriminator) ? node.discriminator : undefined;
    const variants = Array.isArray(node.oneOf) ? "oneOf" : Array.isArray(node.anyOf) ? "anyOf" : undefined;
    if (discriminator && variants && isObj(discriminator.mapping)) {
      delete out.oneOf;
      delete out.anyOf;
      out.allOf = [...((out.allOf as unknown[]) ?? []), ...dispatch(discriminator.propertyName as string, discriminator.mapping)];
    }
    return out;
  }

  function dispatch(property: string, mapping: Obj): unknown[] {
    return [
      { required: [property] },
      ...Object.entries(mapping).map(([value, ref]) => ({
        if: { properties: { [property]: { const: value } }, required: [property] },
        then: { $ref: `#/definitions/${(ref as string).slice(REF.length)}__base` },
      })),
    ];
  }

  const definitionsOf = (strict: boolean): Obj => {
    strictOneOf = strict;
    const definitions: Obj = {};
    for (const [name, schema] of Object.entries(schemas)) {
      converting = name;
      definitions[`${name}__base`] = convert(schema);
      const discriminator = isObj(schema.discriminator) ? schema.discriminator : undefined;
      if (discriminator && isObj(discriminator.mapping) && !Array.isArray(schema.oneOf) && !Array.isArray(schema.anyOf)) {
        definitions[name] = { allOf: [{ $ref: `#/definitions/${name}__base` }, ...dispatch(discriminator.propertyName as string, discriminator.mapping)] };
      }
    }
    converting = "(inline)";
    return definitions;
  };

  // Bodies are JSON values; parameters travel as text, so they are coerced like a server would. The strict pair
  // reads oneOf as JSON Schema does, only to tell which requests need the lenient reading.
  const ajvs = [false, true].map((strict) => {
    const definitions = definitionsOf(strict);
    const body = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { optimize: false } });
    const param = new Ajv({ strict: false, allErrors: true, validateFormats: false, coerceTypes: "array", code: { optimize: false } });
    body.addSchema({ $id: "spec", definitions });
    param.addSchema({ $id: "spec", definitions });
    return { strict, body, param };
  });
  const compiled = new Map<string, ValidateFunction>();
  const compile = (kind: "body" | "param", key: string, raw: unknown, strict = false) => {
    const cacheKey = `${strict}:${key}`;
    let fn = compiled.get(cacheKey);
    if (!fn) {
      strictOneOf = strict;
      const ajv = ajvs[strict ? 1 : 0][kind];
      compiled.set(cacheKey, (fn = ajv.compile(rebase(convert(raw)))));
    }
    return fn;
  };

  const operations = new Map<string, OperationInfo>();
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObj(item)) continue;
    for (const method of ["get", "put", "post", "patch", "delete"]) {
      const op = item[method];
      if (!isObj(op) || typeof op.operationId !== "string") continue;
      const byKey = new Map<string, Obj>();
      for (const raw of [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])]) {
        const param = resolve(raw);
        byKey.set(`${String(param.in)}:${String(param.name)}`, param);
      }
      const body = op.requestBody !== undefined ? resolve(op.requestBody) : undefined;
      operations.set(op.operationId, {
        method: method.toUpperCase(),
        path,
        params: [...byKey.values()],
        body: body ? { required: body.required === true, content: (body.content ?? {}) as Obj } : undefined,
      });
    }
  }

  return {
    get droppedPatterns() {
      return droppedPatterns;
    },
    oneOfOverlaps,
    requiredWithoutProperty,
    check(operationId, request) {
      const op = operations.get(operationId);
      if (!op) return [`no operation ${operationId} in the spec`];
      const problems: string[] = [];
      if (request.method !== op.method) problems.push(`method ${request.method}, spec ${op.method}`);
      const values = pathValues(op.path, request.path);
      if (!values) return [...problems, `path ${request.path} does not match ${op.path}`];
      for (const param of op.params) {
        const where = String(param.in);
        const name = String(param.name);
        const value = where === "path" ? values[name] : where === "query" ? request.query[name] : where === "header" ? headerOf(request.headers, name) : undefined;
        if (value === undefined) {
          if (param.required === true || where === "path") problems.push(`${where} parameter ${name} is required`);
          continue;
        }
        const key = `param:${operationId}:${where}:${name}`;
        const validate = compile("param", key, param.schema ?? {});
        if (!validate(value)) problems.push(`${where} parameter ${name}=${JSON.stringify(value)}: ${ajvErrors(validate)}`);
        else if (!compile("param", key, param.schema ?? {}, true)(value)) oneOfOverlaps.add(operationId);
      }
      for (const key of Object.keys(request.query)) {
        if (!op.params.some((p) => p.in === "query" && p.name === key)) problems.push(`query parameter ${key} is not in the spec`);
      }
      if (request.body === undefined) {
        if (op.body?.required) problems.push("the request body is required");
        return problems;
      }
      if (!op.body) return [...problems, "the operation takes no request body"];
      const type = request.contentType ?? "application/json";
      const media = op.body.content[type] as Obj | undefined;
      if (!media) return [...problems, `content type ${type} is not one of ${Object.keys(op.body.content).join(", ")}`];
      const key = `body:${operationId}:${type}`;
      const validate = compile("body", key, media.schema ?? {});
      if (!validate(request.body)) problems.push(`body: ${ajvErrors(validate)}`);
      else if (!compile("body", key, media.schema ?? {}, true)(request.body)) oneOfOverlaps.add(operationId);
      return problems;
    },
  };
}

/** A schema compiled next to the definitions: its local refs point into them. */
function rebase(schema: unknown): Obj {
  const text = JSON.stringify(schema ?? {}).replaceAll('"#/definitions/', '"spec#/definitions/');
  const parsed = JSON.parse(text) as unknown;
  return { allOf: [parsed] };
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

/** Path parameter values of a resolved path, or undefined when it does not fit the template. */
function pathValues(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const values: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const match = /^\{(.+)\}$/.exec(want[i]);
    if (match) values[match[1]] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return undefined;
  }
  return values;
}

function ajvErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 4)
    .map((e) => `${e.instancePath || "(root)"} ${e.message}${e.params && "allowedValues" in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ""}`)
    .join("; ");
}
