import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A real Redis for the remote mode's shared state (test/setup/redis.ts).
    globalSetup: ["test/setup/redis.ts"],
    // The full Okta spec tests parse a 3.4 MB YAML and the e2e tests spawn the built CLI.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
