// Okta writes PCRE patterns; the runtime validates with JavaScript `u` regexes. Fix or drop.

function caseInsensitive(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      out += ch + (source[i + 1] ?? "");
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") {
        inClass = false;
        out += ch;
      } else if (/[a-zA-Z]/.test(ch) && source[i + 1] === "-" && /[a-zA-Z]/.test(source[i + 2] ?? "")) {
        const end = source[i + 2];
        out += `${ch.toLowerCase()}-${end.toLowerCase()}${ch.toUpperCase()}-${end.toUpperCase()}`;
        i += 2;
      } else if (/[a-zA-Z]/.test(ch)) {
        out += ch.toLowerCase() + ch.toUpperCase();
      } else out += ch;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      out += ch;
      if (source[i + 1] === "^") {
        out += "^";
        i++;
      }
    } else if (/[a-zA-Z]/.test(ch)) out += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    else out += ch;
  }
  return out;
}

/** A pattern that compiles with `new RegExp(p, "u")`, or undefined when it cannot be kept. */
export function jsPattern(pattern: unknown): string | undefined {
  if (typeof pattern !== "string" || pattern.trim() === "") return undefined;
  let source = pattern;
  if (source.startsWith("(?i)")) source = caseInsensitive(source.slice(4));
  try {
    new RegExp(source, "u");
    return source;
  } catch {
    return undefined;
  }
}
