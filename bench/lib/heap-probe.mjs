// Loaded into the server under test by the bench's leak check only (`node --expose-gc --import <this file>`), never
// by the product: on SIGUSR2 it runs full garbage collections and writes one line to stderr with what survived, so
// the check compares what calls left behind instead of wherever the collector's sawtooth happened to be.
let probes = 0;
process.on("SIGUSR2", () => {
  globalThis.gc?.();
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.stderr.write(`heap-probe ${++probes} ${JSON.stringify({ heapUsed, rss })}\n`);
});
