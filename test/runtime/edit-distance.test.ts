import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { editDistance } from "../../src/edit-distance.js";

/** The textbook full table, as the reference. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

const word = (maxLength: number) => fc.string({ unit: fc.constantFrom(..."okta.usersgroupREADé"), maxLength });

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("okta.users.raed", "okta.users.read")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("okta.agentPools.read", "okta.eventHooks.read")).toBe(reference("okta.agentPools.read", "okta.eventHooks.read"));
  });

  it("agrees with the full table, for short strings (one machine word) and long ones", () => {
    fc.assert(
      fc.property(word(40), word(40), (a, b) => {
        expect(editDistance(a, b)).toBe(reference(a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it("with a bound, is exact up to the bound and above it beyond", () => {
    fc.assert(
      fc.property(word(40), word(40), fc.nat(8), (a, b, max) => {
        const exact = reference(a, b);
        const bounded = editDistance(a, b, max);
        if (exact <= max) expect(bounded).toBe(exact);
        else expect(bounded).toBeGreaterThan(max);
      }),
      { numRuns: 1000 },
    );
  });
});
