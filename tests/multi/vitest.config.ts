import path from "node:path";
import { defineConfig } from "vitest/config";

// Two instances of the production build behind nginx (deploy/nginx/nyanlandas-rost.conf), on one embedded PostgreSQL:
// `npm run test:multi` (after `npm run build`).
const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["tests/multi/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
