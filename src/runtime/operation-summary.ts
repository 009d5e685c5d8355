// What a human is asked to confirm: the exact operation (method, URL with its query, every header argument and body
// key that will be sent, secrets redacted), why it needs a human (from the allowlist), whether and how it can be
// undone, the state the precondition read found, and the before→after diff when the caller computed one. The same
// summary feeds the elicitation text, the token refusal and the approval page.
import type { ConfirmReason, ToolSpec } from "../tool-spec.js";
import { auditValue } from "./audit.js";
import type { OktaRequest } from "./request-builder.js";

/** One field a read-merge-write update changes. */
export interface FieldChange {
  /** Dot path in the record, e.g. `profile.title`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface OperationSummary {
  tool: string;
  title: string;
  reason: ConfirmReason;
  concern?: string;
  method: string;
  /** The full URL, query string included. */
  url: string;
  /** Header arguments (If-Match...), redacted. */
  headers?: Record<string, unknown>;
  /** The request body, redacted (every key kept). */
  body?: unknown;
  /** Optional before→after of the fields an update changes. */
  diff?: FieldChange[];
  /** One sentence on reversibility, from the allowlist ("" when the allowlist does not say). */
  undo: string;
  note?: string;
  /** What the precondition read found, e.g. `status is ACTIVE`. */
  state?: string;
  /**
   * Several changes approved at once (a playbook's plan), in order, each with its exact target and request; they
   * replace the single request line. What the plan leaves out goes in `note`.
   */
  steps?: string[];
}

function urlWithQuery(base: string, query: Record<string, unknown>): string {
  const url = new URL(base);
  const shown = auditValue(query) as Record<string, unknown>;
  for (const [key, value] of Object.entries(shown)) {
    url.searchParams.append(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  return url.toString();
}

export function summarizeOperation(
  spec: ToolSpec,
  request: OktaRequest,
  urlOf: (path: string) => string,
  extra: { diff?: FieldChange[]; state?: string } = {},
): OperationSummary {
  const confirm = spec.confirm ?? { reason: "destructive" as const };
  const undo = confirm.irreversible ? "This cannot be undone." : confirm.undo ? `It can be undone with ${confirm.undo}.` : "";
  return {
    tool: spec.name,
    title: spec.title,
    reason: confirm.reason,
    ...(confirm.concern ? { concern: confirm.concern } : {}),
    method: request.method,
    url: urlWithQuery(urlOf(request.path), request.query),
    ...(Object.keys(request.headers).length ? { headers: auditValue(request.headers) as Record<string, unknown> } : {}),
    ...(request.body !== undefined ? { body: auditValue(request.body) } : {}),
    ...(extra.diff?.length ? { diff: extra.diff.map((c) => ({ path: c.path, before: auditValue(c.before), after: auditValue(c.after) })) } : {}),
    undo,
    ...(confirm.note ? { note: confirm.note } : {}),
    ...(extra.state ? { state: extra.state } : {}),
  };
}

export function whyConfirm(summary: OperationSummary): string {
  return summary.reason === "privilege"
    ? `It raises privilege or weakens security${summary.concern ? ` (${summary.concern})` : ""}.`
    : "It removes, locks out or resets something in the org.";
}

/** Plain text of the summary, for the elicitation message and the token refusal. */
export function summaryText(summary: OperationSummary): string {
  const lines = summary.steps
    ? [`Confirm "${summary.title}" (${summary.tool}): ${summary.steps.length} change${summary.steps.length === 1 ? "" : "s"}, in this order:`, ...summary.steps.map((step, i) => `${i + 1}. ${step}`)]
    : [`Confirm "${summary.title}" (${summary.tool}): ${summary.method} ${summary.url}`];
  if (summary.headers) lines.push(`Headers: ${JSON.stringify(summary.headers)}`);
  if (summary.body !== undefined) lines.push(`Body: ${JSON.stringify(summary.body)}`);
  for (const change of summary.diff ?? []) lines.push(`Change ${change.path}: ${JSON.stringify(change.before) ?? "(unset)"} → ${JSON.stringify(change.after) ?? "(unset)"}`);
  if (summary.state) lines.push(`Now: ${summary.state}.`);
  lines.push(`Why a human confirms: ${whyConfirm(summary)}`);
  const undo = [summary.undo, summary.note].filter(Boolean).join(" ");
  if (undo) lines.push(undo);
  return lines.join("\n");
}
