// Field checks for the subtype-specific parts of policies, rules and apps: each finding is one Okta errorCause
// (`path: message`), and a request with any is refused as a whole with E0000001, as Okta does.
import { OktaWireError } from "./okta-error.js";
import type { JsonObject } from "./state.js";

export const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Collects the problems of one request body. */
export class Findings {
  readonly causes: string[] = [];
  add(path: string, message: string): void {
    this.causes.push(`${path}: ${message}`);
  }
  /** Throws Okta's validation error when anything was found. */
  throwIfAny(): void {
    if (!this.causes.length) return;
    const field = this.causes[0].split(":")[0];
    throw new OktaWireError(400, "E0000001", `Api validation failed: ${field}`, this.causes);
  }
}

/** An optional object at `path`; a present non-object is a finding. */
export function objectAt(parent: JsonObject, key: string, path: string, findings: Findings): JsonObject | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    findings.add(path, "Must be an object");
    return undefined;
  }
  return value;
}

export function checkInteger(value: unknown, path: string, min: number, max: number, findings: Findings): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value)) findings.add(path, "Must be an integer");
  else if (value < min || value > max) findings.add(path, `Must be between ${min} and ${max}`);
}

export function checkBoolean(value: unknown, path: string, findings: Findings): void {
  if (value !== undefined && typeof value !== "boolean") findings.add(path, "Must be true or false");
}

export function checkEnum(value: unknown, path: string, allowed: readonly string[], findings: Findings): void {
  if (value !== undefined && (typeof value !== "string" || !allowed.includes(value))) findings.add(path, `Must be one of ${allowed.join(", ")}`);
}

export function checkRequired(value: unknown, path: string, findings: Findings): boolean {
  if (value === undefined || value === null || value === "") {
    findings.add(path, "The field cannot be left blank");
    return false;
  }
  return true;
}

/** An absolute http(s) URL, as Okta wants for redirect URIs, ACS URLs and bookmark URLs. */
export function checkUrl(value: unknown, path: string, findings: Findings): void {
  if (value === undefined) return;
  let ok = false;
  if (typeof value === "string") {
    try {
      ok = ["https:", "http:"].includes(new URL(value).protocol);
    } catch {
      ok = false;
    }
  }
  if (!ok) findings.add(path, "Must be an absolute URL (https://...)");
}

export function checkStringArray(value: unknown, path: string, findings: Findings, each?: (item: string, at: string) => void): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    findings.add(path, "Must be a list of strings");
    return;
  }
  value.forEach((item, i) => each?.(item, `${path}[${i}]`));
}

/** `defaults` deep-merged under `given` (objects merge, anything else from `given` wins); plain JSON only. */
export function withDefaults(defaults: JsonObject, given: unknown): JsonObject {
  const out: JsonObject = { ...defaults };
  if (!isObject(given)) return out;
  for (const [key, value] of Object.entries(given)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    out[key] = isObject(defaults[key]) && isObject(value) ? withDefaults(defaults[key] as JsonObject, value) : value;
  }
  return out;
}
