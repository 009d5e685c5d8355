// The model-facing tool description: summary, the gist of the spec's description, lifecycle note.
import { plainText, sentences, truncate } from "./text.js";

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
    // Okta often repeats the summary as the first sentence.
    if (sentence.replace(/\.$/, "").toLowerCase() === summary.toLowerCase()) continue;
    const next = text ? `${text} ${sentence}` : sentence;
    if (added === 1 && next.length > SECOND_SENTENCE_LIMIT) break;
    if (next.length > budget) {
      if (added === 0 && !text) text = truncate(sentence, budget);
      break;
    }
    text = next;
    added++;
  }
  return truncate(text, budget) + suffix;
}

export function toolTitle(summary: string | undefined, operationId: string): string {
  const title = plainText(summary ?? "").replace(/\.$/, "");
  return title || operationId;
}
