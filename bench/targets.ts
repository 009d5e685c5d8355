// The speed and size targets, judged from the measured figures. A target whose figure could
// not be measured is SKIPPED (with the reason), never a silent PASS.

export type TargetStatus = "PASS" | "MISS" | "SKIPPED";

export interface TargetResult {
  id: string;
  description: string;
  /** The measured figure (a ratio for the `×` targets). */
  value: number | null;
  limit: number;
  unit: "×" | "ms" | "s" | "tokens" | "tools" | "%" | "requests";
  comparison: "<=" | ">=";
  /** value / limit: how much of the budget is used (≥ targets: how much of the floor is reached). */
  ofLimit: number | null;
  status: TargetStatus;
  why?: string;
}

export function judge(
  id: string,
  description: string,
  value: number | null | undefined,
  limit: number,
  unit: TargetResult["unit"],
  comparison: TargetResult["comparison"],
  why?: string,
): TargetResult {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return { id, description, value: null, limit, unit, comparison, ofLimit: null, status: "SKIPPED", why: why ?? "not measured" };
  }
  const ok = comparison === "<=" ? value <= limit : value >= limit;
  return { id, description, value, limit, unit, comparison, ofLimit: limit ? value / limit : null, status: ok ? "PASS" : "MISS" };
}
