// Bundled in place of the SDK's `@modelcontextprotocol/server/_shims` (scripts/build.mjs): the same exports as its
// Node shims, but the JSON Schema validator (ajv: tens of ms to load) is loaded on the first elicitation answer
// it checks instead of at start-up. Only the bundle uses this file; run from src/ the SDK's own shims apply.
import { createRequire } from "node:module";
import process from "node:process";
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from "@modelcontextprotocol/server";

type AjvValidatorModule = { AjvJsonSchemaValidator: new () => jsonSchemaValidator };

/** The SDK's ajv-based validator, created on first use (the SDK constructs one per Server up front). */
export class DefaultJsonSchemaValidator implements jsonSchemaValidator {
  #ajv: jsonSchemaValidator | undefined;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.#ajv ??= new (createRequire(import.meta.url)("@modelcontextprotocol/server/validators/ajv") as AjvValidatorModule).AjvJsonSchemaValidator();
    return this.#ajv.getValidator<T>(schema);
  }
}

export { process };
