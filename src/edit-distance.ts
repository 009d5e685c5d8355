// Levenshtein distance, for "did you mean" suggestions: the generator's for an unknown operationId,
// the runtime's for an unknown tool name. Shared here because codegen/ may import src/ but not the reverse.
/**
 * The distance between `a` and `b`; with `max`, any value above `max` once the distance is known to exceed it
 * (it stops early: start-up compares every unknown configured scope with every known one).
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
