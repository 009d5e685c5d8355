// One spec operation + one allowlist entry → one ToolSpec (flat input schema, wire mapping, annotations).
import { replaceValidatorKey, type ArgLocation, type Effect, type InputSchema, type JsonSchema, type ToolArg, type ToolSpec, type UpdateSpec } from "../../src/tool-spec.js";
import { CodegenError } from "../errors.js";
import type { BodyMode, OperationEntry } from "../load.js";
import { isObj, type OpenApiDoc, type Obj, type SpecOperation } from "../spec-types.js";
import { COMPONENT, cleanSchema, componentName, deref, newContext, type Cleaned } from "./json-schema.js";
import { compactProperty, isLarge } from "./compact.js";
import { toolDescription, toolTitle } from "./description.js";
import { deriveEffect } from "./effect.js";
import { defaultToolName, toSnakeCase } from "./names.js";
import { argDescription, restatesIdentifier } from "./text.js";
import { deriveUpdate, isJsonBody } from "./update.js";
import { variantBody, type VariantBody } from "./variants.js";

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
  /**
   * Exact schemas for the runtime's validators, by validator key: the tool's name (its arguments, the JSON body in
   * full, one branch per subtype of a discriminated body) and, for merge updates, `<name>#replace` (the
   * whole-object form). Absent for tools without a JSON body: their validators check the served schema
   * (codegen/transform/validator-schemas.ts aligns both with the served form).
   */
  validators: Record<string, JsonSchema>;
}

/** Served description of the argument that turns a merge update into a whole replacement. */
export const REPLACE_TEXT = "Clear the fields not given.";

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
  let bodyRequired = false;
  let rawBodySchema: unknown;
  let variants: VariantBody | undefined;
  /** The body in exact mode (what validators check), for JSON object bodies with one argument per property. */
  let exactBody: Cleaned | undefined;
  /** Body property → argument name (JSON object bodies with one argument per property). */
  const bodyArgOf = new Map<string, string>();
  /** Body properties as cleaned in full (before compaction): `require` paths reach into them. */
  const fullBody: Record<string, Cleaned> = {};
  if (op.requestBody !== undefined) {
    const body = deref<Obj>(doc, op.requestBody);
    const content = isObj(body.content) ? body.content : {};
    const mediaTypes = Object.keys(content);
    bodyContentType = JSON_TYPES.find((t) => t in content) ?? mediaTypes[0];
    if (bodyContentType) {
      const media = content[bodyContentType] as Obj;
      const rawSchema = (media?.schema ?? {}) as Obj;
      rawBodySchema = rawSchema;
      requestSchema = refName(rawSchema);
      bodyRequired = body.required === true;
      const cleaned = cleanSchema(rawSchema, ctx) ?? { type: "object" };
      const mode: BodyMode = entry.body ?? (isLarge(cleaned) ? "compact" : "full");
      if (bodyContentType === "multipart/form-data") {
        addMultipartArgs(cleaned, addArg, properties);
      } else if (JSON_TYPES.includes(bodyContentType) && isPlainObject(cleaned)) {
        const exact = cleanSchema(rawSchema, newContext(doc, "request", { exact: true }));
        variants = variantBody(doc, rawSchema, exact, cleaned, ctx, mode, requestSchema);
        exactBody = exact;
        const bodyProps = (cleaned.properties ?? {}) as Record<string, Cleaned>;
        Object.assign(fullBody, bodyProps);
        const bodyRequiredKeys = new Set((cleaned.required as string[] | undefined) ?? []);
        const served = variants?.served ?? Object.fromEntries(Object.entries(bodyProps).map(([key, value]) => [key, mode === "compact" ? compactProperty(value, value[COMPONENT]) : value]));
        for (const [key, schema] of Object.entries(served)) {
          let name = argName(key);
          if (name in properties || RESERVED_ARG_NAMES.has(name)) name = `body_${name}`;
          bodyArgOf.set(key, name);
          // What the body schema requires is required even when the body itself is optional: a body sent without
          // it is invalid. Discriminated: what every subtype requires (the discriminator among it); the validator
          // checks each subtype's own.
          const isRequired = variants ? requiredInAll(variants, key) : bodyRequiredKeys.has(key);
          addArg(name, "body", key, schema as JsonSchema, isRequired);
        }
        if (!variants && cleaned.additionalProperties !== undefined && cleaned.additionalProperties !== false && Object.keys(bodyProps).length === 0) {
          addArg("body", "body", "*", mode === "compact" ? compactProperty(cleaned, requestSchema) : stripMarker(cleaned), bodyRequired);
          exactBody = undefined;
        }
      } else {
        const schema = bodySchema(cleaned, bodyContentType, mode, requestSchema);
        addArg(properties.body ? "body_body" : "body", "body", "*", schema, bodyRequired);
      }
    }
  }
  for (const name of ctx.seen) resources.add(name);

  // What the validator checks: the body in exact mode over the tool's (flat) arguments (one branch per subtype of a
  // discriminated body, nested objects in full where the served schema is compact).
  let exactTool = exactBody && bodyArgOf.size ? exactArguments(properties, required, args, exactBody, bodyArgOf) : undefined;
  const applied = applyAllowlistOptions(entry, operation, properties, required, args, fullBody, exactTool, variants ? bodyArgOf.get(variants.propertyName) : undefined);
  const { presets, defaults } = applied;
  exactTool = applied.exactTool;
  const bodyArgs = args.filter((a) => a.in === "body" && a.wire !== "*");
  const needsBodyFlag = checkRequiredBody(entry, operation, bodyRequired && bodyArgs.length > 0, bodyArgs, required, properties, exactTool, applied.alternatives);

  // Full-replace PUTs: the arguments are the fields to change (see UpdateSpec); the whole-object form stays
  // reachable with `replace: true`, checked by its own validator.
  const facts = bodyArgs.length && isJsonBody(bodyContentType) ? deriveUpdate(doc, operation, entry, rawBodySchema, scopes) : undefined;
  let update: UpdateSpec | undefined;
  const validators: Record<string, JsonSchema> = {};
  const toolName = entry.name ?? defaultToolName(operation.operationId);
  if (facts) {
    const replaceArg = properties.replace || RESERVED_ARG_NAMES.has("replace") ? "okta_replace" : "replace";
    update = { ...facts, replaceArg };
    const whole = exactTool ?? snapshotSchema(properties, required);
    validators[replaceValidatorKey(toolName)] = withArg(whole, replaceArg, { type: "boolean" });
    for (const arg of bodyArgs) {
      const index = required.indexOf(arg.name);
      if (index >= 0) required.splice(index, 1);
      arg.required = false;
    }
    properties[replaceArg] = { type: "boolean", description: REPLACE_TEXT };
    exactTool = exactTool ? withArg(partialUnion(exactTool, properties, required, bodyArgs), replaceArg, { type: "boolean" }) : undefined;
  }
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
  if (exactTool) validators[toolName] = plainJson(exactTool);

  const tool: ToolSpec = {
    name: toolName,
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
    ...(needsBodyFlag ? { bodyRequired: true as const } : {}),
    ...(variants ? { bodyVariants: { arg: bodyArgOf.get(variants.propertyName) as string, values: servedValues(variants, presets) } } : {}),
    ...(update ? { update } : {}),
  };
  if (variants) for (const name of Object.values(tool.bodyVariants?.values ?? {})) resources.add(name);
  return { tool, resources: [...resources].sort(), validators };
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

/** defaults, presets, describe, hide and require from the allowlist, each checked against the tool's arguments (by name or wire name). */
function applyAllowlistOptions(
  entry: OperationEntry,
  operation: SpecOperation,
  properties: Record<string, JsonSchema>,
  required: string[],
  args: ToolArg[],
  fullBody: Record<string, Cleaned>,
  exactTool: JsonSchema | undefined,
  discriminatorArg: string | undefined,
): { presets?: Record<string, unknown>; defaults?: Record<string, unknown>; exactTool?: JsonSchema; alternatives: Set<string> } {
  const where = `${entry.pos.file}:${entry.pos.line}:${entry.pos.col}`;
  const alternatives = new Set<string>();
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
  const union = exactTool ? unionOf(exactTool) : undefined;
  let branches = union?.branches;
  const drop = (name: string) => {
    delete properties[name];
    const index = required.indexOf(name);
    if (index >= 0) required.splice(index, 1);
    for (const branch of branches ?? []) {
      delete (branch.properties as Record<string, JsonSchema>)[name];
      branch.required = (branch.required as string[]).filter((r) => r !== name);
    }
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
    // A preset discriminator makes a tool for one subtype: only its branch is left to check.
    if (branches && name === discriminatorArg) {
      branches = branches.filter((b) => ((b.properties as Record<string, JsonSchema>)[name]?.enum as unknown[]).includes(value));
      if (branches.length === 0) throw new CodegenError(`${where}: presets sets ${name} to ${JSON.stringify(value)}, which selects no subtype of ${operation.operationId}`, "use one of the discriminator's values");
    }
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
  for (const path of entry.require ?? []) {
    if (path.includes("|")) {
      // `a|b`: at least one of these arguments (a partial update that takes a profile or credentials). The served
      // schema cannot say so without a union; the validator checks it.
      const names = path.split("|").map((one) => argNamed("require", one.trim()));
      if (!branches) throw new CodegenError(`${where}: require "${path}" names alternatives, which only a JSON body can have`, "name the arguments one by one");
      for (const branch of branches) branch.allOf = [...((branch.allOf as unknown[]) ?? []), { anyOf: names.map((name) => ({ required: [name] })) }];
      for (const name of names) alternatives.add(name);
      continue;
    }
    const [head, ...rest] = path.split(".");
    const name = argNamed("require", head);
    if (!(name in properties)) throw new CodegenError(`${where}: require names "${path}", an argument that presets or hide removed`, "drop it from `require:`");
    if (!required.includes(name)) required.push(name);
    const arg = args.find((a) => a.name === name) as ToolArg;
    arg.required = true;
    properties[name] = requirePath(properties[name], rest, fullBody[arg.wire], `${where}: require "${path}"`);
    for (const branch of branches ?? []) {
      const props = branch.properties as Record<string, JsonSchema | false>;
      if (props[name] === false || props[name] === undefined) continue;
      branch.required = [...new Set([...(branch.required as string[]), name])];
      props[name] = requirePath(props[name] as JsonSchema, rest, undefined, `${where}: require "${path}"`);
    }
  }
  const exact = exactTool && union?.key && branches ? (branches.length === 1 ? (branches[0] as JsonSchema) : { ...exactTool, [union.key]: branches }) : exactTool;
  return { presets, defaults, exactTool: exact, alternatives };
}

/**
 * The schema with the dot path below it required. Where the served schema is compact (no properties), only the
 * path itself is added, typed from the full schema, without descriptions (the resource it points at has them).
 */
function requirePath(schema: JsonSchema, path: string[], full: Cleaned | undefined, where: string): JsonSchema {
  if (path.length === 0) return schema;
  const [key, ...rest] = path;
  const props = { ...((schema.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  const fullChild = (full?.properties as Record<string, Cleaned> | undefined)?.[key];
  let child = props[key];
  if (!child && fullChild) child = rest.length ? { type: "object" } : withoutDescriptions(stripMarker(fullChild));
  if (!child) throw new CodegenError(`${where}: "${key}" is not a field of the argument's schema`, "name a field the spec defines");
  props[key] = requirePath(child, rest, fullChild, where);
  return { ...schema, type: "object", properties: props, required: [...new Set([...((schema.required as string[] | undefined) ?? []), key])] };
}

/**
 * A spec-required request body must carry something: some body argument has to be required. Explicit allowlist
 * entries that leave every one optional are refused by name (the fix is `require:`); tag/pathPrefix entries get the
 * only body argument required, or else the runtime's `{}` (spec-valid when the body schema requires nothing).
 * Returns whether the tool needs the runtime's empty-body fallback (ToolSpec.bodyRequired).
 */
function checkRequiredBody(
  entry: OperationEntry,
  operation: SpecOperation,
  bodyRequired: boolean,
  bodyArgs: ToolArg[],
  required: string[],
  properties: Record<string, JsonSchema>,
  exactTool: JsonSchema | undefined,
  alternatives: Set<string>,
): boolean {
  if (!bodyRequired) return false;
  if (bodyArgs.some((a) => alternatives.has(a.name))) return false;
  const requiredSomewhere = (name: string) =>
    required.includes(name) || (exactTool !== undefined && unionOf(exactTool).branches.every((b) => ((b.required as string[] | undefined) ?? []).includes(name)));
  if (bodyArgs.some((a) => requiredSomewhere(a.name))) return false;
  if (!entry.expanded) {
    const where = `${entry.pos.file}:${entry.pos.line}:${entry.pos.col}`;
    const name = entry.name ?? defaultToolName(operation.operationId);
    throw new CodegenError(
      `${where}: ${name} (${operation.operationId}): the spec requires a request body, but every body argument is optional, so a call without them sends an invalid request`,
      `add \`require: [...]\` naming what the body must carry (one of ${bodyArgs.map((a) => a.name).join(", ")}; dot paths such as profile.name reach inside; "a|b" for at least one of them)`,
    );
  }
  if (bodyArgs.length === 1) {
    const only = bodyArgs[0];
    only.required = true;
    required.push(only.name);
    for (const branch of exactTool ? unionOf(exactTool).branches : []) branch.required = [...new Set([...((branch.required as string[] | undefined) ?? []), only.name])];
    void properties;
    return false;
  }
  return true;
}

/**
 * The branches of a tool-level exact schema: its `oneOf` (discriminated) or `anyOf` (other unions) members, or the
 * schema itself. Options and the merge form edit them in place.
 */
function unionOf(schema: JsonSchema): { key?: "oneOf" | "anyOf"; branches: JsonSchema[] } {
  if (Array.isArray(schema.oneOf)) return { key: "oneOf", branches: schema.oneOf as JsonSchema[] };
  if (Array.isArray(schema.anyOf)) return { key: "anyOf", branches: schema.anyOf as JsonSchema[] };
  return { branches: [schema] };
}

/**
 * The exact schema over the flat arguments: non-body arguments as served, body arguments from the body in exact
 * mode. A union body gives one branch per member: a discriminated one (`oneOf` + `discriminator`) refuses the fields
 * of other subtypes; another union (`anyOf`) keeps its members open, as the spec writes them.
 */
function exactArguments(properties: Record<string, JsonSchema>, required: string[], args: ToolArg[], exactBody: Cleaned, bodyArgOf: Map<string, string>): JsonSchema {
  const nonBody: Record<string, JsonSchema> = {};
  for (const arg of args) {
    if (arg.in === "body") continue;
    const { description: _d, ...schema } = properties[arg.name];
    nonBody[arg.name] = schema;
  }
  const nonBodyRequired = required.filter((name) => name in nonBody);
  const members = (exactBody.oneOf ?? exactBody.anyOf) as Cleaned[] | undefined;
  const discriminated = Boolean(exactBody.oneOf && exactBody.discriminator);
  const own = (exactBody.properties ?? {}) as Record<string, Cleaned>;
  const ownRequired = (exactBody.required as string[] | undefined) ?? [];
  const branchOf = (member: Cleaned | undefined): JsonSchema => {
    const memberProps = { ...own, ...((member?.properties ?? {}) as Record<string, Cleaned>) };
    const props: Record<string, unknown> = { ...nonBody };
    for (const [key, name] of bodyArgOf) {
      if (key in memberProps) props[name] = plainJson(memberProps[key]);
      else if (discriminated) props[name] = false;
    }
    const bodyKeys = [...new Set([...ownRequired, ...((member?.required as string[] | undefined) ?? [])])].filter((key) => key in memberProps && bodyArgOf.has(key));
    return { type: "object", properties: props, required: [...nonBodyRequired, ...bodyKeys.map((key) => bodyArgOf.get(key) as string)] };
  };
  if (!members) return branchOf(undefined);
  const branches = members.map(branchOf);
  if (!discriminated) return { type: "object", anyOf: branches };
  const propertyName = (exactBody.discriminator as { propertyName: string }).propertyName;
  return { type: "object", oneOf: branches, discriminator: { propertyName: bodyArgOf.get(propertyName) ?? propertyName } };
}

/**
 * The merge form of an exact schema: body fields optional (the rest comes from the current object); a discriminated
 * body also takes calls that leave the discriminator out (checked again once the read tells the type).
 */
function partialUnion(exactTool: JsonSchema, properties: Record<string, JsonSchema>, required: string[], bodyArgs: ToolArg[]): JsonSchema {
  const union = unionOf(exactTool);
  const discriminatorArg = union.key === "oneOf" ? (exactTool.discriminator as { propertyName: string } | undefined)?.propertyName : undefined;
  // Typed branches keep the discriminator required: a call without it goes to the last branch.
  const bodyNames = new Set(bodyArgs.map((a) => a.name).filter((name) => name !== discriminatorArg));
  const relax = (branch: JsonSchema): JsonSchema => ({ ...branch, required: ((branch.required as string[] | undefined) ?? []).filter((name) => !bodyNames.has(name)) });
  if (!union.key) return relax(exactTool);
  if (!discriminatorArg) return { ...exactTool, [union.key]: union.branches.map(relax) };
  const served: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties)) {
    const { description: _d, ...rest } = schema;
    served[name] = rest;
  }
  served[discriminatorArg] = false;
  const unknownType: JsonSchema = { type: "object", properties: served, required: [...required] };
  return { ...exactTool, oneOf: [...union.branches.map(relax), unknownType] };
}

function withArg(schema: JsonSchema, name: string, argSchema: JsonSchema): JsonSchema {
  const union = unionOf(schema);
  if (union.key) return { ...schema, [union.key]: union.branches.map((b) => withArg(b, name, argSchema)) };
  return { ...schema, properties: { ...((schema.properties as Record<string, unknown>) ?? {}), [name]: argSchema } };
}

function snapshotSchema(properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  const out: JsonSchema = { type: "object", properties: plainJson(properties) };
  if (required.length) out.required = [...required];
  return out;
}

function requiredInAll(variants: VariantBody, key: string): boolean {
  return variants.branches.every((b) => ((b.required as string[] | undefined) ?? []).includes(key));
}

function withoutDescriptions(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema, (k, v: unknown) => (k === "description" && typeof v === "string" ? undefined : v))) as JsonSchema;
}

function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The discriminator values the tool offers (all, or the preset one), each with its subtype's schema name. */
function servedValues(variants: VariantBody, presets: Record<string, unknown> | undefined): Record<string, string> {
  const preset = presets && Object.values(presets).find((v) => typeof v === "string" && v in variants.values);
  return preset ? { [preset as string]: variants.values[preset as string] } : variants.values;
}
