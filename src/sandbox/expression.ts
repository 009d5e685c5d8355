// The SCIM-like expression language Okta accepts in `search` and `filter`:
// attr op value, attr pr, and/or/not, parentheses; ops eq ne sw co ew gt ge lt le.
// Parse once per request, then evaluate per item.

import { invalidSearch } from "./okta-error.js";

export type Predicate = (item: unknown) => boolean;

type Literal = string | number | boolean | null;
type Node =
  | { kind: "and" | "or"; left: Node; right: Node }
  | { kind: "not"; inner: Node }
  | { kind: "compare"; path: string[]; op: string; value: Literal }
  | { kind: "present"; path: string[] };

export interface ExpressionRules {
  /** When given, only these attributes (dotted paths) may appear; Okta's `filter` is this narrow. */
  attributes?: readonly string[];
  /** When given, only these operators may appear. */
  operators?: readonly string[];
}

const OPERATORS = new Set(["eq", "ne", "sw", "co", "ew", "gt", "ge", "lt", "le"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

type Token = { type: "word" | "string" | "open" | "close"; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")") {
      tokens.push({ type: ch === "(" ? "open" : "close", text: ch });
      i++;
    } else if (ch === '"') {
      let text = "";
      i++;
      while (i < source.length && source[i] !== '"') {
        if (source[i] === "\\" && i + 1 < source.length) i++;
        text += source[i++];
      }
      if (source[i] !== '"') throw invalidSearch("Unterminated string literal");
      i++;
      tokens.push({ type: "string", text });
    } else {
      let text = "";
      while (i < source.length && !/[\s()"]/.test(source[i])) text += source[i++];
      tokens.push({ type: "word", text });
    }
  }
  return tokens;
}

export function compileExpression(source: string, rules: ExpressionRules = {}): Predicate {
  const tokens = tokenize(source);
  let pos = 0;
  const peekWord = (): string | undefined => (tokens[pos]?.type === "word" ? tokens[pos].text.toLowerCase() : undefined);

  const parseOr = (): Node => {
    let left = parseAnd();
    while (peekWord() === "or") {
      pos++;
      left = { kind: "or", left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseUnary();
    while (peekWord() === "and") {
      pos++;
      left = { kind: "and", left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Node => {
    const token = tokens[pos];
    if (!token) throw invalidSearch("Unexpected end of expression");
    if (token.type === "word" && token.text.toLowerCase() === "not") {
      pos++;
      return { kind: "not", inner: parseUnary() };
    }
    if (token.type === "open") {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.type !== "close") throw invalidSearch("Missing closing parenthesis");
      pos++;
      return inner;
    }
    if (token.type !== "word") throw invalidSearch(`Expected an attribute name, found "${token.text}"`);
    pos++;
    const attribute = token.text;
    if (rules.attributes && !rules.attributes.includes(attribute)) {
      throw invalidSearch(`Attribute "${attribute}" is not supported in this expression`);
    }
    const op = peekWord();
    if (!op || (op !== "pr" && !OPERATORS.has(op))) throw invalidSearch(`Expected an operator after "${attribute}"`);
    if (rules.operators && !rules.operators.includes(op)) throw invalidSearch(`Operator "${op}" is not supported here`);
    pos++;
    const path = attribute.split(".");
    if (op === "pr") return { kind: "present", path };
    return { kind: "compare", path, op, value: parseLiteral() };
  };
  const parseLiteral = (): Literal => {
    const token = tokens[pos++];
    if (!token) throw invalidSearch("Expected a value");
    if (token.type === "string") return token.text;
    if (token.type !== "word") throw invalidSearch(`Expected a value, found "${token.text}"`);
    const word = token.text.toLowerCase();
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    const n = Number(token.text);
    if (!Number.isNaN(n)) return n;
    throw invalidSearch(`Values must be quoted: ${token.text}`);
  };

  if (tokens.length === 0) throw invalidSearch("Empty expression");
  const root = parseOr();
  if (pos !== tokens.length) throw invalidSearch(`Unexpected "${tokens[pos].text}"`);
  return (item) => evaluate(root, item);
}

function evaluate(node: Node, item: unknown): boolean {
  switch (node.kind) {
    case "and":
      return evaluate(node.left, item) && evaluate(node.right, item);
    case "or":
      return evaluate(node.left, item) || evaluate(node.right, item);
    case "not":
      return !evaluate(node.inner, item);
    case "present":
      return valuesAt(item, node.path).some((v) => v !== null && v !== undefined && v !== "");
    case "compare": {
      const values = valuesAt(item, node.path);
      if (node.op === "ne") return !values.some((v) => compare(v, "eq", node.value));
      return values.some((v) => compare(v, node.op, node.value));
    }
  }
}

/** All values at a dotted path; arrays along the way fan out (target.id matches any target). Attribute names are case-insensitive. */
function valuesAt(item: unknown, path: string[]): unknown[] {
  let current: unknown[] = [item];
  for (const segment of path) {
    const nextValues: unknown[] = [];
    for (const value of current) {
      for (const element of Array.isArray(value) ? value : [value]) {
        if (element && typeof element === "object") {
          const record = element as Record<string, unknown>;
          if (segment in record) nextValues.push(record[segment]);
          else {
            const key = Object.keys(record).find((k) => k.toLowerCase() === segment.toLowerCase());
            if (key) nextValues.push(record[key]);
          }
        }
      }
    }
    current = nextValues;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function compare(actual: unknown, op: string, expected: Literal): boolean {
  if (actual === undefined) return false;
  if (expected === null) return op === "eq" ? actual === null : false;
  if (actual === null) return false;
  if (typeof expected === "string" && typeof actual === "string") {
    if (ISO_DATE.test(expected) && ISO_DATE.test(actual) && ["eq", "gt", "ge", "lt", "le"].includes(op)) {
      return ordered(Date.parse(actual), op, Date.parse(expected));
    }
    const a = actual.toLowerCase();
    const e = expected.toLowerCase();
    switch (op) {
      case "eq":
        return a === e;
      case "sw":
        return a.startsWith(e);
      case "co":
        return a.includes(e);
      case "ew":
        return a.endsWith(e);
      default:
        return ordered(a, op, e);
    }
  }
  if (typeof expected === "number" && typeof actual === "number") return op === "eq" ? actual === expected : ordered(actual, op, expected);
  if (typeof expected === "boolean") return op === "eq" && actual === expected;
  // Mixed types: compare as text, which is what a string-typed profile attribute holding a number needs.
  return op === "eq" && String(actual).toLowerCase() === String(expected).toLowerCase();
}

function ordered<T extends number | string>(a: T, op: string, b: T): boolean {
  switch (op) {
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
    case "eq":
      return a === b;
    default:
      return false;
  }
}
