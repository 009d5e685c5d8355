// Iteration counts and bounds, full and --quick. Every loop in the bench takes its count and timeout from here.

export interface BenchConfig {
  quick: boolean;
  coldStart: { rounds: number; warmupRounds: number; timeoutMs: number };
  calls: {
    warmupCalls: number;
    sequentialCalls: number;
    blockSize: number;
    throughputCalls: number;
    throughputRounds: number;
    concurrency: number;
    memoryAfterCalls: number;
    callTimeoutMs: number;
    phaseTimeoutMs: number;
  };
  /** The leak check: RSS after calls.memoryAfterCalls calls and after `totalCalls` (org in its own process). */
  leak: { totalCalls: number; timeoutMs: number };
  generator: { maxRuns: number; fastEnoughMs: number; timeoutMs: number };
  sessionTimeoutMs: number;
  startupBreakdownRuns: number;
}

export function benchConfig(quick: boolean): BenchConfig {
  return {
    quick,
    coldStart: { rounds: quick ? 3 : 11, warmupRounds: 1, timeoutMs: 20_000 },
    calls: {
      warmupCalls: quick ? 20 : 100,
      sequentialCalls: quick ? 100 : 600,
      blockSize: 50,
      throughputCalls: quick ? 200 : 800,
      throughputRounds: quick ? 1 : 3,
      concurrency: 8,
      memoryAfterCalls: 1000,
      callTimeoutMs: 10_000,
      phaseTimeoutMs: 120_000,
    },
    leak: { totalCalls: quick ? 3000 : 10_000, timeoutMs: 300_000 },
    generator: { maxRuns: quick ? 1 : 3, fastEnoughMs: 15_000, timeoutMs: 180_000 },
    sessionTimeoutMs: 20_000,
    startupBreakdownRuns: quick ? 3 : 5,
  };
}
