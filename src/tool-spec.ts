// The contract between the generator (codegen/) and the runtime (src/runtime/).
// codegen/ emits data of these shapes into src/generated/; the runtime only reads it.
// Neither side imports the other: both import this file.

/** What a tool does to the org. Comes from the allowlist (or is derived from method + path). */
export type Effect = "read" | "write" | "destructive";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Where one tool argument goes on the wire. */
export type ArgLocation = "path" | "query" | "header" | "body";

export interface ToolArg {
  /** The argument's name in the tool's input schema (flat, unique within the tool). */
  name: string;
  in: ArgLocation;
  /**
   * The name on the wire: the path/query/header parameter name, or the top-level body property.
   * `"*"` (only with `in: "body"`) means this argument is the whole request body.
   */
  wire: string;
  required: boolean;
  /**
   * `"json"`: a free-form object, or array of them (no known properties: model providers' schema subsets cannot
   * describe it), served as a string holding its JSON; the runtime parses it before sending.
   */
  encoding?: "json";
  /**
   * A header the runtime owns (If-Match, Prefer, ...): kept for the wire mapping, never in the input schema, so
   * the model cannot set it.
   */
  runtimeOwned?: true;
}

/** JSON Schema of a tool's arguments. Always `type: "object"` at the top level. */
export interface InputSchema {
  type: "object";
  properties: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  description?: string;
}

export type JsonSchema = { [key: string]: unknown };

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** Why a human confirms a call before it leaves: it removes or locks out (destructive), or raises privilege or weakens security. */
export type ConfirmReason = "destructive" | "privilege";

/**
 * One cheap read that shows whether the call can succeed in the current state (Okta's documented transitions, e.g.
 * suspend only an ACTIVE user). When the value read is not allowed, the server says so instead of asking anyone.
 */
export interface Precondition {
  /** A read tool of the same table. */
  tool: string;
  /** The read tool's arguments, each taken from this tool's argument of the given name. */
  args: Record<string, string>;
  /** Dot path of the value in the read's result, e.g. `status`. */
  field: string;
  /** Values of `field` with which the call can succeed. */
  allowed: string[];
  /** The next step when the value is not allowed (from the allowlist), e.g. "Deactivate the user first (deactivate_user)." */
  otherwise?: string;
}

/** The allowlist's confirmation facts about a tool. Present = a human confirms the call (see `when`). */
export interface Confirmation {
  reason: ConfirmReason;
  /** What is at stake, in a few words (e.g. "role and admin assignments"). */
  concern?: string;
  /** Confirm only when the call sets one of these argument paths (e.g. `credentials.password`); absent = every call. */
  when?: string[];
  /** The tool that undoes it. */
  undo?: string;
  /** True when it cannot be undone. With neither `undo` nor this, reversibility is not claimed either way. */
  irreversible?: boolean;
  /** One sentence on what undoing does not restore, or another consequence the human should know. */
  note?: string;
  precondition?: Precondition;
}

/** How a list operation pages: Okta's `Link: <...?after=X>; rel="next"` cursor, or not at all. */
export type PaginationKind = "none" | "cursor";

export interface ToolSpec {
  /** snake_case, <= 64 characters, unique in the table. */
  name: string;
  /** The toolset the allowlist puts it in (users, groups, apps, ...). */
  toolset: string;
  operationId: string;
  title: string;
  /** Model-facing description: summary + first sentences, lifecycle and admin-role notes. */
  description: string;
  method: HttpMethod;
  /** Path template from the spec, e.g. `/api/v1/users/{id}`. */
  path: string;
  args: ToolArg[];
  /** Request body media type when the operation takes a body (`application/json`, `multipart/form-data`, ...). */
  bodyContentType?: string;
  inputSchema: InputSchema;
  /** All of these scopes are required (AND). Empty only when the spec declares none and the allowlist says so. */
  scopes: string[];
  effect: Effect;
  /** Set when a human must confirm calls (destructive tools, privilege-raising writes): the runtime reads only this. */
  confirm?: Confirmation;
  annotations: ToolAnnotations;
  pagination: PaginationKind;
  /** Default response projection (dot paths) from the allowlist; undefined = whole record. */
  projection?: string[];
  /** Arguments fixed by the allowlist (hidden from the schema), merged into every call. */
  presets?: Record<string, unknown>;
  /**
   * Allowlist `defaults`: sent when the caller does not set the argument (also shown as the schema `default`).
   * Spec schema defaults are never sent; only these are.
   */
  defaults?: Record<string, unknown>;
  /** The spec's `x-okta-lifecycle.lifecycle` (GA, LIMITED_GA, EA, BETA, ...). */
  lifecycle?: string;
  /** The spec's `x-okta-iam-admin-roles`: admin roles that may call the operation. */
  adminRoles?: string[];
  /** The spec's tags for the operation (used by discovery search). */
  tags: string[];
  /**
   * Whether the success response carries a body (false: 204 or a 2xx without content, so no `fields` projection
   * is offered). Always set by the generator; a hand-written table may leave it out (treated as true).
   */
  responseBody?: boolean;
  /** Name of the spec component schema of the success response, when there is one (resources, docs). */
  responseSchema?: string;
  /** Name of the spec component schema of the request body, when there is one. */
  requestSchema?: string;
  /**
   * The spec requires a request body. When no body argument is set, the runtime sends `{}` (spec-valid when the
   * body schema requires nothing; the generator makes the arguments that matter required otherwise).
   */
  bodyRequired?: true;
  /** The request body is a discriminated union (Policy, PolicyRule, Application, ...): see BodyVariants. */
  bodyVariants?: BodyVariants;
  /** A full-replace PUT served as a merge (read, merge, strip read-only fields, write): see UpdateSpec. */
  update?: UpdateSpec;
  /** Allowlist `readBack`: after a successful call, read the object it changed so the result shows its new state. */
  readBack?: ReadBack;
}

/**
 * A discriminated request body. The served schema lists the discriminator as an enum and every subtype's fields as
 * optional arguments (described briefly); the generated validator checks the arguments exactly against the subtype
 * the discriminator value selects.
 */
export interface BodyVariants {
  /** The argument holding the discriminator (its wire name is the body property). */
  arg: string;
  /** Discriminator value → spec component schema of that subtype (served as `okta://schemas/<name>`). */
  values: Record<string, string>;
}

/**
 * How a merge update works (src/runtime/update-merge.ts). Unless the caller sets `replaceArg` to true, the runtime
 * GETs the current object (`readPath`, same path parameters), deep-merges the given body fields into it (objects
 * merge, anything else replaces), removes `readOnly` paths and HAL `_links`/`_embedded`, sends the result with
 * `If-Match` when the read answered an ETag, and reports the fields that changed (before → after).
 * With `replaceArg: true` the arguments are the whole object, checked by the validator `<tool name>#replace`.
 */
export interface UpdateSpec {
  /** operationId of the read (the GET on the PUT's path unless the allowlist's `read:` names another). */
  readOperationId: string;
  /** Path template of the read; its parameters are a subset of the tool's path parameters. */
  readPath: string;
  /**
   * Scopes the read needs, checked exactly before it is sent. The generator writes the read's spec scopes, except
   * that `okta.<x>.read` is covered by the tool's own `okta.<x>.manage` (Okta's manage scopes include read).
   */
  readScopes: string[];
  /** Name of the boolean argument that asks for a whole replacement instead of a merge. */
  replaceArg: string;
  /** Dot paths removed from the merged object before it is sent (`[]` steps into array items). */
  readOnly: string[];
  /** Discriminated bodies: more read-only paths for some discriminator values (of the current object). */
  readOnlyByType?: Record<string, string[]>;
}

/** Key of the validator that checks a whole-object replacement (UpdateSpec.replaceArg = true) in the validator tables. */
export function replaceValidatorKey(toolName: string): string {
  return `${toolName}#replace`;
}

/** A GET whose path parameters are all path parameters of the tool (matched by wire name). */
export interface ReadBack {
  operationId: string;
  /** Path template of the read, e.g. `/api/v1/users/{id}`. */
  path: string;
  /** Scopes the read needs (all of them); without them the result says so instead of reading. */
  scopes: string[];
  /** Dot paths kept from the object read; undefined = the whole object. */
  projection?: string[];
  /** Key of the object in the result, e.g. `user`. */
  as: string;
}

/** A toolset as the allowlist declares it. */
export interface ToolsetInfo {
  name: string;
  description?: string;
  /** Exposed when no --toolsets, --tools or --allowlist is given (allowlist `default:`, true unless set to false). */
  default: boolean;
}

/** What src/generated/ exports as `catalog`. */
export interface ToolCatalog {
  /** Spec release the table was generated from, e.g. `2026.06.3`. */
  specRelease: string;
  /** Every toolset of the allowlist, in allowlist order. */
  toolsets: ToolsetInfo[];
  tools: ToolSpec[];
}
