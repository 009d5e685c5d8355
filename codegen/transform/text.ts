// Turns Okta's markdown/HTML prose into short plain sentences: every token in tools/list costs context.
import { toSnakeCase } from "./names.js";

/** Strips HTML, lifecycle tags, markdown links/emphasis, notes and tables; collapses whitespace. */
export function plainText(markdown: string): string {
  return markdown
    .split("\n")
    .filter((line) => !/^\s*>/.test(line) && !/^\s*\|/.test(line))
    .join("\n")
    .replace(/<x-lifecycle[^>]*>[\s\S]*?<\/x-lifecycle>/g, "")
    .replace(/<\/?[a-zA-Z][^>]*>/g, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** Sentences of plain text (a period followed by a space and a capital, backtick or digit ends one). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z`"0-9(])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Cuts at a word boundary, ending with an ellipsis, when longer than `max`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

const LIST_ITEM = /^\s*(?:[*+-]|\d+[.)])\s+/;
const BLOCK_START = /^\s*(?:#|>|\|)/;
/** A lead ending in ":" takes its list inline when the whole stays this short ("A system zone: `true` for ...; `false` for ..."). */
const INLINE_LIST_MAX = 200;

/**
 * The first sentence of a description, whole: a cut sentence says something else ("for all properties except
 * for `_embedded`, `_links`, and…"). Only the lead paragraph counts (the text before a blank line, list or
 * heading), so a spec sentence that lacks its period ends with its paragraph.
 */
export function firstSentence(markdown: string | undefined): string | undefined {
  if (!markdown) return undefined;
  const lines = markdown.split("\n");
  let start = 0;
  while (start < lines.length && (lines[start].trim() === "" || BLOCK_START.test(lines[start]))) start++;
  let end = start;
  while (end < lines.length && lines[end].trim() !== "" && (end === start || !(LIST_ITEM.test(lines[end]) || BLOCK_START.test(lines[end])))) end++;
  const lead = sentences(plainText(lines.slice(start, end).join("\n")))[0] ?? sentences(plainText(markdown))[0];
  if (!lead) return undefined;
  if (!lead.endsWith(":")) return lead;
  // "Supported values:" and its list, inline when short; otherwise the words before the colon.
  const items: string[] = [];
  for (let i = end; i < lines.length; i++) {
    if (lines[i].trim() === "") {
      if (items.length) break;
      continue;
    }
    if (!LIST_ITEM.test(lines[i])) break;
    items.push(plainText(lines[i].replace(LIST_ITEM, "")).replace(/[.;]$/, ""));
  }
  const inline = `${lead} ${items.join("; ")}.`;
  if (items.length && inline.length <= INLINE_LIST_MAX) return inline;
  return `${lead.slice(0, -1)}.`;
}

// Openers that carry no meaning in an argument description ("Specifies the number of…" → "Number of…").
const FILLER_OPENERS: Array<[RegExp, string]> = [
  [/^(specifies|indicates|determines) (whether|if) /i, "Whether "],
  [/^(an? )?(optional )?(query )?parameter (that is )?(used )?to /i, ""],
  [/^if specified, /i, ""],
  [/^(specifies|defines|represents|indicates)( that)? (the )?/i, ""],
  [/^the /i, ""],
];

/** Parenthetical asides of this many words or more are dropped from argument descriptions. */
const LONG_ASIDE_WORDS = 5;

/** Shortens an argument description without changing what it says: filler openers and long asides go. */
export function terse(text: string): string {
  let out = text.replace(/\s*\(([^()]*)\)/g, (aside, inner: string) => (inner.trim().split(/\s+/).length >= LONG_ASIDE_WORDS ? "" : aside));
  for (const [opener, replacement] of FILLER_OPENERS) out = out.replace(opener, replacement);
  out = out.trim();
  return out ? out[0].toUpperCase() + out.slice(1) : out;
}

/** Description of one tool argument: the first sentence, made terse; undefined when nothing is left. */
export function argDescription(markdown: string | undefined): string | undefined {
  const first = firstSentence(markdown);
  return first ? terse(first) || undefined : undefined;
}

/** Lowercase word stems, for comparing what two phrases say ("Retrieves a `policyId`" → retrieve, policyid). */
export function stems(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[`'"*_.,:;!?()[\]{}]/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => (word.length > 4 && word.endsWith("ies") ? `${word.slice(0, -3)}y` : word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word));
}

const IDENTIFIER_WORDS = new Set(["id", "identifier", "name", "key"]);
const NOISE_WORDS = new Set(["the", "a", "an", "of", "existing", "okta", "unique", "this", "its", "by"]);

/**
 * "The ID of the brand" says nothing `brandId` does not: a short description that names an identifier, repeats
 * a word of the argument's name (or its long form: app → application) and adds at most one other word.
 * A bare `id` keeps its description: that is where the resource it identifies is named.
 */
export function restatesIdentifier(text: string, argument: string): boolean {
  const words = stems(text).filter((w) => !NOISE_WORDS.has(w) && !IDENTIFIER_WORDS.has(w));
  if (words.length > 4 || !stems(text).some((w) => IDENTIFIER_WORDS.has(w))) return false;
  const own = stems(toSnakeCase(argument)).filter((w) => !IDENTIFIER_WORDS.has(w));
  const isOwn = (word: string) => own.some((o) => word.startsWith(o) || (word.length >= 3 && o.startsWith(word)));
  return words.some(isOwn) && words.filter((w) => !isOwn(w)).length <= 1;
}
