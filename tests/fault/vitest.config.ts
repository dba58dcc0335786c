import path from "node:path";
import { defineConfig } from "vitest/config";

// The fault harness's own checks (no database, no app): `npx vitest run --config tests/fault/vitest.config.ts`.
// The fault run itself is `npm run fault -- --quick` (CI) or `npm run fault` (the full run).
const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["tests/fault/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
