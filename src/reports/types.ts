// What a report is: read-only code over the typed client that returns a compact summary for the model, full rows
// for people (a resource, a CSV file) and charts for the HTML page.
import type { OktaClient } from "../runtime/okta-client.js";
import type { Operation } from "../playbooks/types.js";

export type Cell = string | number | boolean | null;

export interface ReportTable {
  /** File-name safe: the resource is okta://reports/<runId>/<name>.csv. */
  name: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

export type Chart =
  | { kind: "bars"; title: string; bars: { label: string; value: number }[] }
  | { kind: "series"; title: string; start: string; bucketMinutes: number; values: number[] };

export interface ReportOutput {
  /** One sentence for the HTML page and the text content. */
  headline: string;
  /** Counts and top items: what the model reads (kept small: ≤ 2k tokens on an org of 10,000 users). */
  summary: Record<string, unknown>;
  tables: ReportTable[];
  charts: Chart[];
  notes?: string[];
}

export interface ReportContext {
  client: OktaClient;
  /** Validated options (days, hours, since, until, top, baseline). */
  options: Record<string, unknown>;
  /** How many top items a list in the summary keeps. */
  top: number;
  /** The org's "now" in epoch ms: the Date of Okta's latest answer (so ages agree with the org's clock). */
  asOf(): number;
  canCall(operation: Operation): boolean;
  scopesOf(operation: Operation): string[];
  progress(message: string, done?: number, total?: number): Promise<void>;
  /** Runs `work` on every item, a few at a time (the shared HTTP client bounds what is in flight); stops at the first error. */
  parallel<T>(items: readonly T[], work: (item: T) => Promise<void>, onDone?: (done: number) => Promise<void> | void): Promise<void>;
}

export type ReportFunction = (context: ReportContext) => Promise<ReportOutput>;

/** What tools/list and argument checks need: light, loaded at start-up (the report itself loads on its first run). */
export interface ReportInfo {
  name: string;
  title: string;
  /** One line for the tool description. */
  summary: string;
  /** Reads it cannot do without: the report is listed only when their scopes are granted. */
  required: Operation[];
  load(): Promise<ReportFunction>;
}

/** Counts → sorted [key, count] pairs, largest first, at most `top`. */
export function topCounts(counts: Map<string, number>, top: number): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top));
}

export function bump(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

export const DAY_MS = 86_400_000;

/** A string field of Okta data, or undefined (data is untrusted: never assume a type). */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Reads a dot path of untrusted data without touching prototypes. */
export function field(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split(".")) {
    if (!current || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
