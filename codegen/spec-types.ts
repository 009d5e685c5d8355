// Just enough typing of an OpenAPI 3.0 document for the generator; everything else stays `unknown`.
import type { HttpMethod } from "../src/tool-spec.js";

export type Obj = Record<string, unknown>;

export interface OpenApiDoc {
  openapi: string;
  info: { version: string; title?: string };
  paths: Record<string, Obj>;
  components?: { schemas?: Record<string, Obj>; parameters?: Record<string, Obj>; requestBodies?: Record<string, Obj>; responses?: Record<string, Obj> } & Obj;
  security?: Array<Record<string, string[]>>;
  tags?: Array<{ name: string; description?: string; "x-displayName"?: string }>;
  [key: string]: unknown;
}

/** One operation of the spec with the path-level facts it inherits. */
export interface SpecOperation {
  operationId: string;
  method: HttpMethod;
  path: string;
  op: Obj;
  /** Path-level parameters (operation-level ones override them). */
  pathParameters: unknown[];
  /** Path-level `x-okta-lifecycle`, used when the operation has none. */
  pathLifecycle?: Obj;
}

export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
