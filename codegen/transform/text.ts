// Turns Okta's markdown/HTML prose into short plain sentences: every token in tools/list costs context.

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

/** First sentence of a description, at most `max` characters. */
export function firstSentence(markdown: string | undefined, max = 120): string | undefined {
  if (!markdown) return undefined;
  const first = sentences(plainText(markdown))[0];
  return first ? truncate(first, max) : undefined;
}
