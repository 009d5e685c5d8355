// One spec operation + one allowlist entry → one ToolSpec (flat input schema, wire mapping, annotations).
import type { ArgLocation, Effect, InputSchema, JsonSchema, ToolArg, ToolSpec } from "../../src/tool-spec.js";
import { CodegenError } from "../errors.js";
import type { BodyMode, OperationEntry } from "../load.js";
import { isObj, type OpenApiDoc, type Obj, type SpecOperation } from "../spec-types.js";
import { COMPONENT, cleanSchema, componentName, deref, newContext, type Cleaned } from "./json-schema.js";
import { compactProperty, isLarge } from "./compact.js";
import { toolDescription, toolTitle } from "./description.js";
import { deriveEffect } from "./effect.js";
import { defaultToolName, toSnakeCase } from "./names.js";
import { argDescription, restatesIdentifier } from "./text.js";

const JSON_TYPES = ["application/json", "application/merge-patch+json"];
// Worded like the runtime's own paging arguments (src/runtime/served-tools.ts): the runtime answers with `nextCursor`.
const PAGING_DESCRIPTIONS: Record<string, string> = {
  after: "Cursor from a previous result's nextCursor.",
  limit: "Page size.",
};

/**
 * Argument names the runtime adds to every served schema (src/runtime/request-builder.ts RUNTIME_ARGS):
 * an Okta parameter with one of these names is renamed `okta_<name>` (its wire name is kept).
 */
export const RESERVED_ARG_NAMES = new Set(["fields", "fetchAll", "confirmationToken"]);

export interface BuiltTool {
  tool: ToolSpec;
  /** Component names whose schemas the tool points at (for schema resources). */
  resources: string[];
}

export function buildTool(doc: OpenApiDoc, operation: SpecOperation, entry: OperationEntry, scopes: string[]): BuiltTool {
  const { op } = operation;
  const resources = new Set<string>();
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const args: ToolArg[] = [];
  const addArg = (name: string, where: ArgLocation, wire: string, schema: JsonSchema, isRequired: boolean) => {
    properties[name] = schema;
    args.push({ name, in: where, wire, required: isRequired });
    if (isRequired) required.push(name);
  };

  const parameters = mergedParameters(doc, operation);
  const isCursor = parameters.some((p) => p.in === "query" && p.name === "after");
  const ctx = newContext(doc, "request");
  for (const param of parameters) {
    const where = param.in as ArgLocation;
    if (!["path", "query", "header"].includes(where)) continue;
    let name = argName(param.name as string);
    if (RESERVED_ARG_NAMES.has(name)) name = `okta_${name}`;
    const schema: Cleaned = cleanSchema(param.schema ?? { type: "string" }, ctx) ?? { type: "string" };
    const description = isCursor && where === "query" && PAGING_DESCRIPTIONS[name] ? PAGING_DESCRIPTIONS[name] : describeParam(param, name, schema.description);
    const { description: _ignored, ...out }: Cleaned = schema;
    if (description) out.description = description;
    addArg(name, where, param.name as string, out, where === "path" || param.required === true);
  }

  let bodyContentType: string | undefined;
  let requestSchema: string | undefined;
  if (op.requestBody !== undefined) {
    const body = deref<Obj>(doc, op.requestBody);
    const content = isObj(body.content) ? body.content : {};
    const mediaTypes = Object.keys(content);
    bodyContentType = JSON_TYPES.find((t) => t in content) ?? mediaTypes[0];
    if (bodyContentType) {
      const media = content[bodyContentType] as Obj;
      const rawSchema = (media?.schema ?? {}) as Obj;
      requestSchema = refName(rawSchema);
      const bodyRequired = body.required === true;
      const cleaned = cleanSchema(rawSchema, ctx) ?? { type: "object" };
      const mode: BodyMode = entry.body ?? (isLarge(cleaned) ? "compact" : "full");
      if (bodyContentType === "multipart/form-data") {
        addMultipartArgs(cleaned, addArg, properties);
      } else if (JSON_TYPES.includes(bodyContentType) && isPlainObject(cleaned)) {
        const bodyProps = (cleaned.properties ?? {}) as Record<string, Cleaned>;
        const bodyRequiredKeys = new Set((cleaned.required as string[] | undefined) ?? []);
        for (const [key, value] of Object.entries(bodyProps)) {
          let name = argName(key);
          if (name in properties || RESERVED_ARG_NAMES.has(name)) name = `body_${name}`;
          const schema = mode === "compact" ? compactProperty(value, value[COMPONENT]) : value;
          addArg(name, "body", key, schema, bodyRequired && bodyRequiredKeys.has(key));
        }
        if (cleaned.additionalProperties !== undefined && cleaned.additionalProperties !== false && Object.keys(bodyProps).length === 0) {
          addArg("body", "body", "*", mode === "compact" ? compactProperty(cleaned, requestSchema) : stripMarker(cleaned), bodyRequired);
        }
      } else {
        const schema = bodySchema(cleaned, bodyContentType, mode, requestSchema);
        addArg(properties.body ? "body_body" : "body", "body", "*", schema, bodyRequired);
      }
    }
  }
  for (const name of ctx.seen) resources.add(name);

  const { presets, defaults } = applyAllowlistOptions(entry, operation, properties, required, args);
  const responseSchema = successResponseSchema(doc, op);
  if (requestSchema) resources.add(requestSchema);
  if (responseSchema) resources.add(responseSchema);

  const lifecycleObj = (isObj(op["x-okta-lifecycle"]) ? op["x-okta-lifecycle"] : operation.pathLifecycle) as Obj | undefined;
  const lifecycle = typeof lifecycleObj?.lifecycle === "string" ? lifecycleObj.lifecycle : undefined;
  const adminRoles = Array.isArray(op["x-okta-iam-admin-roles"]) ? (op["x-okta-iam-admin-roles"] as string[]) : undefined;
  const effect: Effect = entry.effect ?? deriveEffect(operation.method, operation.path, operation.operationId);
  const title = toolTitle(op.summary as string | undefined, operation.operationId);
  // The round trip drops the COMPONENT markers (symbols) the compaction used.
  const inputSchema: InputSchema = { type: "object", properties: JSON.parse(JSON.stringify(properties)) as Record<string, JsonSchema> };
  if (required.length) inputSchema.required = required;

  const tool: ToolSpec = {
    name: entry.name ?? defaultToolName(operation.operationId),
    toolset: entry.toolset,
    operationId: operation.operationId,
    title,
    description: toolDescription({
      summary: op.summary as string | undefined,
      description: op.description as string | undefined,
      lifecycle,
      deprecated: op.deprecated === true,
      override: entry.description,
      argNames: args.map((a) => a.wire),
    }),
    method: operation.method,
    path: operation.path,
    args,
    ...(bodyContentType ? { bodyContentType } : {}),
    inputSchema,
    scopes,
    effect,
    annotations: {
      title,
      readOnlyHint: effect === "read",
      destructiveHint: effect === "destructive",
      idempotentHint: ["GET", "PUT", "DELETE"].includes(operation.method),
      openWorldHint: true,
    },
    pagination: isCursor ? "cursor" : "none",
    ...(entry.fields ? { projection: entry.fields } : {}),
    ...(presets ? { presets } : {}),
    ...(defaults ? { defaults } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    ...(adminRoles ? { adminRoles } : {}),
    tags: Array.isArray(op.tags) ? (op.tags as string[]) : [],
    ...(responseSchema ? { responseSchema } : {}),
    ...(requestSchema ? { requestSchema } : {}),
  };
  return { tool, resources: [...resources].sort() };
}

/** Argument names are identifiers: `Content-Type` → `content_type`. */
function argName(wire: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(wire) ? wire : toSnakeCase(wire);
}

/** The parameter's description, else its schema's (already terse); none when it only restates an identifier's name. */
function describeParam(param: Obj, name: string, schemaDescription: unknown): string | undefined {
  const text = typeof param.description === "string" ? argDescription(param.description) : typeof schemaDescription === "string" ? schemaDescription : undefined;
  if (text && param.in === "path" && restatesIdentifier(text, name)) return undefined;
  return text;
}

/** Path-level parameters, overridden by operation-level ones with the same name and location. */
function mergedParameters(doc: OpenApiDoc, operation: SpecOperation): Obj[] {
  const byKey = new Map<string, Obj>();
  for (const raw of [...operation.pathParameters, ...((operation.op.parameters as unknown[]) ?? [])]) {
    const param = deref<Obj>(doc, raw);
    byKey.set(`${String(param.in)}:${String(param.name)}`, param);
  }
  return [...byKey.values()];
}

function refName(schema: Obj): string | undefined {
  if (typeof schema.$ref === "string") return componentName(schema.$ref);
  if (isObj(schema.items) && typeof schema.items.$ref === "string") return componentName(schema.items.$ref);
  return undefined;
}

function isPlainObject(schema: Cleaned): boolean {
  return (schema.type === "object" || schema.properties !== undefined) && schema.anyOf === undefined;
}

function stripMarker(schema: Cleaned): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

function bodySchema(cleaned: Cleaned, contentType: string, mode: BodyMode, component: string | undefined): JsonSchema {
  if (!JSON_TYPES.includes(contentType) || cleaned.format === "binary") {
    return { type: "string", description: `Request body (${contentType}).` };
  }
  if (mode === "compact") return compactProperty(cleaned, component);
  return stripMarker(cleaned);
}

function addMultipartArgs(
  cleaned: Cleaned,
  addArg: (name: string, where: ArgLocation, wire: string, schema: JsonSchema, required: boolean) => void,
  taken: Record<string, JsonSchema>,
): void {
  const requiredKeys = new Set((cleaned.required as string[] | undefined) ?? []);
  for (const [key, value] of Object.entries((cleaned.properties ?? {}) as Record<string, Cleaned>)) {
    const isFile = value.type === "string" && (value.format === undefined || value.format === "binary") && key === "file";
    const schema: JsonSchema = isFile
      ? { type: "string", contentEncoding: "base64", description: `${value.description ? `${String(value.description).replace(/\.?$/, ".")} ` : ""}Base64-encoded file content.` }
      : stripMarker(value);
    let name = argName(key);
    if (name in taken || RESERVED_ARG_NAMES.has(name)) name = `body_${name}`;
    addArg(name, "body", key, schema, requiredKeys.has(key));
  }
}

/** The component of the first 2xx JSON response (the item component for arrays). */
function successResponseSchema(doc: OpenApiDoc, op: Obj): string | undefined {
  const responses = isObj(op.responses) ? op.responses : {};
  for (const status of Object.keys(responses).sort()) {
    if (!/^2/.test(status)) continue;
    const response = deref<Obj>(doc, responses[status]);
    const content = isObj(response.content) ? response.content : {};
    const media = (content["application/json"] ?? Object.values(content)[0]) as Obj | undefined;
    if (isObj(media?.schema)) return refName(media.schema);
  }
  return undefined;
}

/** defaults, presets, describe and hide from the allowlist, each checked against the tool's arguments (by name or wire name). */
function applyAllowlistOptions(
  entry: OperationEntry,
  operation: SpecOperation,
  properties: Record<string, JsonSchema>,
  required: string[],
  args: ToolArg[],
): { presets?: Record<string, unknown>; defaults?: Record<string, unknown> } {
  const where = `${entry.pos.file}:${entry.pos.line}:${entry.pos.col}`;
  const argNamed = (option: string, name: string): string => {
    const arg = args.find((a) => a.name === name) ?? args.find((a) => a.wire === name);
    if (!arg) {
      throw new CodegenError(
        `${where}: ${option} names "${name}", which is not an argument of ${operation.operationId}`,
        `use one of ${args.map((a) => a.name).join(", ") || "(none)"}`,
      );
    }
    return arg.name;
  };
  const drop = (name: string) => {
    delete properties[name];
    const index = required.indexOf(name);
    if (index >= 0) required.splice(index, 1);
  };
  let defaults: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(entry.defaults ?? {})) {
    const name = argNamed("defaults", key);
    properties[name] = { ...properties[name], default: value };
    (defaults ??= {})[name] = value;
  }
  let presets: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(entry.presets ?? {})) {
    const name = argNamed("presets", key);
    (presets ??= {})[name] = value;
    drop(name);
  }
  for (const [key, text] of Object.entries(entry.describe ?? {})) {
    const name = argNamed("describe", key);
    properties[name] = { ...properties[name], description: text };
  }
  for (const key of entry.hide ?? []) {
    const name = argNamed("hide", key);
    if (required.includes(name)) {
      throw new CodegenError(`${where}: hide names "${key}", a required argument of ${operation.operationId}`, "use presets to fix its value instead");
    }
    drop(name);
    args.splice(args.findIndex((a) => a.name === name), 1);
  }
  return { presets, defaults };
}
