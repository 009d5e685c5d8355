// Levenshtein distance, for "did you mean" suggestions: the generator's for an unknown operationId,
// the runtime's for an unknown tool name and, at start-up, for every configured scope no tool needs
// (up to thousands of pairs before the server answers, hence the bit-parallel form below).
// Shared here because codegen/ may import src/ but not the reverse.

/** Bit masks of where each character occurs in the shorter string (reused, cleared after each use). */
let occurrences: Uint32Array | undefined;

/**
 * The distance between `a` and `b`; with `max`, any value above `max` once the distance is known to exceed it.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  // A shared prefix or suffix costs nothing: compare only what lies between (scope names share "okta." and ".read").
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  if (start > 0 || endA < a.length || endB < b.length) {
    a = a.slice(start, endA);
    b = b.slice(start, endB);
  }
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length < b.length) [a, b] = [b, a];
  if (b.length === 0) return a.length;
  return b.length <= 32 ? bitParallel(a, b) : rowByRow(a, b, max);
}

/** Myers' bit-vector algorithm (Hyyrö's form): one pass over `a`, `b` (≤ 32 characters) held in one word. */
function bitParallel(a: string, b: string): number {
  const peq = (occurrences ??= new Uint32Array(0x10000));
  const m = b.length;
  for (let i = 0; i < m; i++) peq[b.charCodeAt(i)] |= 1 << i;
  const last = 1 << (m - 1);
  let pv = -1;
  let mv = 0;
  let score = m;
  for (let i = 0; i < a.length; i++) {
    const eq = peq[a.charCodeAt(i)];
    const xv = eq | mv;
    const xh = (((eq & pv) + pv) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & last) score++;
    else if (mh & last) score--;
    ph = (ph << 1) | 1;
    mh = mh << 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  for (let i = 0; i < m; i++) peq[b.charCodeAt(i)] = 0;
  return score;
}

/** The textbook dynamic programme, one row at a time, stopping once every cell of a row exceeds `max`. */
function rowByRow(a: string, b: string, max: number): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let rowLeast = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j];
      const cell = Math.min(above + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev[j] = cell;
      if (cell < rowLeast) rowLeast = cell;
      diag = above;
    }
    // No later row has a cell below this row's least one.
    if (rowLeast > max) return max + 1;
  }
  return prev[b.length];
}
