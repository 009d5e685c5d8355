// Playbook options: a JSON Schema for tools/list and a check that bounds each value before it is used.
import type { PlaybookOption } from "./types.js";

const OKTA_ID = /^[A-Za-z0-9]{6,64}$/;

export const booleanOption: PlaybookOption = {
  schema: { type: "boolean" },
  check: (v) => (typeof v === "boolean" ? undefined : "must be true or false"),
};

export const isoTimeOption: PlaybookOption = {
  schema: { type: "string" },
  check: (v) =>
    typeof v === "string" && v.length <= 40 && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)) ? undefined : "must be an ISO 8601 time such as 2026-06-01T00:00:00Z",
};

export const groupIdOption: PlaybookOption = {
  schema: { type: "string" },
  check: (v) => (typeof v === "string" && OKTA_ID.test(v) ? undefined : "must be an Okta group id (letters and digits, e.g. 00g1abcd)"),
};

export const textOption = (maxLength: number): PlaybookOption => ({
  schema: { type: "string", maxLength },
  check: (v) => (typeof v === "string" && v.trim().length > 0 && v.length <= maxLength ? undefined : `must be a non-empty text of at most ${maxLength} characters`),
});
