// The model-facing tool description: summary, the gist of the spec's description, lifecycle note.
import { plainText, sentences, stems, truncate } from "./text.js";

const LIFECYCLE_NOTES: Record<string, string> = {
  EA: "Early Access: the feature must be enabled in the org.",
  LIMITED_GA: "Limited GA: not available in every org.",
  BETA: "Beta: may change.",
  DEPRECATED: "Deprecated.",
};

export const MAX_TOOL_DESCRIPTION = 300;
/** A second sentence is added only while the text stays this short: tools/list is paid for in context. */
const SECOND_SENTENCE_LIMIT = 160;

export interface DescriptionInput {
  summary?: string;
  description?: string;
  lifecycle?: string;
  deprecated?: boolean;
  override?: string;
  /** Argument names: a sentence that only adds "by `policyId`" to the summary says nothing new. */
  argNames?: string[];
}

// Words that do not make a sentence say more than the summary ("Retrieves a specific group by `id` from your org").
const RESTATEMENT_NOISE = new Set(["a", "an", "the", "all", "by", "it", "its", "specific", "your", "org", "in", "of", "from", "identified", "id", "specified", "given", "new"]);

/** Okta often repeats the summary as the first sentence, in other words: "Replace a group rule. Replaces a group rule". */
function restatesSummary(sentence: string, summary: string, argNames: string[]): boolean {
  const known = new Set([...stems(summary), ...argNames.flatMap(stems)]);
  return stems(sentence).every((w) => known.has(w) || RESTATEMENT_NOISE.has(w));
}

function withPeriod(text: string): string {
  return !text || /[.!?…:]$/.test(text) ? text : `${text}.`;
}

export function toolDescription(input: DescriptionInput): string {
  const notes = [input.lifecycle ? LIFECYCLE_NOTES[input.lifecycle] : undefined, input.deprecated ? "Deprecated." : undefined]
    .filter((n): n is string => Boolean(n))
    .filter((n, i, all) => all.indexOf(n) === i);
  const suffix = notes.length ? ` ${notes.join(" ")}` : "";
  const budget = MAX_TOOL_DESCRIPTION - suffix.length;
  if (input.override) return truncate(plainText(input.override), budget) + suffix;

  const summary = plainText(input.summary ?? "").replace(/\.$/, "");
  let text = summary ? `${summary}.` : "";
  const body = sentences(plainText(input.description ?? ""));
  let added = 0;
  for (const sentence of body) {
    if (added === 2) break;
    if (restatesSummary(sentence, summary, input.argNames ?? [])) continue;
    const next = text ? `${text} ${withPeriod(sentence)}` : withPeriod(sentence);
    if (added === 1 && next.length > SECOND_SENTENCE_LIMIT) break;
    if (next.length > budget) {
      if (added === 0 && !text) text = truncate(sentence, budget);
      break;
    }
    text = next;
    added++;
  }
  // One character kept for the period withPeriod may add.
  return withPeriod(truncate(text, budget - 1)) + suffix;
}

export function toolTitle(summary: string | undefined, operationId: string): string {
  const title = plainText(summary ?? "").replace(/\.$/, "");
  return title || operationId;
}
