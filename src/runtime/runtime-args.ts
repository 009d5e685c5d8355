// The arguments the runtime adds to served schemas (fields, fetchAll, confirmationToken, and limit/after on
// cursor tools whose spec lacks them). The generated validators never see them, so they are checked here, on
// every tool, before anything is built from them: a `limit` object must not become query keys.
import type { ToolSpec } from "../tool-spec.js";
import { InvalidArgumentsError } from "./errors.js";
import { shown } from "./input-bounds.js";
import { PROTOTYPE_KEYS } from "./safe-object.js";

export interface RuntimeArgs {
  fields?: string[];
  fetchAll: boolean;
  confirmationToken?: string;
}

export const MAX_FIELDS = 100;
export const MAX_FIELD_LENGTH = 200;
/** Okta's largest page is 10,000 (groups); where the spec does not say, this is the runtime's bound. */
export const MAX_ADDED_LIMIT = 10_000;
/** Okta's cursors are ids or opaque tokens of a few dozen characters. */
export const MAX_CURSOR_LENGTH = 2048;
const MAX_TOKEN_LENGTH = 256;

function fieldsProblem(fields: unknown): string | undefined {
  const usage = `"fields" must be a list of dot paths such as ["id","profile.login"], or ["*"]`;
  if (!Array.isArray(fields)) return `${usage}.`;
  if (fields.length > MAX_FIELDS) return `${usage}, at most ${MAX_FIELDS} of them.`;
  for (const field of fields) {
    if (typeof field !== "string" || field.length === 0) return `${usage}.`;
    if (field.length > MAX_FIELD_LENGTH) return `${usage}; ${shown(field, 40)} is longer than ${MAX_FIELD_LENGTH} characters.`;
    if (field === "*") continue;
    for (const segment of field.split(".")) {
      if (segment === "") return `${usage}; ${shown(field)} has an empty segment.`;
      if (PROTOTYPE_KEYS.has(segment)) return `${usage}; ${shown(field)} names ${JSON.stringify(segment)}, which is never a field of an Okta record.`;
    }
  }
  return undefined;
}

/** Reads and checks fields, fetchAll and confirmationToken; throws InvalidArgumentsError. */
export function readRuntimeArgs(args: Record<string, unknown>): RuntimeArgs {
  const { fields, fetchAll, confirmationToken } = args;
  if (fields !== undefined) {
    const problem = fieldsProblem(fields);
    if (problem) throw new InvalidArgumentsError(problem);
  }
  if (fetchAll !== undefined && typeof fetchAll !== "boolean") throw new InvalidArgumentsError(`"fetchAll" must be true or false.`);
  if (confirmationToken !== undefined && (typeof confirmationToken !== "string" || confirmationToken.length > MAX_TOKEN_LENGTH)) {
    throw new InvalidArgumentsError(`"confirmationToken" must be the string returned by the refused call.`);
  }
  return { fields: fields as string[] | undefined, fetchAll: fetchAll === true, confirmationToken: confirmationToken as string | undefined };
}

/** Checks `limit` and `after` where the runtime added them (the spec's own are checked by the tool's validator). */
export function checkAddedPagingArgs(spec: ToolSpec, args: Record<string, unknown>): void {
  if (spec.pagination !== "cursor") return;
  const own = spec.inputSchema.properties;
  const { limit, after } = args;
  if (!own.limit && limit !== undefined && !(Number.isSafeInteger(limit) && (limit as number) >= 1 && (limit as number) <= MAX_ADDED_LIMIT)) {
    throw new InvalidArgumentsError(`"limit" must be a whole number from 1 to ${MAX_ADDED_LIMIT} (the page size).`);
  }
  if (!own.after && after !== undefined && (typeof after !== "string" || after.length === 0 || after.length > MAX_CURSOR_LENGTH)) {
    throw new InvalidArgumentsError(`"after" must be the nextCursor string of a previous result.`);
  }
}
