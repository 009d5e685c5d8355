import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One line saying how to run the full-spec tests when the spec is absent; a real Redis for the remote mode's
    // shared state (test/setup/redis.ts).
    globalSetup: ["test/setup/spec-notice.ts", "test/setup/redis.ts"],
    // Vitest's default is one worker per core minus one: a single, serial worker on a 2-core machine. Much of the
    // suite waits on child processes (the built CLI, the codegen CLI), loopback servers and approval timeouts, so
    // workers overlap: on 2 cores the suite took 121 s with 2 workers, 104–112 s with 3, 114 s with 4.
    maxWorkers: 3,
    // Test files share a worker's module cache instead of re-importing the SDK, msw, ts-morph and the generated tables
    // for each file: about half the suite's time on 2 cores. Tests therefore keep no state between files: each
    // starts and closes its own servers in its hooks, and nothing mocks a module (house rule).
    isolate: false,
    // The full Okta spec tests parse a 3.4 MB YAML and the e2e tests spawn the built CLI.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
