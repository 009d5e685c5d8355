// A free-form object argument is served as JSON text (ToolArg.encoding "json"): model providers' schema subsets
// cannot describe an object without known properties. Parsed here, before the request is built.
import { InvalidArgumentsError } from "./errors.js";
import { argumentsProblem } from "./input-bounds.js";

/** The object (or array of objects) a JSON-text argument holds. Values that are not strings (allowlist defaults, presets) pass as they are. */
export function decodeJsonText(name: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  let parsed: unknown;
  try {
    // `__proto__` keys are dropped: they would only ever be own keys, but they have no business in a request.
    parsed = JSON.parse(value, (key, item: unknown) => (key === "__proto__" ? undefined : item));
  } catch {
    throw new InvalidArgumentsError(`"${name}" must be a JSON object written as text, e.g. "{\\"key\\":\\"value\\"}"; this is not valid JSON.`);
  }
  if (typeof parsed !== "object" || parsed === null) {
    throw new InvalidArgumentsError(`"${name}" must be the text of a JSON object ({...}) or array ([...]), not of ${parsed === null ? "null" : `a ${typeof parsed}`}.`);
  }
  // The text passed the size bound as a string; what it decodes to gets the same depth and text checks as arguments.
  const problem = argumentsProblem({ [name]: parsed });
  if (problem) throw new InvalidArgumentsError(problem);
  return parsed;
}
