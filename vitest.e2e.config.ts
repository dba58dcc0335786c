import path from "node:path";
import { defineConfig } from "vitest/config";

// Browser tests: one production build, one app server on its own embedded database, Debian's Chromium.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/server.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Two cores: files share the one server; run them one after another to keep timings stable.
    fileParallelism: false,
  },
});
