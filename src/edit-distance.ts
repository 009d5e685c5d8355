// Levenshtein distance, for "did you mean" suggestions: the generator's for an unknown operationId,
// the runtime's for an unknown tool name. Shared here because codegen/ may import src/ but not the reverse.
/**
 * The distance between `a` and `b`; with `max`, any value above `max` once the distance is known to exceed it
 * (it stops early: start-up compares every unknown configured scope with every known one).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
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
